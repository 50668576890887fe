/* panel_gradient.c - a per-timestep quantity of the latest step against t (log y):
 * ||dL/dh_t||, the Jacobian product ||dh_{T-1}/dh_t||, or W_hh contributions.
 * Pascanu et al. (2013), "On the difficulty of training recurrent neural networks",
 * bound ||dh_{T-1}/dh_t|| <= (gamma*sigma_max)^(T-1-t), drawn dotted (diag.bound). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "panels.h"

/* The series the mode selects, or NULL. */
static const double *series_of(const Diag *d, GradMode m)
{
    switch (m) {
    case GRAD_MODE_JACOBIAN: return d->jacobians ? d->jac_prod : NULL;
    case GRAD_MODE_WHH: return d->whh_contrib;
    default: return d->grad_h;
    }
}

/* Multiplier that turns diag.bound into a bound on the plotted series: the Jacobian
 * product directly; ||dL/dh_t|| when only the last step is scored, anchored there. */
static double bound_anchor(const Diag *d, GradMode m)
{
    if (m == GRAD_MODE_JACOBIAN) return 1.0;
    if (m == GRAD_MODE_NORM && d->T > 0 && isfinite(d->grad_h[d->T - 1]) &&
        d->grad_h[d->T - 1] > 0)
        return d->grad_h[d->T - 1];
    return NAN;
}

static int has_rev(const Run *r)
{
    return r->cfg.bidirectional && r->diag.grad_h_rev;
}

static int has_cell(const Run *r)
{
    return r->cfg.cell == CELL_LSTM && r->diag.grad_c;
}

static int first_t(const PanelCtx *p, int T)
{
    int k = p->v->cursor;
    if (k < 0) return 0;
    return k < T ? k : T - 1;
}

/* Run i's series in this mode if it is drawn (visible, trained or diverged), else NULL. */
static const double *drawn_series(const PanelCtx *p, int i, GradMode mode)
{
    if (!panel_run_visible(p, i)) return NULL;
    const Run *run = p->runs[i];
    const Diag *d = &run->diag;
    if (d->T <= 0 || !d->grad_h || (run->step == 0 && !run->diverged_at)) return NULL;
    return series_of(d, mode);
}

/* What a log axis cannot show, one line per run that has some: exact zeros, values
 * that are not finite, a diverged run with nothing finite left. */
typedef struct Notes {
    int n;
    char text[PLOT_MAX_RUNS * 2][160];
    uint32_t color[PLOT_MAX_RUNS * 2];
} Notes;

static void notes_add(Notes *nt, uint32_t color, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void notes_add(Notes *nt, uint32_t color, const char *fmt, ...)
{
    if (nt->n >= PLOT_MAX_RUNS * 2) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(nt->text[nt->n], sizeof nt->text[nt->n], fmt, ap);
    va_end(ap);
    nt->color[nt->n++] = color;
}

static void notes_collect(const PanelCtx *p, GradMode mode, Notes *nt)
{
    nt->n = 0;
    for (int i = 0; i < p->nruns; i++) {
        const double *y = drawn_series(p, i, mode);
        if (!y) continue;
        const Run *run = p->runs[i];
        const Diag *d = &run->diag;
        uint32_t col = panel_run_color(p, i);
        int t0 = first_t(p, d->T), zeros = 0, bad = 0, finite = 0;
        for (int t = t0; t < d->T; t++) {
            if (y[t] == 0) zeros++;
            else if (!isfinite(y[t])) bad++;
            if (isfinite(y[t]) && y[t] > 0) finite++;
        }
        if (run->diverged_at > 0) {
            if (!finite)
                notes_add(nt, col, "%s diverged at step %ld: no finite values", run->label,
                          run->diverged_at);
            continue;
        }
        if (zeros)
            notes_add(nt, col, "%s%s: exactly 0 at %d timestep%s (not on a log scale)", run->label,
                      mode == GRAD_MODE_NORM && has_rev(run) ? ", forward direction" : "", zeros,
                      zeros > 1 ? "s" : "");
        if (bad) notes_add(nt, col, "%s: %d value%s not finite", run->label, bad, bad > 1 ? "s" : "");
    }
}

/* The notes in a strip of their own at the top of r (above the data, not over it);
 * returns the strip's height. */
static int notes_draw(const PanelCtx *p, Rect r, const Notes *nt)
{
    const Style *st = p->st;
    if (nt->n == 0) return 0;
    int fh = canvas_font_height(p->c, st->px_tick, 1);
    for (int k = 0; k < nt->n; k++) {
        double x = r.x + 0.2 * st->pad, y = r.y + k * (fh + 2);
        /* wider than the panel: without its trailing " (...)" */
        char text[160];
        snprintf(text, sizeof text, "%s", nt->text[k]);
        char *paren = strstr(text, " (");
        if (paren && canvas_text_width(p->c, text, st->px_tick, 1) > r.w - 0.4 * st->pad) *paren = 0;
        canvas_text(p->c, text, x, y, st->px_tick, 1, TEXT_LEFT | TEXT_TOP, nt->color[k]);
    }
    return nt->n * (fh + 2) + (int)(0.3 * st->pad);
}

void panel_gradient(const PanelCtx *p, Rect r)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    GradMode mode = p->v->grad_mode;
    static const char *const titles[3] = {
        "Gradient reaching each timestep",
        "Jacobian product from the last step back to t (example 0)",
        "Each timestep's contribution to \xE2\x88\x82L/\xE2\x88\x82W_hh",
    };
    static const char *const ylabels[3] = {
        "\xE2\x80\x96\xE2\x88\x82L/\xE2\x88\x82h(t)\xE2\x80\x96",
        "\xE2\x80\x96\xE2\x88\x82h(T\xE2\x88\x92" "1)/\xE2\x88\x82h(t)\xE2\x80\x96\xE2\x82\x82",
        "\xE2\x80\x96" "contribution of t\xE2\x80\x96",
    };
    int mi = mode == GRAD_MODE_JACOBIAN ? 1 : mode == GRAD_MODE_WHH ? 2 : 0;
    static const char *const short_titles[3] = {
        "Gradient per timestep", "Jacobian product", "W_hh contribution"};
    Rect ct = panel_begin(c, st, r, titles[mi], short_titles[mi], p->highlight);
    {
        int rh = panel_readouts(p, ct);
        ct.y += rh;
        ct.h -= rh;
    }

    AxesSpec sp = {0};
    sp.xlabel = "timestep t (backpropagation runs from T\xE2\x88\x92" "1 back to 0)";
    sp.ylabel = ylabels[mi];
    sp.ylog = 1;
    sp.xint = 1;
    range_reset(&sp.x);
    range_reset(&sp.y);
    int any_rev = 0, any_cell = 0, any_bound = 0, no_jac = 0, shown = 0, untrained = 0;
    for (int i = 0; i < p->nruns; i++) {
        if (!panel_run_visible(p, i)) continue;
        const Run *run = p->runs[i];
        const Diag *d = &run->diag;
        if (d->T <= 0 || !d->grad_h) continue;
        if (run->step == 0 && !run->diverged_at) {
            untrained++; /* no backward pass yet: nothing to plot */
            continue;
        }
        range_add(&sp.x, 0, 0);
        range_add(&sp.x, d->T - 1, 0);
        const double *y = series_of(d, mode);
        if (!y) {
            no_jac = 1;
            continue;
        }
        shown++;
        if (!panel_in_scale(p, i)) continue;
        /* the axes cover every timestep, also those the backward cursor has not reached
         * yet, so they hold still while the sweep draws the line from T-1 back to 0 */
        for (int t = 0; t < d->T; t++) range_add(&sp.y, y[t], 1);
        if (mode == GRAD_MODE_NORM && has_rev(run)) {
            any_rev = 1;
            for (int t = 0; t < d->T; t++) range_add(&sp.y, d->grad_h_rev[t], 1);
        }
        if (mode == GRAD_MODE_NORM && has_cell(run)) {
            any_cell = 1;
            for (int t = 0; t < d->T; t++) range_add(&sp.y, d->grad_c[t], 1);
        }
        if (d->bound && isfinite(bound_anchor(d, mode)))
            for (int t = 0; t < d->T; t++)
                if (isfinite(d->bound[t]) && d->bound[t] > 0) any_bound = 1;
    }
    Key keys[4];
    int nk = 0;
    uint32_t kc = st->th->muted;
    if (any_cell)
        keys[nk++] = (Key){"short dashes: LSTM cell state \xE2\x80\x96\xE2\x88\x82L/\xE2\x88\x82" "c(t)\xE2\x80\x96",
                           kc, DASH_SHORT, -1};
    if (any_rev) {
        keys[nk++] = (Key){"solid: forward direction", kc, -1, -1};
        keys[nk++] = (Key){"dashed: reverse direction", kc, DASH_LONG, -1};
    }
    if (any_bound)
        keys[nk++] = (Key){mode == GRAD_MODE_JACOBIAN
                               ? "dotted: Pascanu bound (\xCE\xB3\xC2\xB7\xCF\x83max)^(T\xE2\x88\x92"
                                 "1\xE2\x88\x92t)"
                               : "dotted: Pascanu bound, anchored at t = T\xE2\x88\x92" "1",
                           kc, DASH_DOT, -1};
    int kh = panel_keys(p, ct, keys, nk);
    ct.y += kh;
    ct.h -= kh;
    Notes nt;
    notes_collect(p, mode, &nt);
    if (shown) {
        int nh = notes_draw(p, ct, &nt);
        ct.y += nh;
        ct.h -= nh;
    }
    if (!shown) {
        panel_message(c, st, ct,
                      no_jac      ? "Jacobians were not computed at this step"
                      : untrained ? "no training step yet"
                                  : "no visible run");
        return;
    }
    if (sp.y.n == 0) range_add(&sp.y, 1.0, 1); /* nothing finite: still draw the axes */
    Axes ax;
    axes_setup(c, st, ct, &sp, &ax);
    axes_draw(c, st, &ax, &sp);
    axes_clip(c, st, &ax);
    panel_register(p, &ax);

    int k = p->v->cursor;
    double dd[4];
    int nd;
    /* the cue: the first timestep that tells the answer (first visible run's task);
     * its line under the data, its label over it (below) */
    double cue_x = NAN;
    for (int i = 0; i < p->nruns; i++) {
        if (!panel_run_visible(p, i)) continue;
        int cue = p->runs[i]->task.cue_step;
        if (cue >= 0 && cue < p->runs[i]->diag.T) {
            cue_x = axis_pos(&ax.x, cue);
            style_dash(st, DASH_DOT, dd, &nd);
            canvas_dashed_line(c, cue_x, ax.area.y, cue_x, ax.area.y + ax.area.h,
                               st->thin_w * 1.3, dd, nd, st->th->accent);
        }
        break;
    }
    for (int i = 0; i < p->nruns; i++) {
        const double *y = drawn_series(p, i, mode);
        if (!y) continue;
        const Run *run = p->runs[i];
        const Diag *d = &run->diag;
        uint32_t col = panel_run_color(p, i);
        int t0 = first_t(p, d->T);
        double lx, ly;
        double anchor = bound_anchor(d, mode);
        if (d->bound && isfinite(anchor)) {
            style_dash(st, DASH_DOT, dd, &nd);
            panel_series(p, &ax, NULL, d->bound, t0, d->T, 1, anchor, col, dd, nd, &lx, &ly);
        }
        if (mode == GRAD_MODE_NORM && has_rev(run)) {
            style_dash(st, DASH_LONG, dd, &nd);
            panel_series(p, &ax, NULL, d->grad_h_rev, t0, d->T, 1, 1.0, col, dd, nd, &lx, &ly);
        }
        if (mode == GRAD_MODE_NORM && has_cell(run)) {
            style_dash(st, DASH_SHORT, dd, &nd);
            panel_series(p, &ax, NULL, d->grad_c, t0, d->T, 1, 1.0, col, dd, nd, &lx, &ly);
        }
        panel_series(p, &ax, NULL, y, t0, d->T, 1, 1.0, col, NULL, 0, &lx, &ly);
        if (run->diverged_at > 0) {
            /* the line from T-1 backwards stops at its first non-finite value */
            int t = d->T - 1;
            while (t >= t0 && !isfinite(axis_pos(&ax.y, y[t]))) t--;
            int e = t;
            while (e > t0 && isfinite(axis_pos(&ax.y, y[e - 1]))) e--;
            if (t >= t0)
                draw_diverged(c, st, &ax, axis_pos(&ax.x, e), axis_pos(&ax.y, y[e]), col,
                              run->diverged_at);
        }
        if (k >= 0 && k < d->T) {
            double cx = axis_pos(&ax.x, k), cy = axis_pos(&ax.y, y[k]);
            if (!isnan(cy)) canvas_marker(c, MARK_CIRCLE, cx, cy, st->marker * 1.2, col,
                                          st->th->halo);
        }
    }
    if (!isnan(cue_x)) {
        double tx = cue_x + 0.4 * st->pad, ty = ax.area.y + ax.area.h - 0.3 * st->pad;
        int w = canvas_text_width(c, "cue", st->px_tick, 1), fh = canvas_font_height(c, st->px_tick, 1);
        canvas_fill_rect(c, tx - 2, ty - fh, w + 4, fh, style_alpha(st->th->panel, 215));
        canvas_text(c, "cue", tx, ty, st->px_tick, 1, TEXT_LEFT | TEXT_BOTTOM, st->th->accent);
    }
    if (k >= 0) {
        /* the backward cursor: a vertical line at t = k */
        double cx = axis_pos(&ax.x, k);
        style_dash(st, DASH_SHORT, dd, &nd);
        canvas_dashed_line(c, cx, ax.area.y, cx, ax.area.y + ax.area.h, st->thin_w, dd, nd,
                           st->th->muted);
        char buf[32];
        snprintf(buf, sizeof buf, "t = %d", k);
        double tx = cx + 0.5 * st->pad;
        int align = TEXT_LEFT;
        if (tx + canvas_text_width(c, buf, st->px_tick, 1) > ax.area.x + ax.area.w) {
            tx = cx - 0.5 * st->pad;
            align = TEXT_RIGHT;
        }
        canvas_text(c, buf, tx, ax.area.y + 0.3 * st->pad, st->px_tick, 1, align | TEXT_TOP,
                    st->th->fg);
    }
}
