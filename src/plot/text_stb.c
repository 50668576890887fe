/* text_stb.c - the canvas text API (canvas.h) on stb_truetype, for builds without
 * SDL_ttf (the browser edition); the desktop keeps text.c (SDL_ttf + FreeType).
 *
 * Same fonts (the embedded DejaVu Sans faces), same metrics rules as SDL_ttf 2.20
 * (font size = pixels per em, ascent = ceil(ascender * scale), height =
 * ceil((ascender - descender) * scale)), same cache layout as text.c: a
 * string is rasterized once per (face, size) into an alpha bitmap kept in a
 * fixed-size cache (hash table + byte arena, allocated by text_open), so a frame
 * that draws the same labels again allocates nothing. Glyphs are placed at
 * fractional pen positions (stb's subpixel shift) and combined by the largest
 * coverage; stb_truetype does no hinting, so strokes are a little softer than
 * FreeType's. */
#include "text.h"

#include "dlist.h"

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

#define TEXT_SLOTS 4096 /* hash table, power of two */
#define TEXT_MAX_ENTRIES 3000
#define TEXT_ARENA (24u << 20) /* alpha bytes */
#define TEXT_KEYS (512u << 10) /* string bytes */
#define TEXT_MIN_PX 6
#define TEXT_MAX_PX 400
#define GLYPH_MAX (TEXT_MAX_PX * 3) /* scratch side for one glyph */

typedef struct TextEntry {
    uint32_t hash;
    int used;
    int px, bold;
    uint32_t key, len;  /* string in keys */
    size_t bmp;         /* alpha (h, w) in arena */
    int w, h;
} TextEntry;

struct CanvasText {
    stbtt_fontinfo face[2]; /* regular, bold */
    TextEntry e[TEXT_SLOTS];
    int n;
    uint8_t *arena;
    size_t arena_used;
    char *keys;
    size_t keys_used;
    uint8_t *glyph;         /* GLYPH_MAX^2 scratch */
    long errors;
    long renders;           /* strings rasterized */
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

static void cache_clear(CanvasText *t)
{
    for (int i = 0; i < TEXT_SLOTS; i++) t->e[i].used = 0;
    t->n = 0;
    t->arena_used = 0;
    t->keys_used = 0;
}

int text_open(Canvas *c, Error *err)
{
    CanvasText *t = calloc(1, sizeof *t);
    if (!t) return error_set(err, "text cache: out of memory");
    t->arena = malloc(TEXT_ARENA);
    t->keys = malloc(TEXT_KEYS);
    t->glyph = malloc((size_t)GLYPH_MAX * GLYPH_MAX);
    c->text = t;
    if (!t->arena || !t->keys || !t->glyph) return error_set(err, "text cache: out of memory");
    cache_clear(t);
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
    free(t->arena);
    free(t->keys);
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

static uint32_t hash_text(const char *s, size_t len, int px, int bold)
{
    uint32_t h = 2166136261u ^ (uint32_t)(px * 2 + bold);
    for (size_t i = 0; i < len; i++) h = (h ^ (uint8_t)s[i]) * 16777619u;
    return h;
}

/* A view of rendered text: alpha of pixel (x, y) is base[y*w + x]. */
typedef struct TextView {
    const uint8_t *base;
    int w, h, ascent;
} TextView;

/* Finds or renders s; 0 with *v filled, -1 on error or empty (nothing to draw). */
static int text_get(Canvas *c, const char *s, int px, int bold, TextView *v)
{
    CanvasText *t = c->text;
    memset(v, 0, sizeof *v);
    if (!t || !s || !*s) return -1;
    px = clamp_px(px);
    bold = bold ? 1 : 0;
    Metrics m = metrics(t, px, bold);
    v->ascent = m.ascent;
    size_t len = strlen(s);
    uint32_t h = hash_text(s, len, px, bold);
    unsigned i = h & (TEXT_SLOTS - 1);
    for (;; i = (i + 1) & (TEXT_SLOTS - 1)) {
        TextEntry *e = &t->e[i];
        if (!e->used) break;
        if (e->hash == h && e->px == px && e->bold == bold && e->len == len &&
            !memcmp(t->keys + e->key, s, len)) {
            v->base = t->arena + e->bmp;
            v->w = e->w, v->h = e->h;
            return 0;
        }
    }
    const stbtt_fontinfo *f = &t->face[bold];
    double adv = layout(t, f, m.scale, m.ascent, s, len, NULL, 0, 0);
    int w = (int)ceil(adv), hh = m.height;
    size_t need = (size_t)(w > 0 ? w : 0) * (size_t)hh;
    if (w <= 0) return -1; /* nothing to draw */
    if (need > TEXT_ARENA || len > TEXT_KEYS) {
        t->errors++; /* a single string larger than the whole cache */
        return -1;
    }
    if (t->n >= TEXT_MAX_ENTRIES || t->arena_used + need > TEXT_ARENA ||
        t->keys_used + len > TEXT_KEYS) {
        cache_clear(t);
        i = h & (TEXT_SLOTS - 1);
    }
    while (t->e[i].used) i = (i + 1) & (TEXT_SLOTS - 1);
    TextEntry *e = &t->e[i];
    *e = (TextEntry){h, 1, px, bold, (uint32_t)t->keys_used, (uint32_t)len, t->arena_used, w, hh};
    memcpy(t->keys + t->keys_used, s, len);
    t->keys_used += len;
    uint8_t *dst = t->arena + t->arena_used;
    memset(dst, 0, need);
    layout(t, f, m.scale, m.ascent, s, len, dst, w, hh);
    t->renders++;
    t->arena_used += need;
    t->n++;
    v->base = dst;
    v->w = w, v->h = hh;
    return 0;
}

static int draw_text(Canvas *c, const char *s, double x, double y, int px, int bold, int align,
                     uint32_t color, int up)
{
    TextView v;
    if (text_get(c, s, px, bold, &v) != 0) return 0;
    int h_al = align & 3, v_al = align & 12;
    double ox = h_al == TEXT_CENTER ? v.w / 2.0 : h_al == TEXT_RIGHT ? v.w : 0.0;
    /* TEXT_MIDDLE puts the middle of the capital letters (0.73 em in DejaVu) at y */
    double oy = v_al == TEXT_MIDDLE     ? v.ascent - 0.365 * px
                : v_al == TEXT_BASELINE ? v.ascent
                : v_al == TEXT_BOTTOM   ? v.h
                                        : 0.0;
    if (!(fabs(x) < 1e7 && fabs(y) < 1e7)) return v.w; /* far off: pixels must fit an int */
    if (c->list)
        dlist_add_text(c->list, s, x, y, px, bold, align, color, up, v.w, v.h, v.ascent, ox, oy);
    if (!up) {
        int x0 = (int)floor(x - ox + 0.5), y0 = (int)floor(y - oy + 0.5);
        canvas_blend_mask(c, x0, y0, v.base, v.w, v.h, (size_t)v.w, 1, color);
    } else {
        /* 90 degrees counter-clockwise: text (tx, ty) -> canvas (X + ty, Y - tx - 1) */
        int X = (int)floor(x - oy + 0.5), Y = (int)floor(y + ox + 0.5);
        for (int ty = 0; ty < v.h; ty++)
            for (int tx = 0; tx < v.w; tx++) {
                uint8_t a = v.base[(size_t)ty * v.w + tx];
                if (a) canvas_blend_pixel(c, X + ty, Y - tx - 1, color, a);
            }
    }
    return v.w;
}

int canvas_text(Canvas *c, const char *s, double x, double y, int px, int bold, int align,
                uint32_t color)
{
    return draw_text(c, s, x, y, px, bold, align, color, 0);
}

int canvas_text_up(Canvas *c, const char *s, double x, double y, int px, int bold, int align,
                   uint32_t color)
{
    return draw_text(c, s, x, y, px, bold, align, color, 1);
}

int canvas_text_width(Canvas *c, const char *s, int px, int bold)
{
    TextView v;
    return text_get(c, s, px, bold, &v) == 0 ? v.w : 0;
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
