/* dlist.c - the drawing list: recording (called by the canvas API) and replay onto a
 * raster canvas. The list grows by doubling and keeps its memory when emptied, so a
 * figure recorded again (a window frame) allocates nothing once it has its size. */
#include "dlist.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void dlist_init(DList *l)
{
    memset(l, 0, sizeof *l);
}

void dlist_free(DList *l)
{
    free(l->cmd);
    free(l->data);
    memset(l, 0, sizeof *l);
}

void canvas_record(Canvas *c, DList *l)
{
    c->list = l;
    if (!l) return;
    l->n = 0;
    l->used = 0;
    l->failed = 0;
    l->w = c->w;
    l->h = c->h;
    l->clip = c->clip;
}

/* Room for `more` items of `size` bytes after `have` in *buf of *cap items; 0 or -1. */
static int grow(void **buf, size_t *cap, size_t have, size_t more, size_t size)
{
    if (have + more <= *cap) return 0;
    size_t cap2 = *cap ? *cap : 256;
    while (cap2 < have + more) {
        if (cap2 > ((size_t)-1 / 2) / size) return -1;
        cap2 *= 2;
    }
    void *p = realloc(*buf, cap2 * size);
    if (!p) return -1;
    *buf = p;
    *cap = cap2;
    return 0;
}

size_t dlist_data(DList *l, const void *data, size_t n)
{
    if (l->failed) return 0;
    size_t at = (l->used + 7) & ~(size_t)7;
    void *buf = l->data;
    if (at < l->used || grow(&buf, &l->data_cap, at, n + 1, 1)) {
        l->failed = 1;
        return 0;
    }
    l->data = buf;
    memset(l->data + l->used, 0, at - l->used); /* the padding too: equal lists, equal bytes */
    memcpy(l->data + at, data, n);
    l->data[at + n] = 0; /* strings stay terminated */
    l->used = at + n + 1;
    return at;
}

void dlist_add(DList *l, const DCmd *c)
{
    if (l->failed) return;
    void *buf = l->cmd;
    if (grow(&buf, &l->cap, l->n, 1, sizeof *l->cmd)) {
        l->failed = 1;
        return;
    }
    l->cmd = buf;
    l->cmd[l->n++] = *c;
}

void dlist_add_text(DList *l, const char *s, double x, double y, int px, int bold, int align,
                    uint32_t color, int up, int w, int h, int ascent, double ox, double oy)
{
    DCmd d = {.kind = DCMD_TEXT, .color = color};
    d.u.text.x = x, d.u.text.y = y;
    d.u.text.px = px, d.u.text.bold = bold, d.u.text.align = align, d.u.text.up = up;
    d.u.text.at = up ? (DTextPlace){(int)floor(x - oy + 0.5), (int)floor(y + ox + 0.5), w, h, ascent}
                     : (DTextPlace){(int)floor(x - ox + 0.5), (int)floor(y - oy + 0.5), w, h, ascent};
    d.u.text.s = dlist_data(l, s, strlen(s));
    dlist_add(l, &d);
}

/* One command through the canvas API (c is not recording). */
static void replay_one(const DList *l, const DCmd *d, Canvas *c)
{
    switch (d->kind) {
    case DCMD_CLIP:
        canvas_clip(c, d->u.clip);
        break;
    case DCMD_CLEAR:
        canvas_clear(c, d->color);
        break;
    case DCMD_RECT:
        canvas_fill_rect(c, d->u.rect.x, d->u.rect.y, d->u.rect.w, d->u.rect.h, d->color);
        break;
    case DCMD_PATH:
        canvas_path_begin(c, d->u.pen.width, d->u.pen.ndash ? d->u.pen.dash : NULL, d->u.pen.ndash);
        break;
    case DCMD_MOVE:
        canvas_path_move(c, d->u.pt.x, d->u.pt.y);
        break;
    case DCMD_LINE:
        canvas_path_line(c, d->u.pt.x, d->u.pt.y);
        break;
    case DCMD_END:
        canvas_path_end(c, d->color);
        break;
    case DCMD_CIRCLE:
        canvas_circle(c, d->u.circle.x, d->u.circle.y, d->u.circle.r, d->u.circle.width, d->color);
        break;
    case DCMD_DISC:
        canvas_disc(c, d->u.circle.x, d->u.circle.y, d->u.circle.r, d->color);
        break;
    case DCMD_CONVEX: {
        const double *xy = dlist_points(l, d);
        canvas_fill_convex(c, xy, xy + d->u.convex.n, d->u.convex.n, d->color);
        break;
    }
    case DCMD_MARKER:
        canvas_marker(c, d->u.marker.kind, d->u.marker.x, d->u.marker.y, d->u.marker.size, d->color,
                      d->u.marker.halo);
        break;
    case DCMD_TEXT:
        if (d->u.text.up)
            canvas_text_up(c, dlist_text(l, d), d->u.text.x, d->u.text.y, d->u.text.px,
                           d->u.text.bold, d->u.text.align, d->color);
        else
            canvas_text(c, dlist_text(l, d), d->u.text.x, d->u.text.y, d->u.text.px, d->u.text.bold,
                        d->u.text.align, d->color);
        break;
    case DCMD_IMAGE:
        canvas_image(c, d->u.image.r, dlist_pixels(l, d));
        break;
    }
}

void dlist_replay(const DList *l, Canvas *c)
{
    assert(!c->list && c->w == l->w && c->h == l->h);
    canvas_clip(c, l->clip);
    for (size_t i = 0; i < l->n; i++) replay_one(l, &l->cmd[i], c);
}
