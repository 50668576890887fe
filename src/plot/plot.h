/* plot.h - rnnscope's figures: panels and a dashboard of them, drawn onto a Canvas
 * from the engine's runs (run.h). One drawing path for the window and for PNG export.
 * Nothing here allocates after canvas_init (text renders are cached in the canvas). */
#ifndef RNNSCOPE_PLOT_H
#define RNNSCOPE_PLOT_H

#include <stddef.h>

#include "canvas.h"
#include "run.h"

#define PLOT_MAX_RUNS 8 /* runs beyond this are not drawn */

typedef enum { PLOT_THEME_LIGHT, PLOT_THEME_DARK } PlotTheme;

/* What the gradient panel shows against timestep t. */
typedef enum {
    GRAD_MODE_NORM,     /* ||dL/dh_t|| (diag.grad_h, and grad_h_rev for bidirectional runs) */
    GRAD_MODE_JACOBIAN, /* ||dh_{T-1}/dh_t||_2 of example 0 (diag.jac_prod) */
    GRAD_MODE_WHH       /* ||timestep t's contribution to dL/dW_hh|| (diag.whh_contrib) */
} GradMode;

typedef enum {
    PANEL_NONE = -1,
    PANEL_GRADIENT, PANEL_HEATMAP, PANEL_LOSS, PANEL_CLIPPING,
    PANEL_SPECTRUM, PANEL_SENTENCE, PANEL_GATES,
    PANEL_COUNT
} PanelKind;

typedef struct PlotView {
    PlotTheme theme;
    unsigned char visible[PLOT_MAX_RUNS]; /* 1 = draw run i (run i keeps colour i) */
    GradMode grad_mode;
    int cursor;          /* backward cursor k: gradient panel draws only t >= k; -1 = off */
    int highlight;       /* PanelKind drawn with an accent frame, or PANEL_NONE */
    int focus;           /* PanelKind shown alone below the title bar, or PANEL_NONE */
    const char *title;   /* title bar text; NULL = derived from the runs */
    const char *caption; /* narration box text (UTF-8, wrapped); NULL or "" = no box */
    int caption_lines;   /* lines of text the narration box holds, 1..12; 0 = 3 */
    double text_scale;   /* presenter text scale, 1 = normal, clamped to 0.5..3 */
} PlotView;

/* Defaults: light theme, every run visible, ||dL/dh_t||, no cursor, no focus. */
void plot_view_default(PlotView *v);

typedef struct PlotLayout {
    Rect title;   /* title bar with the run legend */
    Rect caption; /* narration box; w = h = 0 if there is none */
    int n;        /* panels placed (small canvases show fewer) */
    PanelKind kind[PANEL_COUNT];
    Rect panel[PANEL_COUNT];
} PlotLayout;

/* Rectangles of the dashboard for a w x h canvas: inside it, not overlapping. */
void plot_layout(int w, int h, const PlotView *view, PlotLayout *out);

/* Draws the whole dashboard (title bar, legend, panels, narration) for runs[0..nruns). */
void plot_dashboard(Canvas *c, Run *const *runs, int nruns, const PlotView *view);

/* How many bytes of text the narration box of plot_dashboard (on canvas c, with view
 * and text as its caption) shows: strlen(text) if all of it fits. Draws nothing. */
size_t plot_caption_fit(Canvas *c, const PlotView *view, const char *text);
/* How many lines text wraps to in that box (its width), however many it holds. */
int plot_caption_lines(Canvas *c, const PlotView *view, const char *text);

/* The run the single-run panels (heatmap, sentence) show: the first visible run that
 * has not diverged, else the first visible one; -1 if none is visible. */
int plot_featured_run(Run *const *runs, int nruns, const PlotView *view);

/* Draws one panel into r (background, title, axes, data). */
void plot_panel(Canvas *c, PanelKind kind, Run *const *runs, int nruns, const PlotView *view,
                Rect r);

/* What is under the pointer at (x, y) of a canvas that plot_dashboard or plot_panel
 * drew last (with the same runs and view). */
typedef struct PlotPick {
    PanelKind kind;
    double x, y;     /* data coordinates under the pointer (x: timestep or step) */
    char text[512];  /* exact values there, lines separated by '\n' */
} PlotPick;

/* 1 and *pk filled if (x, y) is inside a panel's data area, else 0. */
int plot_pick(const Canvas *c, Run *const *runs, int nruns, const PlotView *view, int x, int y,
              PlotPick *pk);

/* "gradient", "heatmap", "loss", "clipping", "spectrum", "sentence", "gates" -> kind;
 * PANEL_NONE for anything else. plot_panel_name is the inverse ("?" if out of range). */
PanelKind plot_panel_from_name(const char *name);
const char *plot_panel_name(PanelKind k);

/* Colour of run i in a theme (Okabe-Ito, colour-blind safe). */
uint32_t plot_run_color(PlotTheme theme, int i);

#endif
