/* panel_gates.c - mean gate activation per timestep (diag.gate_mean, (T, 3)):
 * LSTM input/forget/output gates, GRU reset/update gates. Runs keep their colour,
 * gates are told apart by dash pattern and by a letter at the end of each line. */
#include <math.h>
#include <stdio.h>

#include "panels.h"

static const char *const lstm_names[3] = {"i", "f", "o"};
static const char *const gru_names[2] = {"r", "z"};
static const int gate_dash[3] = {-1, DASH_LONG, DASH_DOT};

typedef struct GateLabel {
    double x, y;
    const char *name;
    uint32_t col;
} GateLabel;

/* The keys of the gates (LSTM: i, f, o; GRU: r, z) in rows at the top of *ct. */
static void gates_keys(const PanelCtx *p, Rect *ct, int lstm, int gru)
{
    Key keys[5];
    int nk = 0;
    uint32_t kc = p->st->th->muted;
    if (lstm) {
        keys[nk++] = (Key){"i input (solid)", kc, -1, -1};
        keys[nk++] = (Key){"f forget (dashed)", kc, DASH_LONG, -1};
        keys[nk++] = (Key){"o output (dotted)", kc, DASH_DOT, -1};
    }
    if (gru) {
        keys[nk++] = (Key){"r reset (solid)", kc, -1, -1};
        keys[nk++] = (Key){"z update (dashed)", kc, DASH_LONG, -1};
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
            const char *name = run->cfg.cell == CELL_LSTM ? lstm_names[g]
                               : g < 2               ? gru_names[g]
                                                     : "?";
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

/* Gate letters at the line ends, pushed apart so they do not overlap: sorted by y
 * (insertion sort, few labels); letters whose lines end within a line height of each
 * other share a row, side by side (at their mean height), so each stays next to its
 * line; rows are then kept a line apart and inside the plot (wide: the clip). */
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
    double gap = canvas_font_height(c, st->px_tick, 1) * 0.95;
    double x0 = nl > 0 ? lab[0].x : 0, xmax = wide.x + wide.w - 2;
    int row_of[PLOT_MAX_RUNS * DIAG_MAX_GATES], nrow = 0;
    double row_y[PLOT_MAX_RUNS * DIAG_MAX_GATES];
    for (int i = 0; i < nl;) {
        int j = i;
        double sum = 0, x = x0;
        while (j < nl && (j == i || lab[j].y - lab[i].y < gap)) { /* at least one per row */
            double w = canvas_text_width(c, lab[j].name, st->px_tick, 1);
            if (j > i && x + w > xmax) break; /* no room: the next row */
            lab[j].x = x;
            x += w + 0.35 * st->px_tick;
            sum += lab[j].y;
            row_of[j++] = nrow;
        }
        row_y[nrow++] = sum / (j - i);
        i = j;
    }
    for (int r = 1; r < nrow; r++)
        if (row_y[r] < row_y[r - 1] + gap) row_y[r] = row_y[r - 1] + gap;
    /* lowest row centre: its text must stay inside the clip (pad below the area) */
    double bottom = ax->area.y + ax->area.h + fmin(0.5 * st->pad, st->pad - 0.6 * gap);
    for (int r = nrow - 1; r >= 0; r--) {
        double lim = r == nrow - 1 ? bottom : row_y[r + 1] - gap;
        if (row_y[r] > lim) row_y[r] = lim;
    }
    for (int i = 0; i < nl; i++)
        canvas_text(c, lab[i].name, lab[i].x, row_y[row_of[i]], st->px_tick, 1,
                    TEXT_LEFT | TEXT_MIDDLE, lab[i].col);
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
    int lstm = 0, gru = 0, Tmax = 0;
    for (int i = 0; i < p->nruns; i++) {
        if (!panel_run_visible(p, i)) continue;
        const Diag *d = &p->runs[i]->diag;
        if (d->n_gates <= 0 || !d->gate_mean || d->T <= 0) continue;
        if (p->runs[i]->cfg.cell == CELL_LSTM) lstm = 1;
        else gru = 1;
        if (d->T > Tmax) Tmax = d->T;
    }
    if (!lstm && !gru) {
        int attention = 0;
        for (int i = 0; i < p->nruns; i++)
            if (panel_run_visible(p, i) && p->runs[i]->cfg.cell == CELL_ATTENTION) attention = 1;
        panel_message(c, st, ct, attention ? "no LSTM or GRU run visible (gates do not apply to "
                                             "attention or a plain RNN)"
                                           : "no LSTM or GRU run visible (a plain RNN has no gates)");
        return;
    }
    gates_keys(p, &ct, lstm, gru);
    AxesSpec sp = {0};
    sp.xlabel = "timestep t";
    sp.ylabel = "mean activation";
    sp.xint = 1;
    range_reset(&sp.x);
    range_reset(&sp.y);
    range_add(&sp.x, 0, 0);
    range_add(&sp.x, Tmax - 1, 0);
    range_add(&sp.y, 0, 0);
    range_add(&sp.y, 1, 0);
    /* leave room on the right for the gate letters: one letter, or a few side by
     * side when several runs' gates end at the same height */
    int gated_runs = 0;
    for (int i = 0; i < p->nruns; i++)
        gated_runs += panel_run_visible(p, i) && p->runs[i]->diag.n_gates > 0;
    double room = (gated_runs > 1 ? 3.6 : 1.6) * st->px_tick;
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
    GateLabel lab[PLOT_MAX_RUNS * DIAG_MAX_GATES];
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
        if (d->n_gates == 3)
            plot_lines_add(l, "%s: input %.3f, forget %.3f, output %.3f", at->runs[i]->label, g[0],
                           g[1], g[2]);
        else plot_lines_add(l, "%s: reset %.3f, update %.3f", at->runs[i]->label, g[0], g[1]);
    }
}

static void describe(PlotLines *l, Run *const *runs, int nruns, const PlotView *v, int i)
{
    (void)nruns, (void)v;
    const Run *r = runs[i];
    const Diag *d = &r->diag;
    int T = d->T;
    if (d->n_gates != 2 && d->n_gates != 3) return;
    const double *g = d->gate_mean + (T - 1) * DIAG_MAX_GATES;
    if (d->n_gates == 3)
        plot_lines_add(l, "%s: at t=%d  input %.3f  forget %.3f  output %.3f", r->label, T - 1,
                       g[0], g[1], g[2]);
    else if (d->n_gates == 2)
        plot_lines_add(l, "%s: at t=%d  reset %.3f  update %.3f", r->label, T - 1, g[0], g[1]);
}

/* x = timestep t, y = mean activation of each gate. */
static void csv(const PlotRows *o, Run *const *runs, int nruns, const PlotView *v)
{
    static const char *const lstm[3] = {"input", "forget", "output"};
    static const char *const gru[2] = {"reset", "update"};
    for (int i = 0; i < nruns; i++) {
        if (!panel_visible(v, runs, nruns, i)) continue;
        const Run *r = runs[i];
        const Diag *d = &r->diag;
        if (d->n_gates <= 0 || !d->gate_mean || d->T <= 0) continue;
        int ng = d->n_gates > DIAG_MAX_GATES ? DIAG_MAX_GATES : d->n_gates;
        for (int g = 0; g < ng; g++) {
            const char *name = r->cfg.cell == CELL_LSTM ? lstm[g] : g < 2 ? gru[g] : "?";
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
