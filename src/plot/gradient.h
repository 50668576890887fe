/* gradient.h - private to the gradient panel's files (panel_gradient.c, gradient_*.c):
 * which series a run draws in a mode, and the pieces the panel is drawn from. */
#ifndef RNNSCOPE_PLOT_GRADIENT_H
#define RNNSCOPE_PLOT_GRADIENT_H

#include "panels.h"
#include "place.h"

/* What the visible runs give the gradient panel: which extra lines, whether anything
 * is shown, and why not; bound_on: bit i for a run whose bound is drawn (two timesteps
 * or more of it on the scale), bound_off: one whose bound leaves the scale (the notes
 * say where); lo_dec, hi_dec: the decades the axis holds. */
typedef struct GradSeen {
    int any_rev, any_cell, any_bound, no_jac, shown, untrained, any_factor, n_na;
    unsigned bound_on, bound_off;
    double lo_dec, hi_dec;
} GradSeen;

/* What a log axis cannot show, one line per run that has some: exact zeros, values
 * that are not finite, a diverged run with nothing finite left. brief: a shorter form
 * that keeps the note's number, for when text does not fit ("" if none); mid: one
 * between them, tried first where it fits ("" if none: a bound drawn in part has
 * "above the plot for t ≤ 11" without its value, where "bound above for t ≤ 11" read
 * as a property of the bound). */
typedef struct GradNotes {
    int n;
    char text[PLOT_MAX_RUNS * 3][160];
    char brief[PLOT_MAX_RUNS * 3][160];
    char mid[PLOT_MAX_RUNS * 3][160];
    uint32_t color[PLOT_MAX_RUNS * 3];
} GradNotes;

/* ---- the series (panel_gradient.c) ---- */

/* The series mode m selects in d, or NULL. */
const double *grad_series_of(const Diag *d, GradMode m);
/* 1 if r is an attention run. */
int grad_is_attention(const Run *r);
/* 1 if run i is an attention run in a mode about the recurrence (nothing to draw). */
int grad_not_applicable(const PanelCtx *p, int i, GradMode m);
/* Multiplier that turns diag.bound into a bound on the plotted series, or NaN. */
double grad_bound_anchor(const Diag *d, GradMode m);
/* 1 if r has a reverse direction, an LSTM cell state, factors drawn in mode m. */
int grad_has_rev(const Run *r);
int grad_has_cell(const Run *r);
int grad_has_factors(const Run *r, GradMode m);
/* The first timestep drawn: the backward cursor's, or 0. */
int grad_first_t(const PanelCtx *p, int T);
/* Run i's series in mode if it is drawn (visible, trained or diverged), else NULL. */
const double *grad_drawn_series(const PanelCtx *p, int i, GradMode mode);

/* The pen of the cue's dotted line across the plot. */
#define GRAD_CUE_PEN(st) (1.3 * (st)->thin_w)

/* ---- the factors' markers ---- */

/* The factors' markers: their size, and how far their ink reaches from the centre (a
 * diamond's tip, halo included: canvas_marker). */
static inline double grad_factor_size(const Style *st) { return 0.75 * st->marker; }
#define GRAD_MARKER_INK 0.82
/* The factors' band under the product's plot (AxesSpec.y2band): on one plot, the factors'
 * markers on their linear axis zigzagged over the product's lines on its log axis, and a
 * class read them against the wrong one (lessons 1/3, 2/1, 5/2) */
#define GRAD_FACTOR_BAND 0.3
/* The stride of the factors' markers on ax (gradient_keys.c). */
int grad_factor_stride(const Style *st, const Axes *ax);

/* ---- the pieces drawn ---- */

/* The notes of what the visible runs show in mode (gradient_notes.c); the strip's
 * height drawn at the top of r; their widest width at their shortest. */
void grad_notes_collect(const PanelCtx *p, GradMode mode, const GradSeen *g, GradNotes *nt);
int grad_notes_same(const GradNotes *a, const GradNotes *b); /* the same texts and colours */
int grad_notes_draw(const PanelCtx *p, Rect r, const GradNotes *nt);
/* The height grad_notes_draw takes w px wide, notes broken at spaces as there. */
int grad_notes_height(const PanelCtx *p, int w, const GradNotes *nt);
int grad_notes_width(const PanelCtx *p, const GradNotes *nt);
/* The keys drawn around the plot, *ct the room left for the axes, *notes_at the notes'
 * strip, *stride the factors' marker stride (gradient_keys.c). */
void grad_keys(const PanelCtx *p, GradMode mode, const GradSeen *g, Rect r, const AxesSpec *sp,
               Rect *ct, const GradNotes *nt, int nh, Rect *notes_at, int *stride, unsigned keyed,
               int draw);
/* Labels of the plot that are keys (bit i: run i's "diverged at step k"; GRAD_CUE_KEYED:
 * the cue's), because they found no place on it (grad_labels_trial). */
#define GRAD_CUE_KEYED (1u << 31)
/* The labels grad_lines and grad_cue_label would place on ax, tried, nothing drawn:
 * those not in keyed that find no place (gradient_lines.c). */
unsigned grad_labels_trial(const PanelCtx *p, const Axes *ax, GradMode mode, unsigned bound_on, int stride,
                           unsigned keyed);
/* The lines every run draws in mode, on pl, for placing labels clear of them: its main
 * line, bound, second direction and cell state (gradient_lines.c). */
void grad_placer(const PanelCtx *p, const Axes *ax, GradMode mode, unsigned bound_on, int k, int stride,
                 Placer *pl);
/* Every run's lines, a diverged run's label placed on pl (its mark alone when keyed);
 * the cue's x (NaN if none), its line; the cue's label where it covers no line and no
 * label on pl (returns its box, w = 0 if none is free; drawn when draw is 1: a label
 * that finds no place is a key, grad_labels_trial) (gradient_lines.c). */
void grad_lines(const PanelCtx *p, const Axes *ax, GradMode mode, int k, int stride,
                unsigned bound_on, unsigned keyed, Placer *pl);
double grad_cue_x(const PanelCtx *p, const Axes *ax);
double grad_cue_line(const PanelCtx *p, const Axes *ax);
Rect grad_cue_label(const PanelCtx *p, const Axes *ax, double cue_x, Placer *pl, int draw);
/* How many drawn points box would hide, markers as 1000 each; the backward cursor at
 * t = k, its readout clear of the labels and the lines across the plot on pl
 * (gradient_cursor.c). */
int grad_hidden_points(const PanelCtx *p, const Axes *ax, GradMode mode, Rect box, int stride,
                       int k);
void grad_cursor(const PanelCtx *p, const Axes *ax, GradMode mode, int k, int stride, const Placer *pl);
/* The slopes inset's room beside the plot, taken from *ct (0: inside); the inset
 * (gradient_slopes.c). */
int grad_slopes_side(const PanelCtx *p, Rect *ct);
/* The least width of the slopes inset beside the plot, in tick-label sizes. */
#define GRAD_SLOPES_MIN 9
void grad_slopes_inset(const PanelCtx *p, const Axes *ax, GradMode mode, int side, int stride);

/* ---- the pointer and the CSV (gradient_pick.c) ---- */

void grad_pick(PlotLines *l, const PanelPickAt *at);
void grad_describe(PlotLines *l, Run *const *runs, int nruns, const PlotView *v, int i);
void grad_csv(const PlotRows *o, Run *const *runs, int nruns, const PlotView *v);

#endif
