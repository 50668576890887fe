/* text_cache.c - measured and rasterized strings kept between frames (text_cache.h). */
#include "text_cache.h"

#include <stdlib.h>
#include <string.h>

#define CACHE_SLOTS 4096 /* hash table, power of two */
#define CACHE_MAX_ENTRIES 3000
#define CACHE_ARENA (12u << 20) /* alpha bytes, each generation */
#define CACHE_KEYS (256u << 10) /* string bytes, each generation */
#define NO_BITMAP ((size_t)-1)  /* an entry only measured */

typedef struct Entry {
    uint32_t hash;
    int font;           /* -1 = empty slot */
    uint32_t key, len;  /* string in keys */
    size_t bmp;         /* alpha (h, w) in arena, or NO_BITMAP */
    int w, h;
} Entry;

typedef struct Gen {
    Entry e[CACHE_SLOTS];
    int n;
    uint8_t *arena;
    size_t arena_used;
    char *keys;
    size_t keys_used;
} Gen;

struct TextCache {
    Gen gen[2]; /* gen[cur]: where new strings go; the other: the old one */
    int cur;
};

TextKey text_key(const char *s, int font)
{
    size_t len = strlen(s);
    uint32_t h = 2166136261u ^ (uint32_t)font;
    for (size_t i = 0; i < len; i++) h = (h ^ (uint8_t)s[i]) * 16777619u;
    return (TextKey){s, len, font, h};
}

static void gen_clear(Gen *g)
{
    for (int i = 0; i < CACHE_SLOTS; i++) g->e[i].font = -1;
    g->n = 0;
    g->arena_used = 0;
    g->keys_used = 0;
}

void text_cache_clear(TextCache *tc)
{
    gen_clear(&tc->gen[0]);
    gen_clear(&tc->gen[1]);
}

void text_cache_free(TextCache *tc)
{
    if (!tc) return;
    for (int k = 0; k < 2; k++) {
        free(tc->gen[k].arena);
        free(tc->gen[k].keys);
    }
    free(tc);
}

TextCache *text_cache_new(void)
{
    TextCache *tc = calloc(1, sizeof *tc);
    if (!tc) return NULL;
    for (int k = 0; k < 2; k++) {
        tc->gen[k].arena = malloc(CACHE_ARENA);
        tc->gen[k].keys = malloc(CACHE_KEYS);
        if (!tc->gen[k].arena || !tc->gen[k].keys) {
            text_cache_free(tc);
            return NULL;
        }
    }
    text_cache_clear(tc);
    return tc;
}

static Entry *gen_find(Gen *g, const TextKey *k)
{
    for (unsigned i = k->hash & (CACHE_SLOTS - 1);; i = (i + 1) & (CACHE_SLOTS - 1)) {
        Entry *e = &g->e[i];
        if (e->font < 0) return NULL;
        if (e->hash == k->hash && e->font == k->font && e->len == k->len &&
            !memcmp(g->keys + e->key, k->s, k->len))
            return e;
    }
}

static int gen_fits(const Gen *g, size_t len, size_t need)
{
    return g->n < CACHE_MAX_ENTRIES && g->arena_used + need <= CACHE_ARENA &&
           g->keys_used + len <= CACHE_KEYS;
}

/* Adds k (w x h, bitmap of need bytes or none) to g, which has room; returns it. */
static Entry *gen_add(Gen *g, const TextKey *k, int w, int h, size_t need, int bitmap)
{
    unsigned i = k->hash & (CACHE_SLOTS - 1);
    while (g->e[i].font >= 0) i = (i + 1) & (CACHE_SLOTS - 1);
    Entry *e = &g->e[i];
    *e = (Entry){k->hash, k->font, (uint32_t)g->keys_used, (uint32_t)k->len,
                 bitmap ? g->arena_used : NO_BITMAP, w, h};
    memcpy(g->keys + g->keys_used, k->s, k->len);
    g->keys_used += k->len;
    if (bitmap) g->arena_used += need;
    g->n++;
    return e;
}

/* The current generation with room for a string of len bytes and a bitmap of need
 * bytes: the old one, emptied, when the current one is full. */
static Gen *gen_room(TextCache *tc, size_t len, size_t need)
{
    Gen *g = &tc->gen[tc->cur];
    if (gen_fits(g, len, need)) return g;
    tc->cur ^= 1;
    g = &tc->gen[tc->cur];
    gen_clear(g);
    return g;
}

static void hit_of(TextHit *hit, const Gen *g, const Entry *e)
{
    hit->w = e->w;
    hit->h = e->h;
    hit->bmp = e->bmp == NO_BITMAP ? NULL : g->arena + e->bmp;
}

int text_cache_find(TextCache *tc, const TextKey *k, TextHit *hit)
{
    Gen *g = &tc->gen[tc->cur], *old = &tc->gen[tc->cur ^ 1];
    const Entry *e = gen_find(g, k);
    if (e) {
        hit_of(hit, g, e);
        return 1;
    }
    if (!(e = gen_find(old, k))) return 0;
    /* seen before the last turn: copied over (bitmap and all) */
    int bitmap = e->bmp != NO_BITMAP;
    size_t need = bitmap ? (size_t)e->w * (size_t)e->h : 0;
    if (!gen_fits(g, k->len, need)) { /* the current one is full too: used from the old one */
        hit_of(hit, old, e);
        return 1;
    }
    Entry *c = gen_add(g, k, e->w, e->h, need, bitmap);
    if (bitmap) memcpy(g->arena + c->bmp, old->arena + e->bmp, need);
    hit_of(hit, g, c);
    return 1;
}

void text_cache_put_width(TextCache *tc, const TextKey *k, int w)
{
    if (k->len > CACHE_KEYS) return;
    gen_add(gen_room(tc, k->len, 0), k, w, 0, 0, 0);
}

uint8_t *text_cache_put_bitmap(TextCache *tc, const TextKey *k, int w, int h)
{
    size_t need = (size_t)w * (size_t)h;
    if (need > CACHE_ARENA || k->len > CACHE_KEYS) return NULL;
    Gen *g = &tc->gen[tc->cur];
    Entry *e = gen_find(g, k); /* measured before: its bitmap added in place */
    if (e && g->arena_used + need <= CACHE_ARENA) {
        e->bmp = g->arena_used;
        e->w = w;
        e->h = h;
        g->arena_used += need;
        return g->arena + e->bmp;
    }
    /* (when e is there but its generation full, the turn leaves it in the old one) */
    g = gen_room(tc, k->len, need);
    return g->arena + gen_add(g, k, w, h, need, 1)->bmp;
}
