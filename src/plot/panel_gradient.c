/* panel_gradient.c - a per-timestep quantity of the latest step against t (log y):
 * ||dL/dh_t||, the Jacobian product ||dh_{T-1}/dh_t||, or W_hh contributions; with an
 * attention run visible, ||dL/dx_t|| of every run (the gradient reaching word t), since
 * attention has no h_t, and no Jacobians or W_hh either.
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
    case GRAD_MODE_WORD: return d->grad_x;
    default: return d->grad_h;
    }
}

static int is_attention(const Run *r) { return r->cfg.cell == CELL_ATTENTION; }

/* 1 if run i is an attention run in a mode about the recurrence (nothing to draw) */
static int not_applicable(const PanelCtx *p, int i, GradMode m)
{
    return is_attention(p->runs[i]) && (m == GRAD_MODE_JACOBIAN || m == GRAD_MODE_WHH);
}

/* The mode drawn: GRAD_MODE_WORD in place of GRAD_MODE_NORM when an attention run is
 * visible, so that every run shows the same quantity on one axis. */
static GradMode shown_mode(const PanelCtx *p)
{
    if (p->v->grad_mode != GRAD_MODE_NORM) return p->v->grad_mode;
    for (int i = 0; i < p->nruns; i++)
        if (panel_run_visible(p, i) && is_attention(p->runs[i])) return GRAD_MODE_WORD;
    return GRAD_MODE_NORM;
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

/* 1 if the Jacobian product of run r is drawn with the norms of its factors. */
static int has_factors(const Run *r, GradMode m)
{
    const Diag *d = &r->diag;
    if (m != GRAD_MODE_JACOBIAN || !d->jacobians || !d->jac_norm) return 0;
    for (int t = 1; t < d->T; t++)
        if (isfinite(d->jac_norm[t])) return 1;
    return 0;
}

static const double *drawn_series(const PanelCtx *p, int i, GradMode mode);

/* What the visible runs give the gradient panel: which extra lines, whether anything
 * is shown, and why not; bound_on: bit i for a run whose bound is drawn (on the scale),
 * bound_off: one that has a bound off the scale (named in the notes instead). */
typedef struct GradSeen {
    int any_rev, any_cell, any_bound, no_jac, shown, untrained, any_factor, n_na;
    unsigned bound_on, bound_off;
} GradSeen;


/* The factors' markers: their size, and how far their ink reaches from the centre (a
 * diamond's tip, halo included: canvas_marker). */
static double factor_size(const Style *st) { return 0.75 * st->marker; }
#define MARKER_INK 0.82

/* The factors are a thin line through every timestep with a marker at every s-th (t a
 * multiple of s): s the least of 1, 2, 5, 10, 20 ... that keeps one run's markers
 * apart, their centres an inked width apart (lesson 2 step 1: forty diamonds in a
 * plot 520 px wide lay on each other). */
static int factor_stride(const Style *st, const Axes *ax)
{
    double per_t = fabs(axis_pos(&ax->x, 1) - axis_pos(&ax->x, 0));
    double need = 2 * MARKER_INK * factor_size(st);
    static const int steps[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000};
    for (int k = 0; k < 12; k++)
        if (steps[k] * per_t >= need) return steps[k];
    return 10000;
}

/* 1 if a marker of size sz at (x, y) inks part of box. */
static int marker_in_box(double x, double y, double sz, Rect box)
{
    double g = MARKER_INK * sz;
    return !isnan(x) && !isnan(y) && x + g >= box.x && x - g <= box.x + box.w && y + g >= box.y &&
           y - g <= box.y + box.h;
}

/* 1 if data value (t, y) on axis ay falls in box. */
static int in_box(const Axes *ax, const Axis *ay, double t, double y, Rect box)
{
    double x = axis_pos(&ax->x, t), py = axis_pos(ay, y);
    return !isnan(x) && !isnan(py) && x >= box.x && x <= box.x + box.w && py >= box.y &&
           py <= box.y + box.h;
}

/* How many drawn points (main lines, bounds, factor line) box would hide, and markers
 * (a factor's every stride-th, a run's five, the cursor's at k) as 1000 each. */
static int hidden_points(const PanelCtx *p, const Axes *ax, GradMode mode, Rect box, int stride, int k)
{
    int n = 0, marks = panel_run_marks(p), rank = 0, nvis = 0;
    for (int i = 0; i < p->nruns; i++) nvis += drawn_series(p, i, mode) != NULL;
    for (int i = 0; i < p->nruns; i++) {
        const double *y = drawn_series(p, i, mode);
        if (!y) continue;
        const Diag *d = &p->runs[i]->diag;
        double anchor = bound_anchor(d, mode);
        for (int t = 0; t < d->T; t++) {
            n += in_box(ax, &ax->y, t, y[t], box);
            if (d->bound && isfinite(anchor)) n += in_box(ax, &ax->y, t, d->bound[t] * anchor, box);
            if (has_factors(p->runs[i], mode) && ax->has_y2 && t > 0) {
                n += in_box(ax, &ax->y2, t, d->jac_norm[t], box);
                if (t % stride == 0)
                    n += 1000 * marker_in_box(axis_pos(&ax->x, t), axis_pos(&ax->y2, d->jac_norm[t]),
                                              factor_size(p->st), box);
            }
        }
        for (int j = 0; marks && j < 5; j++) {
            int t = (int)floor((j + (rank + 0.5) / nvis) * d->T / 5.0);
            if (t < d->T)
                n += 1000 * marker_in_box(axis_pos(&ax->x, t), axis_pos(&ax->y, y[t]), p->st->marker, box);
        }
        if (k >= 0 && k < d->T)
            n += 1000 * marker_in_box(axis_pos(&ax->x, k), axis_pos(&ax->y, y[k]), 1.2 * p->st->marker, box);
        rank++;
    }
    return n;
}

/* The slopes inset: sigma'(z) and tanh'(z) for z in [-5, 5] against guides at 1/4 and 1,
 * in the colours of the visible sigmoid and tanh runs: "the sigmoid's slope is at most
 * 1/4, tanh's reaches 1". Drawn in the corner of the data area where it hides the
 * fewest drawn points (bottom right first: the products all end at 1 at t = T-1). */
static void slopes_inset(const PanelCtx *p, const Axes *ax, GradMode mode, int side, int stride)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    Rect a = ax->area;
    int px = st->px_tick, fh = canvas_font_height(c, px, 1);
    int w = (int)fmin(0.36 * a.w, 20 * px), h = (int)fmin(0.72 * a.h, 9 * fh);
    Rect box;
    if (side > 0) { /* beside the plot, in the room panel_gradient kept for it */
        w = side - (int)st->pad;
        h = (int)fmin(a.h, 9 * fh);
        box = (Rect){ax->content.x + ax->content.w + (int)st->pad, a.y, w, h};
    } else {
        if (w < 8 * px || h < 4 * fh) return;
        int m = (int)(0.4 * st->pad), xl = a.x + m, xr = a.x + a.w - w - m;
        int yt = a.y + m, yb = a.y + a.h - h - m, ym = a.y + (a.h - h) / 2;
        const int at[6][2] = {{xr, yb}, {xr, yt}, {xl, yt}, {xl, yb}, {xr, ym}, {xl, ym}};
        int best = -1;
        box = (Rect){xr, yb, w, h};
        for (int k = 0; k < 6; k++) {
            Rect b = {at[k][0], at[k][1], w, h};
            int n = hidden_points(p, ax, mode, b, stride, p->v->cursor);
            if (best < 0 || n < best) best = n, box = b;
        }
    }
    canvas_fill_rect(c, box.x, box.y, box.w, box.h, style_alpha(st->th->panel, 240));
    double bw = fmax(1, floor(st->s + 0.5));
    canvas_fill_rect(c, box.x, box.y, box.w, bw, st->th->border);
    canvas_fill_rect(c, box.x, box.y + box.h - bw, box.w, bw, st->th->border);
    canvas_fill_rect(c, box.x, box.y, bw, box.h, st->th->border);
    canvas_fill_rect(c, box.x + box.w - bw, box.y, bw, box.h, st->th->border);
    /* plot area: below a caption line, right of the guide labels */
    const char *cap = "slopes, z = \u22125 \u2026 5";
    double lab_w = canvas_text_width(c, "1/4", px, 0) + 0.6 * st->pad;
    double x0 = box.x + lab_w, x1 = box.x + box.w - 0.5 * st->pad;
    double y1 = box.y + 0.6 * st->pad + fh * 0.5, y0 = box.y + box.h - 1.2 * fh - 0.4 * st->pad;
    canvas_text(c, cap, box.x + box.w / 2.0, box.y + box.h - 0.2 * st->pad, px, 0,
                TEXT_CENTER | TEXT_BOTTOM, st->th->muted);
    double dd[4];
    int nd;
    style_dash(st, DASH_DOT, dd, &nd);
    static const double guides[2] = {1.0, 0.25};
    static const char *const glab[2] = {"1", "1/4"};
    for (int g = 0; g < 2; g++) {
        double gy = y0 + (y1 - y0) * guides[g];
        canvas_dashed_line(c, x0, gy, x1, gy, st->thin_w, dd, nd, st->th->muted);
        canvas_text(c, glab[g], x0 - 0.3 * st->pad, gy, px, 0, TEXT_RIGHT | TEXT_MIDDLE, st->th->fg);
    }
    canvas_line(c, x0, y0, x1, y0, st->thin_w, st->th->axis);
    uint32_t cs = st->th->muted, ctn = st->th->fg;
    for (int i = p->nruns - 1; i >= 0; i--) {
        if (!panel_run_visible(p, i) || p->runs[i]->cfg.cell != CELL_RNN) continue;
        if (p->runs[i]->cfg.activation == ACT_SIGMOID) cs = panel_run_color(p, i);
        if (p->runs[i]->cfg.activation == ACT_TANH) ctn = panel_run_color(p, i);
    }
    for (int curve = 0; curve < 2; curve++) {
        canvas_path_begin(c, st->line_w, NULL, 0);
        for (int k = 0; k <= 100; k++) {
            double z = -5 + 0.1 * k, y;
            if (curve == 0) {
                double sg = 1 / (1 + exp(-z));
                y = sg * (1 - sg);
            } else {
                double th = tanh(z);
                y = 1 - th * th;
            }
            canvas_path_line(c, x0 + (x1 - x0) * k / 100.0, y0 + (y1 - y0) * y);
        }
        canvas_path_end(c, curve ? ctn : cs);
    }
    /* the labels right of the peaks, inside the box, tanh's above sigma's */
    const char *lt = "tanh\u2032(z)", *ls = "\u03c3\u2032(z)";
    double lw = fmax(canvas_text_width(c, lt, px, 1), canvas_text_width(c, ls, px, 1));
    double lx = fmin(x0 + 0.62 * (x1 - x0), box.x + box.w - lw - 0.3 * st->pad);
    double sy = y0 + (y1 - y0) * 0.25 - 0.2 * fh; /* sigma's bottom */
    double ty = fmin(y1 + 0.35 * (y0 - y1), sy - 1.5 * fh); /* tanh's middle */
    canvas_text(c, lt, lx, ty, px, 1, TEXT_LEFT | TEXT_MIDDLE, ctn);
    canvas_text(c, ls, lx, sy, px, 1, TEXT_LEFT | TEXT_BOTTOM, cs);
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
    if (not_applicable(p, i, mode)) return NULL;
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

static void notes_collect(const PanelCtx *p, GradMode mode, const GradSeen *g, Notes *nt)
{
    nt->n = 0;
    for (int i = 0; i < p->nruns && i < PLOT_MAX_RUNS; i++) {
        if (!(g->bound_off >> i & 1u)) continue;
        const Diag *d = &p->runs[i]->diag;
        double a = bound_anchor(d, mode), top = -INFINITY; /* its largest finite value */
        int at = -1;
        for (int t = first_t(p, d->T); t < d->T; t++)
            if (isfinite(d->bound[t] * a) && d->bound[t] * a > top) top = d->bound[t] * a, at = t;
        if (at < 0) continue;
        char num[48];
        format_sci(num, sizeof num, top, 3);
        notes_add(nt, panel_run_color(p, i), "%s: Pascanu bound above the plot (%s at t = %d)",
                  p->runs[i]->label, num, at);
    }
    for (int i = 0; i < p->nruns; i++) {
        if (panel_run_visible(p, i) && not_applicable(p, i, mode))
            notes_add(nt, panel_run_color(p, i), "%s: does not apply to attention (no recurrence)",
                      p->runs[i]->label);
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
        /* a line drawn over this one with the same values (within 1% at every t) hides it */
        for (int j = p->nruns - 1; j > i; j--) {
            const double *z = drawn_series(p, j, mode);
            if (!z || p->runs[j]->diag.T != d->T || p->runs[j]->diverged_at > 0) continue;
            int same = finite > 0;
            for (int t = t0; t < d->T && same; t++) {
                int a = isfinite(y[t]) && y[t] > 0, b = isfinite(z[t]) && z[t] > 0;
                same = a == b && (!a || fabs(log10(y[t] / z[t])) < 0.0043);
            }
            if (same) {
                notes_add(nt, col, "%s: under %s's line (the same values)", run->label,
                          p->runs[j]->label);
                break;
            }
        }
    }
}

/* The notes in a strip of their own at the top of r (above the data, not over it);
 * returns the strip's height. */
static int notes_draw(const PanelCtx *p, Rect r, const Notes *nt)
{
    const Style *st = p->st;
    if (nt->n == 0) return 0;
    int fh = canvas_font_height(p->c, st->px_tick, 1), lines = 0;
    double maxw = r.w - 0.4 * st->pad;
    for (int k = 0; k < nt->n; k++) {
        /* wider than the room: without its trailing " (...)", then broken at spaces (a
         * key column beside the plot leaves the notes its width only) */
        char text[160], head[160];
        snprintf(text, sizeof text, "%s", nt->text[k]);
        char *paren = strstr(text, " (");
        if (paren && canvas_text_width(p->c, text, st->px_tick, 1) > maxw) *paren = 0;
        const char *rest = text;
        while (rest && *rest) {
            const char *tail = canvas_text_width(p->c, rest, st->px_tick, 1) > maxw
                                   ? panel_text_head(p->c, rest, st->px_tick, 1, maxw, head, sizeof head)
                                   : NULL;
            canvas_text(p->c, tail ? head : rest, r.x + 0.2 * st->pad, r.y + lines * (fh + 2),
                        st->px_tick, 1, TEXT_LEFT | TEXT_TOP, nt->color[k]);
            lines++;
            rest = tail;
        }
    }
    return lines * (fh + 2) + (int)(0.3 * st->pad);
}

/* Run i's bound, second direction, cell state and per-step factor markers: what
 * is drawn under every run's main line. */
static void underlay(const PanelCtx *p, const Axes *ax, int i, GradMode mode, int stride,
                     unsigned bound_on)
{
    if (!drawn_series(p, i, mode)) return;
    Canvas *c = p->c;
    const Style *st = p->st;
    const Run *run = p->runs[i];
    const Diag *d = &run->diag;
    uint32_t col = panel_run_color(p, i);
    int t0 = first_t(p, d->T), nd;
    double lx, ly, dd[4];
    double anchor = bound_anchor(d, mode);
    if (d->bound && isfinite(anchor) && (bound_on >> i & 1u)) {
        style_dash(st, DASH_DOT, dd, &nd);
        panel_series(p, ax, NULL, d->bound, t0, d->T, 1, anchor, col, dd, nd, &lx, &ly);
    }
    if (mode == GRAD_MODE_NORM && has_rev(run)) {
        style_dash(st, DASH_LONG, dd, &nd);
        panel_series(p, ax, NULL, d->grad_h_rev, t0, d->T, 1, 1.0, col, dd, nd, &lx, &ly);
    }
    if (mode == GRAD_MODE_NORM && has_cell(run)) {
        style_dash(st, DASH_SHORT, dd, &nd);
        panel_series(p, ax, NULL, d->grad_c, t0, d->T, 1, 1.0, col, dd, nd, &lx, &ly);
    }
    if (has_factors(run, mode) && ax->has_y2 && d->bound && d->T >= 2 && isfinite(d->bound[d->T - 2])) {
        /* each factor's own bound, gamma * sigma_max (the bound's last factor), dotted
         * across on the factors' axis: the sigmoid's markers sit under sigma_max / 4 */
        double by = axis_pos(&ax->y2, d->bound[d->T - 2]);
        style_dash(st, DASH_DOT, dd, &nd);
        if (!isnan(by))
            canvas_dashed_line(c, ax->area.x, by, ax->area.x + ax->area.w, by, st->line_w, dd, nd, col);
    }
    if (has_factors(run, mode) && ax->has_y2) {
        /* a thin line in the factors' ink through every factor, a marker at every
         * stride-th */
        canvas_path_begin(c, st->thin_w, NULL, 0);
        for (int t = t0 > 1 ? t0 : 1; t < d->T; t++) {
            double fx = axis_pos(&ax->x, t), fy = axis_pos(&ax->y2, d->jac_norm[t]);
            if (isnan(fx) || isnan(fy)) canvas_path_move(c, NAN, NAN);
            else canvas_path_line(c, fx, fy);
        }
        canvas_path_end(c, st->th->factor);
        for (int t = t0 > 1 ? t0 : 1; t < d->T; t++) {
            double fx = axis_pos(&ax->x, t), fy = axis_pos(&ax->y2, d->jac_norm[t]);
            if (t % stride == 0 && !isnan(fx) && !isnan(fy))
                canvas_marker(c, MARK_DIAMOND, fx, fy, factor_size(st), col, st->th->factor);
        }
    }
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
        if (not_applicable(p, i, mode)) {
            g->n_na++;
            continue;
        }
        if (run->step == 0 && !run->diverged_at) {
            g->untrained++; /* no backward pass yet: nothing to plot */
            continue;
        }
        range_add(&sp->x, 0, 0);
        range_add(&sp->x, d->T - 1, 0);
        const double *y = series_of(d, mode);
        if (!y) {
            g->no_jac = 1;
            continue;
        }
        g->shown++;
        if (!panel_in_scale(p, i)) continue;
        /* the axes cover every timestep, also those the backward cursor has not reached
         * yet, so they hold still while the sweep draws the line from T-1 back to 0 */
        for (int t = 0; t < d->T; t++) range_add(&sp->y, y[t], 1);
        if (mode == GRAD_MODE_NORM && has_rev(run)) {
            g->any_rev = 1;
            for (int t = 0; t < d->T; t++) range_add(&sp->y, d->grad_h_rev[t], 1);
        }
        if (mode == GRAD_MODE_NORM && has_cell(run)) {
            g->any_cell = 1;
            for (int t = 0; t < d->T; t++) range_add(&sp->y, d->grad_c[t], 1);
        }
        if (has_factors(run, mode)) {
            g->any_factor = 1;
            for (int t = 1; t < d->T; t++) range_add(&sp->y2, d->jac_norm[t], 0);
            if (d->bound && d->T >= 2) range_add(&sp->y2, d->bound[d->T - 2], 0);
        }
    }
    /* a run's bound is drawn and named when it lies within the plot's decades (those of
     * the data, which the axis holds) at half its timesteps or more; else the notes say
     * where it is (lessons 2/1, 5/1: a key named a line off the scale but for a corner) */
    double lo = floor(log10(sp->y.lo) + 1e-9), hi = ceil(log10(sp->y.hi) - 1e-9);
    for (int i = 0; i < p->nruns && i < PLOT_MAX_RUNS && sp->y.n; i++) {
        if (!drawn_series(p, i, mode) || !panel_in_scale(p, i)) continue;
        const Diag *d = &p->runs[i]->diag;
        double anchor = bound_anchor(d, mode);
        if (!d->bound || !isfinite(anchor)) continue;
        int in = 0, all = 0;
        for (int t = first_t(p, d->T); t < d->T; t++) {
            double e = log10(d->bound[t] * anchor);
            if (!isfinite(e)) continue;
            all++;
            in += e >= lo - 1e-9 && e <= hi + 1e-9;
        }
        if (all && 2 * in >= all) g->bound_on |= 1u << i, g->any_bound = 1;
        else if (all) g->bound_off |= 1u << i;
    }
    /* the reverse direction of a bidirectional run is backpropagated the other way */
    if (g->any_rev)
        sp->xlabel = "timestep t (backpropagation: forward direction from T\xE2\x88\x92" "1 back to 0, "
                    "reverse from 0 up to T\xE2\x88\x92" "1)";
    return seen;
}

/* The keys of the lines the runs add (cell state, directions, bound, factors) in rows
 * at the top of *ct. */
/* The widest of the notes as notes_draw writes them at their shortest (without a
 * trailing " (...)"). */
static int notes_width(const PanelCtx *p, const Notes *nt)
{
    int w = 0;
    for (int k = 0; k < nt->n; k++) {
        char text[160];
        snprintf(text, sizeof text, "%s", nt->text[k]);
        char *paren = strstr(text, " (");
        if (paren) *paren = 0;
        int tw = canvas_text_width(p->c, text, p->st->px_tick, 1);
        if (tw > w) w = tw;
    }
    return w;
}

static int grad_slopes_side(const PanelCtx *p, Rect *ct);

/* The factors' key: at every step, or the line at every step and a marker at every
 * stride-th (into buf). */
static const char *factor_key(int stride, char *buf, size_t n)
{
    if (stride <= 1)
        return "markers: each step's factor ‖∂h(t)/∂h(t−1)‖ (right axis, linear)";
    snprintf(buf, n, "thin line: each step's factor ‖∂h(t)/∂h(t−1)‖ (right axis, "
             "linear), a marker at every %d%s t", stride, stride == 2 ? "nd" : "th");
    return buf;
}

/* The keys, readouts and notes laid out above or beside the plot (drawn), *ct the room
 * left for the axes; *stride gets the factors' marker stride for that room. */
static void grad_keys(const PanelCtx *p, GradMode mode, const GradSeen *g, Rect r,
                      const AxesSpec *sp, Rect *ct, const Notes *nt, int nh, Rect *notes_at,
                      int *stride)
{
    const Style *st = p->st;
    Key keys[6];
    char fbuf[160];
    int nk = 0, fk = -1;
    uint32_t kc = st->th->muted;
    if (mode == GRAD_MODE_WORD)
        keys[nk++] = (Key){"every run: the gradient reaching word t (attention has no h(t))", kc, -1,
                           KEY_TEXT};
    if (g->any_cell)
        keys[nk++] = (Key){"short dashes: LSTM cell state \xE2\x80\x96\xE2\x88\x82L/\xE2\x88\x82" "c(t)\xE2\x80\x96",
                           kc, DASH_SHORT, -1};
    if (g->any_rev) {
        keys[nk++] = (Key){"solid: forward direction", kc, -1, -1};
        keys[nk++] = (Key){"dashed: reverse direction", kc, DASH_LONG, -1};
    }
    if (g->any_bound)
        keys[nk++] = (Key){mode == GRAD_MODE_JACOBIAN
                               ? g->any_factor
                                     ? "dotted: Pascanu bound (\xCE\xB3\xC2\xB7\xCF\x83max)^(T\xE2\x88\x92"
                                       "1\xE2\x88\x92t); on the right axis, each factor's bound "
                                       "\xCE\xB3\xC2\xB7\xCF\x83max"
                                     : "dotted: Pascanu bound (\xCE\xB3\xC2\xB7\xCF\x83max)^(T\xE2\x88\x92"
                                       "1\xE2\x88\x92t)"
                               : "dotted: Pascanu bound, anchored at t\xC2\xA0=\xC2\xA0T\xE2\x88\x92" "1",
                           kc, DASH_DOT, -1};
    else if (mode == GRAD_MODE_JACOBIAN && g->any_factor)
        keys[nk++] = (Key){"dotted, on the right axis: each factor's bound \xCE\xB3\xC2\xB7\xCF\x83max",
                           kc, DASH_DOT, -1};
    if (g->any_factor)
        fk = nk, keys[nk++] = (Key){factor_key(1, fbuf, sizeof fbuf), st->th->factor, -1, MARK_DIAMOND};
    /* beside the plot when stacked above they would leave it short (a wide
     * highlighted panel). The notes (nh px) go above the plot, under the readouts and
     * keys; or, when there they would be wider than the plot's box (keys beside it) or
     * leave a lower plot, across the panel above the readouts and keys, which then
     * choose their place for the box below the notes (lessons 3/1, 8/2) */
    Rect full = *ct, below = {ct->x, ct->y + nh, ct->w, ct->h - nh};
    int use_below = 0;
    if (nh > 0) {
        Rect a = panel_keys_plot(p, r, full, sp, keys, nk, 0, PANEL_PLOT_MIN_W);
        Rect b = panel_keys_plot(p, r, below, sp, keys, nk, 0, PANEL_PLOT_MIN_W);
        Axes ax_a, ax_b;
        axes_setup(p->c, st, (Rect){a.x, a.y + nh, a.w, a.h - nh}, sp, &ax_a);
        axes_setup(p->c, st, b, sp, &ax_b);
        int a_fits = notes_width(p, nt) <= a.w - 0.4 * st->pad;
        use_below = !a_fits || ax_b.area.h > ax_a.area.h;
    }
    /* the factors' stride in the room the keys leave, and their key with it (a
     * digit's difference moves the plot by a pixel at most) */
    *stride = 1;
    for (int pass = 0; pass < 2 && fk >= 0; pass++) {
        Rect pre = panel_keys_plot(p, r, use_below ? below : full, sp, keys, nk, 0, PANEL_PLOT_MIN_W);
        if (!use_below) pre.y += nh, pre.h -= nh;
        grad_slopes_side(p, &pre);
        Axes ax;
        axes_setup(p->c, st, pre, sp, &ax);
        *stride = factor_stride(st, &ax);
        keys[fk].label = factor_key(*stride, fbuf, sizeof fbuf);
    }
    if (use_below) {
        *notes_at = (Rect){full.x, full.y, full.w, nh};
        *ct = panel_keys_plot(p, r, below, sp, keys, nk, 1, PANEL_PLOT_MIN_W);
    } else {
        *ct = panel_keys_plot(p, r, full, sp, keys, nk, 1, PANEL_PLOT_MIN_W);
        *notes_at = (Rect){ct->x, ct->y, ct->w, nh};
        ct->y += nh;
        ct->h -= nh;
    }
}

/* The cue: the first timestep that tells the answer (first visible run's task), its line
 * under the data; returns its x (NaN if none) for its label over the data. */
static double grad_cue_line(const PanelCtx *p, const Axes *ax)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    double dd[4];
    int nd;
    double cue_x = NAN;
    for (int i = 0; i < p->nruns; i++) {
        if (!panel_run_visible(p, i)) continue;
        int cue = p->runs[i]->task.cue_step;
        if (cue >= 0 && cue < p->runs[i]->diag.T) {
            cue_x = axis_pos(&ax->x, cue);
            style_dash(st, DASH_DOT, dd, &nd);
            canvas_dashed_line(c, cue_x, ax->area.y, cue_x, ax->area.y + ax->area.h,
                               st->thin_w * 1.3, dd, nd, st->th->accent);
        }
        break;
    }
    return cue_x;
}

/* Every run's lines: every run's underlay first, then every run's main line over them,
 * so no run's line hides under another run's markers; a run's marker at the cursor k. */
static void grad_lines(const PanelCtx *p, const Axes *ax, GradMode mode, int k, int stride,
                       unsigned bound_on)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    for (int i = 0; i < p->nruns; i++) underlay(p, ax, i, mode, stride, bound_on);
    int marks = panel_run_marks(p), rank = 0, nvis = 0;
    for (int i = 0; i < p->nruns; i++) nvis += drawn_series(p, i, mode) != NULL;
    for (int i = 0; i < p->nruns; i++) {
        const double *y = drawn_series(p, i, mode);
        if (!y) continue;
        const Run *run = p->runs[i];
        const Diag *d = &run->diag;
        uint32_t col = panel_run_color(p, i);
        int t0 = first_t(p, d->T);
        double lx, ly;
        panel_series(p, ax, NULL, y, t0, d->T, 1, 1.0, col, NULL, 0, &lx, &ly);
        if (marks) { /* the run's marker at five timesteps, staggered between runs */
            for (int j = 0; j < 5; j++) {
                int t = (int)floor((j + (rank + 0.5) / nvis) * d->T / 5.0);
                double mx = axis_pos(&ax->x, t), my = t < d->T ? axis_pos(&ax->y, y[t]) : NAN;
                if (t >= t0 && !isnan(mx) && !isnan(my))
                    canvas_marker(c, panel_run_marker(i), mx, my, st->marker, col, st->th->halo);
            }
            if (p->v->facts && i < PLOT_MAX_RUNS) p->v->facts->line_mark[i] = 1 + panel_run_marker(i);
        }
        rank++;
        if (run->diverged_at > 0) {
            /* the line from T-1 backwards stops at its first non-finite value */
            int t = d->T - 1;
            while (t >= t0 && !isfinite(axis_pos(&ax->y, y[t]))) t--;
            int e = t;
            while (e > t0 && isfinite(axis_pos(&ax->y, y[e - 1]))) e--;
            if (t >= t0)
                draw_diverged(c, st, ax, axis_pos(&ax->x, e), axis_pos(&ax->y, y[e]), col, run);
        }
        if (k >= 0 && k < d->T) {
            double cx = axis_pos(&ax->x, k), cy = axis_pos(&ax->y, y[k]);
            if (!isnan(cy)) canvas_marker(c, MARK_CIRCLE, cx, cy, st->marker * 1.2, col,
                                          st->th->halo);
        }
    }
}

/* The left of the cue's label: right of its line, or left of it when the cue is so near
 * the plot's right edge that the label would be cut there (lesson 3 step 3: t = 1994
 * of 2000). */
static double cue_label_x(const PanelCtx *p, const Axes *ax, double cue_x)
{
    const Style *st = p->st;
    int w = canvas_text_width(p->c, "cue", st->px_tick, 1);
    double tx = cue_x + 0.4 * st->pad;
    if (tx + w + 2 > ax->area.x + ax->area.w) tx = cue_x - 0.4 * st->pad - w;
    return tx;
}

/* The cue's label, over the data. */
static void grad_cue_label(const PanelCtx *p, const Axes *ax, double cue_x)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    double tx = cue_label_x(p, ax, cue_x), ty = ax->area.y + ax->area.h - 0.3 * st->pad;
    int w = canvas_text_width(c, "cue", st->px_tick, 1), fh = canvas_font_height(c, st->px_tick, 1);
    canvas_fill_rect(c, tx - 2, ty - fh, w + 4, fh, style_alpha(st->th->panel, 215));
    canvas_text(c, "cue", tx, ty, st->px_tick, 1, TEXT_LEFT | TEXT_BOTTOM, st->th->accent);
}

/* The backward cursor: a vertical line at t = k, "t = k", and under it the value under
 * the cursor, one line per run; the block beside the line where it covers no marker
 * (lesson 1 step 3: at the top it hid the factors at t = 1 and 2) and the fewest
 * points, clear of the cue's label. */
static void grad_cursor(const PanelCtx *p, const Axes *ax, GradMode mode, int k, int stride,
                        double cue_x)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    double dd[4];
    int nd;
    double cx = axis_pos(&ax->x, k);
    style_dash(st, DASH_SHORT, dd, &nd);
    canvas_dashed_line(c, cx, ax->area.y, cx, ax->area.y + ax->area.h, st->thin_w, dd, nd,
                       st->th->muted);
    char text[PLOT_MAX_RUNS + 1][128];
    uint32_t ink[PLOT_MAX_RUNS + 1];
    int run_of[PLOT_MAX_RUNS + 1], n = 0, w = 0;
    snprintf(text[n], sizeof text[n], "t = %d", k);
    ink[n] = st->th->fg, run_of[n++] = -1;
    for (int i = 0; i < p->nruns && n <= PLOT_MAX_RUNS; i++) {
        const double *y = drawn_series(p, i, mode);
        if (!y || k >= p->runs[i]->diag.T) continue;
        char num[48];
        format_sci(num, sizeof num, y[k], 3);
        snprintf(text[n], sizeof text[n], "%.80s: %s", p->runs[i]->label, num);
        ink[n] = panel_run_color(p, i), run_of[n++] = i;
    }
    for (int j = 0; j < n; j++) {
        int tw = canvas_text_width(c, text[j], st->px_tick, 1);
        if (tw > w) w = tw;
    }
    int fh = canvas_font_height(c, st->px_tick, 1);
    double bh = n * (fh + 2.0), m = 0.3 * st->pad;
    Rect a = ax->area;
    /* the cue's label (grad_cue_label) */
    Rect cue = {0, 0, 0, 0};
    if (!isnan(cue_x))
        cue = (Rect){(int)(cue_label_x(p, ax, cue_x) - 2), (int)(a.y + a.h - m - fh),
                     canvas_text_width(c, "cue", st->px_tick, 1) + 4, fh};
    double best = INFINITY, bx = cx + 0.5 * st->pad, by = a.y + m;
    for (int side = 0; side < 2; side++) {
        double x = side ? cx - 0.5 * st->pad - w - 2 : cx + 0.5 * st->pad - 2;
        if (x < a.x || x + w + 4 > a.x + a.w) continue;
        for (double y = a.y + m; y + bh <= a.y + a.h - m + 0.5; y += 0.5 * fh) {
            Rect box = {(int)x, (int)y, w + 4, (int)ceil(bh)};
            double cost = hidden_points(p, ax, mode, box, stride, k) + (y - a.y) / (10.0 * a.h);
            if (cue.w && box.x < cue.x + cue.w && cue.x < box.x + box.w && box.y < cue.y + cue.h &&
                cue.y < box.y + box.h)
                cost += 1e6;
            if (cost < best) best = cost, bx = x, by = y;
        }
    }
    for (int j = 0; j < n; j++) {
        double vy = by + j * (fh + 2);
        int tw = canvas_text_width(c, text[j], st->px_tick, 1);
        double tx = bx + 2 + (bx < cx ? w - tw : 0); /* left of the line: flush right */
        canvas_fill_rect(c, tx - 2, vy, tw + 4, fh, style_alpha(st->th->panel, 215));
        canvas_text(c, text[j], tx, vy, st->px_tick, 1, TEXT_LEFT | TEXT_TOP, ink[j]);
        int i = run_of[j];
        if (i >= 0 && p->v->facts && i < PLOT_MAX_RUNS)
            snprintf(p->v->facts->cursor_text[i], sizeof p->v->facts->cursor_text[i],
                     "t = %d: %.100s", k, text[j]);
    }
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
    sp->y2label = "each step's factor (linear)";
    sp->y2color = st->th->factor;
    sp->y2mark = 1 + MARK_DIAMOND;
    sp->yzero = 1;
    sp->ypad = 1; /* headroom: a factor at the top stays inside the frame */
    range_add(&sp->y2, 1.0, 0);
}

/* A wide panel keeps the slopes inset beside its plot, where it hides no data: takes
 * that room from the right of *ct and returns its width (0: the inset goes inside). */
static int grad_slopes_side(const PanelCtx *p, Rect *ct)
{
    int px = p->st->px_tick, side = 0;
    if (p->v->slopes && fmin(20 * px, 0.3 * ct->w) >= 12 * px) {
        side = (int)fmin(20 * px, 0.3 * ct->w);
        ct->w -= side;
    }
    return side;
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
    if (g.any_factor) grad_factor_axis(st, &sp);
    Notes nt;
    notes_collect(p, mode, &g, &nt);
    int nh = g.shown && nt.n ? nt.n * (canvas_font_height(c, st->px_tick, 1) + 2) + (int)(0.3 * st->pad) : 0;
    Rect notes_at;
    int stride = 1;
    sp.margin = ceil(0.9 * st->marker); /* the cursor's dot at t = 0 or T-1 stays whole */
    grad_keys(p, mode, &g, r, &sp, &ct, &nt, nh, &notes_at, &stride);
    if (!g.shown) {
        panel_message(c, st, ct,
                      g.no_jac      ? "Jacobians were not computed at this step"
                      : g.untrained ? "no training step yet"
                      : g.n_na      ? "does not apply to attention (no recurrence, no W_hh)"
                                  : "no visible run");
        return;
    }
    notes_draw(p, notes_at, &nt);
    if (sp.y.n == 0) range_add(&sp.y, 1.0, 1); /* nothing finite: still draw the axes */
    int side = grad_slopes_side(p, &ct);
    Axes ax;
    axes_setup(c, st, ct, &sp, &ax);
    if (p->v->facts && ax.has_y2) {
        p->v->facts->factor_axis = 1;
        p->v->facts->factor_lo = ax.y2.lo;
        p->v->facts->factor_hi = ax.y2.hi;
        p->v->facts->factor_ink = sp.y2color;
    }
    axes_draw(c, st, &ax, &sp);
    Rect panel_clip = c->clip;
    axes_clip(c, st, &ax);
    panel_register(p, &ax);
    int k = p->v->cursor;
    double cue_x = grad_cue_line(p, &ax);
    grad_lines(p, &ax, mode, k, stride, g.bound_on);
    if (!isnan(cue_x)) grad_cue_label(p, &ax, cue_x);
    if (k >= 0) grad_cursor(p, &ax, mode, k, stride, cue_x);
    if (side > 0) canvas_clip(c, panel_clip);
    if (p->v->slopes) slopes_inset(p, &ax, mode, side, stride);
}

/* ---- what the pointer shows, what the CSV holds ---- */

static void pick(PlotLines *l, const PanelPickAt *at)
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
        if (panel_visible(v, runs, nruns, i) && is_attention(runs[i])) word = 1;
    for (int i = 0; i < nruns; i++) {
        if (!panel_visible(v, runs, nruns, i)) continue;
        const Run *r = runs[i];
        const Diag *d = &r->diag;
        if (t < 0 || t >= d->T || !d->grad_h) continue;
        if (is_attention(r) && v->grad_mode != GRAD_MODE_NORM)
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
    const double *s = series_of(d, m);
    int word = 0; /* an attention run: the gradient panel shows ||dL/dx_t|| of every run */
    for (int j = 0; j < nruns; j++)
        if (v->visible[j] && is_attention(runs[j])) word = 1;
    if (words && m == GRAD_MODE_NORM && word) s = d->grad_x;
    if (is_attention(r) && m != GRAD_MODE_NORM) {
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

static void describe(PlotLines *l, Run *const *runs, int nruns, const PlotView *v, int i)
{
    panel_describe_grad(l, runs, nruns, v, i, v->grad_mode, 1);
}

/* x = timestep t, y = the plotted norm (from the cursor on, as drawn). */
static void csv(const PlotRows *o, Run *const *runs, int nruns, const PlotView *v)
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

const PanelDef panel_gradient_def = {
    .help = "the gradient reaching each timestep t, log scale, and the Pascanu bound",
    .draw = panel_gradient,
    .pick = pick,
    .describe = describe,
    .csv = csv,
};
