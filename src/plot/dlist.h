/* dlist.h - the drawing list: a figure as a list of drawing commands, the way microui
 * separates its UI from its renderer.
 *
 * Every drawing call of the canvas API (canvas.h) is one command. A canvas draws each
 * call into its pixels at once (the raster backend) and, while a list is attached with
 * canvas_record, also appends the call to that list. A recorded list can be replayed:
 * dlist_replay runs its commands through the same canvas calls, so the replayed pixels
 * equal the directly drawn ones byte for byte (tests/test_dlist.c checks it), and other
 * backends read the commands (src/format/svg.c writes them as SVG). Panels never know
 * which backend draws them.
 *
 * Measuring text (canvas_text_width, canvas_font_height ...) draws nothing and is not
 * recorded. A text command keeps where the raster placed the text, so a backend without
 * the fonts can put it at the same place. */
#ifndef RNNSCOPE_DLIST_H
#define RNNSCOPE_DLIST_H

#include <stddef.h>
#include <stdint.h>

#include "canvas.h"

typedef enum DCmdKind {
    DCMD_CLIP,   /* canvas_clip / canvas_clip_reset: the clip rectangle from here on */
    DCMD_CLEAR,  /* canvas_clear: the clip rectangle, opaque */
    DCMD_RECT,   /* canvas_fill_rect */
    DCMD_PATH,   /* canvas_path_begin: pen width and dash pattern */
    DCMD_MOVE,   /* canvas_path_move */
    DCMD_LINE,   /* canvas_path_line */
    DCMD_END,    /* canvas_path_end: the path's colour */
    DCMD_CIRCLE, /* canvas_circle: a ring */
    DCMD_DISC,   /* canvas_disc */
    DCMD_CONVEX, /* canvas_fill_convex */
    DCMD_MARKER, /* canvas_marker */
    DCMD_TEXT,   /* canvas_text, canvas_text_up */
    DCMD_IMAGE,  /* canvas_image: opaque pixels */
} DCmdKind;

/* Where the raster put a text: its pixel (tx, ty) went to (x0 + tx, y0 + ty), or
 * rotated (up) to (x0 + ty, y0 - tx - 1); w x h pixels, baseline at row ascent. */
typedef struct DTextPlace {
    int x0, y0, w, h, ascent;
} DTextPlace;

typedef struct DCmd {
    DCmdKind kind;
    uint32_t color; /* 0xAARRGGBB: the fill, stroke, text or marker colour */
    union {
        Rect clip;                                  /* CLIP */
        struct { double x, y, w, h; } rect;         /* RECT */
        struct { double width, dash[4]; int ndash; } pen; /* PATH (as given) */
        struct { double x, y; } pt;                 /* MOVE, LINE */
        struct { double x, y, r, width; } circle;   /* CIRCLE, DISC (width unused) */
        struct { size_t xy; int n; } convex;        /* data: n xs, then n ys (doubles) */
        struct { double x, y, size; uint32_t halo; MarkerKind kind; } marker;
        struct {
            size_t s;                               /* data: the string, NUL-terminated */
            double x, y;
            int px, bold, align, up;
            DTextPlace at;
        } text;
        struct { size_t px; Rect r; } image;        /* data: r.w*r.h pixels, row-major */
    } u;
} DCmd;

typedef struct DList {
    int w, h;            /* the canvas size when recording began */
    Rect clip;           /* the clip rectangle when recording began */
    DCmd *cmd;
    size_t n, cap;
    unsigned char *data; /* strings, points and pixels the commands refer to */
    size_t used, data_cap;
    int failed;          /* out of memory: the list is incomplete */
} DList;

/* An empty list (nothing allocated until the first command). */
void dlist_init(DList *l);
void dlist_free(DList *l);

/* Starts recording c's drawing calls into l (emptied first, memory kept for reuse);
 * l = NULL stops. While recording, l must outlive the recording. */
void canvas_record(Canvas *c, DList *l);

/* Replays l onto c (same size as recorded; c must not be recording): the pixels equal
 * those the recorded calls drew, when c held the same pixels before. */
void dlist_replay(const DList *l, Canvas *c);

/* Data of a command: the string of a text, the points of a convex polygon, the
 * pixels of an image. */
static inline const char *dlist_text(const DList *l, const DCmd *c)
{
    return (const char *)(l->data + c->u.text.s);
}
static inline const double *dlist_points(const DList *l, const DCmd *c)
{
    return (const double *)(void *)(l->data + c->u.convex.xy);
}
static inline const uint32_t *dlist_pixels(const DList *l, const DCmd *c)
{
    return (const uint32_t *)(void *)(l->data + c->u.image.px);
}

/* The recorders, called by the canvas API (canvas.c, path.c, text*.c) while c->list is
 * set. dlist_data stores n bytes (8-byte aligned) and returns their offset, to be put
 * into the command; dlist_add appends one command. On running out of memory l->failed
 * is set and nothing more is appended (dlist_data returns 0). */
size_t dlist_data(DList *l, const void *data, size_t n);
void dlist_add(DList *l, const DCmd *c);
/* The text command of one canvas_text call: the call itself (for vector output) and
 * where the raster put its w x h bitmap, offset by (ox, oy) from (x, y), rotated a
 * quarter turn when up (the same for both text renderers, text.c and text_stb.c). */
void dlist_add_text(DList *l, const char *s, double x, double y, int px, int bold, int align,
                    uint32_t color, int up, int w, int h, int ascent, double ox, double oy);

#endif
