/* text_stb.c - the canvas text API (canvas.h) on stb_truetype, for builds without
 * SDL_ttf (the browser edition); the desktop keeps text.c (SDL_ttf + FreeType).
 *
 * Same fonts (the embedded DejaVu Sans faces), same metrics rules as SDL_ttf 2.20
 * (font size = pixels per em, ascent = ceil(ascender * scale), height =
 * ceil((ascender - descender) * scale)), same cache as text.c (text_cache.h, keyed
 * by size and face): a string drawn is rasterized once per (face, size) into an
 * alpha bitmap kept between frames, so a frame that draws the same labels again
 * allocates nothing; a string only measured is laid out for its advance, not
 * rasterized. Glyphs are placed at fractional pen positions (stb's subpixel shift)
 * and combined by the largest coverage; stb_truetype does no hinting, so strokes
 * are a little softer than FreeType's. */
#include "text.h"

#include "text_cache.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define STBTT_STATIC
#define STB_TRUETYPE_IMPLEMENTATION
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#endif
#include <stb_truetype.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

#define TEXT_MIN_PX 6
#define TEXT_MAX_PX 400
#define GLYPH_MAX (TEXT_MAX_PX * 3) /* scratch side for one glyph */

struct CanvasText {
    stbtt_fontinfo face[2]; /* regular, bold */
    TextCache *cache;       /* keyed by font_key */
    uint8_t *glyph;         /* GLYPH_MAX^2 scratch */
    long errors;
    long renders;           /* strings laid out or rasterized (cache misses) */
};

typedef struct Metrics {
    float scale;
    int ascent, height;
} Metrics;

static int clamp_px(int px)
{
    return px < TEXT_MIN_PX ? TEXT_MIN_PX : px > TEXT_MAX_PX ? TEXT_MAX_PX : px;
}

static Metrics metrics(const CanvasText *t, int px, int bold)
{
    const stbtt_fontinfo *f = &t->face[bold ? 1 : 0];
    int asc, desc, gap;
    stbtt_GetFontVMetrics(f, &asc, &desc, &gap);
    Metrics m;
    m.scale = stbtt_ScaleForMappingEmToPixels(f, (float)clamp_px(px));
    m.ascent = (int)ceil(asc * m.scale);
    m.height = (int)ceil((asc - desc) * m.scale); /* desc < 0 */
    return m;
}

/* The cache's font number of (px, bold), px already clamped. */
static int font_key(int px, int bold)
{
    return px * 2 + (bold ? 1 : 0);
}

int text_open(Canvas *c, Error *err)
{
    CanvasText *t = calloc(1, sizeof *t);
    if (!t) return error_set(err, "text cache: out of memory");
    t->cache = text_cache_new();
    t->glyph = malloc((size_t)GLYPH_MAX * GLYPH_MAX);
    c->text = t;
    if (!t->cache || !t->glyph) return error_set(err, "text cache: out of memory");
    if (!stbtt_InitFont(&t->face[0], plot_font_regular, 0))
        return error_set(err, "embedded font DejaVuSans: cannot open");
    if (!stbtt_InitFont(&t->face[1], plot_font_bold, 0))
        return error_set(err, "embedded font DejaVuSans-Bold: cannot open");
    return 0;
}

void text_close(Canvas *c)
{
    CanvasText *t = c->text;
    if (!t) return;
    text_cache_free(t->cache);
    free(t->glyph);
    free(t);
    c->text = NULL;
}

/* Next code point of UTF-8 s (advancing *i); U+FFFD for a malformed sequence. */
static int utf8_next(const char *s, size_t len, size_t *i)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned c = u[*i];
    int n = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
    (*i)++;
    if (n < 0) return 0xFFFD;
    if (n == 0) return (int)c;
    unsigned cp = c & (0x3Fu >> n);
    for (int k = 0; k < n; k++) {
        if (*i >= len || (u[*i] & 0xC0) != 0x80) return 0xFFFD;
        cp = cp << 6 | (u[(*i)++] & 0x3Fu);
    }
    return (int)cp;
}

/* Lays out s glyph by glyph (kerning included, pen at fractional positions) and
 * returns its advance in pixels; with dst (w x h, zeroed) also rasterizes it there,
 * baseline at row `ascent`, combining overlapping glyphs by the larger coverage. */
static double layout(CanvasText *t, const stbtt_fontinfo *f, float scale, int ascent,
                     const char *s, size_t len, uint8_t *dst, int w, int h)
{
    double x = 0;
    int prev = 0;
    for (size_t i = 0; i < len;) {
        int g = stbtt_FindGlyphIndex(f, utf8_next(s, len, &i));
        int adv, lsb;
        if (prev) x += scale * stbtt_GetGlyphKernAdvance(f, prev, g);
        stbtt_GetGlyphHMetrics(f, g, &adv, &lsb);
        float sx = (float)(x - floor(x));
        int x0, y0, x1, y1;
        if (dst) stbtt_GetGlyphBitmapBoxSubpixel(f, g, scale, scale, sx, 0, &x0, &y0, &x1, &y1);
        int gw = dst ? x1 - x0 : 0, gh = dst ? y1 - y0 : 0;
        if (gw > 0 && gh > 0 && gw <= GLYPH_MAX && gh <= GLYPH_MAX) {
            stbtt_MakeGlyphBitmapSubpixel(f, t->glyph, gw, gh, gw, scale, scale, sx, 0, g);
            int ox = (int)floor(x) + x0, oy = ascent + y0;
            for (int gy = 0; gy < gh; gy++) {
                int y = oy + gy;
                if (y < 0 || y >= h) continue;
                for (int gx = 0; gx < gw; gx++) {
                    int xx = ox + gx;
                    uint8_t a = t->glyph[gy * gw + gx];
                    if (xx >= 0 && xx < w && a > dst[(size_t)y * w + xx]) dst[(size_t)y * w + xx] = a;
                }
            }
        }
        x += scale * adv;
        prev = g;
    }
    return x;
}

/* The width of s in pixels (its advance, rounded up) in face bold at m's size, laid
 * out without rasterizing; 0 or less: nothing to draw. */
static int measure(CanvasText *t, const char *s, size_t len, int bold, Metrics m)
{
    return (int)ceil(layout(t, &t->face[bold ? 1 : 0], m.scale, m.ascent, s, len, NULL, 0, 0));
}

int text_view(Canvas *c, const char *s, int px, int bold, TextView *v)
{
    CanvasText *t = c->text;
    memset(v, 0, sizeof *v);
    if (!t || !s || !*s) return -1;
    px = clamp_px(px);
    bold = bold ? 1 : 0;
    Metrics m = metrics(t, px, bold);
    v->ascent = m.ascent;
    TextKey k = text_key(s, font_key(px, bold));
    TextHit hit;
    int w;
    if (text_cache_find(t->cache, &k, &hit)) {
        if (hit.bmp) {
            v->base = hit.bmp;
            v->w = v->stride = hit.w, v->h = hit.h, v->step = 1;
            return 0;
        }
        w = hit.w; /* measured before, not yet drawn */
    } else if ((w = measure(t, s, k.len, bold, m)) <= 0) {
        return -1; /* nothing to draw */
    }
    t->renders++;
    size_t need = (size_t)w * (size_t)m.height;
    uint8_t *dst = text_cache_put_bitmap(t->cache, &k, w, m.height);
    if (!dst && !(dst = v->tmp = malloc(need))) { /* too big to cache: freed by text_view_done */
        t->errors++;
        return -1;
    }
    memset(dst, 0, need);
    layout(t, &t->face[bold], m.scale, m.ascent, s, k.len, dst, w, m.height);
    v->base = dst;
    v->w = v->stride = w, v->h = m.height, v->step = 1;
    return 0;
}

void text_view_done(TextView *v)
{
    free(v->tmp);
    v->tmp = NULL;
}

int canvas_text_width(Canvas *c, const char *s, int px, int bold)
{
    CanvasText *t = c->text;
    if (!t || !s || !*s) return 0;
    px = clamp_px(px);
    TextKey k = text_key(s, font_key(px, bold));
    TextHit hit;
    if (text_cache_find(t->cache, &k, &hit)) return hit.w;
    t->renders++;
    int w = measure(t, s, k.len, bold, metrics(t, px, bold));
    if (w <= 0) return 0; /* not kept: a string of no width is not drawn either */
    text_cache_put_width(t->cache, &k, w);
    return w;
}

int canvas_font_height(Canvas *c, int px, int bold)
{
    if (!c->text) return px;
    return metrics(c->text, px, bold).height;
}

int canvas_font_ascent(Canvas *c, int px, int bold)
{
    return c->text ? metrics(c->text, px, bold).ascent : px;
}

long canvas_text_errors(const Canvas *c)
{
    return (c->text ? c->text->errors : 0) + c->errors;
}

long canvas_text_renders(const Canvas *c)
{
    return c->text ? c->text->renders : 0;
}
