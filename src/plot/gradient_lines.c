/* gradient_lines.c - the gradient panel's data: each run's line, bound, second
 * direction, cell state and factors, and the cue. */
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "gradient.h"

/* Run i's bound, second direction, cell state and per-step factor markers: what
 * is drawn under every run's main line. */
static void underlay(const PanelCtx *p, const Axes *ax, int i, GradMode mode, int stride,
                     unsigned bound_on)
{
    if (!grad_drawn_series(p, i, mode)) return;
    Canvas *c = p->c;
    const Style *st = p->st;
    const Run *run = p->runs[i];
    const Diag *d = &run->diag;
    uint32_t col = panel_run_color(p, i);
    int t0 = grad_first_t(p, d->T), nd;
    double lx, ly, dd[4];
    double anchor = grad_bound_anchor(d, mode);
    if (d->bound && isfinite(anchor) && (bound_on >> i & 1u)) {
        /* within the plot's frame, not the pen's width beyond it where the lines end: a
         * bound off the top ran along the frame for four timesteps past where its note
         * said it left (lesson 5 step 1) */
        Rect keep = c->clip;
        canvas_clip(c, rect_and(keep, ax->area));
        style_dash(st, DASH_DOT, dd, &nd);
        panel_series(p, ax, NULL, d->bound, t0, d->T, 1, anchor, col, dd, nd, &lx, &ly);
        canvas_clip(c, keep);
    }
    if (mode == GRAD_MODE_NORM && grad_has_rev(run)) {
        style_dash(st, DASH_LONG, dd, &nd);
        panel_series(p, ax, NULL, d->grad_h_rev, t0, d->T, 1, 1.0, col, dd, nd, &lx, &ly);
    }
    if (mode == GRAD_MODE_NORM && grad_has_cell(run)) {
        style_dash(st, DASH_SHORT, dd, &nd);
        panel_series(p, ax, NULL, d->grad_c, t0, d->T, 1, 1.0, col, dd, nd, &lx, &ly);
    }
    if (grad_has_factors(run, mode) && ax->has_y2) {
        /* a thin line in the run's colour through every factor (in the factors' ink,
         * one purple line joined the blue run's markers and the orange run's: lesson 5
         * step 2), a marker at every stride-th */
        canvas_path_begin(c, st->thin_w, NULL, 0);
        for (int t = t0 > 1 ? t0 : 1; t < d->T; t++) {
            double fx = axis_pos(&ax->x, t), fy = axis_pos(&ax->y2, d->jac_norm[t]);
            if (isnan(fx) || isnan(fy)) canvas_path_move(c, NAN, NAN);
            else canvas_path_line(c, fx, fy);
        }
        canvas_path_end(c, col);
        for (int t = t0 > 1 ? t0 : 1; t < d->T; t++) {
            double fx = axis_pos(&ax->x, t), fy = axis_pos(&ax->y2, d->jac_norm[t]);
            if (t % stride == 0 && !isnan(fx) && !isnan(fy))
                canvas_marker(c, MARK_DIAMOND, fx, fy, grad_factor_size(st), col, st->th->factor);
        }
    }
}

/* The cue: the first timestep that tells the answer (first visible run's task), its line
 * under the data; returns its x (NaN if none) for its label over the data. */
double grad_cue_x(const PanelCtx *p, const Axes *ax)
{
    for (int i = 0; i < p->nruns; i++) {
        if (!panel_run_visible(p, i)) continue;
        int cue = p->runs[i]->task.cue_step;
        return cue >= 0 && cue < p->runs[i]->diag.T ? axis_pos(&ax->x, cue) : NAN;
    }
    return NAN;
}

double grad_cue_line(const PanelCtx *p, const Axes *ax)
{
    const Style *st = p->st;
    double dd[4];
    int nd;
    double cue_x = grad_cue_x(p, ax);
    if (!isnan(cue_x)) {
        style_dash(st, DASH_DOT, dd, &nd);
        canvas_dashed_line(p->c, cue_x, ax->area.y, cue_x, ax->area.y + ax->area.h, GRAD_CUE_PEN(st), dd, nd,
                           st->th->accent);
    }
    return cue_x;
}

/* Where run i's diverged mark goes on ax in mode: the point where its line from T-1
 * backwards stops at its first non-finite value; 0 if it has none (not diverged, or
 * nothing finite to mark). */
static int grad_diverged_xy(const PanelCtx *p, const Axes *ax, GradMode mode, int i, double *x, double *y)
{
    const double *s = grad_drawn_series(p, i, mode);
    const Run *run = p->runs[i];
    if (!s || run->diverged_at <= 0) return 0;
    int T = run->diag.T, t0 = grad_first_t(p, T), t = T - 1;
    while (t >= t0 && !isfinite(axis_pos(&ax->y, s[t]))) t--;
    int e = t;
    while (e > t0 && isfinite(axis_pos(&ax->y, s[e - 1]))) e--;
    if (t < t0) return 0;
    *x = axis_pos(&ax->x, e), *y = axis_pos(&ax->y, s[e]);
    return 1;
}

unsigned grad_labels_trial(const PanelCtx *p, const Axes *ax, GradMode mode, unsigned bound_on, int stride,
                           unsigned keyed)
{
    Placer pl;
    grad_placer(p, ax, mode, bound_on, p->v->cursor, stride, &pl);
    unsigned miss = 0;
    for (int i = 0; i < p->nruns && i < PLOT_MAX_RUNS; i++) {
        double x, y;
        if ((keyed >> i & 1u) || !grad_diverged_xy(p, ax, mode, i, &x, &y)) continue;
        if (!place_diverged(p->c, p->st, ax, x, y, p->runs[i], &pl)) miss |= 1u << i;
    }
    double cue_x = grad_cue_x(p, ax);
    if (!(keyed & GRAD_CUE_KEYED) && !isnan(cue_x) && !grad_cue_label(p, ax, cue_x, &pl, 0).w)
        miss |= GRAD_CUE_KEYED;
    return miss;
}

/* Where run i's factors' own bound crosses the plot on the factors' axis (NaN if it is
 * not drawn): gamma * sigma_max, the bound's last factor. */
static double factor_bound_y(const PanelCtx *p, const Axes *ax, int i, GradMode mode)
{
    const Run *run = p->runs[i];
    const Diag *d = &run->diag;
    if (!grad_drawn_series(p, i, mode) || !grad_has_factors(run, mode) || !ax->has_y2 || !d->bound ||
        d->T < 2 || !isfinite(d->bound[d->T - 2]))
        return NAN;
    return axis_pos(&ax->y2, d->bound[d->T - 2]);
}

/* Orders two doubles (qsort). */
static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Run i's factors' own bound dashed across on the factors' axis over every run's
 * markers: the sigmoid's markers (0.287) sit on sigma_max / 4 (0.2875) and hid it when
 * drawn under them (lesson 2 step 1). Dashed, not dotted like the product's bound on
 * the log axis: two dotted lines of one colour on two axes crossed as one (lessons 1/3,
 * 2/1). Broken around every marker it would cross: drawn through them it cut the
 * diamonds into shapes like arrows, < and > (a reviewer's walk, presenter mode). */
static void factor_bound(const PanelCtx *p, const Axes *ax, int i, GradMode mode, int stride)
{
    const Style *st = p->st;
    double dd[4], by = factor_bound_y(p, ax, i, mode);
    int nd;
    style_dash(st, DASH_LONG, dd, &nd);
    if (isnan(by) || stride < 1) return;
    /* on a halo: over markers of its own colour (the sigmoid's diamonds, one at every t in
     * presenter mode) a line of that colour alone did not show (a reviewer's walk) */
    double halo = fmax(1.0, 1.5 * st->s), size = grad_factor_size(st), r = 0.55 * size + halo;
    double gap[512]; /* (the markers' x where they lie on the line) */
    int ng = 0;
    for (int j = 0; j < p->nruns; j++) {
        const Diag *d = &p->runs[j]->diag;
        if (!grad_drawn_series(p, j, mode) || !grad_has_factors(p->runs[j], mode)) continue;
        int t0 = grad_first_t(p, d->T);
        for (int t = t0 > 1 ? t0 : 1; t < d->T && ng < 512; t++) {
            double fx = axis_pos(&ax->x, t), fy = axis_pos(&ax->y2, d->jac_norm[t]);
            if (t % stride == 0 && !isnan(fx) && !isnan(fy) && fabs(fy - by) < r) gap[ng++] = fx;
        }
    }
    qsort(gap, (size_t)ng, sizeof gap[0], cmp_double);
    double x = ax->area.x, end = ax->area.x + ax->area.w;
    for (int k = 0; k <= ng && x < end; k++) {
        double to = k < ng ? fmin(end, gap[k] - r) : end;
        if (to > x + 1) {
            canvas_dashed_line(p->c, x, by, to, by, st->line_w + 2 * halo, dd, nd, st->th->halo);
            canvas_dashed_line(p->c, x, by, to, by, st->line_w, dd, nd, panel_run_color(p, i));
        }
        if (k < ng) x = fmax(x, gap[k] + r);
    }
}

/* Every run's lines: every run's underlay first, then every run's main line over them,
 * so no run's line hides under another run's markers; a run's marker at the cursor k. */
void grad_lines(const PanelCtx *p, const Axes *ax, GradMode mode, int k, int stride,
                unsigned bound_on, unsigned keyed, Placer *pl)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    for (int i = 0; i < p->nruns; i++) underlay(p, ax, i, mode, stride, bound_on);
    for (int i = 0; i < p->nruns; i++) factor_bound(p, ax, i, mode, stride);
    int marks = panel_run_marks(p), rank = 0, nvis = 0;
    for (int i = 0; i < p->nruns; i++) nvis += grad_drawn_series(p, i, mode) != NULL;
    for (int i = 0; i < p->nruns; i++) {
        const double *y = grad_drawn_series(p, i, mode);
        if (!y) continue;
        const Run *run = p->runs[i];
        const Diag *d = &run->diag;
        uint32_t col = panel_run_color(p, i);
        int t0 = grad_first_t(p, d->T);
        double lx, ly;
        panel_series(p, ax, NULL, y, t0, d->T, 1, 1.0, col, NULL, 0, &lx, &ly);
        if (marks) { /* the run's marker at five timesteps, staggered between runs */
            for (int j = 0; j < 5; j++) {
                int t = (int)floor((j + (rank + 0.5) / nvis) * d->T / 5.0);
                double mx = axis_pos(&ax->x, t), my = t < d->T ? axis_pos(&ax->y, y[t]) : NAN;
                if (t >= t0 && !isnan(mx) && !isnan(my))
                    canvas_marker(c, panel_run_marker(p, i), mx, my, st->marker, col, st->th->halo);
            }
            if (p->v->facts && i < PLOT_MAX_RUNS) p->v->facts->line_mark[i] = 1 + panel_run_marker(p, i);
        }
        rank++;
        double dx, dy;
        if (grad_diverged_xy(p, ax, mode, i, &dx, &dy)) {
            char say[48];
            snprintf(say, sizeof say, "diverged at step %ld", run->diverged_at);
            if (i < PLOT_MAX_RUNS && (keyed >> i & 1u)) { /* its label a key */
                draw_diverged_mark(c, st, ax, dx, dy, col, run);
                panel_label_fact(p, PLOT_LABEL_KEY, say);
            } else panel_label_fact(p, draw_diverged_placed(c, st, ax, dx, dy, col, run, pl), say);
        }
        if (k >= 0 && k < d->T) {
            double cx = axis_pos(&ax->x, k), cy = axis_pos(&ax->y, y[k]);
            if (!isnan(cy)) canvas_marker(c, MARK_CIRCLE, cx, cy, st->marker * 1.2, col,
                                          st->th->halo);
        }
    }
}

/* How far a marker of size s reaches from its centre, halo included (canvas_marker: a
 * diamond's tip, 0.6 s, and 1.414 times its halo of max(1.5, 0.15 s)). */
static double mark_reach(double s)
{
    return 0.6 * s + 1.414 * fmax(1.5, 0.15 * s);
}

/* The markers grad_lines and underlay draw on pl: each run's at five timesteps, the
 * factors' at every stride-th t, the cursor's at k. */
static void grad_place_marks(const PanelCtx *p, const Axes *ax, GradMode mode, int k, int stride, Placer *pl)
{
    const Style *st = p->st;
    int marks = panel_run_marks(p), rank = 0, nvis = 0;
    for (int i = 0; i < p->nruns; i++) nvis += grad_drawn_series(p, i, mode) != NULL;
    for (int i = 0; i < p->nruns; i++) {
        const double *y = grad_drawn_series(p, i, mode);
        if (!y) continue;
        const Diag *d = &p->runs[i]->diag;
        int t0 = grad_first_t(p, d->T);
        for (int j = 0; j < 5 && marks; j++) {
            int t = (int)floor((j + (rank + 0.5) / nvis) * d->T / 5.0);
            if (t >= t0 && t < d->T)
                place_mark(pl, axis_pos(&ax->x, t), axis_pos(&ax->y, y[t]), mark_reach(st->marker));
        }
        rank++;
        if (grad_has_factors(p->runs[i], mode) && ax->has_y2 && stride > 0)
            for (int t = t0 > 1 ? t0 : 1; t < d->T; t++)
                if (t % stride == 0)
                    place_mark(pl, axis_pos(&ax->x, t), axis_pos(&ax->y2, d->jac_norm[t]),
                               mark_reach(grad_factor_size(st)));
        if (k >= 0 && k < d->T)
            place_mark(pl, axis_pos(&ax->x, k), axis_pos(&ax->y, y[k]), mark_reach(st->marker * 1.2));
    }
}

/* The lines every run draws in mode (underlay() and grad_lines()) on pl, and their
 * markers (the cursor's at k, the factors' every stride-th t). */
void grad_placer(const PanelCtx *p, const Axes *ax, GradMode mode, unsigned bound_on, int k, int stride,
                 Placer *pl)
{
    const Style *st = p->st;
    Rect a = ax->area;
    place_init(pl, ax, st->line_w, 0.25 * st->pad);
    place_points(pl, 0.8 * st->marker, 0.25 * st->pad);
    grad_place_marks(p, ax, mode, k, stride, pl);
    /* the lines across the plot (lesson 1 step 2's sweep: the cursor's readout lay on
     * the cue's line, the cue's label on the cursor's): the cue's, the cursor's, each
     * run's factor bound */
    double cue_x = grad_cue_x(p, ax);
    if (!isnan(cue_x)) place_rule(pl, cue_x, a.y, cue_x, a.y + a.h, GRAD_CUE_PEN(st) / 2);
    if (k >= 0) {
        double cx = axis_pos(&ax->x, k);
        place_rule(pl, cx, a.y, cx, a.y + a.h, st->thin_w / 2);
    }
    for (int i = 0; i < p->nruns; i++) {
        double by = factor_bound_y(p, ax, i, mode);
        if (!isnan(by)) place_rule(pl, a.x, by, a.x + a.w, by, st->line_w / 2);
    }
    for (int i = 0; i < p->nruns; i++) {
        const double *y = grad_drawn_series(p, i, mode);
        if (!y) continue;
        const Run *run = p->runs[i];
        const Diag *d = &run->diag;
        int t0 = grad_first_t(p, d->T);
        place_series(pl, ax, y, t0, d->T, 1.0);
        double anchor = grad_bound_anchor(d, mode);
        if (d->bound && isfinite(anchor) && (bound_on >> i & 1u)) place_series(pl, ax, d->bound, t0, d->T, anchor);
        if (mode == GRAD_MODE_NORM && grad_has_rev(run)) place_series(pl, ax, d->grad_h_rev, t0, d->T, 1.0);
        if (mode == GRAD_MODE_NORM && grad_has_cell(run)) place_series(pl, ax, d->grad_c, t0, d->T, 1.0);
        if (grad_has_factors(run, mode) && ax->has_y2) { /* the factors' thin line, right axis */
            Axes a2 = *ax;
            a2.y = ax->y2;
            place_series(pl, &a2, d->jac_norm, t0 > 1 ? t0 : 1, d->T, 1.0);
        }
    }
}

/* The cue label's text: "cue", or "cue →" where the cue is the whole ending from its
 * line on (the mouse task: its line marks only the ending's first word, t = 6, which
 * read as the cue itself beside the six underlined words of the strip). */
static const char *cue_text(const PanelCtx *p)
{
    for (int i = 0; i < p->nruns; i++)
        if (panel_run_visible(p, i)) return p->runs[i]->task.cue_span ? "cue \xE2\x86\x92" : "cue";
    return "cue";
}

/* The cue's label by its line, where it covers no line and no label on pl: at the foot
 * of the plot right of the line (left of it when the plot's edge would cut it), then
 * the other side, then up the line on either side; its box, or w = 0 if none is free
 * (not drawn: the sentence strip's "cue" key names the dotted mark). */
Rect grad_cue_label(const PanelCtx *p, const Axes *ax, double cue_x, Placer *pl, int draw)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    const char *text = cue_text(p);
    int w = canvas_text_width(c, text, st->px_tick, 1), fh = canvas_font_height(c, st->px_tick, 1);
    /* the box (w + 4 wide) clear of the cue's own line by the placer's gap and a px
     * (its rule on pl) */
    double air = GRAD_CUE_PEN(st) / 2 + pl->gap + 1;
    double right = cue_x + air, left = cue_x - air - (w + 4);
    if (right + w + 4 > ax->area.x + ax->area.w) { double t = right; right = left; left = t; }
    /* up the line in the product's band, then in the factors' (where the product's
     * lines leave no room) */
    double xy[2 * 2 * 128];
    int n = 0;
    Rect bands[2] = {axes_upper_band(ax).area, ax->area};
    for (int b = 0; b < (ax->banded ? 2 : 1); b++) {
        Rect a = bands[b];
        double stop = b ? bands[0].y + bands[0].h : a.y; /* (the factors' band: under the product's) */
        /* (a quarter line apart: a short band leaves gaps between its lines a line and a
         * half tall) */
        for (double y = a.y + a.h - 0.3 * st->pad - fh; y >= stop && n < 128; y -= 0.25 * fh) {
            xy[2 * n] = right, xy[2 * n++ + 1] = y;
            xy[2 * n] = left, xy[2 * n++ + 1] = y;
        }
    }
    double bx, by;
    if (!place_find(pl, xy, n, w + 4, fh, 0, &bx, &by)) {
        if (draw) panel_label_fact(p, PLOT_LABEL_DROPPED, "cue");
        return (Rect){0, 0, 0, 0};
    }
    Rect box = {(int)floor(bx), (int)floor(by), w + 5, fh + 1};
    place_take(pl, box);
    if (!draw) return box;
    panel_label_fact(p, PLOT_LABEL_PLACED, "cue");
    canvas_fill_rect(c, bx, by, w + 4, fh, style_alpha(st->th->panel, 215));
    canvas_text(c, text, bx + 2, by, st->px_tick, 1, TEXT_LEFT | TEXT_TOP, st->th->accent);
    return box;
}
