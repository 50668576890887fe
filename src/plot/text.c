/* text.c - text on the canvas with SDL_ttf, from fonts embedded in the binary.
 * A string is rendered once per (face, size) with TTF_RenderUTF8_Blended; its alpha
 * is kept in a fixed-size cache (hash table + byte arena, allocated at canvas_init),
 * so a frame that draws the same labels again allocates nothing. The cache has two
 * generations: new strings go into the current one; when it is full it becomes the
 * old one (the previous old one is emptied) and a string found in the old one is
 * copied over instead of rendered again. A training run adds a few strings every step
 * (the step number, values in legends), so the cache fills every few hundred frames:
 * emptying it all made the next frame render every label again, as slow as the first
 * picture. Fonts are opened once per pixel size and kept in a small table (least
 * recently used size closed first; that empties both generations). */
#include "text.h"

#include "dlist.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_FONTS 16
#define TEXT_SLOTS 4096 /* hash table, power of two */
#define TEXT_MAX_ENTRIES 3000
#define TEXT_ARENA (12u << 20) /* alpha bytes, each generation */
#define TEXT_KEYS (256u << 10) /* string bytes, each generation */
#define TEXT_MIN_PX 6
#define TEXT_MAX_PX 400

typedef struct FontSlot {
    TTF_Font *font;
    int px, bold;
    unsigned long used;
} FontSlot;

typedef struct TextEntry {
    uint32_t hash;
    int font;           /* index into fonts, -1 = empty slot */
    uint32_t key, len;  /* string in keys */
    size_t bmp;         /* alpha (h, w) in arena */
    int w, h;
} TextEntry;

typedef struct TextGen {
    TextEntry e[TEXT_SLOTS];
    int n;
    uint8_t *arena;
    size_t arena_used;
    char *keys;
    size_t keys_used;
} TextGen;

struct CanvasText {
    FontSlot fonts[TEXT_FONTS];
    unsigned long tick;
    TextGen gen[2];     /* gen[cur]: where new strings go; the other: the old one */
    int cur;
    long errors;
    long renders;       /* strings rasterized */
    int ttf_up;
};

/* A view of rendered text: alpha of pixel (x, y) is base[y*stride + x*step]. */
typedef struct TextView {
    const uint8_t *base;
    int w, h, stride, step;
    int ascent;
    SDL_Surface *tmp; /* set when the text could not be cached: free after use */
} TextView;

static void gen_clear(TextGen *g)
{
    for (int i = 0; i < TEXT_SLOTS; i++) g->e[i].font = -1;
    g->n = 0;
    g->arena_used = 0;
    g->keys_used = 0;
}

static void cache_clear(CanvasText *t)
{
    gen_clear(&t->gen[0]);
    gen_clear(&t->gen[1]);
}

static void text_free(CanvasText *t)
{
    for (int k = 0; k < 2; k++) {
        free(t->gen[k].arena);
        free(t->gen[k].keys);
    }
    free(t);
}

int text_open(Canvas *c, Error *err)
{
    CanvasText *t = calloc(1, sizeof *t);
    if (!t) return error_set(err, "text cache: out of memory");
    for (int k = 0; k < 2; k++) {
        t->gen[k].arena = malloc(TEXT_ARENA);
        t->gen[k].keys = malloc(TEXT_KEYS);
        if (!t->gen[k].arena || !t->gen[k].keys) {
            text_free(t);
            return error_set(err, "text cache: out of memory");
        }
    }
    cache_clear(t);
    c->text = t;
    if (TTF_Init() != 0) return error_set(err, "SDL_ttf: cannot start: %s", TTF_GetError());
    t->ttf_up = 1;
    /* open the default size now, so a broken font shows at startup, not mid-frame */
    SDL_RWops *rw = SDL_RWFromConstMem(plot_font_regular, (int)plot_font_regular_len);
    TTF_Font *f = rw ? TTF_OpenFontRW(rw, 1, 16) : NULL;
    if (!f) return error_set(err, "embedded font DejaVuSans: cannot open: %s", TTF_GetError());
    t->fonts[0] = (FontSlot){f, 16, 0, 0};
    return 0;
}

void text_close(Canvas *c)
{
    CanvasText *t = c->text;
    if (!t) return;
    for (int i = 0; i < TEXT_FONTS; i++)
        if (t->fonts[i].font) TTF_CloseFont(t->fonts[i].font);
    if (t->ttf_up) TTF_Quit();
    text_free(t);
    c->text = NULL;
}

/* Index of the open font for (px, bold), opening it if needed; -1 on error. */
static int font_get(CanvasText *t, int px, int bold)
{
    if (px < TEXT_MIN_PX) px = TEXT_MIN_PX;
    if (px > TEXT_MAX_PX) px = TEXT_MAX_PX;
    bold = bold ? 1 : 0;
    int lru = 0;
    for (int i = 0; i < TEXT_FONTS; i++) {
        FontSlot *s = &t->fonts[i];
        if (s->font && s->px == px && s->bold == bold) {
            s->used = ++t->tick;
            return i;
        }
        if (!s->font) lru = i; /* an empty slot beats any used one */
        else if (t->fonts[lru].font && s->used < t->fonts[lru].used) lru = i;
    }
    FontSlot *s = &t->fonts[lru];
    if (s->font) {
        TTF_CloseFont(s->font);
        s->font = NULL;
        cache_clear(t); /* entries refer to fonts by slot */
    }
    const unsigned char *data = bold ? plot_font_bold : plot_font_regular;
    unsigned long len = bold ? plot_font_bold_len : plot_font_regular_len;
    SDL_RWops *rw = SDL_RWFromConstMem(data, (int)len);
    TTF_Font *f = rw ? TTF_OpenFontRW(rw, 1, px) : NULL;
    if (!f) {
        t->errors++;
        return -1;
    }
    *s = (FontSlot){f, px, bold, ++t->tick};
    return lru;
}

static uint32_t hash_text(const char *s, size_t len, int font)
{
    uint32_t h = 2166136261u ^ (uint32_t)font;
    for (size_t i = 0; i < len; i++) h = (h ^ (uint8_t)s[i]) * 16777619u;
    return h;
}

/* The entry of s (hash h, font fi) in generation g, or NULL. */
static const TextEntry *gen_find(const TextGen *g, const char *s, size_t len, uint32_t h, int fi)
{
    for (unsigned i = h & (TEXT_SLOTS - 1);; i = (i + 1) & (TEXT_SLOTS - 1)) {
        const TextEntry *e = &g->e[i];
        if (e->font < 0) return NULL;
        if (e->hash == h && e->font == fi && e->len == len && !memcmp(g->keys + e->key, s, len))
            return e;
    }
}

/* Room for a string of len bytes and a bitmap of need bytes in the current generation,
 * which becomes the old one (and the old one, emptied, the current one) when full. */
static TextGen *gen_room(CanvasText *t, size_t len, size_t need)
{
    TextGen *g = &t->gen[t->cur];
    if (g->n < TEXT_MAX_ENTRIES && g->arena_used + need <= TEXT_ARENA &&
        g->keys_used + len <= TEXT_KEYS)
        return g;
    t->cur ^= 1;
    g = &t->gen[t->cur];
    gen_clear(g);
    return g;
}

/* Adds s with a w x h bitmap (its bytes filled by the caller) to g; returns the bitmap. */
static uint8_t *gen_add(TextGen *g, const char *s, size_t len, uint32_t h, int fi, int w, int hh)
{
    unsigned i = h & (TEXT_SLOTS - 1);
    while (g->e[i].font >= 0) i = (i + 1) & (TEXT_SLOTS - 1);
    size_t need = (size_t)w * (size_t)hh;
    g->e[i] = (TextEntry){h, fi, (uint32_t)g->keys_used, (uint32_t)len, g->arena_used, w, hh};
    memcpy(g->keys + g->keys_used, s, len);
    g->keys_used += len;
    uint8_t *dst = g->arena + g->arena_used;
    g->arena_used += need;
    g->n++;
    return dst;
}

static void view_of(TextView *v, const uint8_t *bmp, int w, int h)
{
    v->base = bmp;
    v->w = w;
    v->h = h;
    v->stride = w;
    v->step = 1;
}

/* Finds or renders s; 0 with *v filled, -1 on error (nothing to draw). */
static int text_get(Canvas *c, const char *s, int px, int bold, TextView *v)
{
    CanvasText *t = c->text;
    memset(v, 0, sizeof *v);
    if (!t || !s || !*s) return -1;
    int fi = font_get(t, px, bold);
    if (fi < 0) return -1;
    TTF_Font *font = t->fonts[fi].font;
    v->ascent = TTF_FontAscent(font);
    size_t len = strlen(s);
    uint32_t h = hash_text(s, len, fi);
    const TextEntry *e = gen_find(&t->gen[t->cur], s, len, h, fi);
    if (e) {
        view_of(v, t->gen[t->cur].arena + e->bmp, e->w, e->h);
        return 0;
    }
    const TextGen *old = &t->gen[t->cur ^ 1];
    if ((e = gen_find(old, s, len, h, fi))) { /* drawn before the last turn: copied over */
        size_t need = (size_t)e->w * (size_t)e->h;
        TextGen *g = &t->gen[t->cur];
        if (g->n < TEXT_MAX_ENTRIES && g->arena_used + need <= TEXT_ARENA &&
            g->keys_used + len <= TEXT_KEYS) {
            uint8_t *dst = gen_add(g, s, len, h, fi, e->w, e->h);
            memcpy(dst, old->arena + e->bmp, need);
            view_of(v, dst, e->w, e->h);
        } else { /* the current one is full too: drawn from the old one this once */
            view_of(v, old->arena + e->bmp, e->w, e->h);
        }
        return 0;
    }
    SDL_Color white = {255, 255, 255, 255};
    SDL_Surface *srf = TTF_RenderUTF8_Blended(font, s, white);
    t->renders++;
    if (!srf || srf->format->BytesPerPixel != 4) {
        if (srf) SDL_FreeSurface(srf);
        t->errors++;
        return -1;
    }
    /* alpha byte of an ARGB8888 pixel in memory */
    int aoff = SDL_BYTEORDER == SDL_LIL_ENDIAN ? 3 : 0;
    size_t need = (size_t)srf->w * (size_t)srf->h;
    if (need > TEXT_ARENA || len > TEXT_KEYS) { /* too big to cache: draw from the surface */
        v->base = (const uint8_t *)srf->pixels + aoff;
        v->w = srf->w;
        v->h = srf->h;
        v->stride = srf->pitch;
        v->step = 4;
        v->tmp = srf;
        return 0;
    }
    uint8_t *dst = gen_add(gen_room(t, len, need), s, len, h, fi, srf->w, srf->h);
    for (int y = 0; y < srf->h; y++) {
        const uint8_t *row = (const uint8_t *)srf->pixels + (size_t)y * (size_t)srf->pitch + aoff;
        for (int x = 0; x < srf->w; x++) dst[(size_t)y * (size_t)srf->w + (size_t)x] = row[4 * x];
    }
    view_of(v, dst, srf->w, srf->h);
    SDL_FreeSurface(srf);
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
    /* a label placed at a non-finite or absurd position (a value far off its axis)
     * is not drawn: the pixel positions below must fit an int */
    int far = !(fabs(x) < 1e7 && fabs(y) < 1e7);
    if (!far && c->list)
        dlist_add_text(c->list, s, x, y, px, bold, align, color, up, v.w, v.h, v.ascent, ox, oy);
    if (!far && !up) {
        int x0 = (int)floor(x - ox + 0.5), y0 = (int)floor(y - oy + 0.5);
        canvas_blend_mask(c, x0, y0, v.base, v.w, v.h, (size_t)v.stride, (size_t)v.step, color);
    } else if (!far) {
        /* 90 degrees counter-clockwise: text (tx, ty) -> canvas (X + ty, Y - tx - 1) */
        int X = (int)floor(x - oy + 0.5), Y = (int)floor(y + ox + 0.5);
        for (int ty = 0; ty < v.h; ty++) {
            const uint8_t *row = v.base + (size_t)ty * (size_t)v.stride;
            for (int tx = 0; tx < v.w; tx++) {
                uint8_t a = row[(size_t)tx * (size_t)v.step];
                if (a) canvas_blend_pixel(c, X + ty, Y - tx - 1, color, a);
            }
        }
    }
    int w = v.w;
    if (v.tmp) SDL_FreeSurface(v.tmp);
    return w;
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
    if (text_get(c, s, px, bold, &v) != 0) return 0;
    if (v.tmp) SDL_FreeSurface(v.tmp);
    return v.w;
}

int canvas_font_height(Canvas *c, int px, int bold)
{
    int fi = c->text ? font_get(c->text, px, bold) : -1;
    return fi < 0 ? px : TTF_FontHeight(c->text->fonts[fi].font);
}

int canvas_font_ascent(Canvas *c, int px, int bold)
{
    int fi = c->text ? font_get(c->text, px, bold) : -1;
    return fi < 0 ? px : TTF_FontAscent(c->text->fonts[fi].font);
}

long canvas_text_errors(const Canvas *c)
{
    return (c->text ? c->text->errors : 0) + c->errors;
}

long canvas_text_renders(const Canvas *c)
{
    return c->text ? c->text->renders : 0;
}
