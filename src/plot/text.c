/* text.c - text on the canvas with SDL_ttf, from fonts embedded in the binary.
 * A string drawn is rendered once per (face, size) with TTF_RenderUTF8_Blended and its
 * alpha kept in the text cache (text_cache.h), so a frame that draws the same labels
 * again allocates nothing; a string only measured is sized with TTF_SizeUTF8, the
 * measurement TTF_RenderUTF8_Blended makes its surface from (same width), without
 * rasterizing it. Fonts are opened once per pixel size and kept in a small table
 * (least recently used size closed first; that empties the cache). */
#include "text.h"

#include "text_cache.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_FONTS 16
#define TEXT_MIN_PX 6
#define TEXT_MAX_PX 400

typedef struct FontSlot {
    TTF_Font *font;
    int px, bold;
    unsigned long used;
} FontSlot;

struct CanvasText {
    FontSlot fonts[TEXT_FONTS];
    unsigned long tick;
    TextCache *cache;   /* keyed by font slot */
    long errors;
    long renders;       /* strings the font engine measured or rasterized (cache misses) */
    int ttf_up;
};

int text_open(Canvas *c, Error *err)
{
    CanvasText *t = calloc(1, sizeof *t);
    if (!t || !(t->cache = text_cache_new())) {
        free(t);
        return error_set(err, "text cache: out of memory");
    }
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
    text_cache_free(t->cache);
    free(t);
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
        text_cache_clear(t->cache); /* entries refer to fonts by slot */
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

int text_view(Canvas *c, const char *s, int px, int bold, TextView *v)
{
    CanvasText *t = c->text;
    memset(v, 0, sizeof *v);
    if (!t || !s || !*s) return -1;
    int fi = font_get(t, px, bold);
    if (fi < 0) return -1;
    TTF_Font *font = t->fonts[fi].font;
    v->ascent = TTF_FontAscent(font);
    TextKey k = text_key(s, fi);
    TextHit hit;
    if (text_cache_find(t->cache, &k, &hit) && hit.bmp) {
        v->base = hit.bmp;
        v->w = v->stride = hit.w;
        v->h = hit.h;
        v->step = 1;
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
    uint8_t *dst = text_cache_put_bitmap(t->cache, &k, srf->w, srf->h);
    if (!dst) { /* too big to cache: draw from the surface */
        v->base = (const uint8_t *)srf->pixels + aoff;
        v->w = srf->w;
        v->h = srf->h;
        v->stride = srf->pitch;
        v->step = 4;
        v->tmp = srf; /* freed by text_view_done */
        return 0;
    }
    for (int y = 0; y < srf->h; y++) {
        const uint8_t *row = (const uint8_t *)srf->pixels + (size_t)y * (size_t)srf->pitch + aoff;
        for (int x = 0; x < srf->w; x++) dst[(size_t)y * (size_t)srf->w + (size_t)x] = row[4 * x];
    }
    v->base = dst;
    v->w = v->stride = srf->w;
    v->h = srf->h;
    v->step = 1;
    SDL_FreeSurface(srf);
    return 0;
}

void text_view_done(TextView *v)
{
    if (v->tmp) SDL_FreeSurface(v->tmp);
    v->tmp = NULL;
}

int canvas_text_width(Canvas *c, const char *s, int px, int bold)
{
    CanvasText *t = c->text;
    if (!t || !s || !*s) return 0;
    int fi = font_get(t, px, bold);
    if (fi < 0) return 0;
    TextKey k = text_key(s, fi);
    TextHit hit;
    if (text_cache_find(t->cache, &k, &hit)) return hit.w;
    int w = 0, h = 0;
    t->renders++;
    /* (a string of zero width counts as an error, as TTF_RenderUTF8_Blended fails on it) */
    if (TTF_SizeUTF8(t->fonts[fi].font, s, &w, &h) != 0 || w <= 0) {
        t->errors++;
        return 0;
    }
    text_cache_put_width(t->cache, &k, w);
    return w;
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
