/* gradient_pick.c - what the gradient panel shows under the pointer, in its tooltip line
 * and in its plotted-data CSV. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gradient.h"

void grad_pick(PlotLines *l, const PanelPickAt *at)
{
    char a[32], b[32];
    Run *const *runs = at->runs;
    int nruns = at->nruns, t = (int)floor(at->x + 0.5), word = 0, T = 0;
    const PlotView *v = at->v;
    for (int i = 0; i < nruns; i++)
        if (panel_visible(v, runs, nruns, i) && runs[i]->diag.T > T) T = runs[i]->diag.T;
    if (t < 0 || t >= T) return; /* the margin beside the data: no timestep there */
    plot_lines_add(l, "t = %d", t);
    for (int i = 0; i < nruns; i++) /* an attention run: the panel shows ||dL/dx_t|| of every run */
        if (panel_visible(v, runs, nruns, i) && grad_is_attention(runs[i])) word = 1;
    for (int i = 0; i < nruns; i++) {
        if (!panel_visible(v, runs, nruns, i)) continue;
        const Run *r = runs[i];
        const Diag *d = &r->diag;
        if (t < 0 || t >= d->T || !d->grad_h) continue;
        if (grad_is_attention(r) && v->grad_mode != GRAD_MODE_NORM)
            plot_lines_add(l, "%s: does not apply to attention", r->label);
        else if (v->grad_mode == GRAD_MODE_NORM && word)
            plot_lines_add(l, "%s: %s", r->label, panel_pick_num(a, d->grad_x[t]));
        else if (v->grad_mode == GRAD_MODE_JACOBIAN)
            plot_lines_add(l, "%s: %s", r->label,
                           d->jacobians ? panel_pick_num(a, d->jac_prod[t]) : "not computed");
        else if (v->grad_mode == GRAD_MODE_WHH)
            plot_lines_add(l, "%s: %s", r->label, panel_pick_num(a, d->whh_contrib[t]));
        else if (r->cfg.bidirectional)
            plot_lines_add(l, "%s: forward %s, reverse %s", r->label, panel_pick_num(a, d->grad_h[t]),
                           panel_pick_num(b, d->grad_h_rev[t]));
        else plot_lines_add(l, "%s: %s", r->label, panel_pick_num(a, d->grad_h[t]));
    }
}

void panel_describe_grad(PlotLines *l, Run *const *runs, int nruns, const PlotView *v, int i,
                         GradMode m, int words)
{
    char x[32], y[32], z[32];
    const Run *r = runs[i];
    const Diag *d = &r->diag;
    int T = d->T;
    const double *s = grad_series_of(d, m);
    int word = 0; /* an attention run: the gradient panel shows ||dL/dx_t|| of every run */
    for (int j = 0; j < nruns; j++)
        if (v->visible[j] && grad_is_attention(runs[j])) word = 1;
    if (words && m == GRAD_MODE_NORM && word) s = d->grad_x;
    if (grad_is_attention(r) && m != GRAD_MODE_NORM) {
        plot_lines_add(l, "%s: does not apply to attention", r->label);
        return;
    }
    if (!s) {
        plot_lines_add(l, "%s: no Jacobians at this step", r->label);
        return;
    }
    int k = v->cursor >= 0 && v->cursor < T ? v->cursor : 0;
    int ratio_ok = s[T - 1] != 0 && isfinite(s[T - 1]) && isfinite(s[k]);
    if (ratio_ok) panel_tip_num(z, sizeof z, s[k] / s[T - 1]);
    else snprintf(z, sizeof z, "n/a");
    plot_lines_add(l, "%s: t=%d: %s   t=%d: %s   ratio %s", r->label, k,
                   panel_tip_num(x, sizeof x, s[k]), T - 1, panel_tip_num(y, sizeof y, s[T - 1]), z);
}

void grad_describe(PlotLines *l, Run *const *runs, int nruns, const PlotView *v, int i)
{
    panel_describe_grad(l, runs, nruns, v, i, v->grad_mode, 1);
}

/* x = timestep t, y = the plotted norm (from the cursor on, as drawn). */
void grad_csv(const PlotRows *o, Run *const *runs, int nruns, const PlotView *v)
{
    static const char *const names[3] = {"grad_h", "jac_prod", "whh_contrib"};
    for (int i = 0; i < nruns; i++) {
        if (!panel_visible(v, runs, nruns, i)) continue;
        const Diag *d = &runs[i]->diag;
        if (d->T <= 0 || !d->grad_h) continue;
        const double *y = v->grad_mode == GRAD_MODE_JACOBIAN ? (d->jacobians ? d->jac_prod : NULL)
                          : v->grad_mode == GRAD_MODE_WHH    ? d->whh_contrib
                                                             : d->grad_h;
        if (!y) continue;
        int t0 = v->cursor < 0 ? 0 : v->cursor < d->T ? v->cursor : d->T - 1;
        for (int t = t0; t < d->T; t++)
            panel_row(o, PANEL_GRADIENT, i, names[v->grad_mode], t, y[t], NAN, NULL);
        if (v->grad_mode == GRAD_MODE_NORM && runs[i]->cfg.bidirectional && d->grad_h_rev)
            for (int t = t0; t < d->T; t++)
                panel_row(o, PANEL_GRADIENT, i, "grad_h_rev", t, d->grad_h_rev[t], NAN, NULL);
        /* the Pascanu bound as drawn: itself for the Jacobian product, anchored at
         * ||dL/dh_{T-1}|| for the gradient norm */
        double anchor = v->grad_mode == GRAD_MODE_JACOBIAN ? 1.0 : NAN;
        if (v->grad_mode == GRAD_MODE_NORM && isfinite(d->grad_h[d->T - 1]) && d->grad_h[d->T - 1] > 0)
            anchor = d->grad_h[d->T - 1];
        if (d->bound && isfinite(anchor))
            for (int t = t0; t < d->T; t++)
                panel_row(o, PANEL_GRADIENT, i, "bound", t, d->bound[t] * anchor, NAN, NULL);
    }
    int i = -1;
    for (int j = 0; j < nruns && i < 0; j++)
        if (panel_visible(v, runs, nruns, j)) i = j;
    if (i >= 0 && runs[i]->task.cue_step >= 0 && runs[i]->task.cue_step < runs[i]->diag.T)
        panel_row(o, PANEL_GRADIENT, i, "cue", runs[i]->task.cue_step, NAN, NAN, NULL);
}
