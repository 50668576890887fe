/* gradient_cursor.c - the gradient panel's backward cursor, and how many drawn points a
 * box would hide (where the cursor's values and the slopes inset go). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gradient.h"

/* 1 if a marker of size sz at (x, y) inks part of box. */
static int marker_in_box(double x, double y, double sz, Rect box)
{
    double g = GRAD_MARKER_INK * sz;
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

/* 1 if the segment from data value (t0, y0) to (t1, y1) on axis ay crosses box
 * (Liang-Barsky clipping in pixels): between two points outside the box, a line can
 * cross it (lesson 1 step 3: the cursor's values laid over the bound from t = 0 to 1). */
static int seg_in_box(const Axes *ax, const Axis *ay, double t0, double y0, double t1, double y1, Rect box)
{
    double x0 = axis_pos(&ax->x, t0), p0 = axis_pos(ay, y0), x1 = axis_pos(&ax->x, t1), p1 = axis_pos(ay, y1);
    if (!isfinite(x0) || !isfinite(p0) || !isfinite(x1) || !isfinite(p1)) return 0;
    double dx = x1 - x0, dy = p1 - p0, lo = 0, hi = 1;
    double pq[4][2] = {{-dx, x0 - box.x}, {dx, box.x + box.w - x0}, {-dy, p0 - box.y}, {dy, box.y + box.h - p0}};
    for (int k = 0; k < 4; k++) {
        double pk = pq[k][0], qk = pq[k][1];
        if (pk == 0) {
            if (qk < 0) return 0;
            continue;
        }
        double r = qk / pk;
        if (pk < 0) lo = fmax(lo, r);
        else hi = fmin(hi, r);
        if (lo > hi) return 0;
    }
    return 1;
}

/* How many drawn points (main lines, bounds, factor line) box would hide, and markers
 * (a factor's every stride-th, a run's five, the cursor's at k) as 1000 each. */
int grad_hidden_points(const PanelCtx *p, const Axes *ax, GradMode mode, Rect box, int stride, int k)
{
    int n = 0, marks = panel_run_marks(p), rank = 0, nvis = 0;
    for (int i = 0; i < p->nruns; i++) nvis += grad_drawn_series(p, i, mode) != NULL;
    for (int i = 0; i < p->nruns; i++) {
        const double *y = grad_drawn_series(p, i, mode);
        if (!y) continue;
        const Diag *d = &p->runs[i]->diag;
        double anchor = grad_bound_anchor(d, mode);
        for (int t = 0; t < d->T; t++) {
            n += in_box(ax, &ax->y, t, y[t], box);
            if (t > 0) n += seg_in_box(ax, &ax->y, t - 1, y[t - 1], t, y[t], box);
            if (d->bound && isfinite(anchor)) {
                n += in_box(ax, &ax->y, t, d->bound[t] * anchor, box);
                if (t > 0)
                    n += seg_in_box(ax, &ax->y, t - 1, d->bound[t - 1] * anchor, t, d->bound[t] * anchor, box);
            }
            if (grad_has_factors(p->runs[i], mode) && ax->has_y2 && t > 0) {
                n += in_box(ax, &ax->y2, t, d->jac_norm[t], box);
                if (t % stride == 0)
                    n += 1000 * marker_in_box(axis_pos(&ax->x, t), axis_pos(&ax->y2, d->jac_norm[t]),
                                              grad_factor_size(p->st), box);
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

/* The cursor's second line in the modes whose legend shows a ratio: what the values
 * under it are, in the y axis's notation at that t ("‖∂L/∂h(0)‖"), so that a value
 * is not read as that ratio (lesson 1 step 2: 0.00159 under the cursor, "= 0.00614" in
 * the legend). 0 in the other modes, whose legend shows the value itself. */
static int cursor_quantity(char *buf, size_t n, GradMode mode, int k)
{
    if (mode == GRAD_MODE_NORM) snprintf(buf, n, "\u2016\u2202L/\u2202h(%d)\u2016", k);
    else if (mode == GRAD_MODE_WORD) snprintf(buf, n, "\u2016\u2202L/\u2202x(%d)\u2016", k);
    else return 0;
    return 1;
}

/* The backward cursor: a vertical line at t = k, "t = k" and cursor_quantity, and under
 * them the value under the cursor, one line per run; the block beside the line where it
 * covers no marker (lesson 1 step 3: at the top it hid the factors at t = 1 and 2) and the fewest
 * points, clear of the labels on pl and of its lines across the plot (the cue's, a
 * factor bound: lesson 1 step 2's sweep laid it on the cue's line at t = 5); where a
 * line across stands beside the cursor's, past that line. */
void grad_cursor(const PanelCtx *p, const Axes *ax, GradMode mode, int k, int stride, const Placer *pl)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    double dd[4];
    int nd;
    double cx = axis_pos(&ax->x, k);
    style_dash(st, DASH_SHORT, dd, &nd);
    canvas_dashed_line(c, cx, ax->area.y, cx, ax->area.y + ax->area.h, st->thin_w, dd, nd,
                       st->th->muted);
    char text[PLOT_MAX_RUNS + 2][128];
    uint32_t ink[PLOT_MAX_RUNS + 2];
    int run_of[PLOT_MAX_RUNS + 2], n = 0, w = 0;
    snprintf(text[n], sizeof text[n], "t = %d", k);
    ink[n] = st->th->fg, run_of[n++] = -1;
    if (cursor_quantity(text[n], sizeof text[n], mode, k)) ink[n] = st->th->fg, run_of[n++] = -1;
    for (int i = 0; i < p->nruns && n <= PLOT_MAX_RUNS + 1; i++) {
        const double *y = grad_drawn_series(p, i, mode);
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
    Rect a = axes_upper_band(ax).area; /* (the values are the product's, not the factors') */
    /* beside the cursor's line, its own rule on pl cleared by the placer's gap and a px;
     * then past each upright line across the plot (x0 == x1), either side of it */
    double off = fmax(0.5 * st->pad - 2, st->thin_w / 2 + pl->gap + 1);
    double xs[2 + 2 * PLACE_MAX_RULES];
    int nx = 0;
    xs[nx++] = cx + off, xs[nx++] = cx - off - w - 4;
    for (int r = 0; r < pl->nrules; r++) {
        const double *ru = pl->rule[r];
        if (ru[0] != ru[2] || ru[0] == cx) continue;
        double o = ru[4] + pl->gap + 1;
        xs[nx++] = ru[0] + o, xs[nx++] = ru[0] - o - w - 4;
    }
    double best = INFINITY, bx = xs[0], by = a.y + m;
    for (int q = 0; q < nx; q++) {
        double x = xs[q];
        if (x < a.x || x + w + 4 > a.x + a.w) continue;
        for (double y = a.y + m; y + bh <= a.y + a.h - m + 0.5; y += 0.5 * fh) {
            Rect box = {(int)x, (int)y, w + 4, (int)ceil(bh)};
            /* a line across or a label under it first, then markers (1000 each), then
             * points; the nearer the cursor and the top, the better */
            double cost = grad_hidden_points(p, ax, mode, box, stride, k) + (y - a.y) / (10.0 * a.h) +
                          fabs(x + (x < cx ? w + 4 : 0) - cx) / (10.0 * a.w);
            cost += 1e5 * place_rules_met(pl, box.x, box.y, box.w, box.h);
            if (place_taken_met(pl, box.x, box.y, box.w, box.h)) cost += 1e6;
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
