/* text_draw.c - canvas_text and canvas_text_up for both text backends: the string as
 * the backend renders it (text_view, in text.c or text_stb.c), aligned at (x, y),
 * recorded in the canvas's drawing list and blended onto the canvas. */
#include "text.h"

#include "dlist.h"

#include <math.h>

static int draw_text(Canvas *c, const char *s, double x, double y, int px, int bold, int align,
                     uint32_t color, int up)
{
    TextView v;
    if (text_view(c, s, px, bold, &v) != 0) return 0;
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
    text_view_done(&v);
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
