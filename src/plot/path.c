/* path.c - anti-aliased strokes and shapes through a coverage buffer.
 * Each primitive writes max(coverage) into c->cov, remembering which pixels it
 * touched per row; path_end composites the covered pixels once in one colour and
 * clears them. Coverage of a stroke of half-width r at distance d from its centre
 * line is clamp(r + 1/2 - d, 0, 1) (a 1-pixel linear ramp across the edge). */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "canvas.h"
#include "dlist.h"

static inline void cov_put(Canvas *c, int x, int y, double v)
{
    if (!(v > 0.0)) return; /* also NaN (from coordinates near the double range's ends) */
    unsigned q = v >= 1.0 ? 255u : (unsigned)(v * 255.0 + 0.5);
    if (!q) return;
    uint8_t *p = &c->cov[(size_t)y * (size_t)c->w + (size_t)x];
    if (q > *p) *p = (uint8_t)q;
}

/* Marks row y touched in [x0, x1) (already clipped). */
static inline void span_touch(Canvas *c, int y, int x0, int x1)
{
    if (x0 < c->span0[y]) c->span0[y] = x0;
    if (x1 > c->span1[y]) c->span1[y] = x1;
    if (y < c->dirty0) c->dirty0 = y;
    if (y + 1 > c->dirty1) c->dirty1 = y + 1;
}

/* Clips [floor(a), ceil(b)) to the clip rectangle's columns; 0 if empty. */
static int clip_cols(const Canvas *c, double a, double b, int *i0, int *i1)
{
    double lo = floor(a), hi = ceil(b);
    if (lo < c->clip.x) lo = c->clip.x;
    if (hi > c->clip.x + c->clip.w) hi = c->clip.x + c->clip.w;
    if (!(hi > lo)) return 0;
    *i0 = (int)lo;
    *i1 = (int)hi;
    return 1;
}

static int clip_rows(const Canvas *c, double a, double b, int *j0, int *j1)
{
    double lo = floor(a), hi = ceil(b);
    if (lo < c->clip.y) lo = c->clip.y;
    if (hi > c->clip.y + c->clip.h) hi = c->clip.y + c->clip.h;
    if (!(hi > lo)) return 0;
    *j0 = (int)lo;
    *j1 = (int)hi;
    return 1;
}

/* Capsule around segment (x0,y0)-(x1,y1), half-width r (round caps). */
static void cov_segment(Canvas *c, double x0, double y0, double x1, double y1, double r)
{
    if (!isfinite(x0) || !isfinite(y0) || !isfinite(x1) || !isfinite(y1)) return;
    double R = r + 0.5; /* coverage reaches 0 at distance R */
    double R2 = R * R, full2 = R >= 1.0 ? (R - 1.0) * (R - 1.0) : -1.0;
    double dx = x1 - x0, dy = y1 - y0, l2 = dx * dx + dy * dy;
    int j0, j1;
    if (!clip_rows(c, fmin(y0, y1) - R, fmax(y0, y1) + R, &j0, &j1)) return;
    for (int j = j0; j < j1; j++) {
        double yc = j + 0.5, xa, xb;
        /* a point within R of the segment on this row has a segment point with
         * |y - yc| <= R: bound the x-range by those segment points, widened by R */
        if (fabs(dy) < 1e-9) {
            if (fabs(yc - y0) > R) continue;
            xa = fmin(x0, x1);
            xb = fmax(x0, x1);
        } else {
            double ta = (yc - R - y0) / dy, tb = (yc + R - y0) / dy;
            if (ta > tb) {
                double t = ta;
                ta = tb;
                tb = t;
            }
            if (ta > 1.0 || tb < 0.0) continue;
            if (ta < 0.0) ta = 0.0;
            if (tb > 1.0) tb = 1.0;
            xa = fmin(x0 + ta * dx, x0 + tb * dx);
            xb = fmax(x0 + ta * dx, x0 + tb * dx);
        }
        int i0, i1;
        if (!clip_cols(c, xa - R, xb + R, &i0, &i1)) continue;
        for (int i = i0; i < i1; i++) {
            double xc = i + 0.5;
            double t = l2 > 0 ? ((xc - x0) * dx + (yc - y0) * dy) / l2 : 0.0;
            if (t < 0.0) t = 0.0;
            if (t > 1.0) t = 1.0;
            double ex = xc - (x0 + t * dx), ey = yc - (y0 + t * dy), d2 = ex * ex + ey * ey;
            if (d2 >= R2) continue;                  /* coverage R - d <= 0 */
            if (d2 <= full2) cov_put(c, i, j, 1.0); /* R - d >= 1 */
            else cov_put(c, i, j, R - sqrt(d2));
        }
        span_touch(c, j, i0, i1);
    }
}

/* Ring of radius rad and half-width r (r < 0: filled disc of radius rad). */
static void cov_ring(Canvas *c, double cx, double cy, double rad, double r)
{
    if (!isfinite(cx) || !isfinite(cy) || !isfinite(rad) || rad < 0) return;
    int disc = r < 0;
    double ro = disc ? rad + 0.5 : rad + r + 0.5;  /* outer edge of coverage */
    double ri = disc ? -1.0 : rad - r - 0.5;      /* inner edge (nothing inside) */
    int j0, j1;
    if (!clip_rows(c, cy - ro, cy + ro, &j0, &j1)) return;
    for (int j = j0; j < j1; j++) {
        double yc = j + 0.5, ey = yc - cy;
        double ry = fabs(ey) - 0.5; /* nearest the row gets to the centre, for bounds */
        if (ry < 0) ry = 0;
        if (ry > ro) continue;
        double xo = sqrt(ro * ro - ry * ry) + 1.0;
        double xi = -1.0;
        double fy = fabs(ey) + 0.5;
        if (ri > 0 && fy < ri) xi = sqrt(ri * ri - fy * fy) - 1.0;
        for (int part = 0; part < 2; part++) {
            double a, b;
            if (xi > 0) {
                a = part ? cx + xi : cx - xo;
                b = part ? cx + xo : cx - xi;
            } else {
                if (part) break;
                a = cx - xo;
                b = cx + xo;
            }
            int i0, i1;
            if (!clip_cols(c, a, b, &i0, &i1)) continue;
            for (int i = i0; i < i1; i++) {
                double ex = i + 0.5 - cx, d = sqrt(ex * ex + ey * ey);
                double v = disc ? rad + 0.5 - d : r + 0.5 - fabs(d - rad);
                cov_put(c, i, j, v);
            }
            span_touch(c, j, i0, i1);
        }
    }
}

/* Convex polygon: coverage = clamp(1/2 + signed distance inside, 0, 1). */
static void cov_convex(Canvas *c, const double *xs, const double *ys, int n)
{
    if (n < 3 || n > 16) return;
    double nx[16], ny[16], off[16], area = 0;
    double xmin = xs[0], xmax = xs[0], ymin = ys[0], ymax = ys[0];
    for (int k = 0; k < n; k++) {
        if (!isfinite(xs[k]) || !isfinite(ys[k])) return;
        int k1 = (k + 1) % n;
        area += xs[k] * ys[k1] - xs[k1] * ys[k];
        xmin = fmin(xmin, xs[k]);
        xmax = fmax(xmax, xs[k]);
        ymin = fmin(ymin, ys[k]);
        ymax = fmax(ymax, ys[k]);
    }
    double sgn = area > 0 ? 1.0 : -1.0;
    for (int k = 0; k < n; k++) {
        int k1 = (k + 1) % n;
        double ex = xs[k1] - xs[k], ey = ys[k1] - ys[k], l = sqrt(ex * ex + ey * ey);
        if (l <= 0) {
            nx[k] = ny[k] = 0;
            off[k] = 1e9; /* degenerate edge: never the limiting one */
            continue;
        }
        /* inward normal: for positive area (y down) the interior is to the right */
        nx[k] = -sgn * ey / l;
        ny[k] = sgn * ex / l;
        off[k] = -(nx[k] * xs[k] + ny[k] * ys[k]);
    }
    int j0, j1, i0, i1;
    if (!clip_rows(c, ymin - 1, ymax + 1, &j0, &j1)) return;
    if (!clip_cols(c, xmin - 1, xmax + 1, &i0, &i1)) return;
    for (int j = j0; j < j1; j++) {
        double yc = j + 0.5;
        for (int i = i0; i < i1; i++) {
            double xc = i + 0.5, sd = 1e9;
            for (int k = 0; k < n; k++) {
                double d = nx[k] * xc + ny[k] * yc + off[k];
                if (d < sd) sd = d;
            }
            cov_put(c, i, j, sd + 0.5);
        }
        span_touch(c, j, i0, i1);
    }
}

/* Composites the coverage buffer in `color` (alpha scaled by `fade`) and clears it. */
static void cov_flush(Canvas *c, uint32_t color, double fade)
{
    unsigned ca = (unsigned)((color >> 24) * (fade < 1.0 ? fade : 1.0) + 0.5);
    uint32_t solid = color | 0xFF000000u;
    for (int y = c->dirty0; y < c->dirty1; y++) {
        int x0 = c->span0[y], x1 = c->span1[y];
        if (x1 <= x0) continue;
        uint8_t *cv = &c->cov[(size_t)y * (size_t)c->w];
        uint32_t *row = &c->px[(size_t)y * (size_t)c->w];
        int inside = y >= c->clip.y && y < c->clip.y + c->clip.h;
        int lo = x0 > c->clip.x ? x0 : c->clip.x;
        int hi = x1 < c->clip.x + c->clip.w ? x1 : c->clip.x + c->clip.w;
        for (int x = x0; x < x1; x += 8) {
            int n = x1 - x < 8 ? x1 - x : 8;
            uint64_t q = 0;
            if (n == 8) memcpy(&q, cv + x, sizeof q);
            if (n == 8 && !q) continue; /* a path's span is mostly empty: 8 bytes at once */
            for (int k = x; k < x + n; k++) {
                if (!cv[k]) continue;
                unsigned a = (cv[k] * ca + 127u) / 255u;
                if (inside && k >= lo && k < hi && a) row[k] = a >= 255u ? solid : canvas_blend(row[k], solid, a);
                cv[k] = 0;
            }
        }
        c->span0[y] = c->w;
        c->span1[y] = 0;
    }
    c->dirty0 = c->h;
    c->dirty1 = 0;
}

void canvas_path_begin(Canvas *c, double width, const double *dash, int ndash)
{
    if (c->list) {
        DCmd d = {.kind = DCMD_PATH, .u.pen.width = width, .u.pen.ndash = dash && ndash > 0 ? ndash : 0};
        if (d.u.pen.ndash > 4) d.u.pen.ndash = 4;
        for (int k = 0; k < d.u.pen.ndash; k++) d.u.pen.dash[k] = dash[k];
        dlist_add(c->list, &d);
    }
    c->pen_w = width > 0 ? width : 1.0;
    c->ndash = 0;
    if (dash && ndash >= 2) {
        if (ndash > 4) ndash = 4;
        ndash &= ~1;
        double total = 0;
        for (int k = 0; k < ndash; k++) {
            /* an on-length of 0 means a dot: keep it a tiny positive length */
            c->dash[k] = dash[k] > 0 ? dash[k] : ((k & 1) ? 0.0 : 0.01);
            total += c->dash[k];
        }
        if (total > 0) c->ndash = ndash;
    }
    c->dash_pos = 0;
    c->pen_down = 0;
}

void canvas_path_move(Canvas *c, double x, double y)
{
    if (c->list) dlist_add(c->list, &(DCmd){.kind = DCMD_MOVE, .u.pt = {x, y}});
    c->pen_x = x;
    c->pen_y = y;
    c->pen_down = isfinite(x) && isfinite(y);
    c->dash_pos = 0;
}

/* The part [*t0, *t1] of segment p + t*(dx, dy), t in [0, 1], inside the clip
 * rectangle widened by m (Liang-Barsky); 0 if none of it is. */
static int clip_segment(const Canvas *c, double x0, double y0, double dx, double dy, double m,
                        double *t0, double *t1)
{
    double p[4] = {-dx, dx, -dy, dy};
    double q[4] = {x0 - (c->clip.x - m), c->clip.x + c->clip.w + m - x0, y0 - (c->clip.y - m),
                   c->clip.y + c->clip.h + m - y0};
    *t0 = 0, *t1 = 1;
    for (int k = 0; k < 4; k++) {
        if (p[k] == 0) {
            if (q[k] < 0) return 0;
            continue;
        }
        double t = q[k] / p[k];
        if (p[k] < 0) *t0 = fmax(*t0, t);
        else *t1 = fmin(*t1, t);
    }
    return *t0 <= *t1;
}

/* Draws the dashed pieces of one segment. Round caps lengthen each dash by the
 * width, so the on-length is shortened (and the gap lengthened) by the same.
 * Only the part near the clip rectangle is walked dash by dash (a value far off
 * its axis makes a segment millions of pixels long); the dash phase still
 * advances by the whole length. */
static void dashed_segment(Canvas *c, double x0, double y0, double x1, double y1, double r)
{
    double dx = x1 - x0, dy = y1 - y0, len = sqrt(dx * dx + dy * dy);
    if (!(len > 0) || !isfinite(len)) return;
    double period = 0;
    for (int k = 0; k < c->ndash; k++) period += c->dash[k];
    double ta, tb;
    if (!clip_segment(c, x0, y0, dx, dy, r + 2, &ta, &tb)) {
        c->dash_pos = fmod(c->dash_pos + len, period);
        return;
    }
    double s = ta * len, s_end = tb * len;
    c->dash_pos = fmod(c->dash_pos + s, period);
    while (s < s_end) {
        double pos = fmod(c->dash_pos, period);
        int k = 0;
        double acc = 0;
        while (k < c->ndash - 1 && pos >= acc + c->dash[k]) acc += c->dash[k++];
        double left = acc + c->dash[k] - pos; /* rest of the current dash/gap */
        double step = fmin(left, s_end - s);
        if (!(k & 1)) {
            /* on-piece [pos, pos+step) of the dash [acc, acc+dash): shrink by r each end */
            double a = fmax(pos, acc + r), b = fmin(pos + step, acc + c->dash[k] - r);
            if (c->dash[k] <= 2 * r) { /* shorter than the caps: a dot at its centre */
                double mid = acc + c->dash[k] / 2;
                a = b = mid;
                if (mid < pos || mid >= pos + step) a = 1, b = 0;
            }
            if (b >= a) {
                double ta = (s + a - pos) / len, tb = (s + b - pos) / len;
                cov_segment(c, x0 + ta * dx, y0 + ta * dy, x0 + tb * dx, y0 + tb * dy, r);
            }
        }
        s += step;
        c->dash_pos = fmod(c->dash_pos + step, period);
        if (step <= 0) break; /* numerical safety */
    }
    c->dash_pos = fmod(c->dash_pos + (len - s_end), period);
}

void canvas_path_line(Canvas *c, double x, double y)
{
    if (c->list) dlist_add(c->list, &(DCmd){.kind = DCMD_LINE, .u.pt = {x, y}});
    if (!isfinite(x) || !isfinite(y)) {
        c->pen_down = 0; /* a non-finite point breaks the path */
        return;
    }
    if (!c->pen_down) { /* the path restarts here (not recorded: replaying the line does it) */
        c->pen_x = x;
        c->pen_y = y;
        c->pen_down = 1;
        c->dash_pos = 0;
        return;
    }
    double r = c->pen_w < 1.0 ? 0.5 : c->pen_w / 2;
    if (c->ndash) dashed_segment(c, c->pen_x, c->pen_y, x, y, r);
    else cov_segment(c, c->pen_x, c->pen_y, x, y, r);
    c->pen_x = x;
    c->pen_y = y;
}

void canvas_path_end(Canvas *c, uint32_t color)
{
    if (c->list) dlist_add(c->list, &(DCmd){.kind = DCMD_END, .color = color});
    cov_flush(c, color, c->pen_w < 1.0 ? c->pen_w : 1.0);
    c->pen_down = 0;
}

void canvas_line(Canvas *c, double x0, double y0, double x1, double y1, double width,
                 uint32_t color)
{
    canvas_dashed_line(c, x0, y0, x1, y1, width, NULL, 0, color);
}

void canvas_dashed_line(Canvas *c, double x0, double y0, double x1, double y1, double width,
                        const double *dash, int ndash, uint32_t color)
{
    canvas_path_begin(c, width, dash, ndash);
    canvas_path_move(c, x0, y0);
    canvas_path_line(c, x1, y1);
    canvas_path_end(c, color);
}

void canvas_circle(Canvas *c, double cx, double cy, double r, double width, uint32_t color)
{
    if (c->list)
        dlist_add(c->list, &(DCmd){.kind = DCMD_CIRCLE, .color = color, .u.circle = {cx, cy, r, width}});
    double hw = width < 1.0 ? 0.5 : width / 2;
    cov_ring(c, cx, cy, r, hw);
    cov_flush(c, color, width < 1.0 ? width : 1.0);
}

void canvas_disc(Canvas *c, double cx, double cy, double r, uint32_t color)
{
    if (c->list)
        dlist_add(c->list, &(DCmd){.kind = DCMD_DISC, .color = color, .u.circle = {cx, cy, r, 0}});
    cov_ring(c, cx, cy, r, -1.0);
    cov_flush(c, color, 1.0);
}

void canvas_fill_convex(Canvas *c, const double *xs, const double *ys, int n, uint32_t color)
{
    if (c->list && n >= 3 && n <= 16) {
        double xy[32];
        memcpy(xy, xs, (size_t)n * sizeof *xs);
        memcpy(xy + n, ys, (size_t)n * sizeof *ys);
        DCmd d = {.kind = DCMD_CONVEX, .color = color, .u.convex.n = n};
        d.u.convex.xy = dlist_data(c->list, xy, (size_t)(2 * n) * sizeof *xy);
        dlist_add(c->list, &d);
    }
    cov_convex(c, xs, ys, n);
    cov_flush(c, color, 1.0);
}

void marker_shape(MarkerKind kind, double x, double y, double rad, double grow, MarkerShape *m)
{
    memset(m, 0, sizeof *m);
    double h;
    switch (kind) {
    case MARK_CIRCLE:
        m->r = rad + grow;
        break;
    case MARK_SQUARE:
        h = rad * 0.86 + grow;
        m->n = 4;
        m->xs[0] = m->xs[3] = x - h, m->xs[1] = m->xs[2] = x + h;
        m->ys[0] = m->ys[1] = y - h, m->ys[2] = m->ys[3] = y + h;
        break;
    case MARK_DIAMOND:
        h = rad * 1.2 + grow * 1.414;
        m->n = 4;
        m->xs[0] = m->xs[2] = x, m->xs[1] = x + h, m->xs[3] = x - h;
        m->ys[0] = y - h, m->ys[2] = y + h, m->ys[1] = m->ys[3] = y;
        break;
    case MARK_TRIANGLE:
    case MARK_TRIANGLE_DOWN: {
        double up = kind == MARK_TRIANGLE ? 1 : -1;
        h = rad * 1.3 + grow * 2.0; /* centroid to vertex */
        m->n = 3;
        m->xs[0] = x, m->xs[1] = x + h * 0.866, m->xs[2] = x - h * 0.866;
        m->ys[0] = y - up * h, m->ys[1] = m->ys[2] = y + up * h * 0.5;
        break;
    }
    case MARK_CROSS:
        h = rad * 0.95;
        m->strokes = 1, m->hw = rad * 0.28 + grow;
        m->xs[0] = m->xs[2] = x - h, m->xs[1] = m->xs[3] = x + h;
        m->ys[0] = m->ys[3] = y - h, m->ys[1] = m->ys[2] = y + h;
        break;
    case MARK_PLUS: /* (its ink, caps and halo within 0.8 of the size, as the placers assume) */
        h = rad * 1.0;
        m->strokes = 1, m->hw = rad * 0.28 + grow;
        m->xs[0] = x - h, m->xs[1] = x + h, m->xs[2] = m->xs[3] = x;
        m->ys[0] = m->ys[1] = y, m->ys[2] = y - h, m->ys[3] = y + h;
        break;
    }
}

/* Marker outline at radius rad (centre x, y) into the coverage buffer. */
static void cov_marker(Canvas *c, MarkerKind kind, double x, double y, double rad, double grow)
{
    MarkerShape m;
    marker_shape(kind, x, y, rad, grow, &m);
    if (m.strokes) {
        cov_segment(c, m.xs[0], m.ys[0], m.xs[1], m.ys[1], m.hw);
        cov_segment(c, m.xs[2], m.ys[2], m.xs[3], m.ys[3], m.hw);
    } else if (m.n) cov_convex(c, m.xs, m.ys, m.n);
    else cov_ring(c, x, y, m.r, -1.0);
}

void canvas_marker(Canvas *c, MarkerKind kind, double x, double y, double size, uint32_t color,
                   uint32_t halo)
{
    if (c->list)
        dlist_add(c->list, &(DCmd){.kind = DCMD_MARKER, .color = color,
                                   .u.marker = {x, y, size, halo, kind}});
    double rad = size / 2;
    if (halo >> 24) {
        cov_marker(c, kind, x, y, rad, fmax(1.5, size * 0.15));
        cov_flush(c, halo, 1.0);
    }
    cov_marker(c, kind, x, y, rad, 0.0);
    cov_flush(c, color, 1.0);
}
