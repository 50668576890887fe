/* canvas.h - a CPU pixel buffer (32-bit ARGB) with anti-aliased shapes and text.
 * The one drawing surface of rnnscope: the window blits it to a texture, the PNG
 * exporter encodes it. Knows nothing about windows or files.
 *
 * Coordinates are pixels (double), origin top-left; pixel (i, j) covers
 * [i, i+1) x [j, j+1), its centre is (i+0.5, j+0.5). Colours are 0xAARRGGBB;
 * the canvas itself stays opaque, drawing colours may be translucent.
 *
 * Anti-aliasing is analytic: a stroke's coverage of a pixel is
 * clamp(width/2 + 1/2 - distance(pixel centre, centre line), 0, 1), and a path's
 * coverage is the maximum over its pieces (no double-blending at joints), then
 * composited once. Everything is integer/IEEE arithmetic: same input, same bytes.
 *
 * Each drawing call is also one command of a drawing list while one is attached
 * (canvas_record, dlist.h): the list can be replayed here or written by another
 * backend (SVG). Measuring text is not drawing and is not recorded. */
#ifndef RNNSCOPE_CANVAS_H
#define RNNSCOPE_CANVAS_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef struct Rect {
    int x, y, w, h;
} Rect;

typedef struct CanvasText CanvasText; /* fonts and rendered-text cache (text.c) */
struct DList;                           /* a drawing list (dlist.h) */

/* A data rectangle and its axis ranges, left by whoever drew it so a pointer position
 * can be mapped back to data (plot_pick). For a log axis the range is in log10 units. */
typedef struct CanvasArea {
    int tag;              /* e.g. a PanelKind */
    Rect area;
    double x_lo, x_hi, y_lo, y_hi;
    int ylog;
} CanvasArea;

#define CANVAS_MAX_AREAS 8

/* A rectangle standing for one item (a word of the sentence strip), left by whoever
 * drew it so a pointer position can be mapped back to the item (plot_pick). */
typedef struct CanvasSpot {
    int tag;              /* e.g. a PanelKind */
    int index;            /* the item, e.g. a timestep */
    Rect r;
} CanvasSpot;

#define CANVAS_MAX_SPOTS 256

typedef struct Canvas {
    int w, h;
    uint32_t *px;        /* (h, w) 0xAARRGGBB, row-major, stride w */
    double scale;        /* size relative to the 1920x1080 design: canvas_scale_for(w, h) */
    Rect clip;           /* drawing is limited to this rectangle */
    /* private: coverage of the path being built (path.c) */
    uint8_t *cov;        /* (h, w) 0..255 */
    int *span0, *span1;  /* (h) touched x-range [span0, span1) of each row of cov */
    int dirty0, dirty1;  /* touched rows [dirty0, dirty1) */
    double pen_w;        /* path state: width, dash pattern, phase, last point */
    double dash[4];
    int ndash;
    double dash_pos;
    int pen_down;
    double pen_x, pen_y;
    CanvasText *text;
    struct DList *list;  /* drawing calls are recorded here when set (canvas_record) */
    uint32_t *image;     /* canvas_image_buffer's pixels, grown on first use */
    size_t image_cap;
    long errors;         /* drawing calls that failed for want of memory */
    CanvasArea areas[CANVAS_MAX_AREAS]; /* what was drawn where, latest frame */
    int nareas;
    CanvasSpot spots[CANVAS_MAX_SPOTS];  /* items drawn where, latest frame */
    int nspots;
} Canvas;

/* Allocates a w x h canvas (1..16384 each) and opens the embedded fonts (SDL_ttf,
 * no video needed). Returns 0, or -1 with err set. Free with canvas_free. */
int canvas_init(Canvas *c, int w, int h, Error *err);
void canvas_free(Canvas *c);
/* Changes the size (contents undefined afterwards); keeps fonts. 0 or -1. */
int canvas_resize(Canvas *c, int w, int h, Error *err);

/* Scale of a w x h canvas relative to the 1920x1080 design (1080x1920 if portrait):
 * a 3840x2160 canvas has scale 2 and looks like a sharper 1920x1080. */
double canvas_scale_for(int w, int h);

/* Whole-canvas rectangle, and helpers for rectangles. */
Rect canvas_rect(const Canvas *c);
Rect rect_inset(Rect r, int dx, int dy);
int rect_overlap(Rect a, Rect b);  /* 1 if the interiors intersect */
Rect rect_and(Rect a, Rect b);     /* their intersection (w or h 0 where they do not meet) */
int rect_inside(Rect inner, Rect outer);

/* Limits drawing to r (intersected with the canvas); canvas_clip_reset undoes it. */
void canvas_clip(Canvas *c, Rect r);
void canvas_clip_reset(Canvas *c);

/* Filling (within the clip rectangle). canvas_clear sets every pixel, opaque;
 * rectangles with fractional edges get fractional coverage. */
void canvas_clear(Canvas *c, uint32_t color);
void canvas_fill_rect(Canvas *c, double x, double y, double w, double h, uint32_t color);
/* dst <- src*a + dst*(1-a) per channel, a in 0..255, rounded; result opaque. */
static inline uint32_t canvas_blend(uint32_t d, uint32_t s, unsigned a)
{
    unsigned ia = 255u - a;
    unsigned r = (((s >> 16) & 255u) * a + ((d >> 16) & 255u) * ia + 127u) / 255u;
    unsigned g = (((s >> 8) & 255u) * a + ((d >> 8) & 255u) * ia + 127u) / 255u;
    unsigned b = ((s & 255u) * a + (d & 255u) * ia + 127u) / 255u;
    return 0xFF000000u | r << 16 | g << 8 | b;
}
void canvas_blend_pixel(Canvas *c, int x, int y, uint32_t color, int alpha);
/* canvas_blend_pixel(c, x0 + tx, y0 + ty, color, mask[ty*stride + tx*step]) for each
 * tx < w, ty < h, with the clip rectangle met once instead of at every pixel (text). */
void canvas_blend_mask(Canvas *c, int x0, int y0, const uint8_t *mask, int w, int h,
                       size_t stride, size_t step, uint32_t color);

/* Paths: begin, move/line to points, end composites them in one colour.
 * dash = NULL or ndash (<= 4, even) on/off lengths in pixels; round caps. */
void canvas_path_begin(Canvas *c, double width, const double *dash, int ndash);
void canvas_path_move(Canvas *c, double x, double y);
void canvas_path_line(Canvas *c, double x, double y);
void canvas_path_end(Canvas *c, uint32_t color);

/* One-shot shapes. */
void canvas_line(Canvas *c, double x0, double y0, double x1, double y1, double width,
                 uint32_t color);
void canvas_dashed_line(Canvas *c, double x0, double y0, double x1, double y1, double width,
                        const double *dash, int ndash, uint32_t color);
void canvas_circle(Canvas *c, double cx, double cy, double r, double width, uint32_t color);
void canvas_disc(Canvas *c, double cx, double cy, double r, uint32_t color);
/* Convex polygon (n <= 16 vertices, either orientation). */
void canvas_fill_convex(Canvas *c, const double *xs, const double *ys, int n, uint32_t color);

typedef enum {
    MARK_CIRCLE, MARK_SQUARE, MARK_DIAMOND, MARK_TRIANGLE, MARK_CROSS, MARK_TRIANGLE_DOWN, MARK_PLUS
} MarkerKind;
/* A marker's outline, shared by the raster and the SVG: a disc of radius r (n = 0), a
 * convex polygon of n vertices, or (strokes = 1) two strokes of half-width hw from
 * (xs[0], ys[0]) to (xs[1], ys[1]) and from (xs[2], ys[2]) to (xs[3], ys[3]). */
typedef struct MarkerShape {
    int n, strokes;
    double r, hw, xs[4], ys[4];
} MarkerShape;
/* The outline of a marker of radius rad centred at (x, y), grown by grow (its halo). */
void marker_shape(MarkerKind kind, double x, double y, double rad, double grow, MarkerShape *m);
/* A marker of diameter size centred at (x, y), with a ring of `halo` colour around it
 * (alpha 0 = no halo) so it stays visible on top of lines. */
void canvas_marker(Canvas *c, MarkerKind kind, double x, double y, double size, uint32_t color,
                   uint32_t halo);

/* Opaque pixels: r.w x r.h of them (row-major, 0xAARRGGBB, alpha ignored) put at r,
 * within the clip rectangle. A backend may scale them (the SVG's embedded PNG). */
void canvas_image(Canvas *c, Rect r, const uint32_t *px);
/* A buffer of w x h pixels to fill and pass to canvas_image, owned by the canvas and
 * reused by the next call; NULL if memory ran out (counted in canvas_text_errors). */
uint32_t *canvas_image_buffer(Canvas *c, int w, int h);

/* Text (UTF-8), DejaVu Sans. px is the font size in pixels; bold selects the bold face.
 * align combines one horizontal and one vertical flag. Returns the advance width. */
enum {
    TEXT_LEFT = 0, TEXT_CENTER = 1, TEXT_RIGHT = 2,
    TEXT_TOP = 0, TEXT_MIDDLE = 4, TEXT_BASELINE = 8, TEXT_BOTTOM = 12
};
int canvas_text(Canvas *c, const char *s, double x, double y, int px, int bold, int align,
                uint32_t color);
/* The same, rotated 90 degrees counter-clockwise (reads bottom to top); (x, y) is the
 * anchor after rotation: TEXT_CENTER|TEXT_MIDDLE centres it there. */
int canvas_text_up(Canvas *c, const char *s, double x, double y, int px, int bold, int align,
                   uint32_t color);
/* Width of s in pixels (0 for "" or on error); line metrics of a font size. */
int canvas_text_width(Canvas *c, const char *s, int px, int bold);
int canvas_font_height(Canvas *c, int px, int bold); /* ascent - descent */
int canvas_font_ascent(Canvas *c, int px, int bold);
/* Fitting text to maxw pixels (text_fit.c):
 * canvas_text_head: the longest head of s, cut at a space, that fits, copied into head
 *   (n bytes); returns the rest (after the spaces), or NULL if no head fits or s has no
 *   space.
 * canvas_text_wrap: the next line of a word-wrapped text *s into line (n bytes): as many
 *   words as fit, at least one (a wider one whole); a '\n' ends a line. Advances *s;
 *   0 at the end of the text.
 * canvas_text_ellipsis: cuts s (a buffer of n bytes) at a character, without trailing
 *   spaces, and ends it with an ellipsis, keeping as much as fits with it. */
const char *canvas_text_head(Canvas *c, const char *s, int px, int bold, double maxw, char *head,
                             size_t n);
int canvas_text_wrap(Canvas *c, const char **s, int px, int bold, double maxw, char *line, size_t n);
void canvas_text_ellipsis(Canvas *c, char *s, size_t n, int px, int bold, double maxw);
/* Counts text renders and images that failed (font or memory errors); drawing goes
 * on without them. */
long canvas_text_errors(const Canvas *c);
/* Counts the strings the font engine rasterized (not found in the text cache). */
long canvas_text_renders(const Canvas *c);

#endif
