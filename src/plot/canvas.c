/* canvas.c - the pixel buffer: lifetime, clipping, blending, rectangle fills. */
#include "canvas.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dlist.h"
#include "text.h"

#define CANVAS_MAX_SIDE 16384

static int alloc_buffers(Canvas *c, int w, int h, Error *err)
{
    if (w < 1 || h < 1 || w > CANVAS_MAX_SIDE || h > CANVAS_MAX_SIDE)
        return error_set(err, "canvas size %dx%d: each side must be 1..%d pixels", w, h,
                         CANVAS_MAX_SIDE);
    size_t n = (size_t)w * (size_t)h;
    uint32_t *px = malloc(n * sizeof *px);
    uint8_t *cov = calloc(n, 1);
    int *s0 = malloc((size_t)h * sizeof *s0);
    int *s1 = malloc((size_t)h * sizeof *s1);
    if (!px || !cov || !s0 || !s1) {
        free(px);
        free(cov);
        free(s0);
        free(s1);
        return error_set(err, "canvas %dx%d: out of memory", w, h);
    }
    free(c->px);
    free(c->cov);
    free(c->span0);
    free(c->span1);
    c->px = px;
    c->cov = cov;
    c->span0 = s0;
    c->span1 = s1;
    c->w = w;
    c->h = h;
    for (int y = 0; y < h; y++) {
        s0[y] = w;
        s1[y] = 0;
    }
    c->dirty0 = h;
    c->dirty1 = 0;
    c->list = NULL; /* a list records one size */
    c->nareas = 0;  /* nothing drawn at this size yet */
    c->nspots = 0;
    c->scale = canvas_scale_for(w, h);
    canvas_clip_reset(c);
    canvas_clear(c, 0xFFFFFFFFu);
    return 0;
}

int canvas_init(Canvas *c, int w, int h, Error *err)
{
    memset(c, 0, sizeof *c);
    if (alloc_buffers(c, w, h, err) != 0) return -1;
    if (text_open(c, err) != 0) {
        canvas_free(c);
        return -1;
    }
    return 0;
}

void canvas_free(Canvas *c)
{
    text_close(c);
    free(c->px);
    free(c->cov);
    free(c->span0);
    free(c->span1);
    free(c->image);
    memset(c, 0, sizeof *c);
}

int canvas_resize(Canvas *c, int w, int h, Error *err)
{
    if (w == c->w && h == c->h) return 0;
    return alloc_buffers(c, w, h, err);
}

double canvas_scale_for(int w, int h)
{
    /* landscape designs are 1920x1080, portrait ones 1080x1920: the larger fit wins */
    double land = fmin(w / 1920.0, h / 1080.0), port = fmin(w / 1080.0, h / 1920.0);
    return land > port ? land : port;
}

Rect canvas_rect(const Canvas *c)
{
    return (Rect){0, 0, c->w, c->h};
}

Rect rect_inset(Rect r, int dx, int dy)
{
    r.x += dx;
    r.y += dy;
    r.w -= 2 * dx;
    r.h -= 2 * dy;
    if (r.w < 0) r.w = 0;
    if (r.h < 0) r.h = 0;
    return r;
}

int rect_overlap(Rect a, Rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h &&
           a.w > 0 && a.h > 0 && b.w > 0 && b.h > 0;
}

Rect rect_and(Rect a, Rect b)
{
    int x0 = a.x > b.x ? a.x : b.x, y0 = a.y > b.y ? a.y : b.y;
    int x1 = a.x + a.w < b.x + b.w ? a.x + a.w : b.x + b.w;
    int y1 = a.y + a.h < b.y + b.h ? a.y + a.h : b.y + b.h;
    return (Rect){x0, y0, x1 > x0 ? x1 - x0 : 0, y1 > y0 ? y1 - y0 : 0};
}

int rect_inside(Rect in, Rect out)
{
    return in.x >= out.x && in.y >= out.y && in.x + in.w <= out.x + out.w &&
           in.y + in.h <= out.y + out.h;
}

void canvas_clip(Canvas *c, Rect r)
{
    int x0 = r.x < 0 ? 0 : r.x, y0 = r.y < 0 ? 0 : r.y;
    int x1 = r.x + r.w > c->w ? c->w : r.x + r.w;
    int y1 = r.y + r.h > c->h ? c->h : r.y + r.h;
    if (x1 < x0) x1 = x0;
    if (y1 < y0) y1 = y0;
    c->clip = (Rect){x0, y0, x1 - x0, y1 - y0};
    if (c->list) dlist_add(c->list, &(DCmd){.kind = DCMD_CLIP, .u.clip = c->clip});
}

void canvas_clip_reset(Canvas *c)
{
    canvas_clip(c, canvas_rect(c));
}

/* p[0..n) = v. A frame fills most of its pixels at least once (the background, each
 * panel's box), so this runs on whole rows: one pixel at a time is a store per pixel,
 * while doubling the filled part with memcpy moves the row in the widest stores the C
 * library has. */
static void fill_px(uint32_t *p, size_t n, uint32_t v)
{
    size_t k = n < 16 ? n : 16;
    for (size_t i = 0; i < k; i++) p[i] = v;
    while (k < n) {
        size_t m = k < n - k ? k : n - k;
        memcpy(p + k, p, m * sizeof *p);
        k += m;
    }
}

/* The rectangle x in [x0, x1), y in [y0, y1) (inside the canvas) = v: the first row
 * filled, the others copied from it. */
static void fill_block(Canvas *c, int x0, int x1, int y0, int y1, uint32_t v)
{
    if (x1 <= x0 || y1 <= y0) return;
    size_t n = (size_t)(x1 - x0);
    const uint32_t *first = &c->px[(size_t)y0 * (size_t)c->w + (size_t)x0];
    fill_px(&c->px[(size_t)y0 * (size_t)c->w + (size_t)x0], n, v);
    for (int y = y0 + 1; y < y1; y++)
        memcpy(&c->px[(size_t)y * (size_t)c->w + (size_t)x0], first, n * sizeof *first);
}

void canvas_clear(Canvas *c, uint32_t color)
{
    color |= 0xFF000000u;
    if (c->list) dlist_add(c->list, &(DCmd){.kind = DCMD_CLEAR, .color = color});
    Rect r = c->clip;
    fill_block(c, r.x, r.x + r.w, r.y, r.y + r.h, color);
}

void canvas_blend_pixel(Canvas *c, int x, int y, uint32_t color, int alpha)
{
    if (x < c->clip.x || y < c->clip.y || x >= c->clip.x + c->clip.w ||
        y >= c->clip.y + c->clip.h || alpha <= 0)
        return;
    unsigned a = (unsigned)(alpha > 255 ? 255 : alpha) * (color >> 24);
    a = (a + 127u) / 255u;
    uint32_t *p = &c->px[(size_t)y * (size_t)c->w + (size_t)x];
    *p = a >= 255u ? (color | 0xFF000000u) : canvas_blend(*p, color, a);
}

/* One pixel of canvas_blend_mask: mask value m (0..255), colour alpha ca. */
static inline void blend_masked(uint32_t *p, unsigned m, unsigned ca, uint32_t color)
{
    unsigned a = (m * ca + 127u) / 255u; /* as canvas_blend_pixel */
    *p = a >= 255u ? (color | 0xFF000000u) : canvas_blend(*p, color, a);
}

void canvas_blend_mask(Canvas *c, int x0, int y0, const uint8_t *mask, int w, int h,
                       size_t stride, size_t step, uint32_t color)
{
    /* the mask's part inside the clip rectangle: [tx0, tx1) x [ty0, ty1) */
    long cx0 = c->clip.x, cy0 = c->clip.y, cx1 = cx0 + c->clip.w, cy1 = cy0 + c->clip.h;
    long tx0 = cx0 - x0 > 0 ? cx0 - x0 : 0, ty0 = cy0 - y0 > 0 ? cy0 - y0 : 0;
    long tx1 = cx1 - x0 < w ? cx1 - x0 : w, ty1 = cy1 - y0 < h ? cy1 - y0 : h;
    unsigned ca = color >> 24;
    for (long ty = ty0; ty < ty1; ty++) {
        const uint8_t *m = mask + (size_t)ty * stride;
        uint32_t *row = &c->px[(size_t)(y0 + ty) * (size_t)c->w]; /* x0 + tx >= 0 */
        long tx = tx0;
        if (step == 1) /* most of a text's box is empty: skip it eight pixels at a time */
            for (; tx + 8 <= tx1; tx += 8) {
                uint64_t q;
                memcpy(&q, m + tx, sizeof q);
                if (!q) continue;
                for (long k = tx; k < tx + 8; k++)
                    if (m[k]) blend_masked(&row[x0 + k], m[k], ca, color);
            }
        for (; tx < tx1; tx++) {
            unsigned a = m[(size_t)tx * step];
            if (a) blend_masked(&row[x0 + tx], a, ca, color);
        }
    }
}

/* Length of [a, a+1) covered by [lo, hi). */
static double overlap1(int a, double lo, double hi)
{
    double l = lo > a ? lo : a, h = hi < a + 1 ? hi : a + 1;
    return h > l ? h - l : 0.0;
}

void canvas_fill_rect(Canvas *c, double x, double y, double w, double h, uint32_t color)
{
    if (!(w > 0) || !(h > 0)) return;
    if (c->list)
        dlist_add(c->list, &(DCmd){.kind = DCMD_RECT, .color = color, .u.rect = {x, y, w, h}});
    double x1 = x + w, y1 = y + h;
    if (x < c->clip.x) x = c->clip.x;
    if (y < c->clip.y) y = c->clip.y;
    if (x1 > c->clip.x + c->clip.w) x1 = c->clip.x + c->clip.w;
    if (y1 > c->clip.y + c->clip.h) y1 = c->clip.y + c->clip.h;
    if (!(x1 > x) || !(y1 > y)) return;
    int i0 = (int)floor(x), i1 = (int)ceil(x1), j0 = (int)floor(y), j1 = (int)ceil(y1);
    /* columns [k0, k1) are covered whole; only the (at most two) edge columns and
     * rows need the partial coverage */
    int k0 = (int)ceil(x), k1 = (int)floor(x1);
    if (k1 < k0) k0 = k1 = i0;
    unsigned ca = color >> 24;
    uint32_t solid = color | 0xFF000000u;
    const uint32_t *solid_row = NULL; /* the first row whose whole-pixel run is solid */
    for (int j = j0; j < j1; j++) {
        double cy = overlap1(j, y, y1);
        uint32_t *row = &c->px[(size_t)j * (size_t)c->w];
        for (int i = i0; i < i1; i++) {
            if (i == k0 && cy == 1.0) { /* the whole-pixel run of this row */
                if (ca >= 255u && k1 > k0) {
                    if (solid_row) memcpy(row + k0, solid_row + k0, (size_t)(k1 - k0) * sizeof *row);
                    else fill_px(row + k0, (size_t)(k1 - k0), solid), solid_row = row;
                } else if (ca) {
                    for (; i < k1; i++) row[i] = canvas_blend(row[i], color, ca);
                }
                i = k1;
                if (i >= i1) break;
            }
            double cv = cy * overlap1(i, x, x1);
            unsigned a = (unsigned)(cv * ca + 0.5);
            if (a >= 255u) row[i] = solid;
            else if (a) row[i] = canvas_blend(row[i], color, a);
        }
    }
}

uint32_t *canvas_image_buffer(Canvas *c, int w, int h)
{
    size_t n = (size_t)(w > 0 ? w : 0) * (size_t)(h > 0 ? h : 0);
    if (n <= c->image_cap) return c->image;
    uint32_t *p = realloc(c->image, n * sizeof *p);
    if (!p) {
        c->errors++;
        return NULL;
    }
    c->image = p;
    c->image_cap = n;
    return p;
}

void canvas_image(Canvas *c, Rect r, const uint32_t *px)
{
    if (r.w <= 0 || r.h <= 0) return;
    if (c->list) {
        DCmd d = {.kind = DCMD_IMAGE, .u.image.r = r};
        d.u.image.px = dlist_data(c->list, px, (size_t)r.w * (size_t)r.h * sizeof *px);
        dlist_add(c->list, &d);
    }
    int x0 = r.x > c->clip.x ? r.x : c->clip.x, y0 = r.y > c->clip.y ? r.y : c->clip.y;
    int x1 = r.x + r.w < c->clip.x + c->clip.w ? r.x + r.w : c->clip.x + c->clip.w;
    int y1 = r.y + r.h < c->clip.y + c->clip.h ? r.y + r.h : c->clip.y + c->clip.h;
    for (int y = y0; y < y1; y++) {
        const uint32_t *src = px + (size_t)(y - r.y) * (size_t)r.w;
        uint32_t *row = &c->px[(size_t)y * (size_t)c->w];
        for (int x = x0; x < x1; x++) row[x] = src[x - r.x] | 0xFF000000u;
    }
}
