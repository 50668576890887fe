/* panel_heatmap.c - the gradient reaching each timestep over training: timestep (y)
 * x training step (x), colour = log10 of the norm on the strip's absolute colour scale
 * (shade.c), with one numbered colour bar. When several runs are visible, up to four
 * heatmaps side by side (the featured run first), so a comparison is seen at once. */
#include <math.h>
#include <stdio.h>
#include <string.h>

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

/* The runs the heatmap shows side by side (at most n): the featured run first, then the
 * other visible runs (the drawing and the plotted-data CSV alike). */
static int heat_runs(Run *const *runs, int nruns, const PlotView *v, int *out, int n)
{
    int k = 0, f = plot_featured_run(runs, nruns, v);
    if (f >= 0 && k < n) out[k++] = f;
    for (int i = 0; i < nruns && k < n; i++)
        if (i != f && panel_visible(v, runs, nruns, i)) out[k++] = i;
    return k;
}

/* The cells of one run's history in the data area of ax: one image command. */
static void cells(const PanelCtx *p, const Axes *ax, const History *h, Shade s)
{
    const double *g = panel_word_grad_hist(h);
    int T = h->T;
    Rect a = ax->area;
    uint32_t *img = canvas_image_buffer(p->c, a.w, a.h);
    if (!img || a.w <= 0 || a.h <= 0) return;
    double xspan = ax->x.hi - ax->x.lo, yspan = ax->y.hi - ax->y.lo;
    for (int px = a.x; px < a.x + a.w; px++) {
        double sx = ax->x.lo + (px + 0.5 - ax->x.p0) / (ax->x.p1 - ax->x.p0) * xspan;
        const double *row = g + (size_t)nearest_entry(h, sx) * (size_t)T;
        int last_t = -1;
        uint32_t col = 0;
        for (int py = a.y; py < a.y + a.h; py++) {
            double tv = ax->y.lo + (py + 0.5 - ax->y.p0) / (ax->y.p1 - ax->y.p0) * yspan;
            int t = (int)floor(tv + 0.5);
            if (t < 0) t = 0;
            if (t >= T) t = T - 1;
            if (t != last_t) { /* a new cell */
                col = shade_color(p->st, s, row[t]);
                last_t = t;
            }
            img[(size_t)(py - a.y) * (size_t)a.w + (size_t)(px - a.x)] = col;
        }
    }
    canvas_image(p->c, a, img);
}

/* One run's heatmap in r, named by its label when others stand beside it: under its x
 * axis ("tanh: training step") when that fits the map's width, else on a line above
 * it (a line of its own cost a highlighted presenter-mode panel a third of its map). */
static int map_headed(const PanelCtx *p, int ri, int w, int titled, char *xlabel, size_t n)
{
    const char *name = p->runs[ri]->label;
    snprintf(xlabel, n, "%s%straining step", titled ? name : "", titled ? ": " : "");
    return titled && canvas_text_width(p->c, xlabel, p->st->px_label, 0) > 0.8 * w;
}

/* 1 if the n maps of width w name their runs on lines above them (one name too long
 * for its x axis: all of them, so the maps stay level). */
static int maps_headed(const PanelCtx *p, const int *show, int n, int w)
{
    char xl[160];
    for (int k = 0; k < n && n > 1; k++)
        if (map_headed(p, show[k], w, 1, xl, sizeof xl)) return 1;
    return 0;
}

/* 1 if readout ro is an extreme over training of run ri ("largest ..."), which the
 * run's map marks with brackets. */
static int marks(const PlotReadout *ro, int ri)
{
    return ro->run == ri && ro->at > 0 &&
           (!strncmp(ro->label, "largest ", 8) || !strncmp(ro->label, "smallest ", 9));
}

/* The step the maps of show[0..n) mark (the first such readout's; *run gets its run),
 * or 0: the key "| lines on the tanh map: step 1331, the readout's largest" names the
 * brackets. */
static long marked_step(const PanelCtx *p, const int *show, int n, char *what, size_t wn,
                        int *run)
{
    const PlotView *v = p->v;
    for (int k = 0; k < v->nreadouts && k < PLOT_MAX_READOUTS && v->readouts && p->highlight; k++)
        for (int j = 0; j < n; j++)
            if (marks(&v->readouts[k], show[j])) {
                snprintf(what, wn, "%s", v->readouts[k].label[0] == 'l' ? "largest" : "smallest");
                *run = show[j];
                return v->readouts[k].at;
            }
    return 0;
}

/* The column of a readout's extreme over training ("largest ‖∂L/∂x(0)‖ / ‖∂L/∂x(39)‖
 * 0.00215 (step 1331)") between two lines the height of run ri's map: lesson 6 step 3's
 * brightest tanh column is that step, a true value (the first word's gradient rose 13
 * decades over steps 1310-1336 and fell back), still 2.7 decades under the blank, as
 * the narration says; the brackets tie the column to the number. */
static void extreme_mark(const PanelCtx *p, const Axes *ax, int ri)
{
    const PlotView *v = p->v;
    const Style *st = p->st;
    for (int k = 0; k < v->nreadouts && k < PLOT_MAX_READOUTS && v->readouts && p->highlight; k++) {
        const PlotReadout *ro = &v->readouts[k];
        if (!marks(ro, ri)) continue;
        const History *h = &p->runs[ri]->hist;
        double x = axis_pos(&ax->x, (double)ro->at);
        if (isnan(x) || h->n < 1) continue;
        /* one entry's width, at least a pixel, and room for the dashes beside it */
        double cw = fmax(1.0, ax->area.w / (double)h->n), gap = 0.5 * cw + 4 * st->s;
        /* the readout compares word 0 with word T-1: the brackets span the whole column
         * (at the top only they marked rows the number is not about); beside it, so the
         * column itself stays seen */
        double y0 = ax->area.y, y1 = ax->area.y + ax->area.h;
        for (int side = -1; side <= 1; side += 2) {
            double bx = x + side * gap;
            canvas_line(p->c, bx, y0, bx, y1, 3.0 * st->thin_w, st->th->halo);
            canvas_line(p->c, bx, y0, bx, y1, st->thin_w, st->th->fg);
        }
        PlotFacts *f = v->facts;
        if (f) f->heat_mark_step = ro->at, f->heat_mark_x = x, f->heat_mark_gap = gap;
    }
}

static void one_map(const PanelCtx *p, Rect r, int ri, Shade s, int titled, int headed,
                    int ylabel)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    const Run *run = p->runs[ri];
    const History *h = &run->hist;
    char xlabel[160];
    map_headed(p, ri, r.w, titled, xlabel, sizeof xlabel);
    if (titled && headed) {
        int fh = canvas_font_height(c, st->px_tick, 1);
        canvas_line(c, r.x + 0.2 * st->pad, r.y + fh / 2.0, r.x + 1.6 * st->pad, r.y + fh / 2.0,
                    st->line_w * 1.4, panel_run_color(p, ri));
        canvas_text(c, run->label, r.x + 2.0 * st->pad, r.y, st->px_tick, 1, TEXT_LEFT | TEXT_TOP,
                    st->th->fg);
        r.y += fh + (int)(0.3 * st->pad);
        r.h -= fh + (int)(0.3 * st->pad);
        snprintf(xlabel, sizeof xlabel, "training step");
    }
    if (h->n <= 0 || h->T <= 0 || !panel_word_grad_hist(h)) {
        char msg[96];
        if (run->diverged_at > 0 && h->n <= 0)
            snprintf(msg, sizeof msg, "diverged at step %ld: no step to show", run->diverged_at);
        else snprintf(msg, sizeof msg, "no training steps yet");
        panel_message(c, st, r, msg);
        return;
    }
    AxesSpec sp = {0};
    sp.xlabel = xlabel;
    sp.ylabel = ylabel ? "timestep t" : "";
    sp.xint = sp.yint = 1;
    sp.nogrid = 1;
    range_reset(&sp.x);
    range_reset(&sp.y);
    double half = h->n > 1 ? (h->e[h->n - 1].step - h->e[0].step) / (2.0 * (h->n - 1)) : 0.5;
    range_add(&sp.x, h->e[0].step - half, 0);
    range_add(&sp.x, h->e[h->n - 1].step + half, 0);
    range_add(&sp.y, -0.5, 0);
    range_add(&sp.y, h->T - 0.5, 0);
    Axes ax;
    axes_setup(c, st, r, &sp, &ax);
    cells(p, &ax, h, s);
    extreme_mark(p, &ax, ri);
    axes_draw(c, st, &ax, &sp);
    if (ri == plot_featured_run(p->runs, p->nruns, p->v)) panel_register(p, &ax);
}

/* As many maps side by side as keep their tick labels apart in r (at least one, at
 * most n). */
static int heat_fit(const PanelCtx *p, Rect r, int n)
{
    const Style *st = p->st;
    int fh_label = canvas_font_height(p->c, st->px_label, 0);
    double cb = st->pad + fmax(8, 20 * st->s) + 0.6 * st->pad + 4 * st->px_tick + fh_label;
    double room = r.w - 2 * st->pad - cb, minw = 11.0 * st->px_tick, gap = 0.8 * st->pad;
    int fit = (int)floor((room + gap) / (minw + gap));
    if (fit < 1) fit = 1;
    return n > fit ? fit : n;
}

/* The title says how many of the nvis visible runs the n maps show, and that V
 * picks the one shown first: its forms, longest first, into forms (returns how many;
 * panel_begin_forms draws the longest that fits: a bare "(1/2)" in a narrow panel read
 * as a fraction or a page). */
static int heat_titles(const PanelCtx *p, const int *show, int n, int nvis, char forms[5][160])
{
    const char *name = n > 0 ? p->runs[show[0]]->label : "";
    int nf = 0;
    if (n == 0) { /* no visible run: the panel says so below its title */
        snprintf(forms[nf++], sizeof forms[0], "Gradient over training");
        snprintf(forms[nf++], sizeof forms[0], "Heatmap");
    } else if (n == 1 && nvis <= 1) {
        snprintf(forms[nf++], sizeof forms[0], "Gradient over training: %s", name);
        snprintf(forms[nf++], sizeof forms[0], "Heatmap: %s", name);
    } else if (n == 1) {
        const char *key = p->v->window ? "; V: next" : ""; /* (a slide answers no key) */
        snprintf(forms[nf++], sizeof forms[0], "Gradient over training: %s (1 of %d runs%s)", name, nvis, key);
        if (key[0]) snprintf(forms[nf++], sizeof forms[0], "Heatmap: %s (1 of %d runs%s)", name, nvis, key);
        snprintf(forms[nf++], sizeof forms[0], "Heatmap: %s (1 of %d runs)", name, nvis);
        snprintf(forms[nf++], sizeof forms[0], "Heatmap: %s (run 1 of %d)", name, nvis);
        snprintf(forms[nf++], sizeof forms[0], "Heatmap: %s", name);
    } else if (n < nvis) {
        const char *key = p->v->window ? " (V: next)" : "";
        snprintf(forms[nf++], sizeof forms[0], "Gradient over training, %d of %d runs%s", n, nvis, key);
        if (key[0]) snprintf(forms[nf++], sizeof forms[0], "Heatmap, %d of %d runs%s", n, nvis, key);
        snprintf(forms[nf++], sizeof forms[0], "Heatmap, %d of %d runs", n, nvis);
    } else {
        snprintf(forms[nf++], sizeof forms[0], "Gradient over training, %d runs", n);
        snprintf(forms[nf++], sizeof forms[0], "Heatmap, %d runs", n);
        snprintf(forms[nf++], sizeof forms[0], "Heatmap");
    }
    return nf;
}

/* The colour bar right of plot, spanning the data height of the first map (first: its
 * rectangle), with its rotated label at the right edge of ct. */
static void heat_bar(const PanelCtx *p, Shade s, Rect ct, Rect plot, Rect first,
                     double bar_w, int headed)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    AxesSpec sp = {0};
    sp.xlabel = "training step";
    sp.ylabel = "timestep t";
    range_reset(&sp.x);
    range_reset(&sp.y);
    range_add(&sp.x, 0, 0);
    range_add(&sp.x, 1, 0);
    range_add(&sp.y, 0, 0);
    range_add(&sp.y, 1, 0);
    if (headed) { /* under the first map's name */
        int fh = canvas_font_height(c, st->px_tick, 1);
        first.y += fh + (int)(0.3 * st->pad);
        first.h -= fh + (int)(0.3 * st->pad);
    }
    Axes ax;
    axes_setup(c, st, first, &sp, &ax);
    Rect bar = {(int)(plot.x + plot.w + st->pad), ax.area.y, (int)bar_w, ax.area.h};
    shade_bar(p, s, bar, 1);
    /* (the batch's, where the strip below shades example 0's: two numbers for one word
     * under one name read as a contradiction, lesson 1 step 1) */
    static const char *const forms[] = {"%s of the batch (log scale)", "batch %s (log scale)",
                                        "batch %s (log)", "batch \u2016\u2202L/\u2202x\u2016 (log)%.0s"};
    char lab[96];
    for (size_t k = 0; k < sizeof forms / sizeof forms[0]; k++) {
        snprintf(lab, sizeof lab, forms[k], panel_word_grad_name);
        /* (centred on the maps, within the panel's content: longer, it ran into the title) */
        double mid = ax.area.y + ax.area.h / 2.0, room = 2 * fmin(mid - ct.y, ct.y + ct.h - mid);
        if (canvas_text_width(c, lab, st->px_label, 0) <= room) break;
    }
    canvas_text_up(c, lab, ct.x + ct.w, ax.area.y + ax.area.h / 2.0, st->px_label, 0,
                   TEXT_CENTER | TEXT_BOTTOM, st->th->fg);
}

static void panel_heatmap(const PanelCtx *p, Rect r)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    int show[4];
    int n = heat_runs(p->runs, p->nruns, p->v, show, 4), nvis = 0;
    for (int i = 0; i < p->nruns; i++) nvis += panel_run_visible(p, i) != 0;
    n = heat_fit(p, r, n);
    char forms[5][160];
    const char *fp[5];
    int nf = heat_titles(p, show, n, nvis, forms);
    for (int k = 0; k < nf; k++) fp[k] = forms[k];
    Rect ct = panel_begin_forms(c, st, r, fp, nf, p->highlight);
    PlotFacts *f = p->v->facts;
    Shade s = shade_of_view(p->v);
    if (f) {
        f->heat_n = n;
        for (int k = 0; k < n; k++) f->heat_run[k] = show[k];
        f->shade_lo = s.lo;
        f->shade_hi = s.hi;
    }
    if (n == 0) {
        panel_message(c, st, ct, "no visible run");
        return;
    }
    int rh = panel_readouts(p, ct);
    ct.y += rh;
    ct.h -= rh;
    int bad = 0;
    for (int k = 0; k < n; k++) {
        const History *h = &p->runs[show[k]]->hist;
        const double *g = panel_word_grad_hist(h);
        for (long e = 0; g && e < (long)h->n * h->T && !bad; e++) bad = !(isfinite(g[e]) && g[e] > 0);
    }
    Key keys[2];
    int nk = 0;
    char mark_text[200], what[16];
    int mrun = -1;
    long marked = marked_step(p, show, n, what, sizeof what, &mrun);
    if (bad) /* cells a log colour scale cannot show */
        keys[nk++] = (Key){"0 or not finite", st->th->nan, -1, MARK_SQUARE};
    if (marked > 0) { /* the brackets extreme_mark draws */
        snprintf(mark_text, sizeof mark_text, "lines on the %s map: step %ld, the readout's %s",
                 p->runs[mrun]->label, marked, what);
        keys[nk++] = (Key){mark_text, st->th->fg, -1, KEY_TICK};
    }
    if (nk > 0) {
        int kh = panel_keys(p, ct, keys, nk);
        ct.y += kh;
        ct.h -= kh;
    }
    /* the colour bar on the right: bar, decade labels, rotated label */
    int fh_label = canvas_font_height(c, st->px_label, 0);
    double bar_w = fmax(8, 20 * st->s);
    int cb_w = (int)ceil(st->pad + bar_w + 0.6 * st->pad + shade_bar_label_width(p, s) +
                         0.5 * st->pad + fh_label);
    Rect plot = ct;
    plot.w -= cb_w;
    int gap = (int)(0.8 * st->pad);
    Rect first = plot;
    int headed = maps_headed(p, show, n, (plot.w - gap * (n - 1)) / n);
    for (int k = 0; k < n; k++) {
        Rect m = plot;
        m.w = (plot.w - gap * (n - 1)) / n;
        m.x = plot.x + k * (m.w + gap);
        if (k == 0) first = m;
        one_map(p, m, show[k], s, n > 1, headed, k == 0);
    }
    heat_bar(p, s, ct, plot, first, bar_w, headed);
}

/* ---- what the pointer shows, what the CSV holds ---- */

static void pick(PlotLines *l, const PanelPickAt *at)
{
    char a[32];
    int i = plot_featured_run(at->runs, at->nruns, at->v); /* the run the heatmap shows */
    if (i < 0) return;
    const History *h = &at->runs[i]->hist;
    int k = panel_hist_nearest(h, at->x), t = (int)floor(at->y + 0.5);
    if (k < 0 || t < 0 || t >= h->T) return;
    plot_lines_add(l, "%s", at->runs[i]->label);
    plot_lines_add(l, "step %ld, t = %d", h->e[k].step, t);
    const double *g = panel_word_grad_hist(h);
    if (g)
        plot_lines_add(l, "%s = %s", panel_word_grad_name,
                       panel_pick_num(a, g[(size_t)k * (size_t)h->T + (size_t)t]));
}

static void describe(PlotLines *l, Run *const *runs, int nruns, const PlotView *v, int i)
{
    panel_describe_grad(l, runs, nruns, v, i, GRAD_MODE_NORM, 0);
}

/* x = training step, y = timestep t, z = the value the cell's colour shows
 * (panel_word_grad_hist: ||dL/dx_t||), for each run a map can show: the featured run
 * first, then the other visible runs, at most four (how many maps fit depends on the
 * panel's width, which the CSV does not know). */
static void csv(const PlotRows *o, Run *const *runs, int nruns, const PlotView *v)
{
    int show[4], n = heat_runs(runs, nruns, v, show, 4);
    for (int k = 0; k < n; k++) {
        const History *h = &runs[show[k]]->hist;
        const double *g = panel_word_grad_hist(h);
        for (int e = 0; g && e < h->n; e++)
            for (int t = 0; t < h->T; t++)
                panel_row(o, PANEL_HEATMAP, show[k], "grad_x", (double)h->e[e].step, t,
                          g[(size_t)e * (size_t)h->T + (size_t)t], NULL);
    }
}

const PanelDef panel_heatmap_def = {
    .help = "the gradient reaching each timestep (y) over the training steps (x)",
    .draw = panel_heatmap,
    .pick = pick,
    .describe = describe,
    .csv = csv,
};
