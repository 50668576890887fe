/* panels.h - private to src/plot: one function per panel, each drawing into r. */
#ifndef RNNSCOPE_PLOT_PANELS_H
#define RNNSCOPE_PLOT_PANELS_H

#include "axes.h"
#include "plot.h"
#include "style.h"

/* What every panel gets. runs[i] keeps colour i; hidden runs are skipped. */
typedef struct PanelCtx {
    Canvas *c;
    const Style *st;
    const PlotView *v;
    Run *const *runs;
    int nruns;       /* at most PLOT_MAX_RUNS */
    int highlight;
    PanelKind kind;
    unsigned shown;  /* bit k: panel k is on the dashboard (one panel alone: 0) */
} PanelCtx;

/* Records the data area of this panel in the canvas (for plot_pick). */
void panel_register(const PanelCtx *p, const Axes *ax);

/* Tells the view's facts (tests) that the panel drew a label it asked to place on its
 * plot: how (PLOT_LABEL_*), and a text of the figure that says it. */
void panel_label_fact(const PanelCtx *p, int how, const char *text);

/* 1 if run i exists and is visible. */
int panel_run_visible(const PanelCtx *p, int i);
/* 1 if run i's values set a panel's value axis: visible, and not diverged while
 * another visible run still trains (its numbers before blowing up would squash
 * every healthy run into a line; its own line then leaves the plot at the edge).
 * The panel a lesson highlights scales to every visible run: there the blow-up
 * itself may be the point (lesson 3). */
int panel_in_scale(const PanelCtx *p, int i);
/* Index of the first visible run, or -1. */
int panel_first_visible(const PanelCtx *p);
/* Colour of run i: the theme's run colour of its slot (plot_run_slot). */
uint32_t panel_run_color(const PanelCtx *p, int i);
/* Run i's marker shape: its slot's (plot_run_marker). */
MarkerKind panel_run_marker(const PanelCtx *p, int i);
/* 1 when run lines carry their run's marker: three or more runs shown, where colour
 * alone does not tell them apart from the back row. */
int panel_run_marks(const PanelCtx *p);

/* The colour scale of the sentence strip and heatmap (shade.c): log10 of a gradient
 * norm on viridis over [lo, hi], grey for zeros and values that are not finite. */
typedef struct Shade {
    double lo, hi;
} Shade;
Shade shade_of_view(const PlotView *v);
uint32_t shade_color(const Style *st, Shade s, double g);
/* The colour bar of s in bar, with ticks and "10^k" labels to its right (vertical) or
 * below it (horizontal); the labels' widest width. */
void shade_bar(const PanelCtx *p, Shade s, Rect bar, int vertical);
double shade_bar_label_width(const PanelCtx *p, Shade s);
/* A number for people: 0.268, 1.2·10⁵, 3.2·10⁻³⁴ (digits significant digits). */
void format_sci(char *buf, size_t n, double v, int digits);

/* What reaches each word: the per-timestep gradient the sentence strip shades and the
 * heatmap shows over training, and its name on screen. */
const double *panel_word_grad(const Run *r);
const double *panel_word_grad_hist(const History *h);
extern const char panel_word_grad_name[];

/* The tooltip line of run i for the gradient panel (words: 1) and the heatmap (words: 0):
 * mode m's series at the cursor and at T-1 and their ratio (panel_gradient.c). */
void panel_describe_grad(PlotLines *l, Run *const *runs, int nruns, const PlotView *v, int i,
                         GradMode m, int words);

/* Readouts of the view (lesson `readout:` lines) as a block at the top of r, in run
 * colours; returns its height (0 if there are none or this panel is not highlighted). */
int panel_readouts(const PanelCtx *p, Rect r);
/* A panel with nothing recorded yet: its readouts, and "no training steps recorded yet"
 * under them. */
void panel_no_steps(const PanelCtx *p, Rect ct);
/* The height panel_readouts would take in r, drawing nothing; *natural gets the width
 * they take unbroken, *over the number of lines too wide for r even broken (either may
 * be NULL). */
int panel_readouts_height(const PanelCtx *p, Rect r, double *natural, int *over);
/* The longest head of s, cut at a space, whose width at px fits in maxw, copied into
 * head; returns the rest (after the spaces), or NULL if no head fits or s has no space. */
const char *panel_text_head(Canvas *c, const char *s, int px, int bold, double maxw, char *head,
                            size_t n);

/* Where the pointer is, for a panel's pick function: (x, y) in the data coordinates of
 * the area the panel registered (x_per_px: data units of x per pixel), or the index of
 * the spot (a word of the sentence strip) it registered. */
typedef struct PanelPickAt {
    Run *const *runs;
    int nruns;
    const PlotView *v;
    double x, y, x_per_px;
    int index;
} PanelPickAt;

/* A panel: one of these in the panel's own file, named panel_<name>_def, for each row of
 * panel_list.h (whose columns say where the layout puts it). Only draw is required. */
typedef struct PanelDef {
    const char *help; /* one line: what the panel shows (plot_panel_help, --help) */
    /* Draws the panel into r: background, title, axes, data; registers its data area
     * (panel_register) or spots for picking. */
    void (*draw)(const PanelCtx *p, Rect r);
    /* The exact values under the pointer in the panel's data area, as lines. */
    void (*pick)(PlotLines *l, const PanelPickAt *at);
    /* The same for a spot the panel registered (at->index). */
    void (*pick_spot)(PlotLines *l, const PanelPickAt *at);
    /* What the panel shows of run i at its latest step (plot_panel_describe). */
    void (*describe)(PlotLines *l, Run *const *runs, int nruns, const PlotView *v, int i);
    /* The numbers it plots (plot_panel_csv), rows written with panel_row. */
    void (*csv)(const PlotRows *out, Run *const *runs, int nruns, const PlotView *v);
    /* 1 if the panel has something to show for run r; NULL: every run. */
    int (*applies)(const Run *r);
} PanelDef;

#define PLOT_PANEL_DEF_(id, name, wide, tall, keep, side, strip) extern const PanelDef panel_##name##_def;
PLOT_PANELS(PLOT_PANEL_DEF_)
#undef PLOT_PANEL_DEF_

/* The definition of panel k (k in [0, PANEL_COUNT)). */
const PanelDef *panel_def(PanelKind k);

/* One CSV row of panel k through out. */
static inline void panel_row(const PlotRows *out, PanelKind k, int run, const char *series,
                             double x, double y, double z, const char *text)
{
    out->row(out->ctx, k, run, series, x, y, z, text);
}

/* 1 if run i of runs[0..nruns) exists and the view shows it. */
int panel_visible(const PlotView *v, Run *const *runs, int nruns, int i);
/* History entry nearest to training step s (entries in increasing order); -1 if none. */
int panel_hist_nearest(const History *h, double s);
/* The pick of a panel plotted over training steps: "step k", then line(l, run, entry) for
 * each visible run's history entry nearest to the pointer. */
void panel_pick_hist(PlotLines *l, const PanelPickAt *at,
                     void (*line)(PlotLines *l, const Run *r, const HistEntry *e));
/* v with 4 significant digits for a pick (format_number; b holds 32 bytes). */
const char *panel_pick_num(char *b, double v);
/* v for a tooltip of the latest numbers: 4 significant digits, NaN/inf spelled out. */
const char *panel_tip_num(char *b, size_t n, double v);

/* A line through (xs[i], ys[i]) for i in [i0, i1), broken at points that cannot be
 * drawn (NaN, inf, <= 0 on a log axis). Returns the number of points drawn and the
 * last drawn point in *lx, *ly (NaN if none). */
int panel_series(const PanelCtx *p, const Axes *ax, const double *xs, const double *ys,
                 int i0, int i1, int stride, double yscale, uint32_t color, const double *dash,
                 int ndash, double *lx, double *ly);

/* The same for a history field against the training step. */
int panel_hist_series(const PanelCtx *p, const Axes *ax, const History *h,
                      double (*get)(const HistEntry *e), uint32_t color, const double *dash,
                      int ndash, double *lx, double *ly);

/* The last drawable point of that series (NaN if none). */
void panel_hist_last(const Axes *ax, const History *h, double (*get)(const HistEntry *e),
                     double *lx, double *ly);

/* A row of keys (legend samples) starting at (x, y); returns the height used (0 if none). */
typedef struct Key {
    const char *label;
    uint32_t color;
    int dash;   /* -1 solid, else DASH_* */
    int mark;   /* KEY_LINE, KEY_TICK, KEY_TEXT or a MarkerKind */
} Key;
int panel_keys(const PanelCtx *p, Rect r, const Key *keys, int n);
/* The height panel_keys would take in r, drawing nothing; *cuts (if not NULL) gets how
 * many keys it would cut short. */
int panel_keys_measure(const PanelCtx *p, Rect r, const Key *keys, int n, int *cuts);
/* Keys one per row from (x, y) down; the widest key's width. */
void panel_keys_column(const PanelCtx *p, double x, double y, const Key *keys, int n);
int panel_keys_column_width(const PanelCtx *p, const Key *keys, int n);

/* The least share of its panel's height a highlighted panel's plot (data area) keeps
 * under its readouts and keys (tests/test_app_layout.c checks it). */
#define PANEL_PLOT_FLOOR 0.45
/* The least share the plot of a panel not highlighted keeps under its keys when the
 * panel is wide enough for them beside it (keys in a column). */
#define PANEL_PLOT_USABLE 0.30
/* Draws the view's readouts and the keys in ct (when draw is 1) and returns the
 * rectangle left for the axes of sp: readouts and keys above the plot, or, when the
 * panel r is wide and stacked above they would leave the plot under PANEL_PLOT_FLOOR
 * of r's height, the keys in a column at the right of the plot, or the readouts (and
 * the keys under them when they fit) in that column, the plot's data keeping min_w of
 * r's width. */
Rect panel_keys_plot(const PanelCtx *p, Rect r, Rect ct, const AxesSpec *sp, const Key *keys,
                     int n, int draw, double min_w);
/* The same, the keys alone in that column only where the plot's data keeps keys_min_w
 * of r's width (the gradient panel's slopes inset beside it). */
Rect panel_keys_plot_w(const PanelCtx *p, Rect r, Rect ct, const AxesSpec *sp, const Key *keys,
                       int n, int draw, double min_w, double keys_min_w);
/* The least width (share of the panel's) a plot keeps beside the readouts: 450 px of a
 * curve at 1080p; a plot with notes inside (the clipping panel's first clip, beside the
 * threshold's label) needs more. */
#define PANEL_PLOT_MIN_W 0.40
#define PANEL_PLOT_MIN_W_NOTES 0.55

#endif
