/* style.h - private to src/plot: themes, colours and sizes derived from the canvas. */
#ifndef RNNSCOPE_PLOT_STYLE_H
#define RNNSCOPE_PLOT_STYLE_H

#include "canvas.h"
#include "plot.h"

typedef struct Theme {
    uint32_t bg, panel, border, fg, muted, grid, axis, accent, caption_bg, nan, halo;
    uint32_t factor; /* a second axis's data of its own (the Jacobian's factors): no run's colour */
    uint32_t run[PLOT_MAX_RUNS];
} Theme;

/* Everything a panel needs to size itself. Lengths are pixels. */
typedef struct Style {
    const Theme *th;
    double s;           /* geometric scale: canvas size relative to 1920x1080 */
    double ts;          /* text scale: s * presenter text scale */
    int px_title;       /* dashboard title */
    int px_panel;       /* panel titles (bold) */
    int px_label;       /* axis labels, notes */
    int px_tick;        /* tick labels, legends */
    int px_narration;   /* the narration box */
    double line_w;      /* data lines */
    double thin_w;      /* axes, reference lines */
    double marker;      /* marker diameter */
    double pad;         /* spacing unit */
} Style;

const Theme *style_theme(PlotTheme t);
void style_init(Style *st, const Canvas *c, const PlotView *v);
/* The text sizes of st for the text scale ts (canvas scale times the view's). */
void style_text_scale(Style *st, double ts);
/* Font size for a size at 1920x1080 (base) under text scale ts, never below 10 px. */
int style_px(double base, double ts);
/* Viridis colour map, v in [0, 1] (clamped); an 11-stop sRGB approximation. */
uint32_t style_viridis(double v);
/* Black or white, whichever reads better on background bg. */
uint32_t style_ink_on(uint32_t bg);
/* Colour with alpha a (0..255). */
uint32_t style_alpha(uint32_t color, int a);

#endif
