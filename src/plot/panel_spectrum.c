/* panel_spectrum.c - eigenvalues of the recurrent matrix in the complex plane, with
 * the unit circle (|lambda| = 1) and, for sigmoid RNNs, the circle |lambda| = 1/gamma = 4
 * (gamma = max sigmoid' = 1/4, Pascanu et al. 2013); sigma_max and the spectral
 * radius written as numbers. Equal scales on both axes. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "panels.h"

static int is_sigmoid_rnn(const Run *r)
{
    return r->cfg.cell == CELL_RNN && r->cfg.activation == ACT_SIGMOID;
}

static int has_eigs(const Run *r)
{
    return r->eigen && r->eig_re && r->eig_im && r->cfg.hidden > 0 && r->cfg.cell != CELL_ATTENTION;
}

/* What the visible runs have: any at all, a recurrent matrix, gates, a sigmoid RNN,
 * computed eigenvalues. */
typedef struct SpecRuns {
    int any, recurrent, gated, sigmoid, eigs;
} SpecRuns;

static SpecRuns spectrum_runs(const PanelCtx *p)
{
    SpecRuns f = {0};
    for (int i = 0; i < p->nruns; i++) {
        if (!panel_run_visible(p, i)) continue;
        const Run *run = p->runs[i];
        f.any = 1;
        if (run->cfg.cell == CELL_ATTENTION) continue; /* no W_hh */
        f.recurrent = 1;
        if (run->cfg.cell != CELL_RNN) f.gated = 1;
        if (is_sigmoid_rnn(run)) f.sigmoid = 1;
        if (!has_eigs(run)) continue;
        f.eigs = 1;
    }
    return f;
}

/* The axes hold every run's eigenvalues, but not those of a run whose largest |lambda|
 * is over 100 times every other run's (a blown-up W_hh of 1e35 would make the others
 * and the unit circle one dot): its key says so. A run that diverged keeps its place
 * while its W_hh is finite: its eigenvalues are why it diverged (lesson 3 step 3: W_hh
 * times 8, rho 4.27, beside the unit circle; left out, the key said "off this scale"). Fills big[i] (run i's
 * largest |lambda|) and off[i] (left off the scale); returns the radius to show. */
static double spectrum_scale(const PanelCtx *p, unsigned char *off, double *big)
{
    double rad = 1.0;
    for (int i = 0; i < p->nruns && i < PLOT_MAX_RUNS; i++) {
        const Run *run = p->runs[i];
        if (!panel_run_visible(p, i) || run->cfg.cell == CELL_ATTENTION || !has_eigs(run)) continue;
        for (int k = 0; k < run->cfg.hidden; k++) {
            double m = hypot(run->eig_re[k], run->eig_im[k]);
            if (isfinite(m) && m > big[i]) big[i] = m;
        }
    }
    for (int i = 0; i < p->nruns && i < PLOT_MAX_RUNS; i++) {
        double others = 0;
        int n = 0;
        for (int j = 0; j < p->nruns && j < PLOT_MAX_RUNS; j++)
            if (j != i && big[j] > 0 && !off[j]) others = fmax(others, big[j]), n++;
        if (n > 0 && big[i] > 100 * fmax(1.0, others)) off[i] = 1;
    }
    for (int i = 0; i < p->nruns && i < PLOT_MAX_RUNS; i++)
        if (!off[i] && big[i] > rad) rad = big[i];
    return rad;
}

/* An earlier visible run with the very same eigenvalues as run i (the same W_hh: its
 * markers lie under run i's), or -1. */
static int same_eigs(const PanelCtx *p, int i)
{
    const Run *a = p->runs[i];
    if (!has_eigs(a)) return -1;
    size_t n = (size_t)a->cfg.hidden * sizeof(double);
    for (int j = 0; j < i; j++) {
        const Run *b = p->runs[j];
        if (panel_run_visible(p, j) && b->cfg.cell != CELL_ATTENTION && has_eigs(b) &&
            b->cfg.hidden == a->cfg.hidden && !memcmp(a->eig_re, b->eig_re, n) &&
            !memcmp(a->eig_im, b->eig_im, n))
            return j;
    }
    return -1;
}

/* The keys: the numbers per run, then what the circles are; returns how many. */
static int spectrum_keys(const PanelCtx *p, SpecRuns f, const unsigned char *off,
                         const double *big, double rad, Key *keys, char (*text)[160])
{
    const Style *st = p->st;
    int nk = 0;
    for (int i = 0; i < p->nruns; i++) {
        if (!panel_run_visible(p, i)) continue;
        const Run *run = p->runs[i];
        char s1[32], s2[32];
        if (run->cfg.cell == CELL_ATTENTION) {
            snprintf(text[nk], sizeof text[nk], "%.30s: no W_hh (attention)", run->label);
            keys[nk] = (Key){text[nk], panel_run_color(p, i), -1, KEY_TEXT};
            nk++;
            continue;
        }
        format_number(s1, sizeof s1, run->diag.sigma_max, 3);
        format_number(s2, sizeof s2, run->diag.spectral_radius, 3);
        /* the run by name, not by colour alone (lesson 8 step 2 read "σmax 0.908 ρ 0.4"
         * and "σmax 1.06 ρ 0.642"); a bidirectional run's is its forward direction's */
        char who[64];
        snprintf(who, sizeof who, "%.30s%s: ", run->label, run->cfg.bidirectional ? " (forward\xC2\xA0W_hh)" : "");
        if (isfinite(run->diag.spectral_radius))
            /* (no-break spaces: a key broken in a narrow column keeps each name with
             * its number, not "ρ" over "0.534") */
            snprintf(text[nk], sizeof text[nk], "%s\xCF\x83max\xC2\xA0%s   \xCF\x81\xC2\xA0%s", who, s1, s2);
        else snprintf(text[nk], sizeof text[nk], "%s\xCF\x83max\xC2\xA0%s", who, s1);
        /* a run left out of the scale whose eigenvalues fall outside */
        if (i < PLOT_MAX_RUNS && off[i] && big[i] > rad) {
            size_t n = strlen(text[nk]);
            snprintf(text[nk] + n, sizeof text[nk] - n, " (%s; off this scale)",
                     run->diverged_at > 0 ? "diverged" : "far larger");
        }
        keys[nk] = (Key){text[nk], panel_run_color(p, i), -1, panel_run_marker(p, i)};
        nk++;
        /* a key of its own: beside the numbers it made a key of three lines in a column */
        int twin = same_eigs(p, i);
        if (twin >= 0) {
            snprintf(text[nk], sizeof text[nk], "%.30s: the same W_hh as %.30s, on top of it",
                     run->label, p->runs[twin]->label);
            keys[nk] = (Key){text[nk], panel_run_color(p, i), -1, KEY_TEXT};
            nk++;
        }
    }
    keys[nk++] = (Key){"|\xCE\xBB| = 1", st->th->axis, -1, KEY_LINE};
    if (f.sigmoid)
        keys[nk++] = (Key){"|\xCE\xBB| = 1/\xCE\xB3 = 4 (sigmoid)", st->th->muted, DASH_SHORT, KEY_LINE};
    if (f.gated) keys[nk++] = (Key){"gated cells: candidate block", st->th->muted, -1, KEY_TEXT};
    return nk;
}

/* Keys in a column beside the square plot, or in rows above it: whichever leaves the
 * larger square; *ct shrinks by what they take. The column may be narrower than its
 * widest key, each key broken onto two lines, when that leaves a larger square (lesson
 * 2 step 1: four rows of keys above left a square of 150 px at 1920x1080, its
 * eigenvalues a blob of 20 px within the sigmoid's circle of radius 4). */
static void spectrum_place_keys(const PanelCtx *p, Rect *ct, const Key *keys, int nk)
{
    const Style *st = p->st;
    int colw = panel_keys_column_width(p, keys, nk);
    int fh = canvas_font_height(p->c, st->px_tick, 0);
    double col_side = fmin(ct->w - colw, ct->h);
    double row_side = fmin(ct->w, ct->h - fh * (1.3 * nk / 2.0 + 0.5));
    int wrap_w = 0;
    double wrap_side = 0;
    for (int k = 0; k < 8 && nk > 0; k++) { /* from 60% of the panel down to 25%, by 5% */
        int cw = (int)(ct->w * (0.60 - 0.05 * k));
        if (cw >= colw) continue;
        int cuts, kh = panel_keys_measure(p, (Rect){ct->x + ct->w - cw, ct->y, cw, ct->h}, keys, nk, &cuts);
        double side = fmin(ct->w - cw, ct->h);
        if (!cuts && kh <= ct->h && side > wrap_side) wrap_side = side, wrap_w = cw;
    }
    if (wrap_w > 0 && wrap_side > fmax(col_side, row_side) + 0.05 * fh) {
        panel_keys(p, (Rect){ct->x + ct->w - wrap_w, ct->y, wrap_w, ct->h}, keys, nk);
        ct->w -= wrap_w;
    } else if (col_side >= row_side) {
        panel_keys_column(p, ct->x + ct->w - colw, ct->y + 0.3 * st->pad, keys, nk);
        ct->w -= colw;
    } else {
        int kh = panel_keys(p, *ct, keys, nk);
        ct->y += kh;
        ct->h -= kh;
    }
}

/* Axes from -R to R both ways in ct, the data area made square and centred. */
static void spectrum_axes(const PanelCtx *p, Rect ct, double R, Axes *ax)
{
    AxesSpec sp = {0};
    sp.xlabel = "Re \xCE\xBB";
    sp.ylabel = "Im \xCE\xBB";
    range_reset(&sp.x);
    range_reset(&sp.y);
    range_add(&sp.x, -R, 0);
    range_add(&sp.x, R, 0);
    range_add(&sp.y, -R, 0);
    range_add(&sp.y, R, 0);
    axes_setup(p->c, p->st, ct, &sp, ax);
    int side = ax->area.w < ax->area.h ? ax->area.w : ax->area.h;
    int dx = (ax->area.w - side) / 2, dy = (ax->area.h - side) / 2;
    ax->area.x += dx;
    ax->area.y += dy;
    ax->area.w = ax->area.h = side;
    ax->content.x += dx;
    ax->content.w -= 2 * dx;
    ax->content.y += dy;
    ax->content.h -= 2 * dy;
    ax->x.p0 = ax->area.x;
    ax->x.p1 = ax->area.x + side;
    ax->y.p0 = ax->area.y + side;
    ax->y.p1 = ax->area.y;
    axes_draw(p->c, p->st, ax, &sp);
}

/* The unit circle, the sigmoid RNN's circle of radius 4, and every run's eigenvalues. */
static void spectrum_data(const PanelCtx *p, const Axes *ax, int sigmoid)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    double cx = axis_pos(&ax->x, 0), cy = axis_pos(&ax->y, 0);
    double unit = axis_pos(&ax->x, 1) - cx;
    canvas_circle(c, cx, cy, unit, st->thin_w * 1.4, st->th->axis);
    if (sigmoid) {
        double dd[4];
        int nd;
        style_dash(st, DASH_SHORT, dd, &nd);
        canvas_path_begin(c, st->thin_w * 1.4, dd, nd);
        for (int k = 0; k <= 256; k++) {
            double a = 2 * 3.14159265358979323846 * k / 256;
            canvas_path_line(c, cx + 4 * unit * cos(a), cy - 4 * unit * sin(a));
        }
        canvas_path_end(c, st->th->muted);
    }
    for (int i = 0; i < p->nruns; i++) {
        if (!panel_run_visible(p, i) || !has_eigs(p->runs[i])) continue;
        const Run *run = p->runs[i];
        for (int k = 0; k < run->cfg.hidden; k++) {
            double x = axis_pos(&ax->x, run->eig_re[k]), y = axis_pos(&ax->y, run->eig_im[k]);
            if (isnan(x) || isnan(y)) continue;
            canvas_marker(c, panel_run_marker(p, i), x, y, st->marker * 0.85,
                          panel_run_color(p, i), st->th->halo);
        }
    }
}

static void panel_spectrum(const PanelCtx *p, Rect r)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    SpecRuns f = spectrum_runs(p);
    unsigned char off[PLOT_MAX_RUNS] = {0};
    double big[PLOT_MAX_RUNS] = {0};
    double rad = spectrum_scale(p, off, big);
    Rect ct = panel_begin(c, st, r, "Eigenvalues of W_hh", "Spectrum", p->highlight);
    {
        int rh = panel_readouts(p, ct);
        ct.y += rh;
        ct.h -= rh;
    }
    if (!f.any) {
        panel_message(c, st, ct, "no visible run");
        return;
    }
    if (!f.recurrent) {
        panel_message(c, st, ct, "does not apply to attention (no recurrent matrix W_hh)");
        return;
    }
    Key keys[2 * PLOT_MAX_RUNS + 3];
    char text[2 * PLOT_MAX_RUNS][160];
    int nk = spectrum_keys(p, f, off, big, rad, keys, text);
    spectrum_place_keys(p, &ct, keys, nk);
    double R = fmax(1.15, rad * 1.08);
    if (f.sigmoid) R = fmax(R, 4.3);
    Axes ax;
    spectrum_axes(p, ct, R, &ax);
    axes_clip(c, st, &ax);
    panel_register(p, &ax);
    spectrum_data(p, &ax, f.sigmoid);
    if (!f.eigs)
        canvas_text(c, "no eigenvalue solver: \xCF\x83max only", ax.area.x + st->pad,
                    ax.area.y + 0.5 * st->pad, st->px_tick, 0, TEXT_LEFT | TEXT_TOP,
                    st->th->muted);
}

/* ---- what the pointer shows, what the CSV holds ---- */

static void pick(PlotLines *l, const PanelPickAt *at)
{
    char a[32], b[32], m[32];
    int bi = -1, bk = -1;
    double bd = INFINITY, x = at->x, y = at->y;
    for (int i = 0; i < at->nruns; i++) {
        if (!panel_visible(at->v, at->runs, at->nruns, i)) continue;
        const Run *r = at->runs[i];
        if (!r->eigen || !r->eig_re) continue;
        for (int k = 0; k < r->cfg.hidden; k++) {
            double d = hypot(r->eig_re[k] - x, r->eig_im[k] - y);
            if (d < bd) bd = d, bi = i, bk = k;
        }
    }
    if (bi >= 0 && bd <= 12 * at->x_per_px) { /* within about a marker of the pointer */
        const Run *r = at->runs[bi];
        double re = r->eig_re[bk], im = r->eig_im[bk];
        plot_lines_add(l, "%s: λ = %s %s %si", r->label, panel_pick_num(a, re), im < 0 ? "−" : "+",
                       panel_pick_num(b, fabs(im)));
        plot_lines_add(l, "|λ| = %s", panel_pick_num(m, hypot(re, im)));
    } else {
        plot_lines_add(l, "Re %s, Im %s, |z| = %s", panel_pick_num(a, x), panel_pick_num(b, y),
                       panel_pick_num(m, hypot(x, y)));
    }
}

static void describe(PlotLines *l, Run *const *runs, int nruns, const PlotView *v, int i)
{
    (void)nruns, (void)v;
    char x[32], y[32];
    const Run *r = runs[i];
    plot_lines_add(l, "%s: σmax %s   spectral radius %s", r->label,
                   panel_tip_num(x, sizeof x, r->diag.sigma_max),
                   panel_tip_num(y, sizeof y, r->diag.spectral_radius));
}

/* x = Re lambda, y = Im lambda per eigenvalue; sigma_max and the spectral radius as y
 * of rows without x. */
static void csv(const PlotRows *o, Run *const *runs, int nruns, const PlotView *v)
{
    for (int i = 0; i < nruns; i++) {
        if (!panel_visible(v, runs, nruns, i)) continue;
        const Run *r = runs[i];
        if (r->eigen && r->eig_re && r->eig_im)
            for (int k = 0; k < r->cfg.hidden; k++)
                panel_row(o, PANEL_SPECTRUM, i, "eigenvalue", r->eig_re[k], r->eig_im[k], NAN, NULL);
        panel_row(o, PANEL_SPECTRUM, i, "sigma_max", NAN, r->diag.sigma_max, NAN, NULL);
        panel_row(o, PANEL_SPECTRUM, i, "spectral_radius", NAN, r->diag.spectral_radius, NAN, NULL);
    }
}

static int applies(const Run *r)
{
    return r->cfg.cell != CELL_ATTENTION; /* attention has no recurrent matrix */
}

const PanelDef panel_spectrum_def = {
    .help = "the eigenvalues of W_hh in the complex plane, σmax, spectral radius",
    .draw = panel_spectrum,
    .pick = pick,
    .describe = describe,
    .csv = csv,
    .applies = applies,
};
