/* pick.c - from a pointer position back to data: the exact values under the mouse,
 * using the data areas the panels registered in the canvas when they were drawn. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "panels.h"

typedef struct Lines {
    char *buf;
    size_t n, o;
    int count;
} Lines;

static void add_line(Lines *l, const char *fmt, ...)
{
    if (l->count >= 9 || l->o + 2 >= l->n) return;
    if (l->count) l->buf[l->o++] = '\n';
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(l->buf + l->o, l->n - l->o, fmt, ap);
    va_end(ap);
    if (w > 0) l->o += (size_t)w < l->n - l->o ? (size_t)w : l->n - l->o - 1;
    l->buf[l->o] = 0;
    l->count++;
}

static const char *num(char *b, double v)
{
    format_number(b, 32, v, 4);
    return b;
}

static int visible(const PlotView *v, Run *const *runs, int nruns, int i)
{
    return i < nruns && i < PLOT_MAX_RUNS && runs[i] && v->visible[i];
}

/* History entry nearest to training step s (entries in increasing order); -1 if none. */
static int nearest(const History *h, double s)
{
    int best = -1;
    double bd = INFINITY;
    for (int i = 0; i < h->n; i++) {
        double d = fabs(h->e[i].step - s);
        if (d < bd) bd = d, best = i;
    }
    return best;
}

static void pick_gradient(Lines *l, Run *const *runs, int nruns, const PlotView *v, double x)
{
    char a[32], b[32];
    int t = (int)floor(x + 0.5), word = 0;
    add_line(l, "t = %d", t);
    for (int i = 0; i < nruns; i++) /* an attention run: the panel shows ||dL/dx_t|| of every run */
        if (visible(v, runs, nruns, i) && runs[i]->cfg.cell == CELL_ATTENTION) word = 1;
    for (int i = 0; i < nruns; i++) {
        if (!visible(v, runs, nruns, i)) continue;
        const Run *r = runs[i];
        const Diag *d = &r->diag;
        if (t < 0 || t >= d->T || !d->grad_h) continue;
        if (r->cfg.cell == CELL_ATTENTION && v->grad_mode != GRAD_MODE_NORM)
            add_line(l, "%s: does not apply to attention", r->label);
        else if (v->grad_mode == GRAD_MODE_NORM && word)
            add_line(l, "%s: %s", r->label, num(a, d->grad_x[t]));
        else if (v->grad_mode == GRAD_MODE_JACOBIAN)
            add_line(l, "%s: %s", r->label, d->jacobians ? num(a, d->jac_prod[t]) : "not computed");
        else if (v->grad_mode == GRAD_MODE_WHH)
            add_line(l, "%s: %s", r->label, num(a, d->whh_contrib[t]));
        else if (r->cfg.bidirectional)
            add_line(l, "%s: forward %s, reverse %s", r->label, num(a, d->grad_h[t]),
                     num(b, d->grad_h_rev[t]));
        else add_line(l, "%s: %s", r->label, num(a, d->grad_h[t]));
    }
}

static void pick_steps(Lines *l, PanelKind kind, Run *const *runs, int nruns, const PlotView *v,
                       double x)
{
    char a[32], b[32];
    int first = 1;
    for (int i = 0; i < nruns; i++) {
        if (!visible(v, runs, nruns, i)) continue;
        const Run *r = runs[i];
        int k = nearest(&r->hist, x);
        if (k < 0) continue;
        const HistEntry *e = &r->hist.e[k];
        if (first) add_line(l, "step %ld", e->step);
        first = 0;
        if (kind == PANEL_LOSS) {
            if (r->task.loss == LOSS_XENT)
                add_line(l, "%s: loss %s, accuracy %s", r->label, num(a, e->loss),
                         num(b, e->accuracy));
            else add_line(l, "%s: loss %s", r->label, num(a, e->loss));
        } else {
            add_line(l, "%s: %s before, %s after clipping%s", r->label, num(a, e->grad_norm),
                     num(b, e->grad_norm_clipped), e->clipped ? " (clipped)" : "");
        }
    }
}

static void pick_heatmap(Lines *l, Run *const *runs, int nruns, const PlotView *v, double x,
                         double y)
{
    char a[32];
    int i = plot_featured_run(runs, nruns, v); /* the run the heatmap shows */
    if (i < 0) return;
    const History *h = &runs[i]->hist;
    int k = nearest(h, x), t = (int)floor(y + 0.5);
    if (k < 0 || t < 0 || t >= h->T) return;
    add_line(l, "%s", runs[i]->label);
    add_line(l, "step %ld, t = %d", h->e[k].step, t);
    const double *g = panel_word_grad_hist(h);
    if (g) add_line(l, "%s = %s", panel_word_grad_name, num(a, g[(size_t)k * (size_t)h->T + (size_t)t]));
}

static void pick_spectrum(Lines *l, Run *const *runs, int nruns, const PlotView *v, double x,
                          double y, double per_px)
{
    char a[32], b[32], m[32];
    int bi = -1, bk = -1;
    double bd = INFINITY;
    for (int i = 0; i < nruns; i++) {
        if (!visible(v, runs, nruns, i)) continue;
        const Run *r = runs[i];
        if (!r->eigen || !r->eig_re) continue;
        for (int k = 0; k < r->cfg.hidden; k++) {
            double d = hypot(r->eig_re[k] - x, r->eig_im[k] - y);
            if (d < bd) bd = d, bi = i, bk = k;
        }
    }
    if (bi >= 0 && bd <= 12 * per_px) { /* within about a marker of the pointer */
        const Run *r = runs[bi];
        double re = r->eig_re[bk], im = r->eig_im[bk];
        add_line(l, "%s: \xCE\xBB = %s %s %si", r->label, num(a, re), im < 0 ? "\xE2\x88\x92" : "+",
                 num(b, fabs(im)));
        add_line(l, "|\xCE\xBB| = %s", num(m, hypot(re, im)));
    } else {
        add_line(l, "Re %s, Im %s, |z| = %s", num(a, x), num(b, y), num(m, hypot(x, y)));
    }
}

static void pick_gates(Lines *l, Run *const *runs, int nruns, const PlotView *v, double x)
{
    int t = (int)floor(x + 0.5);
    add_line(l, "t = %d", t);
    for (int i = 0; i < nruns; i++) {
        if (!visible(v, runs, nruns, i)) continue;
        const Diag *d = &runs[i]->diag;
        if (d->n_gates <= 0 || t < 0 || t >= d->T) continue;
        const double *g = d->gate_mean + (size_t)t * DIAG_MAX_GATES;
        if (d->n_gates == 3)
            add_line(l, "%s: input %.3f, forget %.3f, output %.3f", runs[i]->label, g[0], g[1], g[2]);
        else add_line(l, "%s: reset %.3f, update %.3f", runs[i]->label, g[0], g[1]);
    }
}

/* A word of the sentence strip: the word, its timestep and the gradient that reached it. */
static void pick_word(Lines *l, Run *const *runs, int nruns, const PlotView *v, int t)
{
    char a[48], b[48];
    int i = plot_featured_run(runs, nruns, v); /* the run the strip shows */
    if (i < 0) return;
    const Run *r = runs[i];
    const double *g = panel_word_grad(r);
    const Batch *eb = run_example_batch(r);
    if (!g || t < 0 || t >= r->diag.T || t >= eb->T) return;
    if (r->task.words)
        add_line(l, "\"%s\" (t = %d)", task_word(&r->task, eb->token[(size_t)t * (size_t)eb->B]), t);
    else add_line(l, "t = %d", t);
    add_line(l, "%s: %s = %s", r->label, panel_word_grad_name, (format_sci(a, sizeof a, g[t], 4), a));
    int ts = r->task.score_step >= 0 ? r->task.score_step : r->diag.T - 1;
    if (isfinite(g[t]) && isfinite(g[ts]) && g[ts] > 0 && t != ts)
        add_line(l, "%s of the scored word's", (format_sci(b, sizeof b, g[t] / g[ts], 3), b));
}

int plot_pick(const Canvas *c, Run *const *runs, int nruns, const PlotView *view, int x, int y,
              PlotPick *pk)
{
    memset(pk, 0, sizeof *pk);
    pk->kind = PANEL_NONE;
    PlotView dv;
    if (!view) {
        plot_view_default(&dv);
        view = &dv;
    }
    if (!runs) nruns = 0;
    for (int i = 0; i < c->nspots; i++) {
        const CanvasSpot *sp = &c->spots[i];
        Rect r = sp->r;
        if (x < r.x || x >= r.x + r.w || y < r.y || y >= r.y + r.h) continue;
        pk->kind = (PanelKind)sp->tag;
        pk->x = sp->index;
        Lines l = {pk->text, sizeof pk->text, 0, 0};
        if (sp->tag == PANEL_SENTENCE) pick_word(&l, runs, nruns, view, sp->index);
        return l.count > 0;
    }
    for (int i = 0; i < c->nareas; i++) {
        const CanvasArea *a = &c->areas[i];
        Rect r = a->area;
        if (x < r.x || x >= r.x + r.w || y < r.y || y >= r.y + r.h || r.w < 1 || r.h < 1) continue;
        double fx = (x + 0.5 - r.x) / r.w, fy = (r.y + r.h - (y + 0.5)) / r.h;
        pk->kind = (PanelKind)a->tag;
        pk->x = a->x_lo + fx * (a->x_hi - a->x_lo);
        pk->y = a->y_lo + fy * (a->y_hi - a->y_lo);
        if (a->ylog) pk->y = pow(10.0, pk->y);
        Lines l = {pk->text, sizeof pk->text, 0, 0};
        switch (pk->kind) {
        case PANEL_GRADIENT: pick_gradient(&l, runs, nruns, view, pk->x); break;
        case PANEL_HEATMAP: pick_heatmap(&l, runs, nruns, view, pk->x, pk->y); break;
        case PANEL_LOSS:
        case PANEL_CLIPPING: pick_steps(&l, pk->kind, runs, nruns, view, pk->x); break;
        case PANEL_SPECTRUM:
            pick_spectrum(&l, runs, nruns, view, pk->x, pk->y, (a->x_hi - a->x_lo) / r.w);
            break;
        case PANEL_GATES: pick_gates(&l, runs, nruns, view, pk->x); break;
        default: break;
        }
        return l.count > 0;
    }
    return 0;
}
