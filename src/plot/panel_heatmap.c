/* panel_heatmap.c - ||dL/dh_t|| over training: timestep (y) x training step (x),
 * colour = log10 of the norm on viridis, with a labelled colour bar. Uses the
 * first visible run's history (hist.grad_h, (n, T), one row per recorded step). */
#include <math.h>
#include <stdio.h>

#include "panels.h"

/* Entry whose step is nearest to s (entries are in increasing step order). */
static int nearest_entry(const History *h, double s)
{
    int lo = 0, hi = h->n - 1;
    while (hi - lo > 1) {
        int mid = (lo + hi) / 2;
        if (h->e[mid].step <= s) lo = mid;
        else hi = mid;
    }
    return fabs(h->e[hi].step - s) < fabs(s - h->e[lo].step) ? hi : lo;
}

void panel_heatmap(const PanelCtx *p, Rect r)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    int ri = plot_featured_run(p->runs, p->nruns, p->v);
    char title[128], short_title[128];
    snprintf(title, sizeof title, "Gradient over training: %s",
             ri >= 0 ? p->runs[ri]->label : "no run");
    snprintf(short_title, sizeof short_title, "Heatmap: %s", ri >= 0 ? p->runs[ri]->label : "no run");
    Rect ct = panel_begin(c, st, r, title, short_title, p->highlight);
    if (ri < 0) {
        panel_message(c, st, ct, "no visible run");
        return;
    }
    const History *h = &p->runs[ri]->hist;
    int T = h->T;
    if (h->n <= 0 || T <= 0 || !h->grad_h) {
        panel_message(c, st, ct, "no training steps recorded yet");
        return;
    }
    /* colour range: log10 of the finite positive norms */
    double vmin = INFINITY, vmax = -INFINITY;
    int bad = 0;
    for (long k = 0; k < (long)h->n * T; k++) {
        double g = h->grad_h[k];
        if (isfinite(g) && g > 0) {
            double v = log10(g);
            vmin = fmin(vmin, v);
            vmax = fmax(vmax, v);
        } else bad = 1;
    }
    if (!(vmax >= vmin)) vmin = -1, vmax = 1;
    if (vmax - vmin < 1e-6) vmin -= 0.5, vmax += 0.5;

    if (bad) { /* cells a log colour scale cannot show */
        Key k = {"0 or not finite", st->th->nan, -1, MARK_SQUARE};
        int kh = panel_keys(p, ct, &k, 1);
        ct.y += kh;
        ct.h -= kh;
    }
    /* colour bar on the right: bar, tick labels, rotated label */
    int fh_label = canvas_font_height(c, st->px_label, 0);
    char lab[32];
    format_number(lab, sizeof lab, floor(vmin), 3);
    int tw = canvas_text_width(c, lab, st->px_tick, 0);
    format_number(lab, sizeof lab, ceil(vmax), 3);
    int tw2 = canvas_text_width(c, lab, st->px_tick, 0);
    if (tw2 > tw) tw = tw2;
    double bar_w = fmax(8, 20 * st->s);
    int cb_w = (int)ceil(st->pad + bar_w + 0.6 * st->pad + tw + 0.5 * st->pad + fh_label);
    Rect plot = ct;
    plot.w -= cb_w;

    AxesSpec sp = {0};
    sp.xlabel = "training step";
    sp.ylabel = "timestep t";
    sp.xint = sp.yint = 1;
    sp.nogrid = 1;
    range_reset(&sp.x);
    range_reset(&sp.y);
    double half = h->n > 1 ? (h->e[h->n - 1].step - h->e[0].step) / (2.0 * (h->n - 1)) : 0.5;
    range_add(&sp.x, h->e[0].step - half, 0);
    range_add(&sp.x, h->e[h->n - 1].step + half, 0);
    range_add(&sp.y, -0.5, 0);
    range_add(&sp.y, T - 0.5, 0);
    Axes ax;
    axes_setup(c, st, plot, &sp, &ax);

    /* cells: nearest recorded step per pixel column, nearest timestep per row */
    Rect a = ax.area;
    double xspan = ax.x.hi - ax.x.lo, yspan = ax.y.hi - ax.y.lo;
    for (int px = a.x; px < a.x + a.w; px++) {
        if (px < c->clip.x || px >= c->clip.x + c->clip.w) continue;
        double s = ax.x.lo + (px + 0.5 - ax.x.p0) / (ax.x.p1 - ax.x.p0) * xspan;
        int e = nearest_entry(h, s);
        const double *row = h->grad_h + (size_t)e * (size_t)T;
        int last_t = -1;
        uint32_t col = 0;
        for (int py = a.y; py < a.y + a.h; py++) {
            if (py < c->clip.y || py >= c->clip.y + c->clip.h) continue;
            double tv = ax.y.lo + (py + 0.5 - ax.y.p0) / (ax.y.p1 - ax.y.p0) * yspan;
            int t = (int)floor(tv + 0.5);
            if (t < 0) t = 0;
            if (t >= T) t = T - 1;
            if (t != last_t) { /* a new cell */
                double g = row[t];
                col = isfinite(g) && g > 0 ? style_viridis((log10(g) - vmin) / (vmax - vmin))
                                           : st->th->nan;
                last_t = t;
            }
            c->px[(size_t)py * (size_t)c->w + (size_t)px] = col;
        }
    }
    axes_draw(c, st, &ax, &sp);
    panel_register(p, &ax);

    /* colour bar with ticks at whole decades */
    double bx = plot.x + plot.w + st->pad;
    double by0 = a.y + a.h, by1 = a.y;
    for (int py = (int)floor(by1); py < (int)ceil(by0); py++) {
        double v = (by0 - (py + 0.5)) / (by0 - by1);
        canvas_fill_rect(c, bx, py, bar_w, 1, style_viridis(v));
    }
    double tick = 0.4 * st->pad;
    double span = vmax - vmin;
    double step = span <= 6 ? 1 : span <= 12 ? 2 : span <= 30 ? 5 : span <= 60 ? 10 : 50;
    if (span < 1.5) step = 0.5;
    for (double v = ceil(vmin / step) * step; v <= vmax + 1e-9; v += step) {
        double y = by0 - (v - vmin) / span * (by0 - by1);
        double lw = fmax(1, floor(st->thin_w));
        canvas_fill_rect(c, bx + bar_w, floor(y - lw / 2 + 0.5), tick, lw, st->th->axis);
        format_number(lab, sizeof lab, v, 3);
        canvas_text(c, lab, bx + bar_w + tick + 0.2 * st->pad, y, st->px_tick, 0,
                    TEXT_LEFT | TEXT_MIDDLE, st->th->fg);
    }
    canvas_text_up(c, "log\xE2\x82\x81\xE2\x82\x80 \xE2\x80\x96\xE2\x88\x82L/\xE2\x88\x82h(t)\xE2\x80\x96",
                   ct.x + ct.w, a.y + a.h / 2.0, st->px_label, 0, TEXT_CENTER | TEXT_BOTTOM,
                   st->th->fg);
}
