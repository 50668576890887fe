/* text_cache.h - private to src/plot: the strings both text backends (text.c on
 * SDL_ttf, text_stb.c on stb_truetype) have measured or rasterized, kept between frames.
 *
 * A string is keyed by its bytes and a font number the backend chooses (a font slot,
 * or size and face). An entry holds its width, and its alpha bitmap once it has been
 * drawn: a string only measured (text fitting tries many heads of a narration line,
 * most never drawn) costs the font engine a measurement, not a rasterization.
 *
 * Fixed size (hash table + byte arena, allocated once), in two generations: new
 * strings go into the current one; when it is full it becomes the old one (the
 * previous old one is emptied) and a string found in the old one is copied over
 * instead of measured or rendered again. A training run adds a few strings every step
 * (the step number, values in legends): emptying the whole cache made the next frame
 * render every label again, as slow as the first picture. */
#ifndef RNNSCOPE_PLOT_TEXT_CACHE_H
#define RNNSCOPE_PLOT_TEXT_CACHE_H

#include <stddef.h>
#include <stdint.h>

typedef struct TextCache TextCache;

/* A string and its font, with its hash (text_key). */
typedef struct TextKey {
    const char *s;
    size_t len;
    int font;
    uint32_t hash;
} TextKey;

/* What the cache holds of a string: its width, and its w x h alpha bitmap
 * (row-major, stride w) or NULL while it has only been measured. */
typedef struct TextHit {
    int w, h;
    const uint8_t *bmp;
} TextHit;

TextKey text_key(const char *s, int font);

/* A new empty cache, or NULL when memory runs out; free with text_cache_free. */
TextCache *text_cache_new(void);
void text_cache_free(TextCache *tc);
/* Forgets every string (a backend reuses a font number for another font). */
void text_cache_clear(TextCache *tc);

/* 1 with *hit filled if k is cached, else 0. The bitmap stays valid until the next
 * text_cache_put_*. */
int text_cache_find(TextCache *tc, const TextKey *k, TextHit *hit);
/* Keeps k's width w (measured, not drawn); k was not found. */
void text_cache_put_width(TextCache *tc, const TextKey *k, int w);
/* Room for k's w x h alpha bitmap, for the caller to fill; NULL if one bitmap is larger
 * than the cache can hold (then nothing is kept). k had no bitmap in the cache. */
uint8_t *text_cache_put_bitmap(TextCache *tc, const TextKey *k, int w, int h);

#endif
