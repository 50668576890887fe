/* svg.c - a drawing list (src/plot/dlist.h) as an SVG file: the vector backend of the
 * figures, for slides and papers.
 *
 * Each command becomes the SVG element that draws what the raster draws: paths are
 * stroked with round caps and joins (the raster's strokes are capsules), dash patterns
 * are shortened by the caps as the raster shortens them, text is <text> in DejaVu Sans
 * (the font is named, not embedded) placed where the raster placed it, an image (the
 * heatmap) is an embedded PNG, and a clip rectangle is a clipPath around what follows.
 * Colours are the canvas's: #rrggbb plus an opacity below 255. Numbers are printed
 * with two decimals at most (a hundredth of a pixel), so equal lists give equal bytes. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "dlist.h"
#include "export.h"

#define SVG_TEXT_MIN_PX 6 /* the font sizes text.c clamps to */
#define SVG_TEXT_MAX_PX 400

typedef struct Svg {
    AtomicFile *f;
    const DList *l;
    Rect clip;
    int grouped;          /* a clip group is open */
    int clips;            /* clipPath ids used */
    /* the path being written */
    double pen_w, dash[4];
    int ndash;
    int open;             /* "<path d=\"" written */
    int down, need_move;  /* as the raster's pen: down, and the next point starts a piece */
    double px, py;
} Svg;

/* A number with at most two decimals, no trailing zeros ("12", "12.5", "-0.25"). */
static void num(AtomicFile *f, double v)
{
    char b[64];
    if (!isfinite(v)) v = 0;
    snprintf(b, sizeof b, "%.2f", v);
    char *e = b + strlen(b);
    while (e[-1] == '0') *--e = 0;
    if (e[-1] == '.') *--e = 0;
    if (!strcmp(b, "-0")) strcpy(b, "0");
    afile_write(f, b, strlen(b));
}

/* attr="#rrggbb" and, when translucent, attr-opacity="a" (alpha times fade). */
static void paint(AtomicFile *f, const char *attr, uint32_t color, double fade)
{
    afile_printf(f, " %s=\"#%06x\"", attr, (unsigned)(color & 0xFFFFFFu));
    double a = (color >> 24) / 255.0 * (fade < 1.0 ? fade : 1.0);
    if (a < 1.0) {
        afile_printf(f, " %s-opacity=\"", attr);
        num(f, floor(a * 100 + 0.5) / 100);
        afile_write(f, "\"", 1);
    }
}

/* ---- clip rectangles ----------------------------------------------------------- */

static int full_canvas(const Svg *s, Rect r)
{
    return r.x <= 0 && r.y <= 0 && r.x + r.w >= s->l->w && r.y + r.h >= s->l->h;
}

static void clip_to(Svg *s, Rect r)
{
    if (s->grouped) afile_printf(s->f, "</g>\n");
    s->grouped = 0;
    s->clip = r;
    if (full_canvas(s, r) || r.w <= 0 || r.h <= 0) return; /* empty: nothing is drawn */
    s->clips++;
    afile_printf(s->f, "<clipPath id=\"c%d\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>"
                 "</clipPath>\n<g clip-path=\"url(#c%d)\">\n", s->clips, r.x, r.y, r.w, r.h, s->clips);
    s->grouped = 1;
}

static int clip_empty(const Svg *s)
{
    return s->clip.w <= 0 || s->clip.h <= 0;
}

/* ---- paths ----------------------------------------------------------------------- */

/* The raster's pen: width below 1 draws 1 wide, faded; dashes as canvas_path_begin
 * keeps them (even count <= 4, an on-length of 0 a dot). */
static void path_begin(Svg *s, const DCmd *d)
{
    s->pen_w = d->u.pen.width > 0 ? d->u.pen.width : 1.0;
    s->ndash = 0;
    int n = d->u.pen.ndash;
    if (n >= 2) {
        if (n > 4) n = 4;
        n &= ~1;
        double total = 0;
        for (int k = 0; k < n; k++) {
            s->dash[k] = d->u.pen.dash[k] > 0 ? d->u.pen.dash[k] : ((k & 1) ? 0.0 : 0.01);
            total += s->dash[k];
        }
        if (total > 0) s->ndash = n;
    }
    s->open = 0;
    s->down = 0;
}

static void path_point(Svg *s, char op, double x, double y)
{
    if (!s->open) {
        afile_printf(s->f, "<path d=\"");
        s->open = 1;
    } else {
        afile_write(s->f, " ", 1);
    }
    afile_write(s->f, &op, 1);
    num(s->f, x);
    afile_write(s->f, " ", 1);
    num(s->f, y);
}

/* The segment from the pen to (x, y), cut to a box far around the canvas (a value far
 * off its axis makes a segment millions of pixels long; the raster clips it too). */
static void path_segment(Svg *s, double x, double y)
{
    double m = s->l->w + s->l->h + s->pen_w;
    double lo[2] = {-m, -m}, hi[2] = {s->l->w + m, s->l->h + m};
    double p0[2] = {s->px, s->py}, dd[2] = {x - s->px, y - s->py}, t0 = 0, t1 = 1;
    for (int k = 0; k < 2; k++) {
        double a = (lo[k] - p0[k]), b = (hi[k] - p0[k]);
        if (dd[k] == 0) {
            if (a > 0 || b < 0) t0 = 2;
            continue;
        }
        double ta = a / dd[k], tb = b / dd[k];
        if (ta > tb) {
            double t = ta;
            ta = tb;
            tb = t;
        }
        if (ta > t0) t0 = ta;
        if (tb < t1) t1 = tb;
    }
    if (t0 > t1) {
        s->need_move = 1;
        return;
    }
    if (s->need_move || t0 > 0) path_point(s, 'M', p0[0] + t0 * dd[0], p0[1] + t0 * dd[1]);
    path_point(s, 'L', p0[0] + t1 * dd[0], p0[1] + t1 * dd[1]);
    s->need_move = t1 < 1;
}

static void path_move(Svg *s, double x, double y)
{
    s->down = isfinite(x) && isfinite(y);
    s->px = x, s->py = y;
    s->need_move = 1;
}

static void path_line(Svg *s, double x, double y)
{
    if (!isfinite(x) || !isfinite(y)) {
        s->down = 0;
        return;
    }
    if (!s->down) {
        path_move(s, x, y);
        return;
    }
    path_segment(s, x, y);
    s->px = x, s->py = y;
}

/* The dash pattern as SVG draws it with round caps: each on-piece of the raster's
 * pattern [a, a+on) is drawn from a+r to a+on-r (the caps add r at each end), or as a
 * dot at its middle when shorter than the caps. */
static void dash_attrs(Svg *s, double r)
{
    double start[2] = {0, 0}, len[2] = {0, 0}, period = 0, acc = 0;
    int pieces = s->ndash / 2;
    for (int k = 0; k < s->ndash; k++) period += s->dash[k];
    for (int k = 0; k < pieces; k++) {
        double on = s->dash[2 * k];
        start[k] = acc + (on <= 2 * r ? on / 2 : r);
        len[k] = on <= 2 * r ? 0 : on - 2 * r;
        acc += on + s->dash[2 * k + 1];
    }
    afile_printf(s->f, " stroke-dasharray=\"");
    for (int k = 0; k < pieces; k++) {
        double next = k + 1 < pieces ? start[k + 1] : start[0] + period;
        if (k) afile_write(s->f, " ", 1);
        num(s->f, len[k]);
        afile_write(s->f, " ", 1);
        num(s->f, next - start[k] - len[k]);
    }
    afile_printf(s->f, "\" stroke-dashoffset=\"");
    num(s->f, period - start[0]);
    afile_write(s->f, "\"", 1);
}

static void path_end(Svg *s, uint32_t color)
{
    if (!s->open) return;
    double w = s->pen_w < 1.0 ? 1.0 : s->pen_w;
    afile_printf(s->f, "\" fill=\"none\"");
    paint(s->f, "stroke", color, s->pen_w < 1.0 ? s->pen_w : 1.0);
    afile_printf(s->f, " stroke-width=\"");
    num(s->f, w);
    afile_printf(s->f, "\" stroke-linecap=\"round\" stroke-linejoin=\"round\"");
    if (s->ndash) dash_attrs(s, w / 2);
    afile_printf(s->f, "/>\n");
    s->open = 0;
}

/* ---- shapes ---------------------------------------------------------------------- */

static int near(double v)
{
    return isfinite(v) && fabs(v) < 1e6;
}

static void rect(Svg *s, double x, double y, double w, double h, uint32_t color)
{
    /* cut to the clip rectangle, as the raster does (and a huge value stays printable) */
    double x1 = x + w, y1 = y + h;
    Rect c = s->clip;
    if (x < c.x) x = c.x;
    if (y < c.y) y = c.y;
    if (x1 > c.x + c.w) x1 = c.x + c.w;
    if (y1 > c.y + c.h) y1 = c.y + c.h;
    if (!(x1 > x) || !(y1 > y)) return;
    afile_printf(s->f, "<rect x=\"");
    num(s->f, x);
    afile_printf(s->f, "\" y=\"");
    num(s->f, y);
    afile_printf(s->f, "\" width=\"");
    num(s->f, x1 - x);
    afile_printf(s->f, "\" height=\"");
    num(s->f, y1 - y);
    afile_write(s->f, "\"", 1);
    paint(s->f, "fill", color, 1.0);
    afile_printf(s->f, "/>\n");
}

static void circle(Svg *s, double x, double y, double r, double width, uint32_t color, int disc)
{
    if (!near(x) || !near(y) || !near(r) || r < 0) return;
    afile_printf(s->f, "<circle cx=\"");
    num(s->f, x);
    afile_printf(s->f, "\" cy=\"");
    num(s->f, y);
    afile_printf(s->f, "\" r=\"");
    num(s->f, r);
    afile_write(s->f, "\"", 1);
    if (disc) {
        paint(s->f, "fill", color, 1.0);
    } else {
        afile_printf(s->f, " fill=\"none\"");
        paint(s->f, "stroke", color, width < 1.0 ? width : 1.0);
        afile_printf(s->f, " stroke-width=\"");
        num(s->f, width < 1.0 ? 1.0 : width);
        afile_write(s->f, "\"", 1);
    }
    afile_printf(s->f, "/>\n");
}

static void polygon(Svg *s, const double *xs, const double *ys, int n, uint32_t color)
{
    if (n < 3 || n > 16) return;
    for (int k = 0; k < n; k++)
        if (!near(xs[k]) || !near(ys[k])) return;
    afile_printf(s->f, "<polygon points=\"");
    for (int k = 0; k < n; k++) {
        if (k) afile_write(s->f, " ", 1);
        num(s->f, xs[k]);
        afile_write(s->f, ",", 1);
        num(s->f, ys[k]);
    }
    afile_write(s->f, "\"", 1);
    paint(s->f, "fill", color, 1.0);
    afile_printf(s->f, "/>\n");
}

/* A marker of radius rad grown by grow (path.c's marker_shape). */
static void marker_draw(Svg *s, MarkerKind kind, double x, double y, double rad, double grow,
                        uint32_t color)
{
    MarkerShape m;
    marker_shape(kind, x, y, rad, grow, &m);
    if (!m.strokes && !m.n) {
        circle(s, x, y, m.r, 0, color, 1);
        return;
    }
    if (m.n) {
        polygon(s, m.xs, m.ys, m.n, color);
        return;
    }
    afile_printf(s->f, "<path d=\"");
    for (int k = 0; k < 4; k++) {
        afile_printf(s->f, k == 0 ? "M" : k == 2 ? " M" : " L");
        num(s->f, m.xs[k]), afile_write(s->f, " ", 1), num(s->f, m.ys[k]);
    }
    afile_printf(s->f, "\" fill=\"none\"");
    paint(s->f, "stroke", color, 1.0);
    afile_printf(s->f, " stroke-width=\"");
    num(s->f, 2 * m.hw);
    afile_printf(s->f, "\" stroke-linecap=\"round\"/>\n");
}

static void marker(Svg *s, const DCmd *d)
{
    double x = d->u.marker.x, y = d->u.marker.y, size = d->u.marker.size;
    if (!near(x) || !near(y) || !near(size)) return;
    if (d->u.marker.halo >> 24)
        marker_draw(s, d->u.marker.kind, x, y, size / 2, fmax(1.5, size * 0.15), d->u.marker.halo);
    marker_draw(s, d->u.marker.kind, x, y, size / 2, 0.0, d->color);
}

/* ---- text ---------------------------------------------------------------------- */

/* s as XML character data: & < > escaped, malformed UTF-8 as U+FFFD, control
 * characters (not allowed in XML) left out. */
static void xml_text(AtomicFile *f, const char *str)
{
    const unsigned char *u = (const unsigned char *)str;
    while (*u) {
        unsigned c = *u;
        int n = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
        int ok = n >= 0;
        for (int k = 1; ok && k <= n; k++) ok = (u[k] & 0xC0) == 0x80;
        if (!ok) {
            afile_printf(f, "\xEF\xBF\xBD");
            u++;
            continue;
        }
        if (n == 0) {
            if (c == '&') afile_printf(f, "&amp;");
            else if (c == '<') afile_printf(f, "&lt;");
            else if (c == '>') afile_printf(f, "&gt;");
            else if (c >= 0x20 && c != 0x7f) afile_write(f, u, 1);
        } else {
            afile_write(f, u, (size_t)n + 1);
        }
        u += n + 1;
    }
}

/* Anchored as aligned, so that a font with other widths still lines up the same way. */
static void text(Svg *s, const DCmd *d)
{
    const DTextPlace *at = &d->u.text.at;
    int h_al = d->u.text.align & 3;
    double ax = h_al == TEXT_CENTER ? at->w / 2.0 : h_al == TEXT_RIGHT ? at->w : 0.0;
    int px = d->u.text.px < SVG_TEXT_MIN_PX ? SVG_TEXT_MIN_PX
             : d->u.text.px > SVG_TEXT_MAX_PX ? SVG_TEXT_MAX_PX : d->u.text.px;
    if (d->u.text.up) {
        afile_printf(s->f, "<text transform=\"translate(%d %d) rotate(-90)\" x=\"", at->x0, at->y0);
        num(s->f, ax);
        afile_printf(s->f, "\" y=\"%d\"", at->ascent);
    } else {
        afile_printf(s->f, "<text x=\"");
        num(s->f, at->x0 + ax);
        afile_printf(s->f, "\" y=\"%d\"", at->y0 + at->ascent);
    }
    afile_printf(s->f, " font-size=\"%d\"", px);
    if (d->u.text.bold) afile_printf(s->f, " font-weight=\"bold\"");
    if (h_al == TEXT_CENTER) afile_printf(s->f, " text-anchor=\"middle\"");
    if (h_al == TEXT_RIGHT) afile_printf(s->f, " text-anchor=\"end\"");
    paint(s->f, "fill", d->color, 1.0);
    afile_write(s->f, ">", 1);
    xml_text(s->f, dlist_text(s->l, d));
    afile_printf(s->f, "</text>\n");
}

/* ---- images ------------------------------------------------------------------------ */

typedef struct Base64 {
    AtomicFile *f;
    unsigned char in[3];
    int n;
} Base64;

static void b64_flush(Base64 *b, int final)
{
    static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    if (b->n == 0 || (b->n < 3 && !final)) return;
    unsigned v = (unsigned)b->in[0] << 16 | (b->n > 1 ? (unsigned)b->in[1] << 8 : 0) |
                 (b->n > 2 ? b->in[2] : 0);
    char out[4] = {digits[v >> 18], digits[(v >> 12) & 63], digits[(v >> 6) & 63], digits[v & 63]};
    if (b->n < 3) out[3] = '=';
    if (b->n < 2) out[2] = '=';
    afile_write(b->f, out, 4);
    b->n = 0;
}

static void b64_sink(void *ctx, const void *data, size_t n)
{
    Base64 *b = ctx;
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        b->in[b->n++] = p[i];
        if (b->n == 3) b64_flush(b, 0);
    }
}

static int image(Svg *s, const DCmd *d, Error *err)
{
    Rect r = d->u.image.r;
    afile_printf(s->f, "<image x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" preserveAspectRatio=\"none\" "
                 "style=\"image-rendering:pixelated\" xlink:href=\"data:image/png;base64,",
                 r.x, r.y, r.w, r.h);
    Base64 b = {s->f, {0}, 0};
    if (export_png_encode(dlist_pixels(s->l, d), r.w, r.h, b64_sink, &b))
        return error_set(err, "%s: PNG encoding of a %dx%d image failed (out of memory?)", s->f->path,
                         r.w, r.h);
    b64_flush(&b, 1);
    afile_printf(s->f, "\"/>\n");
    return 0;
}

/* ---- the list ---------------------------------------------------------------------- */

int export_svg_write(const DList *l, AtomicFile *f, Error *err)
{
    if (l->failed) return error_set(err, "%s: out of memory while recording the figure", f->path);
    if (l->w < 1 || l->h < 1) return error_set(err, "%s: empty figure", f->path);
    export_test_arm(f);
    Svg s = {.f = f, .l = l};
    afile_printf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
                 "version=\"1.1\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                 "font-family=\"DejaVu Sans, sans-serif\" xml:space=\"preserve\">\n"
                 "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
                 l->w, l->h, l->w, l->h, l->w, l->h);
    clip_to(&s, l->clip);
    for (size_t i = 0; i < l->n; i++) {
        const DCmd *d = &l->cmd[i];
        if (d->kind == DCMD_CLIP) {
            if (s.open) afile_printf(f, "\" fill=\"none\"/>\n"), s.open = 0; /* not expected in a path */
            clip_to(&s, d->u.clip);
            continue;
        }
        if (clip_empty(&s)) continue; /* the raster draws nothing either */
        switch (d->kind) {
        case DCMD_CLIP:
            break;
        case DCMD_PATH:
            path_begin(&s, d);
            break;
        case DCMD_CLEAR:
            rect(&s, s.clip.x, s.clip.y, s.clip.w, s.clip.h, d->color | 0xFF000000u);
            break;
        case DCMD_RECT:
            rect(&s, d->u.rect.x, d->u.rect.y, d->u.rect.w, d->u.rect.h, d->color);
            break;
        case DCMD_MOVE:
            path_move(&s, d->u.pt.x, d->u.pt.y);
            break;
        case DCMD_LINE:
            path_line(&s, d->u.pt.x, d->u.pt.y);
            break;
        case DCMD_END:
            path_end(&s, d->color);
            break;
        case DCMD_CIRCLE:
            circle(&s, d->u.circle.x, d->u.circle.y, d->u.circle.r, d->u.circle.width, d->color, 0);
            break;
        case DCMD_DISC:
            circle(&s, d->u.circle.x, d->u.circle.y, d->u.circle.r, 0, d->color, 1);
            break;
        case DCMD_CONVEX: {
            const double *xy = dlist_points(l, d);
            polygon(&s, xy, xy + d->u.convex.n, d->u.convex.n, d->color);
            break;
        }
        case DCMD_MARKER:
            marker(&s, d);
            break;
        case DCMD_TEXT:
            text(&s, d);
            break;
        case DCMD_IMAGE:
            if (image(&s, d, err)) return -1;
            break;
        }
    }
    if (s.open) afile_printf(f, "\" fill=\"none\"/>\n");
    if (s.grouped) afile_printf(f, "</g>\n");
    afile_printf(f, "</svg>\n");
    return 0;
}

int export_svg_new(const DList *l, const char *path, Error *err)
{
    if (!path || !*path) return error_set(err, "export: empty file name");
    struct stat sb;
    if (lstat(path, &sb) == 0) return error_set(err, "%s: file exists (not overwritten)", path);
    AtomicFile f;
    if (afile_open(&f, path, err)) return -1;
    if (export_svg_write(l, &f, err)) {
        afile_abort(&f);
        return -1;
    }
    return afile_commit_new(&f, err);
}
