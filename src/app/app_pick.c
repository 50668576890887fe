/* app_pick.c - tooltip text for the mouse over the dashboard.
 *
 * The exact value under the cursor (which timestep, which training step) comes from
 * plot_pick(), which knows the axes each panel drew; where it finds nothing (a
 * panel without a data point under the pointer) the tooltip gives the exact numbers
 * of the hovered panel at the latest training step. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "app_ui.h"

typedef struct Text {
    char *buf;
    size_t n, o;
    int lines;
} Text;

static void line(Text *t, const char *fmt, ...)
{
    if (t->lines >= 8 || t->o + 1 >= t->n) return;
    if (t->lines > 0) t->buf[t->o++] = '\n';
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(t->buf + t->o, t->n - t->o, fmt, ap);
    va_end(ap);
    if (w > 0) t->o += (size_t)w < t->n - t->o ? (size_t)w : t->n - t->o - 1;
    t->buf[t->o] = 0;
    t->lines++;
}

/* A number for a tooltip: 4 significant digits, NaN/inf spelled out. */
static const char *num(char *b, size_t n, double v)
{
    if (isnan(v)) snprintf(b, n, "NaN");
    else if (isinf(v)) snprintf(b, n, v > 0 ? "inf" : "\xE2\x88\x92inf");
    else snprintf(b, n, "%.4g", v);
    return b;
}

static const double *grad_series(const Diag *d, GradMode m)
{
    if (m == GRAD_MODE_JACOBIAN) return d->jacobians ? d->jac_prod : NULL;
    if (m == GRAD_MODE_WHH) return d->whh_contrib;
    return d->grad_h;
}

static void describe(Text *t, const AppCore *a, PanelKind kind)
{
    char x[32], y[32], z[32];
    line(t, "%s at step %ld", plot_panel_name(kind), app_core_max_step(a));
    for (int i = 0; i < a->n; i++) {
        if (!a->view.visible[i]) continue;
        const Run *r = &a->run[i];
        const Diag *d = &r->diag;
        int T = d->T;
        if (r->step == 0) {
            line(t, "%s: not trained yet", r->label);
            continue;
        }
        switch (kind) {
        case PANEL_GRADIENT:
        case PANEL_HEATMAP: {
            GradMode m = kind == PANEL_HEATMAP ? GRAD_MODE_NORM : a->view.grad_mode;
            const double *s = grad_series(d, m);
            int word = 0; /* an attention run: the gradient panel shows ||dL/dx_t|| of every run */
            for (int j = 0; j < a->n; j++)
                if (a->view.visible[j] && a->run[j].cfg.cell == CELL_ATTENTION) word = 1;
            if (kind == PANEL_GRADIENT && m == GRAD_MODE_NORM && word) s = d->grad_x;
            if (r->cfg.cell == CELL_ATTENTION && m != GRAD_MODE_NORM) {
                line(t, "%s: does not apply to attention", r->label);
                break;
            }
            if (!s) {
                line(t, "%s: no Jacobians at this step", r->label);
                break;
            }
            int k = a->view.cursor >= 0 && a->view.cursor < T ? a->view.cursor : 0;
            int ratio_ok = s[T - 1] != 0 && isfinite(s[T - 1]) && isfinite(s[k]);
            if (ratio_ok) num(z, sizeof z, s[k] / s[T - 1]);
            else snprintf(z, sizeof z, "n/a");
            line(t, "%s: t=%d: %s   t=%d: %s   ratio %s", r->label, k, num(x, sizeof x, s[k]),
                 T - 1, num(y, sizeof y, s[T - 1]), z);
            break;
        }
        case PANEL_LOSS:
            if (isnan(d->accuracy)) line(t, "%s: loss %s", r->label, num(x, sizeof x, d->loss));
            else line(t, "%s: loss %s   accuracy %.1f%%", r->label, num(x, sizeof x, d->loss),
                      100 * d->accuracy);
            break;
        case PANEL_CLIPPING:
            line(t, "%s: \xE2\x80\x96g\xE2\x80\x96 %s \xE2\x86\x92 %s%s", r->label,
                 num(x, sizeof x, d->grad_norm), num(y, sizeof y, d->grad_norm_clipped),
                 d->clipped ? " (clipped)" : "");
            break;
        case PANEL_SPECTRUM:
            line(t, "%s: \xCF\x83max %s   spectral radius %s", r->label,
                 num(x, sizeof x, d->sigma_max), num(y, sizeof y, d->spectral_radius));
            break;
        case PANEL_SENTENCE:
            if (d->pred_class < 0 || !r->task.classes) line(t, "%s: loss %s", r->label,
                                                            num(x, sizeof x, d->loss));
            else line(t, "%s: says \"%s\" (p = %.3f), answer \"%s\"", r->label,
                      r->task.classes[d->pred_class], d->pred_prob,
                      d->pred_target >= 0 ? r->task.classes[d->pred_target] : "?");
            break;
        case PANEL_GATES:
            if (d->n_gates == 3)
                line(t, "%s: at t=%d  input %.3f  forget %.3f  output %.3f", r->label, T - 1,
                     d->gate_mean[(T - 1) * DIAG_MAX_GATES], d->gate_mean[(T - 1) * DIAG_MAX_GATES + 1],
                     d->gate_mean[(T - 1) * DIAG_MAX_GATES + 2]);
            else if (d->n_gates == 2)
                line(t, "%s: at t=%d  reset %.3f  update %.3f", r->label, T - 1,
                     d->gate_mean[(T - 1) * DIAG_MAX_GATES], d->gate_mean[(T - 1) * DIAG_MAX_GATES + 1]);
            break;
        default: break;
        }
    }
}

int app_pick(Canvas *c, const AppCore *a, int x, int y, char *buf, size_t n)
{
    buf[0] = 0;
    if (n < 2 || a->n == 0) return 0;
    PlotPick pk;
    if (plot_pick(c, a->rp, a->n, &a->view, x, y, &pk)) {
        snprintf(buf, n, "%s", pk.text);
        return buf[0] != 0;
    }
    PlotLayout L;
    plot_layout(c->w, c->h, &a->view, a->rp, a->n, &L);
    for (int i = 0; i < L.n; i++) {
        Rect r = L.panel[i];
        if (x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h) {
            Text t = {buf, n, 0, 0};
            describe(&t, a, L.kind[i]);
            return t.lines > 1;
        }
    }
    return 0;
}
