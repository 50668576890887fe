/* panel_gates.c - mean gate activation per timestep (diag.gate_mean, (T, 3)):
 * LSTM input/forget/output gates, GRU reset/update gates. Runs keep their colour,
 * gates are told apart by dash pattern and by a letter at the end of each line (moved
 * apart when lines end close together, with a leader back to the line; none when they
 * do not fit in one column). With three runs or more, one band per gate on one x axis,
 * named beside it, where the panel is tall enough. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cells.h"
#include "panels.h"

/* The gates' names and letters are their cell's (Cell.plotted_name, plotted_letter);
 * the g-th gate of every cell has the same dash. */
static const int gate_dash[DIAG_MAX_GATES] = {-1, DASH_LONG, DASH_DOT};
static const char *const dash_word[DIAG_MAX_GATES] = {"solid", "dashed", "dotted"};

/* The cell of run r if the gates panel plots any of its gates, else NULL. */
static const Cell *gated_cell(const Run *r)
{
    const Cell *cell = cell_of(r->cfg.cell);
    return cell && cell->n_plotted > 0 ? cell : NULL;
}

/* The name of run r's gate g, "?" past its cell's. */
static const char *gate_name(const Run *r, int g)
{
    const Cell *cell = gated_cell(r);
    return cell && g < cell->n_plotted ? cell->plotted_name[g] : "?";
}

typedef struct GateLabel {
    double x, y;
    const char *name;
    uint32_t col;
} GateLabel;

/* The colour of cell k's gate keys: the run's when one visible run has that cell (lesson
 * 9: the LSTM's i and the GRU's r are both solid, told apart by colour), else muted. */
static uint32_t gates_key_color(const PanelCtx *p, int k)
{
    int n = 0, run = -1;
    for (int i = 0; i < p->nruns; i++)
        if (panel_run_visible(p, i) && gated_cell(p->runs[i]) && (int)p->runs[i]->cfg.cell == k)
            n++, run = i;
    return n == 1 ? panel_run_color(p, run) : p->st->th->muted;
}

/* The keys of the gates of the cells in shown (bit k: CellKind k), in the cell list's
 * order ("i input (solid)" ...), in rows at the top of *ct. */
static void gates_keys(const PanelCtx *p, Rect *ct, unsigned shown)
{
    Key keys[CELL_COUNT * DIAG_MAX_GATES];
    char text[CELL_COUNT * DIAG_MAX_GATES][48];
    int nk = 0;
    for (int k = 0; k < CELL_COUNT; k++) {
        const Cell *cell = cell_of((CellKind)k);
        if (!(shown >> k & 1u) || !cell) continue;
        uint32_t kc = gates_key_color(p, k);
        for (int g = 0; g < cell->n_plotted && g < DIAG_MAX_GATES; g++) {
            snprintf(text[nk], sizeof text[nk], "%s %s (%s)", cell->plotted_letter[g],
                     cell->plotted_name[g], dash_word[g]);
            keys[nk] = (Key){text[nk], kc, gate_dash[g], -1};
            nk++;
        }
    }
    int kh = panel_keys(p, *ct, keys, nk);
    ct->y += kh;
    ct->h -= kh;
}

/* Every visible run's gate lines; the letter of each line's end into lab (returns how
 * many). */
static int gates_lines(const PanelCtx *p, const Axes *ax, GateLabel *lab)
{
    const Style *st = p->st;
    int nl = 0;
    for (int i = 0; i < p->nruns; i++) {
        if (!panel_run_visible(p, i)) continue;
        const Run *run = p->runs[i];
        const Diag *d = &run->diag;
        if (d->n_gates <= 0 || !d->gate_mean || d->T <= 0) continue;
        uint32_t col = panel_run_color(p, i);
        int ng = d->n_gates > DIAG_MAX_GATES ? DIAG_MAX_GATES : d->n_gates;
        for (int g = 0; g < ng; g++) {
            double dd[4], lx, ly;
            int nd = 0;
            if (gate_dash[g] >= 0) style_dash(st, gate_dash[g], dd, &nd);
            panel_series(p, ax, NULL, d->gate_mean + g, 0, d->T, DIAG_MAX_GATES, 1.0, col,
                         nd ? dd : NULL, nd, &lx, &ly);
            const Cell *cell = gated_cell(run);
            const char *name = cell && g < cell->n_plotted ? cell->plotted_letter[g] : "?";
            if (!isnan(lx)) {
                lab[nl].x = lx + 0.5 * st->pad;
                lab[nl].y = ly;
                lab[nl].name = name;
                lab[nl].col = col;
                nl++;
            }
        }
    }
    return nl;
}

/* Spreads the n label centres y[0..n) (sorted, wanted at y[i]) at least gap apart
 * within [lo, hi], each as near its wanted place as it can be: neighbours that would
 * overlap form a cluster, laid out gap apart around its members' mean wish (the least
 * squares place), and clusters merge until none overlaps (a legend's repel, in 1-D). */
static void spread(double *y, int n, double gap, double lo, double hi)
{
    int start[PLOT_MAX_GATE_LABELS], nc = 0;
    double top[PLOT_MAX_GATE_LABELS];
    double want[PLOT_MAX_GATE_LABELS];
    for (int i = 0; i < n; i++) want[i] = y[i];
    for (int i = 0; i < n; i++) {
        start[nc] = i;
        top[nc] = want[i];
        nc++;
        for (;;) {
            int c = nc - 1, end = i + 1, k = end - start[c];
            double sum = 0;
            for (int j = start[c]; j < end; j++) sum += want[j] - (j - start[c]) * gap;
            top[c] = sum / k;
            if (top[c] + (k - 1) * gap > hi) top[c] = hi - (k - 1) * gap;
            if (top[c] < lo) top[c] = lo;
            if (c == 0) break;
            int kp = start[c] - start[c - 1];
            if (top[c - 1] + kp * gap <= top[c]) break;
            nc--; /* overlaps the cluster above: one cluster */
        }
    }
    for (int c = 0; c < nc; c++) {
        int end = c + 1 < nc ? start[c + 1] : n;
        for (int j = start[c]; j < end; j++) y[j] = top[c] + (j - start[c]) * gap;
    }
}

/* Gate letters at the line ends, spread so that none overlaps another: sorted by the
 * height of their line's end, then moved apart in a column right of the lines (two or
 * three columns, taking the letters in turn, when one column has no room for them all);
 * a letter that had to move is joined to its line's end by a thin leader in its run's
 * colour. Letters stay inside wide (the clip). */
static void gates_letters(const PanelCtx *p, const Axes *ax, Rect wide, GateLabel *lab, int nl)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    for (int i = 1; i < nl; i++)
        for (int j = i; j > 0 && lab[j].y < lab[j - 1].y; j--) {
            GateLabel t = lab[j];
            lab[j] = lab[j - 1];
            lab[j - 1] = t;
        }
    int fh = canvas_font_height(c, st->px_tick, 1);
    double gap = fh + 1, wmax = 0, xend = 0;
    for (int i = 0; i < nl; i++) {
        wmax = fmax(wmax, canvas_text_width(c, lab[i].name, st->px_tick, 1));
        xend = fmax(xend, lab[i].x);
    }
    /* label centres: inside the clip, half a line in from its edges */
    double lo = wide.y + 0.5 * gap, hi = ax->area.y + ax->area.h + fmin(0.5 * st->pad, st->pad - 0.6 * gap);
    hi = fmin(hi, wide.y + wide.h - 0.5 * gap);
    int ncol = 1;
    while (ncol < 3 && ((nl + ncol - 1) / ncol - 1) * gap > hi - lo) ncol++;
    /* more letters than one column holds: the leaders to a second column ran through
     * the first one's letters (lesson 7 step 3, three runs). The key names each gate's
     * dash pattern and the colours name the runs: no letters then. */
    if (ncol > 1) return;
    double y[PLOT_MAX_GATE_LABELS], pos[PLOT_MAX_GATE_LABELS];
    int col_of[PLOT_MAX_GATE_LABELS];
    int moved = ncol > 1;
    for (int k = 0; k < ncol; k++) {
        int idx[PLOT_MAX_GATE_LABELS], n = 0;
        for (int i = k; i < nl; i += ncol) idx[n] = i, y[n++] = lab[i].y;
        spread(y, n, gap, lo, hi);
        for (int j = 0; j < n; j++) {
            pos[idx[j]] = y[j];
            col_of[idx[j]] = k;
            moved |= fabs(y[j] - lab[idx[j]].y) > 0.25 * gap;
        }
    }
    double lead = moved ? 0.9 * st->px_tick : 0, colw = wmax + 0.4 * st->px_tick;
    PlotFacts *f = p->v->facts;
    for (int i = 0; i < nl; i++) {
        double x = xend + lead + col_of[i] * colw;
        int leader = lead > 0 && (col_of[i] > 0 || fabs(pos[i] - lab[i].y) > 0.25 * gap);
        double ex = lab[i].x - 0.5 * st->pad; /* the line's end */
        if (leader) {
            canvas_path_begin(c, st->thin_w, NULL, 0);
            canvas_path_move(c, ex + 0.25 * st->pad, lab[i].y);
            canvas_path_line(c, x - 0.2 * st->px_tick, pos[i]);
            canvas_path_end(c, style_alpha(lab[i].col, 170));
        }
        canvas_text(c, lab[i].name, x, pos[i], st->px_tick, 1, TEXT_LEFT | TEXT_MIDDLE, lab[i].col);
        if (f && f->gate_labels < PLOT_MAX_GATE_LABELS) {
            int k = f->gate_labels++;
            int w = canvas_text_width(c, lab[i].name, st->px_tick, 1);
            f->gate_box[k] = (Rect){(int)floor(x), (int)floor(pos[i] - 0.5 * fh), w, fh};
            f->gate_end[k][0] = ex;
            f->gate_end[k][1] = lab[i].y;
            f->gate_leader[k] = leader;
        }
    }
}

/* Three or more gated runs drew nine lines or more on one plot, and their letters no
 * longer fit in a column at the ends: none were drawn, and the class could not tell
 * which line was which gate (lesson 7 step 3). Then each gate has a band of its own on
 * one x axis, its name beside it, every run's line in it in the run's colour (the run
 * list and the title bar name the colours). gates_bands returns 0, drawing nothing,
 * where the panel is too short for bands a tick label tall. */
#define GATES_BANDS_FROM 3

/* The axes of a gate plot: timestep t from 0 to Tmax - 1, activation from 0 to 1. */
static AxesSpec gates_spec(int Tmax, const char *ylabel)
{
    AxesSpec sp = {0};
    sp.xlabel = "timestep t";
    sp.ylabel = ylabel;
    sp.xint = 1;
    range_reset(&sp.x);
    range_reset(&sp.y);
    range_add(&sp.x, 0, 0);
    range_add(&sp.x, Tmax - 1, 0);
    range_add(&sp.y, 0, 0);
    range_add(&sp.y, 1, 0);
    return sp;
}

static int gates_bands(const PanelCtx *p, Rect ct, int Tmax)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    const char *letter[CELL_COUNT * DIAG_MAX_GATES], *name[CELL_COUNT * DIAG_MAX_GATES];
    int nb = 0;
    for (int i = 0; i < p->nruns; i++) { /* the gates, by letter, in the runs' order */
        const Cell *cell = panel_run_visible(p, i) && p->runs[i]->diag.n_gates > 0 ? gated_cell(p->runs[i]) : NULL;
        for (int g = 0; cell && g < cell->n_plotted && g < DIAG_MAX_GATES; g++) {
            int b = 0;
            while (b < nb && strcmp(letter[b], cell->plotted_letter[g])) b++;
            if (b == nb) letter[nb] = cell->plotted_letter[g], name[nb++] = cell->plotted_name[g];
        }
    }
    double room = 0;
    for (int b = 0; b < nb; b++) room = fmax(room, canvas_text_width(c, name[b], st->px_tick, 1));
    room += 0.8 * st->pad;
    /* every band's data equally tall (the same 0..1 looked different from band to band,
     * lesson 7 step 3's output band half again as tall as the others): the rows around
     * the data of an upper band and of the last one (with the x axis's), as axes_setup
     * lays them out, then the rest shared */
    int over[2];
    for (int last = 0; last < 2; last++) {
        AxesSpec sp = gates_spec(Tmax, "");
        sp.xbare = !last;
        Axes t;
        axes_setup(c, st, (Rect){ct.x, ct.y, ct.w, ct.h}, &sp, &t);
        over[last] = ct.h - t.area.h;
    }
    double dh = (double)(ct.h - (nb - 1) * over[0] - over[1]) / nb;
    if (nb < 1 || dh < canvas_font_height(c, st->px_tick, 0)) return 0; /* too short: one plot */
    Axes first = {0}, ax = {0};
    for (int b = 0; b < nb; b++) {
        AxesSpec sp = gates_spec(Tmax, ""); /* (its room: the title is one, up the whole stack) */
        sp.yint = 1; /* (0 and 1: three numbers crowded a band 25 px tall) */
        sp.xbare = b < nb - 1;
        int y0 = ct.y + (int)floor(b * (dh + over[0]));
        int y1 = b < nb - 1 ? ct.y + (int)floor((b + 1) * (dh + over[0])) : ct.y + ct.h;
        Rect band = {ct.x, y0, ct.w - (int)ceil(room), y1 - y0};
        axes_setup(c, st, band, &sp, &ax);
        axes_draw(c, st, &ax, &sp);
        if (!b) first = ax;
        canvas_text(c, name[b], ax.area.x + ax.area.w + 0.6 * st->pad, ax.area.y + ax.area.h / 2.0, st->px_tick,
                    1, TEXT_LEFT | TEXT_MIDDLE, st->th->fg);
        axes_clip(c, st, &ax);
        for (int i = 0; i < p->nruns; i++) {
            if (!panel_run_visible(p, i)) continue;
            const Run *run = p->runs[i];
            const Diag *d = &run->diag;
            const Cell *cell = d->n_gates > 0 && d->gate_mean && d->T > 0 ? gated_cell(run) : NULL;
            for (int g = 0; cell && g < cell->n_plotted && g < d->n_gates && g < DIAG_MAX_GATES; g++) {
                if (strcmp(cell->plotted_letter[g], letter[b])) continue;
                double lx, ly;
                panel_series(p, &ax, NULL, d->gate_mean + g, 0, d->T, DIAG_MAX_GATES, 1.0, panel_run_color(p, i),
                             NULL, 0, &lx, &ly);
            }
        }
        canvas_clip_reset(c);
    }
    /* the title up the whole stack, the pointer's area the stack */
    canvas_text_up(c, "mean activation", ct.x, (first.area.y + ax.area.y + ax.area.h) / 2.0, st->px_label, 0,
                   TEXT_CENTER | TEXT_TOP, st->th->fg);
    ax.area.h += ax.area.y - first.area.y;
    ax.area.y = first.area.y;
    panel_register(p, &ax);
    if (p->v->facts) p->v->facts->gate_bands = nb;
    return 1;
}

static void panel_gates(const PanelCtx *p, Rect r)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    Rect ct = panel_begin(c, st, r, "Mean gate activation per timestep", "Gates",
                          p->highlight);
    {
        int rh = panel_readouts(p, ct);
        ct.y += rh;
        ct.h -= rh;
    }
    unsigned shown = 0; /* bit k: a visible run of cell k has gates to plot */
    int Tmax = 0;
    for (int i = 0; i < p->nruns; i++) {
        if (!panel_run_visible(p, i)) continue;
        const Diag *d = &p->runs[i]->diag;
        if (d->n_gates <= 0 || !d->gate_mean || d->T <= 0) continue;
        shown |= 1u << p->runs[i]->cfg.cell;
        if (d->T > Tmax) Tmax = d->T;
    }
    if (!shown) {
        int attention = 0;
        for (int i = 0; i < p->nruns; i++)
            if (panel_run_visible(p, i) && p->runs[i]->cfg.cell == CELL_ATTENTION) attention = 1;
        panel_message(c, st, ct, attention ? "no LSTM or GRU run visible (gates do not apply to "
                                             "attention or a plain RNN)"
                                           : "no LSTM or GRU run visible (a plain RNN has no gates)");
        return;
    }
    int gated_runs = 0;
    for (int i = 0; i < p->nruns; i++)
        gated_runs += panel_run_visible(p, i) && p->runs[i]->diag.n_gates > 0;
    if (gated_runs >= GATES_BANDS_FROM && gates_bands(p, ct, Tmax)) return;
    gates_keys(p, &ct, shown);
    AxesSpec sp = gates_spec(Tmax, "mean activation");
    /* leave room on the right for the gate letters: one letter, or a few side by
     * side when several runs' gates end at the same height */
    double room = (gated_runs > 1 ? 3.8 : 2.4) * st->px_tick;
    Rect plot = ct;
    plot.w -= (int)room;
    Axes ax;
    axes_setup(c, st, plot, &sp, &ax);
    axes_draw(c, st, &ax, &sp);
    panel_register(p, &ax);
    Rect wide = ax.area;
    wide.w += (int)room + (int)st->pad;
    wide = (Rect){wide.x - 4, wide.y - (int)st->pad, wide.w + 4, wide.h + 2 * (int)st->pad};
    canvas_clip(c, wide);
    GateLabel lab[PLOT_MAX_GATE_LABELS];
    int nl = gates_lines(p, &ax, lab);
    gates_letters(p, &ax, wide, lab, nl);
}

/* ---- what the pointer shows, what the CSV holds ---- */

static void pick(PlotLines *l, const PanelPickAt *at)
{
    int t = (int)floor(at->x + 0.5);
    plot_lines_add(l, "t = %d", t);
    for (int i = 0; i < at->nruns; i++) {
        if (!panel_visible(at->v, at->runs, at->nruns, i)) continue;
        const Diag *d = &at->runs[i]->diag;
        if (d->n_gates <= 0 || t < 0 || t >= d->T) continue;
        const double *g = d->gate_mean + (size_t)t * DIAG_MAX_GATES;
        char line[160];
        int n = snprintf(line, sizeof line, "%s:", at->runs[i]->label);
        for (int k = 0; k < d->n_gates && k < DIAG_MAX_GATES && n > 0 && n < (int)sizeof line; k++)
            n += snprintf(line + n, sizeof line - (size_t)n, "%s %s %.3f", k ? "," : "",
                          gate_name(at->runs[i], k), g[k]);
        plot_lines_add(l, "%s", line);
    }
}

static void describe(PlotLines *l, Run *const *runs, int nruns, const PlotView *v, int i)
{
    (void)nruns, (void)v;
    const Run *r = runs[i];
    const Diag *d = &r->diag;
    int T = d->T;
    if (d->n_gates <= 0 || !gated_cell(r)) return;
    const double *g = d->gate_mean + (T - 1) * DIAG_MAX_GATES;
    char line[160];
    int n = snprintf(line, sizeof line, "%s: at t=%d", r->label, T - 1);
    for (int k = 0; k < d->n_gates && k < DIAG_MAX_GATES && n > 0 && n < (int)sizeof line; k++)
        n += snprintf(line + n, sizeof line - (size_t)n, "  %s %.3f", gate_name(r, k), g[k]);
    plot_lines_add(l, "%s", line);
}

/* x = timestep t, y = mean activation of each gate. */
static void csv(const PlotRows *o, Run *const *runs, int nruns, const PlotView *v)
{
    for (int i = 0; i < nruns; i++) {
        if (!panel_visible(v, runs, nruns, i)) continue;
        const Run *r = runs[i];
        const Diag *d = &r->diag;
        if (d->n_gates <= 0 || !d->gate_mean || d->T <= 0) continue;
        int ng = d->n_gates > DIAG_MAX_GATES ? DIAG_MAX_GATES : d->n_gates;
        for (int g = 0; g < ng; g++) {
            const char *name = gate_name(r, g);
            for (int t = 0; t < d->T; t++)
                panel_row(o, PANEL_GATES, i, name, t, d->gate_mean[t * DIAG_MAX_GATES + g], NAN, NULL);
        }
    }
}

static int applies(const Run *r)
{
    return r->diag.n_gates > 0;
}

const PanelDef panel_gates_def = {
    .help = "the mean activation of each gate at each timestep t (LSTM, GRU)",
    .draw = panel_gates,
    .pick = pick,
    .describe = describe,
    .csv = csv,
    .applies = applies,
};
