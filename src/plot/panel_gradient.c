/* panel_gradient.c - a per-timestep quantity of the latest step against t (log y):
 * ||dL/dh_t||, the Jacobian product ||dh_{T-1}/dh_t||, or W_hh contributions; with an
 * attention run visible, ||dL/dx_t|| of every run (the gradient reaching word t), since
 * attention has no h_t, and no Jacobians or W_hh either.
 * Pascanu et al. (2013), "On the difficulty of training recurrent neural networks",
 * bound ||dh_{T-1}/dh_t|| <= (gamma*sigma_max)^(T-1-t), drawn dotted (diag.bound). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cells.h"
#include "gradient.h"

/* The series the mode selects, or NULL. */
const double *grad_series_of(const Diag *d, GradMode m)
{
    switch (m) {
    case GRAD_MODE_JACOBIAN: return d->jacobians ? d->jac_prod : NULL;
    case GRAD_MODE_WHH: return d->whh_contrib;
    case GRAD_MODE_WORD: return d->grad_x;
    default: return d->grad_h;
    }
}

int grad_is_attention(const Run *r) { return r->cfg.cell == CELL_ATTENTION; }

/* 1 if run i is an attention run in a mode about the recurrence (nothing to draw) */
int grad_not_applicable(const PanelCtx *p, int i, GradMode m)
{
    return grad_is_attention(p->runs[i]) && (m == GRAD_MODE_JACOBIAN || m == GRAD_MODE_WHH);
}

/* The mode drawn: GRAD_MODE_WORD in place of GRAD_MODE_NORM when an attention run is
 * visible, so that every run shows the same quantity on one axis. */
static GradMode shown_mode(const PanelCtx *p)
{
    if (p->v->grad_mode != GRAD_MODE_NORM) return p->v->grad_mode;
    for (int i = 0; i < p->nruns; i++)
        if (panel_run_visible(p, i) && grad_is_attention(p->runs[i])) return GRAD_MODE_WORD;
    return GRAD_MODE_NORM;
}

/* Multiplier that turns diag.bound into a bound on the plotted series: the Jacobian
 * product directly; ||dL/dh_t|| when only the last step is scored, anchored there. */
double grad_bound_anchor(const Diag *d, GradMode m)
{
    if (m == GRAD_MODE_JACOBIAN) return 1.0;
    if (m == GRAD_MODE_NORM && d->T > 0 && isfinite(d->grad_h[d->T - 1]) &&
        d->grad_h[d->T - 1] > 0)
        return d->grad_h[d->T - 1];
    return NAN;
}

int grad_has_rev(const Run *r)
{
    return r->cfg.bidirectional && r->diag.grad_h_rev;
}

int grad_has_cell(const Run *r)
{
    const Cell *cell = cell_of(r->cfg.cell);
    return cell && cell->state == 2 && r->diag.grad_c; /* a state (h, c): dL/dc_t too */
}

/* 1 if the Jacobian product of run r is drawn with the norms of its factors. */
int grad_has_factors(const Run *r, GradMode m)
{
    const Diag *d = &r->diag;
    if (m != GRAD_MODE_JACOBIAN || !d->jacobians || !d->jac_norm) return 0;
    for (int t = 1; t < d->T; t++)
        if (isfinite(d->jac_norm[t])) return 1;
    return 0;
}

int grad_first_t(const PanelCtx *p, int T)
{
    int k = p->v->cursor;
    if (k < 0) return 0;
    return k < T ? k : T - 1;
}

/* Run i's series in this mode if it is drawn (visible, trained or diverged), else NULL. */
const double *grad_drawn_series(const PanelCtx *p, int i, GradMode mode)
{
    if (!panel_run_visible(p, i)) return NULL;
    const Run *run = p->runs[i];
    const Diag *d = &run->diag;
    if (d->T <= 0 || !d->grad_h || (run->step == 0 && !run->diverged_at)) return NULL;
    if (grad_not_applicable(p, i, mode)) return NULL;
    return grad_series_of(d, mode);
}

/* The axes' ranges (sp) from every visible run's series in mode, and what was seen. */
static GradSeen grad_ranges(const PanelCtx *p, GradMode mode, AxesSpec *sp)
{
    GradSeen seen = {0}, *g = &seen;
    for (int i = 0; i < p->nruns; i++) {
        if (!panel_run_visible(p, i)) continue;
        const Run *run = p->runs[i];
        const Diag *d = &run->diag;
        if (d->T <= 0 || !d->grad_h) continue;
        if (grad_not_applicable(p, i, mode)) {
            g->n_na++;
            continue;
        }
        if (run->step == 0 && !run->diverged_at) {
            g->untrained++; /* no backward pass yet: nothing to plot */
            continue;
        }
        range_add(&sp->x, 0, 0);
        range_add(&sp->x, d->T - 1, 0);
        const double *y = grad_series_of(d, mode);
        if (!y) {
            g->no_jac = 1;
            continue;
        }
        g->shown++;
        if (!panel_in_scale(p, i)) continue;
        /* the axes cover every timestep, also those the backward cursor has not reached
         * yet, so they hold still while the sweep draws the line from T-1 back to 0 */
        for (int t = 0; t < d->T; t++) range_add(&sp->y, y[t], 1);
        if (mode == GRAD_MODE_NORM && grad_has_rev(run)) {
            g->any_rev = 1;
            for (int t = 0; t < d->T; t++) range_add(&sp->y, d->grad_h_rev[t], 1);
        }
        if (mode == GRAD_MODE_NORM && grad_has_cell(run)) {
            g->any_cell = 1;
            for (int t = 0; t < d->T; t++) range_add(&sp->y, d->grad_c[t], 1);
        }
        if (grad_has_factors(run, mode)) {
            g->any_factor = 1;
            for (int t = 1; t < d->T; t++) range_add(&sp->y2, d->jac_norm[t], 0);
            if (d->bound && d->T >= 2) range_add(&sp->y2, d->bound[d->T - 2], 0);
        }
    }
    /* a run's bound is drawn where it lies within the plot's decades (those of the data,
     * which the axis holds), and where it is off them the notes say where (lessons 2/1, 5/1: a key named a line off the scale but for a
     * corner, unexplained; lesson 3 step 1: a bound on the plot from t = 12 to 19 was
     * left out under a note "above the plot") */
    double lo = floor(log10(sp->y.lo) + 1e-9), hi = ceil(log10(sp->y.hi) - 1e-9);
    g->lo_dec = lo, g->hi_dec = hi;
    /* drawn where it may be on the plot as drawn: the axis widens the data's decades to
     * whole tick steps, by a quarter of their span at most (y_widen), and a bound within
     * that was said "above the plot" (lesson 6 step 1); its note, made on the axis as
     * drawn, says where it leaves */
    double wide = 0.25 * (hi - lo) + 1;
    for (int i = 0; i < p->nruns && i < PLOT_MAX_RUNS && sp->y.n; i++) {
        if (!grad_drawn_series(p, i, mode) || !panel_in_scale(p, i)) continue;
        const Diag *d = &p->runs[i]->diag;
        double anchor = grad_bound_anchor(d, mode);
        if (!d->bound || !isfinite(anchor)) continue;
        int in = 0, all = 0, near = 0;
        for (int t = grad_first_t(p, d->T); t < d->T; t++) {
            double e = log10(d->bound[t] * anchor);
            if (!isfinite(e)) continue;
            all++;
            in += e >= lo - 1e-9 && e <= hi + 1e-9;
            near += e >= lo - wide && e <= hi + wide;
        }
        if (near >= 2) g->bound_on |= 1u << i, g->any_bound = 1;
        if (all && in < all) g->bound_off |= 1u << i;
    }
    /* the reverse direction of a bidirectional run is backpropagated the other way */
    if (g->any_rev)
        sp->xlabel = "timestep t (backpropagation: forward direction from T\xE2\x88\x92" "1 back to 0, "
                    "reverse from 0 up to T\xE2\x88\x92" "1)";
    return seen;
}

/* The panel's title (and its short form) and the y axis's title in mode. */
static void grad_titles(GradMode mode, const char **title, const char **short_title,
                        const char **ylabel)
{
    static const char *const titles[4] = {
        "Gradient reaching each timestep",
        "Jacobian product from the last step back to t (example 0)",
        "Each timestep's contribution to \xE2\x88\x82L/\xE2\x88\x82W_hh",
        "Gradient reaching each word",
    };
    static const char *const ylabels[4] = {
        "\xE2\x80\x96\xE2\x88\x82L/\xE2\x88\x82h(t)\xE2\x80\x96",
        "\xE2\x80\x96\xE2\x88\x82h(T\xE2\x88\x92" "1)/\xE2\x88\x82h(t)\xE2\x80\x96\xE2\x82\x82",
        "\xE2\x80\x96" "contribution of t\xE2\x80\x96",
        "\u2016\u2202L/\u2202x(t)\u2016",
    };
    static const char *const short_titles[4] = {
        "Gradient per timestep", "Jacobian product", "W_hh contribution", "Gradient per word"};
    int mi = mode == GRAD_MODE_JACOBIAN ? 1 : mode == GRAD_MODE_WHH ? 2 : mode == GRAD_MODE_WORD ? 3 : 0;
    *title = titles[mi], *short_title = short_titles[mi], *ylabel = ylabels[mi];
}

/* The factors on their own linear axis from 0, with 1 on it: "below 1 shrinks, above 1
 * grows" reads off the markers (on the product's log axis 0.29 and 1.1 sat on one
 * line). The right axis is in the factors' colour, which edges their markers, with a
 * marker after its title: the markers read against this axis, not the log one. */
static void grad_factor_axis(const Style *st, AxesSpec *sp)
{
    sp->y2label = "each step's factor"; /* short: "factor" (it was cut to "(linear)") */
    sp->y2color = st->th->factor;
    sp->y2mark = 1 + MARK_DIAMOND;
    sp->yzero = 1;
    sp->ypad = 1; /* headroom: a factor at the top stays inside the frame */
    sp->y2band = GRAD_FACTOR_BAND;
    range_add(&sp->y2, 1.0, 0);
}

/* 1 on the factors' axis at the height of 10^0 on the product's (lessons 1/3, 5/2: the
 * product's 1 and the factors' 1 a few pixels apart read as two different ones): the
 * left axis taller above when its 1 is higher, else the right axis taller. Both only
 * grow, so every value stays inside. */
static void grad_align_one(Axes *ax)
{
    if (!ax->has_y2 || !ax->y.log || ax->banded) return;
    double lo = ax->y.lo, hi = ax->y.hi, lo2 = ax->y2.lo, hi2 = ax->y2.hi;
    if (!(lo < 0 && hi > 0 && lo2 < 1 && hi2 > 1)) return; /* a 1 off either axis */
    double at = -lo / (hi - lo), at2 = (1 - lo2) / (hi2 - lo2); /* from the bottom */
    if (at > at2) ax->y.hi = lo - lo / at2;
    else ax->y2.hi = lo2 + (1 - lo2) / at;
}

/* Which labels become keys: tried on the plot the keys leave, those that find no place
 * there become keys, and the rest are tried again on the shorter plot (each pass keys
 * one label more, at most); then drawn as tried. Returns the GRAD_*_KEYED bits keyed;
 * *strip_cue gets GRAD_CUE_KEYED when the cue is left to the sentence strip's key. */
static unsigned grad_fit_labels(const PanelCtx *p, GradMode mode, const GradSeen *g, Rect r, Rect ct,
                                const AxesSpec *sp, const GradNotes *nt, int nh, unsigned *strip_cue,
                                Axes *last)
{
    unsigned keyed = 0;
    for (int pass = 0; pass <= PLOT_MAX_RUNS + 1; pass++) {
        Rect tct = ct, tnotes;
        int tstride;
        AxesSpec tsp = *sp;
        grad_keys(p, mode, g, r, sp, &tct, nt, nh, &tnotes, &tstride, keyed, 0);
        if (tsp.y.n == 0) range_add(&tsp.y, 1.0, 1);
        grad_slopes_side(p, &tct);
        Axes tax;
        axes_setup(p->c, p->st, tct, &tsp, &tax);
        grad_align_one(&tax);
        if (last) *last = tax; /* (the axis the panel draws, when the labels fit) */
        unsigned miss = grad_labels_trial(p, &tax, mode, g->bound_on, tstride, keyed | *strip_cue);
        /* the sentence strip below has a "cue" key of its own, in the cue's colour: no
         * second one that would shorten this plot (lesson 9 step 3 in presenter mode) */
        if ((miss & GRAD_CUE_KEYED) && (p->shown >> PANEL_SENTENCE & 1u)) *strip_cue = GRAD_CUE_KEYED;
        miss &= ~*strip_cue;
        if (!miss) break;
        keyed |= miss;
    }
    return keyed;
}

static void panel_gradient(const PanelCtx *p, Rect r)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    GradMode mode = shown_mode(p);
    const char *title, *short_title;
    AxesSpec sp = {0};
    grad_titles(mode, &title, &short_title, &sp.ylabel);
    Rect ct = panel_begin(c, st, r, title, short_title, p->highlight);
    sp.xlabel = "timestep t (backpropagation runs from T\xE2\x88\x92" "1 back to 0)";
    sp.ylog = 1;
    sp.xint = 1;
    range_reset(&sp.x);
    range_reset(&sp.y);
    range_reset(&sp.y2);
    GradSeen g = grad_ranges(p, mode, &sp);
    /* the cell state's lines on the same axis are named on it too (lesson 7 step 2's
     * point is dL/dc; a short plot keeps the first name, "‖∂L/∂h‖ (log)": most lines
     * are h's, and the key names the dashes) */
    if (g.any_cell && mode == GRAD_MODE_NORM)
        sp.ylabel = "\u2016\u2202L/\u2202h\u2016, \u2016\u2202L/\u2202c\u2016";
    /* attention has no backward walk: every word is one step from the output (lesson 10) */
    int n_att = 0, n_rec = 0;
    for (int i = 0; i < p->nruns; i++)
        if (panel_run_visible(p, i)) grad_is_attention(p->runs[i]) ? n_att++ : n_rec++;
    if (n_att && !n_rec) sp.xlabel = "word t (attention: every word one step from the output)";
    else if (n_att && !g.any_rev)
        sp.xlabel = "word t (RNN: back from T\xE2\x88\x92" "1; attention: one step away)";
    if (g.any_factor) grad_factor_axis(st, &sp);
    GradNotes nt;
    grad_notes_collect(p, mode, &g, &nt);
    /* the notes' strip across the panel, as tall as they are broken there (lesson 4
     * step 1, presenter: a note broken in two lay on the keys under it) */
    int nh = g.shown && nt.n ? grad_notes_height(p, ct.w, &nt) : 0;
    Rect notes_at;
    int stride = 1;
    sp.margin = ceil(0.9 * st->marker); /* the cursor's dot at t = 0 or T-1 stays whole */
    if (sp.y.n == 0) range_add(&sp.y, 1.0, 1); /* nothing finite: still draw the axes */
    unsigned strip_cue = 0;
    Axes fit = {0};
    unsigned keyed = g.shown ? grad_fit_labels(p, mode, &g, r, ct, &sp, &nt, nh, &strip_cue, &fit) : 0;
    /* the notes of the bounds as the axis will be drawn: made on the data's decades, then
     * on the axis the fitted layout gives, and the layout fitted again with those, until
     * the notes are those of the axis they leave (a bound the axis holds has none: its
     * note left a blank row, lesson 9 step 1; a taller note row moved a bound's last t
     * off the plot, lesson 5 step 4 at 1590x1080). After the first round the notes' row
     * only grows (its room kept): notes of another height moved the axis back and forth,
     * "t <= 27" and "t <= 29" in turn (lesson 5 step 4 in a 1000x720 window) */
    for (int round = 0; round < 6 && g.shown && nt.n && g.bound_off; round++) {
        if (!(fit.y.log && isfinite(fit.y.lo) && isfinite(fit.y.hi))) break;
        GradSeen ga = g; /* (a log axis keeps its exponents) */
        ga.lo_dec = fit.y.lo, ga.hi_dec = fit.y.hi;
        GradNotes drawn;
        grad_notes_collect(p, mode, &ga, &drawn);
        if (grad_notes_same(&drawn, &nt)) break;
        int dh = drawn.n ? grad_notes_height(p, ct.w, &drawn) : 0;
        nt = drawn, nh = round == 0 || dh > nh ? dh : nh;
        strip_cue = 0;
        keyed = grad_fit_labels(p, mode, &g, r, ct, &sp, &nt, nh, &strip_cue, &fit);
    }
    grad_keys(p, mode, &g, r, &sp, &ct, &nt, nh, &notes_at, &stride, keyed, 1);
    if (!g.shown) {
        panel_message(c, st, ct,
                      g.no_jac      ? "Jacobians were not computed at this step"
                      : g.untrained ? "no training step yet"
                      : g.n_na      ? "does not apply to attention (no recurrence, no W_hh)"
                                  : "no visible run");
        return;
    }
    int side = grad_slopes_side(p, &ct);
    Axes ax;
    axes_setup(c, st, ct, &sp, &ax);
    grad_align_one(&ax);
    /* the notes of bounds drawn in part, where they leave the plot as drawn: the axis
     * holds more decades than the data's (whole tick steps), and a bound within them to
     * t = 0 was said to be "above the plot for t <= 22" (lesson 2 step 1) */
    if (ax.y.log && isfinite(ax.y.lo) && isfinite(ax.y.hi)) {
        GradSeen ga = g; /* (a log axis keeps its exponents) */
        ga.lo_dec = ax.y.lo, ga.hi_dec = ax.y.hi;
        GradNotes drawn;
        grad_notes_collect(p, mode, &ga, &drawn);
        if (grad_notes_height(p, notes_at.w, &drawn) <= grad_notes_height(p, notes_at.w, &nt)) nt = drawn;
    }
    grad_notes_draw(p, notes_at, &nt);
    if (p->v->facts && ax.has_y2) {
        p->v->facts->factor_axis = 1;
        p->v->facts->factor_lo = ax.y2.lo;
        p->v->facts->factor_hi = ax.y2.hi;
        p->v->facts->factor_ink = sp.y2color;
        p->v->facts->factor_banded = ax.banded;
        p->v->facts->factor_plot = ax.area;
    }
    axes_draw(c, st, &ax, &sp);
    Rect panel_clip = c->clip;
    axes_clip(c, st, &ax);
    /* the product's band, then the factors' (a pointer's y read on the axis it is over) */
    Axes upper = axes_upper_band(&ax);
    panel_register(p, &upper);
    if (ax.banded) {
        Axes lower = axes_lower_band(&ax);
        panel_register(p, &lower);
    }
    int k = p->v->cursor;
    double cue_x = grad_cue_line(p, &ax);
    Placer pl;
    grad_placer(p, &ax, mode, g.bound_on, k, stride, &pl);
    grad_lines(p, &ax, mode, k, stride, g.bound_on, keyed, &pl);
    if ((keyed | strip_cue) & GRAD_CUE_KEYED) panel_label_fact(p, PLOT_LABEL_KEY, "cue");
    else if (!isnan(cue_x)) grad_cue_label(p, &ax, cue_x, &pl, 1);
    if (k >= 0) grad_cursor(p, &ax, mode, k, stride, &pl);
    if (side > 0) canvas_clip(c, panel_clip);
    if (p->v->slopes) grad_slopes_inset(p, &ax, mode, side, stride);
}

const PanelDef panel_gradient_def = {
    .help = "the gradient reaching each timestep t, log scale, and the Pascanu bound",
    .draw = panel_gradient,
    .pick = grad_pick,
    .describe = grad_describe,
    .csv = grad_csv,
};
