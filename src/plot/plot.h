/* plot.h - rnnscope's figures: panels and a dashboard of them, drawn onto a Canvas
 * from the engine's runs (run.h). One drawing path for the window and for PNG export.
 * Nothing here allocates after canvas_init (text renders are cached in the canvas). */
#ifndef RNNSCOPE_PLOT_H
#define RNNSCOPE_PLOT_H

#include <stddef.h>

#include "canvas.h"
#include "panel_list.h"
#include "run.h"

#define PLOT_MAX_RUNS 8 /* runs beyond this are not drawn */

typedef enum { PLOT_THEME_LIGHT, PLOT_THEME_DARK } PlotTheme;

/* What the gradient panel shows against timestep t. */
typedef enum {
    GRAD_MODE_NORM,     /* ||dL/dh_t|| (diag.grad_h, and grad_h_rev for bidirectional runs) */
    GRAD_MODE_JACOBIAN, /* ||dh_{T-1}/dh_t||_2 of example 0 (diag.jac_prod) */
    GRAD_MODE_WHH,      /* ||timestep t's contribution to dL/dW_hh|| (diag.whh_contrib) */
    GRAD_MODE_WORD      /* ||dL/dx_t|| of every run (diag.grad_x): what GRAD_MODE_NORM shows
                         * when an attention run is visible, which has no h_t (not a key's mode) */
} GradMode;

/* A number a lesson step declares and one of its checks tests (`readout:` in a lesson
 * file), drawn in the highlighted panel as "label = value" in run `run`'s colour. */
typedef struct PlotReadout {
    int run;            /* run index (its colour), -1: none */
    char label[112];    /* what was measured, e.g. "‖∂h(20)/∂h(19)‖" (UTF-8) */
    double value;       /* NaN until measured */
    long at;            /* training step it was measured at; 0 = not yet */
    long by;            /* > 0: a "by step N" check not decided yet: the value at step at,
                         * what holds so far ("so far, at step 226 of 300") */
    int reached;        /* 1: a "by step N" check that held: at is the step it first held
                         * ("reached at step 118" under a header of step 300) */
    int unit;           /* PLOT_UNIT_*: how the value is written */
    long due;           /* not measured yet: the step it will be measured at (0: unknown) */
} PlotReadout;

enum { PLOT_UNIT_NONE, PLOT_UNIT_PERCENT /* a fraction, as 12.3% */, PLOT_UNIT_DEGREES };

#define PLOT_MAX_READOUTS 16
#define PLOT_FACT_WORDS 128
#define PLOT_MAX_ATTN_ROWS 32 /* heads the attention panel reports (layers x heads) */

/* What a drawing showed, written by plot_dashboard when view->facts is
 * set, so tests can check the drawn figure against what a lesson says (the words of
 * the strip, the colour scale, the readouts, how much of the narration is visible). */
/* Gate letters the gates panel draws at most: three gates of each run. */
#define PLOT_MAX_GATE_LABELS (PLOT_MAX_RUNS * 3)
/* Labels a panel asks to place on its plot (PlotFacts.label) */
#define PLOT_MAX_LABELS 32

typedef struct PlotFacts {
    int npanels;                       /* panels drawn, in layout order */
    PanelKind panel[PANEL_COUNT];
    Rect panel_rect[PANEL_COUNT];
    size_t caption_len, caption_shown; /* bytes of the narration, bytes of it drawn */
    int caption_page, caption_pages;   /* page drawn (0-based) and pages in all */
    int strip_run;                     /* run the sentence strip shows, -1 none */
    int strip_n;                       /* words (or inputs) in the strip */
    int strip_words;                   /* 1: drawn as words, 0: as a colour strip */
    char strip_word[PLOT_FACT_WORDS][24];
    double strip_value[PLOT_FACT_WORDS]; /* the shaded quantity of each timestep */
    uint32_t strip_color[PLOT_FACT_WORDS];
    Rect cue_mark, score_mark;         /* the strip's marks under the cue's first word and the scored step */
    int cue_marks;                     /* the cue's marks drawn (one a word) */
    char strip_ratio[128];             /* the ratio first word / scored word as drawn */
    double shade_lo, shade_hi;         /* log10 range of the strip's and heatmap's colours */
    Rect slopes_box;                   /* the slopes inset (w = 0: none) */
    size_t slopes_at;                  /* drawing-list commands recorded before it */
    int nbars, bar_vertical[2];        /* colour bars drawn (the heatmap's, the strip's) */
    Rect bar[2];                       /* and their rectangles */
    int heat_n, heat_run[4];           /* runs the heatmap panel shows */
    int clip_axis;                     /* 1: the clipping panel drew value axes */
    int clip_highlight;                /* 1: that panel was the highlighted one */
    long heat_mark_step;               /* a readout's extreme marked on a heatmap, 0: none; */
    double heat_mark_x, heat_mark_gap; /* its column's centre, the brackets' distance */
    double clip_lo, clip_hi;           /* their range for data (inside the margin) */
    double clip_rug[2];                /* the rug of clipped steps: rows from, to (0, 0: none
                                        * kept apart from the lines) */
    char clip_note[160];               /* the first clipped step's annotation */
    char clip_frac[PLOT_MAX_RUNS][64]; /* "clip 10: 3.1% of steps clipped" per run */
    int nreadouts;                     /* readouts drawn, with the text as drawn */
    char readout[PLOT_MAX_READOUTS][200];
    double readout_value[PLOT_MAX_READOUTS];
    int table_cols, table_run[PLOT_MAX_READOUTS]; /* a readout table's columns: their runs */
    int line_mark[PLOT_MAX_RUNS];      /* gradient panel: 1 + the marker on run i's line, 0 none */
    int loss_mark[PLOT_MAX_RUNS];      /* loss panel: the same for run i's loss line */
    int loss_log;                      /* loss panel: 1 log axis, 0 linear, -1 not drawn */
    double loss_lo, loss_hi;           /* the losses and levels its axis holds (before its padding,
                                        * room and ticks; off-axis losses left out) */
    double chance_box[2], loss_band[2]; /* loss panel: the chance loss's label's rows (top,
                                        * bottom; 0, 0: no label) and its axis's */
    double chance_leader[3];           /* its leader: x, from row, to row (0s: none) */
    double chance_line;                /* the chance loss line's row (with a label) */
    int gate_bands;                    /* gates panel: bands, one per gate (0: one plot) */
    int loss_rows_n, acc_rows_n;       /* loss panel: points drawn of the losses, of the accuracies */
    double loss_rows[2], acc_rows[2];  /* and the pixel rows they span (top, bottom) */
    int factor_axis;                   /* 1: the Jacobian's factors have a linear axis */
    double factor_lo, factor_hi;       /* its range */
    int factor_banded;                 /* 1: in a band of its own under the product's plot */
    Rect factor_plot;                  /* the data area of both (the gradient panel's area
                                        * is the product's band) */
    uint32_t factor_ink;               /* its colour: its numbers, title and markers' edges */
    char cursor_text[PLOT_MAX_RUNS][128]; /* the backward sweep's value at its cursor */
    char diverged[PLOT_MAX_RUNS][128];    /* what the panels say about a diverged run */
    int legend_cut;                    /* keys and title-bar legend entries drawn cut short */
    char legend_cut_text[128];         /* the last of them, whole */
    int attn_run;                      /* run the attention panel shows, -1 none */
    int attn_rows, attn_query;         /* heads drawn (layers x heads) and the query position */
    int attn_peak_t[PLOT_MAX_ATTN_ROWS];  /* each head's strongest word, as named */
    double attn_peak[PLOT_MAX_ATTN_ROWS]; /* and its weight */
    char attn_peak_word[PLOT_MAX_ATTN_ROWS][40];
    int attn_words, attn_word_px;      /* words written under the bars, the smallest one's px */
    int gate_labels;                   /* gates panel: letters drawn at the line ends */
    Rect gate_box[PLOT_MAX_GATE_LABELS];  /* each letter's box (its text's width x height) */
    double gate_end[PLOT_MAX_GATE_LABELS][2]; /* the end of its line (x, y) */
    int gate_leader[PLOT_MAX_GATE_LABELS];    /* 1: a leader line joins them */
    /* every label a panel asked to place on its plot (a threshold's, the chance loss's,
     * a first clip's note, a diverged run's, the cue's), how it was drawn and a text of
     * the figure that says it (the label, or the key that took its place) */
    int nlabels;
    struct PlotLabelFact {
        PanelKind panel;
        enum { PLOT_LABEL_DROPPED, PLOT_LABEL_PLACED, PLOT_LABEL_LEADER, PLOT_LABEL_KEY } how;
        char text[112];
    } label[PLOT_MAX_LABELS];
} PlotFacts;

enum { PLOT_SCALE_AUTO, PLOT_SCALE_LINEAR, PLOT_SCALE_LOG };

/* The loss axis of a step played live, kept by its caller from frame to frame: never
 * drawn narrower than before. Its plot's height moves while the play goes on (a
 * readout's text wraps to one line more), and with it the room the chance loss needs
 * from the accuracy's reference lines: lesson 5 step 4 at 1280x720 gave back the top
 * decade at step 805. Set valid = 0 to start again; the loss panel starts again itself
 * when its scale, the runs it draws or their furthest step (which fell: they started
 * again) differ from the held ones. */
typedef struct PlotHold {
    int valid, log;   /* a range held, on a log (1) or linear (0) axis */
    unsigned visible; /* the runs drawn then, bit i for run i */
    long step;        /* their furthest training step then */
    double lo, hi;    /* the axis's ends before its ticks and padding */
} PlotHold;

typedef struct PlotView {
    PlotTheme theme;
    unsigned char visible[PLOT_MAX_RUNS]; /* 1 = draw run i (run i keeps its colour) */
    unsigned char color_of[PLOT_MAX_RUNS]; /* run i's colour and marker: the theme's
                          * color_of[i] - 1, or 0: its own index i (plot_run_slot; a
                          * lesson keeps a run's colour from step to step) */
    GradMode grad_mode;
    int cursor;          /* backward cursor k: gradient panel draws only t >= k; -1 = off */
    int highlight;       /* PanelKind drawn with an accent frame, or PANEL_NONE */
    unsigned beside;     /* panels (1 << PanelKind) kept beside the highlighted one before
                          * the others when not all fit (a lesson step's `beside:`) */
    int focus;           /* PanelKind shown alone below the title bar, or PANEL_NONE */
    const char *title;   /* title bar text; NULL = derived from the runs */
    const char *caption; /* narration box text (UTF-8, wrapped); NULL or "" = no box */
    int caption_lines;   /* lines of text the narration box holds, 1..12; 0 = 3 */
    double text_scale;   /* presenter text scale, 1 = normal, clamped to 0.5..3 */
    int featured;        /* run the sentence strip and the heatmap show first;
                          * -1 = the first visible run still training */
    double shade_lo, shade_hi; /* log10 range of the colour scale of the sentence strip and
                          * heatmap (absolute, shared by all runs); lo >= hi = default */
    const PlotReadout *readouts; /* numbers the highlighted panel shows (may be NULL) */
    int nreadouts;
    int caption_page;    /* page of a narration too long for its box (0-based) */
    const char *caption_mark; /* a mark for the box's corner when the narration takes one
                          * page (presenter mode's "try this: S ▸"), NULL: none */
    int slopes;          /* gradient panel: an inset of sigma'(z) and tanh'(z) */
    int loss_scale;      /* the loss axis: PLOT_SCALE_AUTO (log when the loss spans more
                          * than three decades or reaches above 20 x the chance loss),
                          * PLOT_SCALE_LINEAR or PLOT_SCALE_LOG */
    PlotHold *loss_hold; /* a live play's loss axis so far (NULL: none, as in an export) */
    int window;          /* 1: drawn in the window, whose keys a title may name ("V: next");
                          * 0: an export, a slide, where no key answers */
    PlotFacts *facts;    /* filled with what was drawn, if not NULL (tests) */
} PlotView;

/* Presenter mode's text scale (window P, --presenter): tick labels of 17 * 1.5 = 26 px
 * and narration of 22 * 1.5 = 33 px at 1920x1080, what the back row of a classroom
 * reads (issue 12 asks >= 24 px and >= 32 px; tests/test_app_layout.c). */
#define PLOT_PRESENTER_SCALE 1.5

/* The colour scale of the strip and heatmap when the view sets none: log10 from -16 to 4. */
#define PLOT_SHADE_LO (-16.0)
#define PLOT_SHADE_HI 4.0

/* Defaults: light theme, every run visible, ||dL/dh_t||, no cursor, no focus. */
void plot_view_default(PlotView *v);
/* The colour and marker slot of run i in v (0..PLOT_MAX_RUNS-1): color_of's, or i. */
int plot_run_slot(const PlotView *v, int i);
/* The same from run i's color_of entry c (0: its own index). */
int plot_color_slot(unsigned char c, int i);

typedef struct PlotLayout {
    Rect title;   /* title bar with the run legend */
    Rect caption; /* narration box; w = h = 0 if there is none */
    int n;        /* panels placed (small canvases show fewer) */
    PanelKind kind[PANEL_COUNT];
    Rect panel[PANEL_COUNT];
} PlotLayout;

/* Rectangles of the dashboard for a w x h canvas: inside it, not overlapping. Which
 * panels a small or highlighted layout leaves out depends on the runs (the gates panel
 * only matters if a visible run has gates); runs may be NULL (nruns 0). */
void plot_layout(int w, int h, const PlotView *view, Run *const *runs, int nruns,
                 PlotLayout *out);

/* Draws the whole dashboard (title bar, legend, panels, narration) for runs[0..nruns). */
void plot_dashboard(Canvas *c, Run *const *runs, int nruns, const PlotView *view);

/* The part of the title bar that plot_dashboard leaves empty, between the title and
 * the run legend (w = 0 if none): where the window puts a message over no text. */
Rect plot_title_free(Canvas *c, Run *const *runs, int nruns, const PlotView *view);
/* The colour plot_dashboard fills the canvas with (the title bar's) in view's theme. */
uint32_t plot_background(const PlotView *view);

/* Sizes the narration box for view->caption (sets view->caption_lines): three lines at
 * least, up to what its text needs; the layout gives it at most a third of the canvas. */
void plot_caption_size(Canvas *c, PlotView *view);
/* Pages the narration box of plot_dashboard (on canvas c, with view and text as its
 * caption) shows text in: 1 if all of it fits, 0 for no text. */
#define PLOT_MAX_PAGES 16
int plot_caption_pages(Canvas *c, const PlotView *view, const char *text);

/* The run the single-run panels (heatmap, sentence) show: view->featured if it is
 * visible, else the first visible run that has not diverged, else the first visible
 * one; -1 if none is visible. */
int plot_featured_run(Run *const *runs, int nruns, const PlotView *view);

/* What is under the pointer at (x, y) of a canvas that plot_dashboard
 * drew last (with the same runs and view). */
typedef struct PlotPick {
    PanelKind kind;
    double x, y;     /* data coordinates under the pointer (x: timestep or step) */
    char text[512];  /* exact values there, lines separated by '\n' */
} PlotPick;

/* 1 and *pk filled if (x, y) is inside a panel's data area, else 0. */
int plot_pick(const Canvas *c, Run *const *runs, int nruns, const PlotView *view, int x, int y,
              PlotPick *pk);

/* A panel's name (panel_list.h) -> kind; PANEL_NONE for anything else.
 * plot_panel_name is the inverse ("?" if out of range). */
PanelKind plot_panel_from_name(const char *name);
const char *plot_panel_name(PanelKind k);
/* One line saying what panel k shows (for --help and docs); "" if out of range. */
const char *plot_panel_help(PanelKind k);
/* 1 if panel k has something to show for a visible run of runs[0..nruns) (the gates
 * panel: a run with gates); view may be NULL (every run visible). */
int plot_panel_applies(PanelKind k, const PlotView *view, Run *const *runs, int nruns);
/* 1 if panel k is a full-width strip below the grid of panels (the sentence). */
int plot_panel_is_strip(PanelKind k);

/* Lines of text for a tooltip, at most max of them, '\0'-terminated in buf[0..n);
 * add a line with plot_lines_add. */
typedef struct PlotLines {
    char *buf;
    size_t n, o;
    int count, max;
} PlotLines;
void plot_lines_add(PlotLines *l, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* What a panel shows at the latest training step of run i (one or more lines of exact
 * numbers; the window's tooltip over a panel where no data point is under the pointer). */
void plot_panel_describe(PanelKind k, PlotLines *l, Run *const *runs, int nruns,
                         const PlotView *view, int i);

/* The numbers panel k plots, one row each (the figure's own coordinates: x and y as on
 * the panel's axes, z the colour of a heatmap cell), handed to out->row; run is the
 * run's index, -1 for a row that is not a run's (a reference line). */
typedef struct PlotRows {
    void (*row)(void *ctx, PanelKind panel, int run, const char *series, double x, double y,
                double z, const char *text);
    void *ctx;
} PlotRows;
void plot_panel_csv(PanelKind k, const PlotRows *out, Run *const *runs, int nruns,
                    const PlotView *view);

/* Colour of run slot i in a theme (Okabe-Ito, colour-blind safe; plot_run_slot). */
uint32_t plot_run_color(PlotTheme theme, int i);
/* Run i's marker shape, and 1 when the plots put it on run lines: nvisible runs shown,
 * three or more (colour alone does not tell them apart from the back row). The window's
 * run list shows the same marker, so that it is the plots' legend. */
MarkerKind plot_run_marker(int i);
int plot_run_marks(int nvisible);

#endif
