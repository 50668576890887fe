/* panel_loss.c - training loss against training step (history), and for
 * cross-entropy tasks the accuracy on a right-hand axis with the chance level. */
#include <assert.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "panels.h"
#include "place.h"

/* The least width (share of the panel's) the loss plot keeps beside a column of
 * readouts and keys: a little under PANEL_PLOT_MIN_W, so that in presenter mode the
 * column can hold both and the plot keeps the panel's height (lesson 7 step 3 at
 * 1280x720: 285 x 213 px instead of 330 x 127 px under three rows of readouts); in a
 * wide panel a third of it, but never under 16.5 tick sizes (lesson 4 step 3 at 1080p
 * presenter: 382 x 430 px instead of 240 x 585 px under four rows of keys, where 0.38
 * of the panel asked for 501 px). */
#define LOSS_PLOT_MIN_W(p, r) fmin(0.38, fmax(0.32, 16.5 * (p)->st->px_tick / fmax(1, (r).w)))

static double get_loss(const HistEntry *e)
{
    return e->loss;
}

static double get_acc(const HistEntry *e)
{
    return e->accuracy;
}

static double get_loss_median(const HistEntry *e)
{
    return e->loss_median;
}

/* Run i's marker on a line of its history at five steps, staggered between the nvis
 * runs (rank: this run's place among them), drawn under the lines; or, with pl, each
 * marker's place kept clear of in pl, nothing drawn. */
static void hist_marks(const PanelCtx *p, const Axes *ax, const History *h,
                       double (*get)(const HistEntry *e), int i, int rank, int nvis, Placer *pl)
{
    for (int j = 0; j < 5 && h->n > 0; j++) {
        int k = (int)floor((j + (rank + 0.5) / nvis) * h->n / 5.0);
        if (k >= h->n) continue;
        double x = axis_pos(&ax->x, (double)h->e[k].step), y = axis_pos(&ax->y, get(&h->e[k]));
        if (isnan(x) || isnan(y)) continue;
        if (pl) place_mark(pl, x, y, 0.8 * p->st->marker);
        else canvas_marker(p->c, panel_run_marker(p, i), x, y, p->st->marker, panel_run_color(p, i), p->st->th->halo);
    }
}

static double get_acc_mean(const HistEntry *e)
{
    return e->accuracy_mean;
}

/* Which of run i's lines run j's, drawn after them, cover: at 95% or more of the steps
 * both hold (at least 10), the loss medians differ by at most 1% of the loss axis (its
 * span, in decades on a log axis): bit 1; the accuracy means by at most 1 point: bit 2. */
static int covers(const Run *ri, const Run *rj, double span, int ylog)
{
    const History *a = &ri->hist, *b = &rj->hist;
    int n = a->n < b->n ? a->n : b->n, both = 0, loss = 0, acc = 0;
    if (ri->task.loss != rj->task.loss || !(span > 0)) return 0;
    for (int k = 0; k < n; k++) {
        const HistEntry *x = &a->e[k], *y = &b->e[k];
        if (x->step != y->step) return 0;
        double u = x->loss_median, v = y->loss_median;
        if (!isfinite(u) || !isfinite(v) || (ylog && (u <= 0 || v <= 0))) continue;
        both++;
        loss += (ylog ? fabs(log10(u / v)) : fabs(u - v)) <= 0.01 * span;
        acc += fabs(x->accuracy_mean - y->accuracy_mean) <= 0.01;
    }
    if (both < 10) return 0;
    return (loss >= 0.95 * both) | (ri->task.loss == LOSS_XENT && acc >= 0.95 * both) << 1;
}

/* The chance loss's label: "chance loss ln 8 = 2.08", and under it where the runs at
 * chance could not be named in a key, "at chance (loss and accuracy): clip 1000". */
typedef struct ChanceLabel {
    char text[64];
    const char *note; /* the runs at chance, or NULL */
    char line[3][160]; /* the block's lines: the text, then the note broken to fit */
    int nlines;
    int tw, fh, lh;   /* the block's width and height, a line's height */
    int below, leader; /* below its line; joined to it by a leader (not beside it) */
    double x, y;      /* the block's anchor: right end; top (below) or bottom (above) */
    double line_y;    /* the chance loss line's y */
} ChanceLabel;

/* What the loss panel draws: the kinds of loss of the visible runs and their reference
 * levels, the keys (whose labels point into the texts below), the chance loss's label. */
typedef struct LossFig {
    int any, any_xent, any_mse, nvis, raw, marks;
    int single; /* each visible run has one step: dots, no lines */
    double chance, baseline, chance_loss; /* NaN where no run has one */
    Key keys[8 + 3 * PLOT_MAX_RUNS];
    int nk, chance_key; /* chance_key: the chance accuracy's key, or -1 */
    int acc_key;        /* the accuracy's key ("accuracy (below)"), or -1 */
    char under[PLOT_MAX_RUNS][176], at_chance[160], chance_both[320], dots[224];
    int under_by[PLOT_MAX_RUNS]; /* the run whose lines cover run i's (under[i]), or -1 */
    char diverged[PLOT_MAX_RUNS][160]; /* a diverged run's label, as a key */
    unsigned keyed;                    /* bit i: run i's diverged label is a key; bit
                                        * PLOT_MAX_RUNS + i: its off-axis label is */
    double level;                      /* the task's own level: the largest of the visible
                                        * runs' chance loss ln K or constant guess's MSE */
    double cut;                        /* losses above it are left off the axis */
    unsigned off;                      /* bit i: run i has a loss above the cut */
    double off_peak[PLOT_MAX_RUNS];    /* its largest loss, and the step of it */
    long off_step[PLOT_MAX_RUNS];
    char off_text[PLOT_MAX_RUNS][176]; /* "no clip: loss 1.1·10³⁷ at step 2 (off the axis)" */
    ChanceLabel cl;
    int chance_free; /* the label on its line, on a backing */
} LossFig;

static void place_loss_lines(Placer *pl, const PanelCtx *p, const Axes *ax, const Axes *ax2,
                             const LossFig *g);

/* A loss far beyond the others leaves the loss axis to them: a loss more than
 * LOSS_OFF_FACTOR times the reference is left out of the axis's range, the reference
 * being the larger of the task's own level (the chance loss ln K, the best constant
 * guess's MSE) and the least of the visible runs' largest losses (so the run nearest
 * to it always keeps the axis). Lesson 4 step 1: "no clip" at 1.1e37 at step 2
 * stretched a linear axis to 1e37, and every run that trains was drawn flat at 0. The
 * run's line then leaves the plot at its top, where a triangle marks its largest loss
 * and a label (else a key) in its colour gives it; the axis's usual rules (linear, or
 * log over three decades) hold for the rest. The cut is a value's, not a run's: in a
 * step played live the reference only grows, so the axis only widens. */
#define LOSS_OFF_FACTOR 1e3

/* The cut (g->cut), and the runs that go past it, not diverged (a diverged run has its
 * own mark): g->off, their largest losses and their labels. */
static void loss_cut(const PanelCtx *p, LossFig *g)
{
    double ref = 0, least = INFINITY;
    for (int i = 0; i < p->nruns; i++) {
        if (!panel_run_visible(p, i)) continue;
        const Task *t = &p->runs[i]->task;
        double level = t->loss == LOSS_XENT ? (t->chance_accuracy > 0 ? -log(t->chance_accuracy) : NAN)
                                            : t->baseline_mse;
        if (level > ref) ref = level;
        const History *h = &p->runs[i]->hist;
        double peak = h->drop_hi; /* (-inf while compaction dropped none) */
        for (int k = 0; k < h->n; k++)
            if (isfinite(h->e[k].loss)) peak = fmax(peak, h->e[k].loss);
        if (peak > -INFINITY) least = fmin(least, peak);
    }
    g->level = ref;
    if (least < INFINITY && least > ref) ref = least;
    g->cut = ref > 0 ? LOSS_OFF_FACTOR * ref : INFINITY;
    for (int i = 0; i < p->nruns && i < PLOT_MAX_RUNS; i++) {
        const Run *run = p->runs[i];
        if (!panel_run_visible(p, i) || run->diverged_at) continue;
        const History *h = &run->hist;
        g->off_peak[i] = h->drop_hi, g->off_step[i] = h->drop_hi_step;
        for (int k = 0; k < h->n; k++)
            if (isfinite(h->e[k].loss) && h->e[k].loss > g->off_peak[i])
                g->off_peak[i] = h->e[k].loss, g->off_step[i] = h->e[k].step;
        if (!(g->off_peak[i] > g->cut)) continue;
        g->off |= 1u << i;
        char num[48];
        format_sci(num, sizeof num, g->off_peak[i], 2);
        snprintf(g->off_text[i], sizeof g->off_text[i], "%s: loss %s at step %ld (off the axis)", run->label,
                 num, g->off_step[i]);
    }
}

/* Where run i's largest loss, off the axis, is marked: a triangle at the plot's top,
 * at its step; 0 if run i is on the axis. */
static int off_mark_at(const PanelCtx *p, const Axes *ax, const LossFig *g, int i, double *x, double *y)
{
    if (i >= PLOT_MAX_RUNS || !(g->off >> i & 1u)) return 0;
    *x = axis_pos(&ax->x, (double)g->off_step[i]);
    *y = ax->area.y + p->st->marker;
    return !isnan(*x);
}

/* Where run i's diverged mark (×) is drawn: at its last loss, or where it has no loss it
 * can draw (inf or NaN from its first step) at the top edge, at the step it diverged
 * (lesson 3 step 3 keyed "× scale 8: diverged" over a plot with no ×). */
static void diverged_at_xy(const PanelCtx *p, const Axes *ax, int i, double *lx, double *ly)
{
    panel_hist_last(ax, &p->runs[i]->hist, get_loss_median, lx, ly);
    if (!isnan(*ly)) return;
    *lx = axis_pos(&ax->x, (double)p->runs[i]->diverged_at);
    if (isnan(*lx)) *lx = ax->area.x + ax->area.w;
    *ly = ax->area.y;
}

/* The diverged runs' marks on pl: the chance loss's label keeps off them (it lay on a ×
 * at the top edge, lesson 3 step 3 in presenter mode). */
static void place_diverged_marks(Placer *pl, const PanelCtx *p, const Axes *ax)
{
    for (int i = 0; i < p->nruns; i++) {
        if (!panel_run_visible(p, i) || p->runs[i]->diverged_at <= 0) continue;
        double x, y;
        diverged_at_xy(p, ax, i, &x, &y);
        /* (the × is drawn 1.4 markers wide, its ink within 0.8 of that: at 0.8 of one
         * marker the label touched it, lesson 3 step 3 in presenter mode) */
        place_mark(pl, x, y, 0.8 * 1.4 * p->st->marker);
    }
}

/* Run i's off-axis label on pl, beside its triangle at the plot's top (right of it,
 * else left), else the free place nearest to that, joined to it by a leader; where no
 * place holds it on one line, on two ("no clip: loss 1.1·10³⁷" over "at step 2 (off the
 * axis)"); never over a line or another label. Returns 1 (beside) or 2 (with a leader)
 * with its place taken in pl, drawn when draw is 1; 0 if no place is free (then it is a
 * key). */
static int off_label(const PanelCtx *p, const Axes *ax, const LossFig *g, int i, Placer *pl, int draw)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    double x, y, m = st->marker, bx, by;
    if (!off_mark_at(p, ax, g, i, &x, &y)) return 0;
    const char *text = g->off_text[i], *split = strstr(text, " at step ");
    int fh = canvas_font_height(c, st->px_tick, 1);
    for (int n = 1; n <= 2 && (n == 1 || split); n++) {
        char line[2][176];
        if (n == 1) snprintf(line[0], sizeof line[0], "%s", text);
        else {
            snprintf(line[0], sizeof line[0], "%.*s", (int)(split - text), text);
            snprintf(line[1], sizeof line[1], "%s", split + 1);
        }
        int w = 0;
        for (int k = 0; k < n; k++) w = (int)fmax(w, canvas_text_width(c, line[k], st->px_tick, 1) + 6);
        double top = ax->area.y + 2, xy[4] = {x + m + 2, top, x - m - 2 - w, top};
        if (!place_find(pl, xy, 2, w, n * fh, 1, &bx, &by)) continue;
        place_take(pl, (Rect){(int)floor(bx), (int)floor(by), w + 1, n * fh + 1});
        int led = bx > x + 3 * m || bx + w < x - 3 * m || by > y + 2 * m;
        if (!draw) return 1 + led;
        uint32_t col = panel_run_color(p, i);
        if (led) {
            double lx = fmin(fmax(x, bx), bx + w), ly = fmin(fmax(y, by), by + n * fh);
            canvas_line(c, lx, ly, x, y, 0.6 * st->line_w, style_alpha(col, 170));
        }
        canvas_fill_rect(c, bx, by, w, n * fh, style_alpha(st->th->panel, 215));
        for (int k = 0; k < n; k++)
            canvas_text(c, line[k], bx + 3, by + k * fh, st->px_tick, 1, TEXT_LEFT | TEXT_TOP, col);
        return 1 + led;
    }
    return 0;
}

/* The lines alone, for the chance label's leader: it crosses none of them (lesson 9
 * step 2 in the window: a label under the LSTM's curve, its leader through it, read as
 * the LSTM's loss), but for the last pixels to its line, where the runs at chance lie (a
 * run just under it is crossed: lesson 5 step 4 in presenter mode, "orthogonal"). */
static void leader_placer(Placer *lines, const PanelCtx *p, const Axes *ax, const Axes *ax2,
                          const LossFig *g)
{
    place_init(lines, ax, p->st->line_w, 1);
    place_points(lines, 0.8 * p->st->marker, 1);
    place_loss_lines(lines, p, ax, ax2, g);
}

/* 1 if a leader at x from the label's edge (a row) to the chance loss's line on ax
 * crosses no line, but for the stretch where losses within a factor 1.25 of the chance
 * loss lie (runs at chance, wiggling about it: lesson 9 step 2 after 30 steps) */
static int leader_free(const Placer *lines, const Style *st, const Axes *ax, double chance_loss, double x,
                       double edge, double line_y)
{
    int below = edge > line_y;
    double at = axis_pos(&ax->y, below ? chance_loss / 1.25 : chance_loss * 1.25);
    double near = fmax(2 * st->line_w + 2, isnan(at) ? 0 : fabs(at - line_y));
    double a = below ? line_y + near : edge, b = below ? edge : line_y - near;
    return b - a < 1 || place_cost(lines, x - 1, a, 2, b - a) == 0;
}

/* The chance label's block with its box's left edge at bx, its top at y0. */
static void chance_at(ChanceLabel *cl, double bx, double y0, double need, int below, int k)
{
    cl->below = below, cl->leader = k > 0;
    cl->x = bx + need - 2;
    cl->y = below ? y0 : y0 + cl->fh;
}

/* Where the chance loss's label goes along its line, on a backing, hiding no data and
 * clear of it by half a pad: beside the line, above it (below it when the line runs
 * along the top of the plot), as far right as a stretch of the plot free of every drawn
 * line and point allows, else below it (above it); then further off, up to four lines
 * away, joined to its line by a leader (lines that run along it: a loss at chance).
 * Returns 1 with the place in *cl if a free one exists; 0 if none does, with *cl at the
 * place beside or a line off where the text meets the fewest line segments (the
 * label then joins a key: it is never drawn over the lines). Free: on place.c's
 * placer, the runs' lines and lone points grown by their markers. */
static int chance_place(const PanelCtx *p, const Axes *axp, const LossFig *g, ChanceLabel *cl)
{
    Axes band = axes_upper_band(axp); /* the loss's band */
    const Axes *ax = &band;
    double chance_loss = g->chance_loss;
    int marks = g->marks;
    const Style *st = p->st;
    double y = axis_pos(&ax->y, chance_loss);
    cl->x = NAN;
    cl->line_y = y;
    if (isnan(y)) return 0;
    Axes ax2 = *ax;
    ax2.y = ax->y2;
    /* every drawn line and point: a marker's ink reaches 0.8 of its size from its centre
     * (a cross's capped, haloed arms), on the runs' lines when they carry markers */
    double gap = 0.5 * st->pad;
    Placer pl;
    place_init(&pl, ax, st->line_w, gap + (marks ? 0.8 * st->marker : 0));
    place_points(&pl, 0.8 * st->marker, gap);
    place_loss_lines(&pl, p, ax, &ax2, g);
    place_diverged_marks(&pl, p, ax);
    Placer lines;
    leader_placer(&lines, p, ax, &ax2, g);
    double need = cl->tw + 4, fh = cl->fh, right = ax->area.x + ax->area.w - (int)(0.3 * st->pad);
    double step = fmax(2.0, floor(need / 8));
    /* (its ink reaches the box's foot: 0.2 of a pad put the dashed line on its baseline,
     * lesson 6 step 1) */
    double clear = 0.45 * st->pad;
    int best = INT_MAX, first_below = y - clear - fh < ax->area.y;
    for (int k = 0; k <= 8; k++)
        for (int pass = 0; pass < 2; pass++) {
            int below = pass ? !first_below : first_below;
            double off = clear + 0.5 * k * cl->lh;
            double y0 = below ? y + off : y - off - fh;
            if (y0 < ax->area.y || y0 + fh > ax->area.y + ax->area.h) continue;
            /* from the plot's right edge leftwards, a step of an eighth of the label; the
             * first free place moved right to the last free pixel */
            for (double bx = right - need; bx >= ax->area.x; bx -= step) {
                int cost = place_cost(&pl, bx, y0, need, fh);
                if (cost < best && k <= 2) best = cost, chance_at(cl, bx, y0, need, below, k);
                if (cost) continue;
                for (double fx = fmin(bx + step - 1, right - need); fx > bx; fx -= 1)
                    if (place_cost(&pl, fx, y0, need, fh) == 0) {
                        bx = fx;
                        break;
                    }
                if (k > 0 && !leader_free(&lines, st, ax, chance_loss, bx + need - 2 - cl->tw / 2.0,
                                          below ? y0 : y0 + fh, y))
                    continue;
                chance_at(cl, bx, y0, need, below, k);
                return 1;
            }
        }
    return 0;
}

/* The label's leader: a thin line from the middle of its near edge to its line, drawn
 * under the data lines it crosses. */
static void chance_leader(const PanelCtx *p, const ChanceLabel *cl)
{
    if (isnan(cl->x) || !cl->leader) return;
    double lx = cl->x - cl->tw / 2.0;
    canvas_line(p->c, lx, cl->y, lx, cl->line_y, p->st->thin_w, p->st->th->muted);
}

static void chance_draw(const PanelCtx *p, const ChanceLabel *cl, int backing)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    if (isnan(cl->x)) return;
    double top = cl->below ? cl->y : cl->y - cl->fh;
    if (backing)
        canvas_fill_rect(c, cl->x - cl->tw - 2, top, cl->tw + 4, cl->fh, style_alpha(st->th->panel, 215));
    for (int i = 0; i < cl->nlines; i++)
        canvas_text(c, cl->line[i], cl->x, top + i * cl->lh, st->px_tick, 0, TEXT_RIGHT | TEXT_TOP,
                    st->th->muted);
}

/* The x and y ranges from every visible run's history (its losses up to the cut), and
 * the kinds of loss seen. */
static void loss_ranges(const PanelCtx *p, AxesSpec *sp, LossFig *g)
{
    loss_cut(p, g);
    for (int i = 0; i < p->nruns; i++) {
        if (!panel_run_visible(p, i)) continue;
        const Run *run = p->runs[i];
        const History *h = &run->hist;
        if (run->task.loss == LOSS_XENT) {
            g->any_xent = 1;
            if (isnan(g->chance)) g->chance = run->task.chance_accuracy;
        } else {
            g->any_mse = 1;
            if (isnan(g->baseline)) g->baseline = run->task.baseline_mse;
        }
        int scale = panel_in_scale(p, i);
        for (int k = 0; k < h->n; k++) {
            range_add(&sp->x, (double)h->e[k].step, 0);
            if (scale && !(h->e[k].loss > g->cut)) range_add(&sp->y, h->e[k].loss, 0);
            g->any++;
        }
        /* and the losses the history dropped as it thinned: a live play's axis never
         * narrows at a compaction (lesson 6 step 3 at step 1041, its largest loss gone) */
        if (scale && h->n) {
            range_add(&sp->y, h->drop_lo, 0);
            if (!(h->drop_hi > g->cut)) range_add(&sp->y, h->drop_hi, 0);
        }
        g->nvis++;
    }
}

/* A linear loss axis that reaches past LOSS_LOG_ABOVE times the task's own level (the
 * chance loss ln K, the best constant guess's MSE) draws that level, and every run at
 * it or learning below it, within the plot's bottom twentieth: lesson 3 step 2's
 * "scale 4" at a loss of 330 at step 1 (its step-2 blow-up off the axis) put "stays at
 * ln 5 = 1.61" on the axis's foot, a pixel above 0. Such an axis is a log one. */
#define LOSS_LOG_ABOVE 20.0

/* The accuracy's band: this share of the plot's height, at its foot. */
#define LOSS_ACC_BAND 0.3

/* The axes: titles, the view's scale (a log one for a loss that spans decades, or that
 * reaches far above the task's level, when it leaves the choice to the data), the
 * reference levels inside the range, the accuracy's right axis from 0 to 1. */
static void loss_axes_spec(const PanelCtx *p, AxesSpec *sp, LossFig *g)
{
    sp->xlabel = "training step";
    sp->ylabel = g->any_xent && !g->any_mse ? "loss (cross-entropy)"
                 : g->any_mse && !g->any_xent ? "loss (mean squared error)"
                                              : "loss";
    sp->xint = 1;
    sp->ypad = 1;
    sp->yzero = 1;
    /* (a loss of exactly 0 has no place on a log axis: linear then) */
    int scale = p->v->loss_scale;
    g->chance_loss = g->any_xent && g->chance > 0 ? -log(g->chance) : NAN;
    int data_log = sp->y.lo > 0 &&
                   (sp->y.hi / sp->y.lo > 1e3 || (g->level > 0 && sp->y.hi > LOSS_LOG_ABOVE * g->level));
    if (sp->y.lo > 0 && (scale == PLOT_SCALE_AUTO ? data_log : scale == PLOT_SCALE_LOG)) {
        /* a loss that spans decades (a blow-up) only reads on a log scale */
        sp->ylog = 1;
        sp->ypad = sp->yzero = 0;
        sp->ylabel = "loss (log scale)";
        /* whole decades: rounded to the tick step, the ends of a live play's axis moved
         * in again when the step fell with a longer span (lesson 10 step 2 at 1920x1080:
         * 10^-3..10^3 at step 50, 10^-4..10^2 from step 91) */
        sp->ydecades = 1;
    }
    if (g->any_mse && isfinite(g->baseline)) range_add(&sp->y, g->baseline, 0);
    /* the loss of a uniform guess over the O classes, ln O: "stays near ln 8 = 2.08"
     * must be readable off the axis, on a log scale too */
    if (isfinite(g->chance_loss)) range_add(&sp->y, g->chance_loss, 0);
    if (g->any_xent) {
        sp->y2label = "accuracy";
        range_add(&sp->y2, 0, 0);
        range_add(&sp->y2, 1, 0);
        /* a band of its own under the loss's: on one height a trained run's loss at
         * 10^-6 lay among the accuracies of runs at chance (lesson 5 step 4) */
        sp->y2band = LOSS_ACC_BAND;
    }
}

/* The keys of the lines: loss, accuracy, the reference levels, mean and each step. */
static void loss_keys(const PanelCtx *p, LossFig *g)
{
    uint32_t kc = p->st->th->muted;
    Key *keys = g->keys;
    /* one step each: no lines yet, a circle and a square */
    int single = 1;
    for (int i = 0; i < p->nruns; i++)
        if (panel_run_visible(p, i) && p->runs[i]->hist.n > 1) single = 0;
    keys[g->nk++] = single ? (Key){"loss", kc, -1, MARK_CIRCLE} : (Key){"loss", kc, -1, -1};
    g->acc_key = -1;
    if (g->any_xent) {
        g->acc_key = g->nk;
        keys[g->nk++] = single ? (Key){"accuracy (below)", kc, -1, MARK_SQUARE}
                               : (Key){"accuracy (below)", kc, DASH_LONG, -1};
        if (isfinite(g->chance)) {
            g->chance_key = g->nk;
            keys[g->nk++] = (Key){"chance accuracy", kc, DASH_DOT, -1};
        }
        /* the chance loss line carries its own label ("ln 8 = 2.08") */
    }
    if (g->any_mse && isfinite(g->baseline))
        keys[g->nk++] = (Key){"best constant guess (MSE)", kc, DASH_DOT, -1};
    /* every step's value, faint under the mean: only while it stays legible */
    g->raw = g->nvis <= 2;
    g->single = single;
    if (single) return; /* no line yet: a key for lines would name nothing drawn */
    /* the loss's median: one exploding step would lift a mean for 20 steps */
    /* (two keys in a highlighted panel: short enough for a column beside its plot) */
    int two = g->raw && p->highlight;
    keys[g->nk++] = (Key){two ? "strong: 20-step mean (loss: median)"
                          : g->raw ? "strong: 20-step mean (loss: median); faint: each step"
                                   : "20-step mean (loss: median)", kc, -1, -1};
    if (two) keys[g->nk++] = (Key){"faint: each step", (kc & 0x00FFFFFFu) | 0x50000000u, -1, -1};
}

/* A run whose lines lie under a later run's says so ("sigmoid: under tanh's lines"). */
static void loss_under_keys(const PanelCtx *p, const AxesSpec *sp, LossFig *g)
{
    double span = sp->ylog ? log10(sp->y.hi / sp->y.lo) : sp->y.hi - fmin(sp->y.lo, 0);
    for (int i = 0; i < p->nruns && g->nk < (int)(sizeof g->keys / sizeof g->keys[0]); i++) {
        if (!panel_run_visible(p, i) || p->runs[i]->diverged_at) continue;
        for (int j = p->nruns - 1; j > i; j--) {
            if (!panel_run_visible(p, j) || p->runs[j]->diverged_at) continue;
            int cv = covers(p->runs[i], p->runs[j], span, sp->ylog);
            if (!cv) continue;
            if (cv == 3)
                snprintf(g->under[i], sizeof g->under[i], "%s: under %s's lines", p->runs[i]->label,
                         p->runs[j]->label);
            else
                snprintf(g->under[i], sizeof g->under[i], "%s: %s under %s's", p->runs[i]->label,
                         cv == 1 ? "loss" : "accuracy", p->runs[j]->label);
            g->keys[g->nk++] = (Key){g->under[i], panel_run_color(p, i), -1, -1};
            g->under_by[i] = j;
            break;
        }
    }
}

/* How far the chance loss's line stands from the nearer of the accuracy's reference
 * heights (its top, 1, and the chance accuracy) on the plot of sp in plot, in pixels;
 * on a banded plot, where those never share its height, the room above it in the
 * loss's band (for its label). */
static double chance_gap(const PanelCtx *p, Rect plot, const AxesSpec *sp, const LossFig *g)
{
    Axes ax;
    axes_setup(p->c, p->st, plot, sp, &ax);
    double y = axis_pos(&ax.y, g->chance_loss);
    if (isnan(y)) return INFINITY;
    if (ax.banded) return y - ax.y.p1; /* its room above, in the loss's band */
    return fmin(fabs(y - axis_pos(&ax.y2, 1.0)), fabs(y - axis_pos(&ax.y2, g->chance)));
}

/* The chance loss's line apart from the accuracy's reference heights (its top, 1, and
 * the chance accuracy) by one and a half tick labels' height at least (a tenth of a
 * short plot's height): on two axes they
 * could fall at one height (lesson 1 step 4: ln 8 at the top of the loss axis, on
 * accuracy 1; lesson 4 step 3: ln 5 on the chance accuracy 0.2, with the lines of a run
 * at chance on both), and the back row would see one line. Widens the loss axis by the
 * least that does it, in steps: on a log axis decades below (the line moves up), where
 * that does it; else room above (it moves down; 15% of a linear axis, a decade of a
 * log one); at most eight steps, else the axis stays. Below first: a loss falls as the
 * run learns, so the room below is room its data grow into, and in a step played live
 * the axis keeps it, the least whole decade that does it only falling as the losses
 * spread; room above was given back as they fell (lesson 4 step 1 at 1920x1080: the
 * axis to 10^6 at step 16, 10^4 at step 33, 10^3 from step 83). Returns 1 if it
 * widened the axis. */
static int loss_apart(const PanelCtx *p, Rect r, Rect ct, AxesSpec *sp, const LossFig *g)
{
    if (!g->any_xent || !isfinite(g->chance_loss) || !(g->chance > 0)) return 0;
    Rect plot = panel_keys_plot(p, r, ct, sp, g->keys, g->nk, 0, LOSS_PLOT_MIN_W(p, r));
    /* (on a short plot a tenth of its height: the data keep the rest) */
    double need = fmin(1.5 * canvas_font_height(p->c, p->st->px_tick, 0), 0.1 * plot.h);
    if (chance_gap(p, plot, sp, g) >= need) return 0;
    /* (in bands of their own the lines of the two axes never share a height: the line
     * moves down from the band's top, where its label found no room and became a key,
     * lesson 5 step 4 in presenter mode) */
    for (int below = sp->y2band > 0 ? 0 : sp->ylog; below >= 0; below--) {
        AxesSpec t = *sp;
        for (int n = 1; n <= 8; n++) {
            if (below) t.y.lo /= 10;
            else t.y.hi *= sp->ylog ? 10 : 1.15;
            if ((below && !(t.y.lo > 0)) || !isfinite(t.y.hi)) break; /* (the ends of the doubles) */
            if (chance_gap(p, plot, &t, g) >= need) {
                *sp = t;
                return 1;
            }
        }
    }
    return 0;
}

/* The runs the loss panel draws (bit i for run i) and their furthest training step. */
static unsigned loss_hold_runs(const PanelCtx *p, long *step)
{
    unsigned vis = 0;
    *step = 0;
    for (int i = 0; i < p->nruns && i < PLOT_MAX_RUNS; i++) {
        if (!panel_run_visible(p, i)) continue;
        vis |= 1u << i;
        if (p->runs[i]->step > *step) *step = p->runs[i]->step;
    }
    return vis;
}

/* A live play's axis at least as wide as in its earlier frames (PlotHold). */
static void loss_hold_in(const PanelCtx *p, AxesSpec *sp)
{
    PlotHold *h = p->v->loss_hold;
    if (!h || !h->valid) return;
    long step;
    unsigned vis = loss_hold_runs(p, &step);
    if (h->log != sp->ylog || h->visible != vis || step < h->step || (sp->ylog && !(h->lo > 0))) {
        h->valid = 0;
        return;
    }
    sp->y.lo = fmin(sp->y.lo, h->lo), sp->y.hi = fmax(sp->y.hi, h->hi);
}

static void loss_hold_out(const PanelCtx *p, const AxesSpec *sp)
{
    PlotHold *h = p->v->loss_hold;
    if (!h) return;
    h->valid = 1, h->log = sp->ylog;
    h->visible = loss_hold_runs(p, &h->step);
    h->lo = sp->y.lo, h->hi = sp->y.hi;
}

/* 1 if run's last entry is at chance: its loss within a tenth of ln K, its accuracy
 * within 0.1 of 1/K (loss_at_chance_key's test). */
static int at_chance(const Run *run)
{
    if (run->task.loss != LOSS_XENT || run->hist.n <= 0) return 0;
    const HistEntry *e = &run->hist.e[run->hist.n - 1];
    double ca = run->task.chance_accuracy, cl = -log(ca);
    return fabs(e->loss_median - cl) <= 0.1 * cl && fabs(e->accuracy_mean - ca) <= 0.1;
}

/* The runs at chance, named in one key: their loss lines lie on the chance loss's and
 * their accuracy lines on the chance accuracy's, hidden under them and each other, and
 * the class would see no line of the runs the narration says stay at chance (lesson 4
 * step 3). Only where the plot keeps its height. */
static void loss_at_chance_key(const PanelCtx *p, Rect r, Rect ct, const AxesSpec *sp, LossFig *g)
{
    /* (after one step every run is at chance, and its dot is drawn, not hidden) */
    if (g->single || !g->any_xent || !(g->chance > 0) ||
        g->nk >= (int)(sizeof g->keys / sizeof g->keys[0]) - 1)
        return;
    char *at = g->at_chance;
    size_t cap = sizeof g->at_chance, n = (size_t)snprintf(at, cap, "at chance (loss and accuracy):");
    int named = 0;
    for (int i = 0; i < p->nruns && n < cap; i++) {
        const Run *run = p->runs[i];
        if (!panel_run_visible(p, i) || run->diverged_at || !at_chance(run)) continue;
        n += (size_t)snprintf(at + n, cap - n, "%s %s", named ? "," : "", run->label);
        named++;
    }
    if (!named) return;
    /* a run under another's lines, both at chance: the key names them both on the chance
     * lines, and "under" says it again (lesson 9 step 2: sigmoid and tanh under "tanh +
     * clip", two rows of a presenter's plot of 165 px) */
    for (int i = 0; i < p->nruns && i < PLOT_MAX_RUNS; i++) {
        int j = g->under_by[i];
        if (j < 0 || !at_chance(p->runs[i]) || !at_chance(p->runs[j])) continue;
        for (int k = 0; k < g->nk; k++)
            if (g->keys[k].label == g->under[i]) {
                memmove(&g->keys[k], &g->keys[k + 1], sizeof g->keys[0] * (size_t)(g->nk - k - 1));
                g->nk--;
                if (g->chance_key > k) g->chance_key--;
                break;
            }
        g->under_by[i] = -1;
    }
    Canvas *c = p->c;
    Axes a0, a1;
    axes_setup(c, p->st, panel_keys_plot(p, r, ct, sp, g->keys, g->nk, 0, LOSS_PLOT_MIN_W(p, r)), sp, &a0);
    g->keys[g->nk] = (Key){at, p->st->th->muted, -1, KEY_TEXT};
    axes_setup(c, p->st, panel_keys_plot(p, r, ct, sp, g->keys, g->nk + 1, 0, LOSS_PLOT_MIN_W(p, r)), sp, &a1);
    /* (a highlighted plot: kept at its floor, or as tall as without the key; in a wide
     * panel, whose keys and readouts may go beside the plot, as tall: by its floor, a
     * taller panel drew a shorter plot, lesson 2 step 3 in presenter mode) */
    double keep = !p->highlight ? 0.85 * a0.area.h
                  : r.w >= 1.5 * r.h ? a0.area.h : fmin(PANEL_PLOT_FLOOR * r.h, a0.area.h);
    if (a1.area.h >= keep)
        g->nk++;
    else if (p->highlight) g->cl.note = at; /* under the chance loss's label, on their line */
}

/* After one step each run is a dot (loss) and a square (accuracy): a run whose dot or
 * square a later run's covers, within a marker on the plot the keys leave (see
 * clip_under_keys), is named in a key ("LSTM: accuracy under GRU's square"; several
 * runs: "under later runs' dots: ..."). */
static void loss_under_dots(const PanelCtx *p, Rect r, Rect ct, const AxesSpec *sp, LossFig *g)
{
    if (g->nk >= (int)(sizeof g->keys / sizeof g->keys[0])) return;
    for (int i = 0; i < p->nruns; i++)
        if (panel_run_visible(p, i) && p->runs[i]->hist.n != 1) return;
    Axes ax, ax2;
    axes_setup(p->c, p->st, panel_keys_plot(p, r, ct, sp, g->keys, g->nk, 0, LOSS_PLOT_MIN_W(p, r)), sp, &ax);
    ax2 = ax;
    ax2.y = ax.y2;
    int who[PLOT_MAX_RUNS], what[PLOT_MAX_RUNS], by[PLOT_MAX_RUNS], n = 0, part = 0;
    /* within a marker the dots meet; within 0.3 of one the lower is hidden but for a
     * sliver, else it shows in part ("partly under": lesson 9 step 1's IRNN at 2.36 showed
     * above the GRU's dot at 2.08 under a key that said it was under) */
    double near = p->st->marker, hidden = 0.3 * p->st->marker;
    for (int i = 0; i < p->nruns && i < PLOT_MAX_RUNS; i++) {
        if (!panel_run_visible(p, i)) continue;
        const HistEntry *a = &p->runs[i]->hist.e[0];
        int xent = p->runs[i]->task.loss == LOSS_XENT, hid = 0, over = -1;
        double dl = INFINITY, da = INFINITY; /* the nearest later dot's and square's distance */
        for (int j = i + 1; j < p->nruns; j++) {
            if (!panel_run_visible(p, j)) continue;
            const HistEntry *b = &p->runs[j]->hist.e[0];
            double dx = axis_pos(&ax.x, (double)a->step) - axis_pos(&ax.x, (double)b->step);
            double el = hypot(dx, axis_pos(&ax.y, a->loss_median) - axis_pos(&ax.y, b->loss_median));
            double ea = xent && p->runs[j]->task.loss == LOSS_XENT
                            ? hypot(dx, axis_pos(&ax2.y, a->accuracy_mean) - axis_pos(&ax2.y, b->accuracy_mean))
                            : INFINITY;
            int h = (el < near) | (ea < near) << 1;
            if (h && over < 0) over = j;
            if (el < near) dl = fmin(dl, el);
            if (ea < near) da = fmin(da, ea);
            hid |= h;
        }
        if (hid) who[n] = i, what[n] = hid, by[n++] = over;
        if ((hid & 1 && dl >= hidden) || (hid & 2 && da >= hidden)) part = 1;
    }
    if (!n) return;
    if (n == 1) {
        static const char *const kind[4] = {"", "loss %sunder %s's dot", "accuracy %sunder %s's square",
                                             "dot and square %sunder %s's"};
        char tail[96];
        snprintf(tail, sizeof tail, kind[what[0]], part ? "partly " : "", p->runs[by[0]]->label);
        snprintf(g->dots, sizeof g->dots, "%s: %s", p->runs[who[0]]->label, tail);
        g->keys[g->nk++] = (Key){g->dots, panel_run_color(p, who[0]), -1, -1};
        return;
    }
    size_t o = (size_t)snprintf(g->dots, sizeof g->dots, "%sunder later runs' dots:", part ? "partly " : "");
    for (int k = 0; k < n && o < sizeof g->dots; k++)
        o += (size_t)snprintf(g->dots + o, sizeof g->dots - o, "%s %s", k ? "," : "", p->runs[who[k]]->label);
    g->keys[g->nk++] = (Key){g->dots, p->st->th->muted, -1, KEY_TEXT};
}

/* The label's lines: its text, then the note broken at spaces to lines of at most maxw
 * (two at most); its width and height. */
static void chance_lines(Canvas *c, const Style *st, ChanceLabel *cl, double maxw)
{
    int px = st->px_tick;
    snprintf(cl->line[0], sizeof cl->line[0], "%s", cl->text);
    cl->nlines = 1;
    for (const char *s = cl->note; s && *s && cl->nlines < 3;) {
        char *l = cl->line[cl->nlines++];
        const char *rest = NULL;
        if (cl->nlines < 3 && canvas_text_width(c, s, px, 0) > maxw)
            rest = panel_text_head(c, s, px, 0, maxw, l, sizeof cl->line[0]);
        if (!rest) snprintf(l, sizeof cl->line[0], "%s", s); /* the rest, whole */
        s = rest;
    }
    cl->lh = canvas_font_height(c, px, 0);
    cl->fh = cl->nlines * cl->lh;
    cl->tw = 0;
    for (int i = 0; i < cl->nlines; i++) cl->tw = (int)fmax(cl->tw, canvas_text_width(c, cl->line[i], px, 0));
}

/* The lines a label must keep off: each visible run's loss (and accuracy on ax2), the
 * 20-step means and, when drawn, each step's value; the marks of the losses off the
 * axis at its top. */
static void place_loss_lines(Placer *pl, const PanelCtx *p, const Axes *ax, const Axes *ax2,
                             const LossFig *g)
{
    int raw = g->raw;
    for (int i = 0; i < p->nruns && i < PLOT_MAX_RUNS; i++) {
        double x, y;
        if (off_mark_at(p, ax, g, i, &x, &y)) place_mark(pl, x, y, 0.8 * p->st->marker);
    }
    for (int i = 0; i < p->nruns; i++) {
        if (!panel_run_visible(p, i)) continue;
        const History *h = &p->runs[i]->hist;
        place_hist(pl, ax, h, get_loss_median);
        if (raw) place_hist(pl, ax, h, get_loss);
        if (p->runs[i]->task.loss != LOSS_XENT) continue;
        place_hist(pl, ax2, h, get_acc_mean);
        if (raw) place_hist(pl, ax2, h, get_acc);
    }
}

/* The chance loss's label anywhere in the plot of ax where it covers no line, nearest to
 * its line's right end, joined to the line by a leader: before it becomes a key that
 * would shorten the plot. Returns 1 with the place in *cl, else 0. */
static int chance_anywhere(const PanelCtx *p, const Axes *axp, const LossFig *g, ChanceLabel *cl)
{
    Axes band = axes_upper_band(axp); /* the loss's band */
    const Axes *ax = &band;
    double y = axis_pos(&ax->y, g->chance_loss);
    if (isnan(y)) return 0;
    Axes ax2 = *ax;
    ax2.y = ax->y2;
    Placer pl;
    double gap = 0.5 * p->st->pad + (g->marks ? 0.8 * p->st->marker : 0);
    place_init(&pl, ax, p->st->line_w, gap);
    place_points(&pl, 0.8 * p->st->marker, gap);
    place_loss_lines(&pl, p, ax, &ax2, g);
    place_diverged_marks(&pl, p, ax);
    /* (nor on its own line: lesson 6 step 1 at 1920x1080, the box across it, the dashes
     * on the text's baseline) */
    double clear = 0.45 * p->st->pad;
    place_take(&pl, (Rect){ax->area.x, (int)floor(y - clear), ax->area.w, (int)ceil(2 * clear)});
    double w = cl->tw + 4, h = cl->fh, bx, by;
    double xy[4] = {ax->area.x + ax->area.w - 0.3 * p->st->pad - w, y - clear - h,
                    ax->area.x + ax->area.w - 0.3 * p->st->pad - w, y + clear};
    if (!place_find(&pl, xy, 2, w, h, 1, &bx, &by)) return 0;
    /* (far from its line, across a run's curve, the label read as that run's: lesson 9
     * step 2 in the window, its leader 90 px long through the LSTM's line; a key then) */
    if (fmin(fabs(by - y), fabs(by + h - y)) > 2.5 * h) return 0;
    Placer lines;
    leader_placer(&lines, p, ax, &ax2, g);
    if (!leader_free(&lines, p->st, ax, g->chance_loss, bx + w - 2 - cl->tw / 2.0, by > y ? by : by + h, y))
        return 0;
    cl->x = bx + w - 2;
    cl->below = by > y;
    cl->y = cl->below ? by : by + h;
    cl->leader = 1;
    return 1;
}

/* The chance loss's label (with the runs at chance under it when their key did not
 * fit) by its line where it hides no data; else a key after the chance accuracy's,
 * with the line's short dashes. */
static void loss_chance_label(const PanelCtx *p, Rect r, Rect ct, const AxesSpec *sp, LossFig *g)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    ChanceLabel *cl = &g->cl;
    if (!isfinite(g->chance_loss)) return;
    snprintf(cl->text, sizeof cl->text, "chance loss ln %d = %.2f", (int)floor(1.0 / g->chance + 0.5),
             g->chance_loss);
    Axes try;
    axes_setup(c, st, panel_keys_plot(p, r, ct, sp, g->keys, g->nk, 0, LOSS_PLOT_MIN_W(p, r)), sp, &try);
    chance_lines(c, st, cl, try.area.w - st->pad);
    g->chance_free = chance_place(p, &try, g, cl);
    if (!g->chance_free && isnan(cl->x) && cl->note) { /* no room for the note: the label alone */
        cl->note = NULL;
        chance_lines(c, st, cl, try.area.w - st->pad);
        g->chance_free = chance_place(p, &try, g, cl);
    }
    if (!g->chance_free) g->chance_free = chance_anywhere(p, &try, g, cl);
    if (!g->chance_free && cl->note && g->chance_key >= 0 &&
        g->nk < (int)(sizeof g->keys / sizeof g->keys[0])) {
        /* the label alone on the plot, the runs at chance a key of their own (one row
         * where the label and the note together would take two) */
        const char *note = cl->note;
        cl->note = NULL;
        chance_lines(c, st, cl, try.area.w - st->pad);
        g->chance_free = chance_place(p, &try, g, cl) ||
                         chance_anywhere(p, &try, g, cl);
        int at = g->chance_key + 1;
        if (g->chance_free) { /* placed again on the plot the new key leaves */
            memmove(&g->keys[at + 1], &g->keys[at], (size_t)(g->nk - at) * sizeof g->keys[0]);
            g->keys[at] = (Key){note, st->th->muted, -1, KEY_TEXT};
            g->nk++;
            axes_setup(c, st, panel_keys_plot(p, r, ct, sp, g->keys, g->nk, 0, LOSS_PLOT_MIN_W(p, r)), sp, &try);
            g->chance_free = chance_place(p, &try, g, cl) ||
                             chance_anywhere(p, &try, g, cl);
            if (g->chance_free) return;
            memmove(&g->keys[at], &g->keys[at + 1], (size_t)(g->nk - at - 1) * sizeof g->keys[0]);
            g->nk--;
        }
        cl->note = note;
        chance_lines(c, st, cl, try.area.w - st->pad);
    }
    if (g->chance_free || g->chance_key < 0) return;
    snprintf(g->chance_both, sizeof g->chance_both, "%s%s%s", cl->text, cl->note ? "; " : "",
             cl->note ? cl->note : "");
    /* its own key after the chance accuracy's, its sample the line's short dashes */
    int at = g->chance_key + 1, cap = (int)(sizeof g->keys / sizeof g->keys[0]);
    if (g->nk >= cap) return;
    memmove(&g->keys[at + 1], &g->keys[at], (size_t)(g->nk - at) * sizeof g->keys[0]);
    g->keys[at] = (Key){g->chance_both, st->th->muted, DASH_SHORT, -1};
    g->nk++;
    /* (the key stays even where it shortens the plot: a label never covers data) */
}

/* The reference levels across the plot: chance accuracy (dotted, right axis), chance
 * loss (short dashes), the best constant guess of a regression (dotted). */
static void loss_levels(const PanelCtx *p, const Axes *ax, const Axes *ax2, const LossFig *g)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    double dd[4], sd[4];
    int nd, ns;
    style_dash(st, DASH_DOT, dd, &nd);
    double x0 = ax->area.x, x1 = ax->area.x + ax->area.w, w = st->thin_w * 1.5;
    if (g->any_xent && isfinite(g->chance)) {
        double y = axis_pos(&ax2->y, g->chance);
        canvas_dashed_line(c, x0, y, x1, y, w, dd, nd, st->th->muted);
    }
    if (isfinite(g->chance_loss)) {
        double y = axis_pos(&ax->y, g->chance_loss);
        style_dash(st, DASH_SHORT, sd, &ns);
        canvas_dashed_line(c, x0, y, x1, y, w, sd, ns, st->th->muted);
    }
    if (g->any_mse && isfinite(g->baseline)) {
        double y = axis_pos(&ax->y, g->baseline);
        canvas_dashed_line(c, x0, y, x1, y, w, dd, nd, st->th->muted);
    }
}

/* The pixel rows of run's points of get on a, added to facts' span rows (n points). */
static void rows_add(const Axes *a, const Axis *y, const History *h, double (*get)(const HistEntry *e),
                     int *n, double rows[2])
{
    for (int k = 0; k < h->n; k++) {
        double px = axis_pos(&a->x, (double)h->e[k].step), py = axis_pos(y, get(&h->e[k]));
        if (isnan(px) || isnan(py) || py < a->area.y || py > a->area.y + a->area.h) continue;
        if (!*n || py < rows[0]) rows[0] = py;
        if (!*n || py > rows[1]) rows[1] = py;
        ++*n;
    }
}

/* Every visible run's lines: accuracy (dashed, right axis) and loss, each a strong mean
 * over a faint line of every step while few runs are shown; with three or more runs,
 * the run's marker on its lines; the triangle of a loss off the axis at its top. */
static void loss_lines(const PanelCtx *p, const Axes *ax, const Axes *ax2, const LossFig *g)
{
    double dd[4], lx, ly;
    int nd, rank = 0;
    for (int i = 0; i < p->nruns; i++) {
        if (!panel_run_visible(p, i)) continue;
        const Run *run = p->runs[i];
        uint32_t col = panel_run_color(p, i);
        uint32_t faint = (col & 0x00FFFFFFu) | 0x50000000u; /* each step, under the mean */
        if (g->marks) {
            if (run->task.loss == LOSS_XENT) hist_marks(p, ax2, &run->hist, get_acc_mean, i, rank, g->nvis, NULL);
            hist_marks(p, ax, &run->hist, get_loss_median, i, rank, g->nvis, NULL);
            if (p->v->facts && i < PLOT_MAX_RUNS) p->v->facts->loss_mark[i] = 1 + panel_run_marker(p, i);
        }
        rank++;
        if (run->task.loss == LOSS_XENT) {
            style_dash(p->st, DASH_LONG, dd, &nd);
            if (g->raw) panel_hist_series(p, ax2, &run->hist, get_acc, faint, dd, nd, &lx, &ly);
            panel_hist_series(p, ax2, &run->hist, get_acc_mean, col, dd, nd, &lx, &ly);
        }
        if (g->raw) panel_hist_series(p, ax, &run->hist, get_loss, faint, NULL, 0, &lx, &ly);
        panel_hist_series(p, ax, &run->hist, get_loss_median, col, NULL, 0, &lx, &ly);
        PlotFacts *f = p->v->facts;
        if (f) {
            if (g->raw) rows_add(ax, &ax->y, &run->hist, get_loss, &f->loss_rows_n, f->loss_rows);
            rows_add(ax, &ax->y, &run->hist, get_loss_median, &f->loss_rows_n, f->loss_rows);
            if (run->task.loss == LOSS_XENT) {
                if (g->raw) rows_add(ax, &ax2->y, &run->hist, get_acc, &f->acc_rows_n, f->acc_rows);
                rows_add(ax, &ax2->y, &run->hist, get_acc_mean, &f->acc_rows_n, f->acc_rows);
            }
        }
    }
    for (int i = 0; i < p->nruns; i++) { /* the largest losses off the axis, at its top */
        double x, y;
        if (off_mark_at(p, ax, g, i, &x, &y))
            canvas_marker(p->c, MARK_TRIANGLE, x, y, p->st->marker, panel_run_color(p, i), p->st->th->halo);
    }
}

/* The placer of the diverged runs' labels and those of the losses off the axis on ax:
 * the lines, the runs' markers on them, and the chance loss's label placed before. */
static void loss_label_placer(const PanelCtx *p, const Axes *ax, const Axes *ax2, const LossFig *g,
                              Placer *pl)
{
    place_init(pl, ax, p->st->line_w, 0.25 * p->st->pad);
    place_points(pl, 0.8 * p->st->marker, 0.25 * p->st->pad);
    place_loss_lines(pl, p, ax, ax2, g);
    for (int i = 0, rank = 0; i < p->nruns && g->marks; i++) {
        if (!panel_run_visible(p, i)) continue;
        const Run *run = p->runs[i];
        if (run->task.loss == LOSS_XENT) hist_marks(p, ax2, &run->hist, get_acc_mean, i, rank, g->nvis, pl);
        hist_marks(p, ax, &run->hist, get_loss_median, i, rank++, g->nvis, pl);
    }
    const ChanceLabel *cl = &g->cl;
    if (g->chance_free && !isnan(cl->x))
        place_take(pl, (Rect){(int)floor(cl->x - cl->tw - 2), (int)floor(cl->below ? cl->y : cl->y - cl->fh),
                              cl->tw + 5, cl->fh + 1});
}

/* A diverged run's mark at the end of its loss line, its label where it covers no line
 * and no other label (the chance loss's, placed before); then the labels of the losses
 * off the axis; a key where loss_diverged_trial found a label no place. */
static void loss_diverged(const PanelCtx *p, const Axes *ax, const Axes *ax2, const LossFig *g)
{
    Placer pl;
    loss_label_placer(p, ax, ax2, g, &pl);
    for (int i = 0; i < p->nruns; i++) {
        if (!panel_run_visible(p, i) || p->runs[i]->diverged_at <= 0) continue;
        double lx, ly;
        diverged_at_xy(p, ax, i, &lx, &ly);
        char say[48];
        snprintf(say, sizeof say, "diverged at step %ld", p->runs[i]->diverged_at);
        if (g->keyed >> i & 1u) {
            draw_diverged_mark(p->c, p->st, ax, lx, ly, panel_run_color(p, i), p->runs[i]);
            panel_label_fact(p, PLOT_LABEL_KEY, say);
        } else
            panel_label_fact(p, draw_diverged_placed(p->c, p->st, ax, lx, ly, panel_run_color(p, i), p->runs[i],
                                                     &pl), say);
    }
    for (int i = 0; i < p->nruns && i < PLOT_MAX_RUNS; i++) {
        if (!(g->off >> i & 1u)) continue;
        if (g->keyed >> (PLOT_MAX_RUNS + i) & 1u) panel_label_fact(p, PLOT_LABEL_KEY, g->off_text[i]);
        else panel_label_fact(p, off_label(p, ax, g, i, &pl, 1), g->off_text[i]);
    }
}

/* loss_diverged tried on the plot the keys leave, nothing drawn: the runs whose label
 * finds no place there, not yet keys (bit i: run i's diverged label; bit
 * PLOT_MAX_RUNS + i: its off-axis label). */
static unsigned loss_diverged_trial(const PanelCtx *p, Rect r, Rect ct, const AxesSpec *sp, const LossFig *g)
{
    Axes ax, ax2;
    axes_setup(p->c, p->st, panel_keys_plot(p, r, ct, sp, g->keys, g->nk, 0, LOSS_PLOT_MIN_W(p, r)), sp, &ax);
    ax2 = ax;
    ax2.y = ax.y2;
    Placer pl;
    loss_label_placer(p, &ax, &ax2, g, &pl);
    unsigned miss = 0;
    for (int i = 0; i < p->nruns && i < PLOT_MAX_RUNS; i++) {
        if (!panel_run_visible(p, i) || p->runs[i]->diverged_at <= 0 || (g->keyed >> i & 1u)) continue;
        double lx, ly; /* (no loss it can draw: NaN, a key) */
        panel_hist_last(&ax, &p->runs[i]->hist, get_loss_median, &lx, &ly);
        if (!place_diverged(p->c, p->st, &ax, lx, ly, p->runs[i], &pl)) miss |= 1u << i;
    }
    for (int i = 0; i < p->nruns && i < PLOT_MAX_RUNS; i++)
        if ((g->off >> i & 1u) && !(g->keyed >> (PLOT_MAX_RUNS + i) & 1u) && !off_label(p, &ax, g, i, &pl, 0))
            miss |= 1u << (PLOT_MAX_RUNS + i);
    return miss;
}

/* The keys of the labels in g->keyed: "scale 8: diverged at step 1 (gradient norm = inf)",
 * "no clip: loss 1.1·10³⁷ at step 2 (off the axis)". */
static void loss_diverged_keys(const PanelCtx *p, LossFig *g)
{
    int cap = (int)(sizeof g->keys / sizeof g->keys[0]);
    for (int i = 0; i < p->nruns && i < PLOT_MAX_RUNS; i++) {
        if (!(g->keyed >> i & 1u)) continue;
        assert(g->nk < cap);
        if (g->nk >= cap) break;
        diverged_key_text(g->diverged[i], sizeof g->diverged[i], p->runs[i]);
        g->keys[g->nk++] = (Key){g->diverged[i], panel_run_color(p, i), -1, MARK_CROSS};
    }
    for (int i = 0; i < p->nruns && i < PLOT_MAX_RUNS; i++) {
        if (!(g->keyed >> (PLOT_MAX_RUNS + i) & 1u)) continue;
        assert(g->nk < cap);
        if (g->nk >= cap) break;
        g->keys[g->nk++] = (Key){g->off_text[i], panel_run_color(p, i), -1, MARK_TRIANGLE};
    }
}

/* The chance loss's label, then the diverged runs' labels and those of the losses off
 * the axis tried on the plot the keys leave: those that find no place become keys, and
 * on the plot the new keys leave the chance loss's label is placed again and the rest
 * tried again, until every label left on the plot finds its place (each pass keys one
 * label more, at most). */
static void loss_labels(const PanelCtx *p, Rect r, Rect ct, AxesSpec *sp, LossFig *g)
{
    const LossFig g0 = *g;
    const AxesSpec sp0 = *sp;
    unsigned keyed = 0;
    for (int pass = 0; pass <= 2 * PLOT_MAX_RUNS; pass++) {
        if (pass) {
            *g = g0, *sp = sp0;
            g->keyed = keyed;
            loss_diverged_keys(p, g);
        }
        loss_chance_label(p, r, ct, sp, g);
        /* the keys the chance loss added shortened the plot: apart again, and the label
         * on its line placed again (a key if it no longer finds a place there) */
        if (loss_apart(p, r, ct, sp, g) && g->chance_free) loss_chance_label(p, r, ct, sp, g);
        unsigned miss = loss_diverged_trial(p, r, ct, sp, g);
        if (!miss) return;
        keyed |= miss;
    }
}

static void panel_loss(const PanelCtx *p, Rect r)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    LossFig fig = {.chance = NAN, .baseline = NAN, .chance_key = -1}, *g = &fig;
    for (int i = 0; i < PLOT_MAX_RUNS; i++) g->under_by[i] = -1;
    AxesSpec sp = {0};
    range_reset(&sp.x);
    range_reset(&sp.y);
    range_reset(&sp.y2);
    loss_ranges(p, &sp, g);
    Rect ct = panel_begin(c, st, r, g->any_xent ? "Training loss and accuracy" : "Training loss",
                          "Loss", p->highlight);
    if (!g->any) {
        panel_no_steps(p, ct);
        return;
    }
    loss_axes_spec(p, &sp, g);
    if (p->v->facts) {
        p->v->facts->loss_log = sp.ylog;
        p->v->facts->loss_lo = sp.y.lo, p->v->facts->loss_hi = sp.y.hi;
    }
    loss_keys(p, g);
    loss_under_keys(p, &sp, g);
    loss_hold_in(p, &sp);
    loss_apart(p, r, ct, &sp, g);
    loss_at_chance_key(p, r, ct, &sp, g);
    loss_under_dots(p, r, ct, &sp, g);
    g->marks = panel_run_marks(p);
    loss_labels(p, r, ct, &sp, g);
    loss_hold_out(p, &sp);
    if (g->acc_key >= 0) {
        /* a plot too short for two bands draws the accuracy on the loss's height, on its
         * right axis: its key says so (the presenter window's lesson 2 step 2 said "below"
         * over squares among the loss's dots) */
        Axes tr;
        axes_setup(c, st, panel_keys_plot(p, r, ct, &sp, g->keys, g->nk, 0, LOSS_PLOT_MIN_W(p, r)), &sp, &tr);
        if (!tr.banded) g->keys[g->acc_key].label = "accuracy (right axis)";
    }
    ct = panel_keys_plot(p, r, ct, &sp, g->keys, g->nk, 1, LOSS_PLOT_MIN_W(p, r));
    Axes ax, ax2;
    axes_setup(c, st, ct, &sp, &ax);
    axes_draw(c, st, &ax, &sp);
    axes_clip(c, st, &ax);
    panel_register(p, &ax);
    ax2 = ax;
    ax2.y = ax.y2;
    loss_levels(p, &ax, &ax2, g);
    if (g->chance_free) chance_leader(p, &g->cl);
    loss_lines(p, &ax, &ax2, g);
    if (g->chance_free) chance_draw(p, &g->cl, 1);
    if (p->v->facts) {
        PlotFacts *f = p->v->facts;
        double btop, blen;
        axis_band(&ax.y, &btop, &blen);
        f->loss_band[0] = btop, f->loss_band[1] = btop + blen;
        if (g->chance_free && !isnan(g->cl.x)) {
            double top = g->cl.below ? g->cl.y : g->cl.y - g->cl.fh;
            f->chance_box[0] = top, f->chance_box[1] = top + g->cl.fh;
            f->chance_line = g->cl.line_y;
            if (g->cl.leader) /* as chance_leader draws it */
                f->chance_leader[0] = g->cl.x - g->cl.tw / 2.0, f->chance_leader[1] = g->cl.y,
                f->chance_leader[2] = g->cl.line_y;
        }
    }
    if (isfinite(g->chance_loss))
        panel_label_fact(p, g->chance_free ? (g->cl.leader ? PLOT_LABEL_LEADER : PLOT_LABEL_PLACED)
                            : g->chance_both[0] ? PLOT_LABEL_KEY : PLOT_LABEL_DROPPED,
                         g->cl.text); /* (the key starts with the label) */
    loss_diverged(p, &ax, &ax2, g);
}

/* ---- what the pointer shows, what the CSV holds ---- */

static void pick_line(PlotLines *l, const Run *r, const HistEntry *e)
{
    char a[32], b[32];
    if (r->task.loss == LOSS_XENT)
        plot_lines_add(l, "%s: loss %s, accuracy %s", r->label, panel_pick_num(a, e->loss),
                       panel_pick_num(b, e->accuracy));
    else plot_lines_add(l, "%s: loss %s", r->label, panel_pick_num(a, e->loss));
}

static void pick(PlotLines *l, const PanelPickAt *at)
{
    panel_pick_hist(l, at, pick_line);
}

static void describe(PlotLines *l, Run *const *runs, int nruns, const PlotView *v, int i)
{
    (void)nruns, (void)v;
    char x[32];
    const Run *r = runs[i];
    const Diag *d = &r->diag;
    if (isnan(d->accuracy)) plot_lines_add(l, "%s: loss %s", r->label, panel_tip_num(x, sizeof x, d->loss));
    else plot_lines_add(l, "%s: loss %s   accuracy %.1f%%", r->label,
                        panel_tip_num(x, sizeof x, d->loss), 100 * d->accuracy);
}

/* x = training step, y = loss (left axis) or accuracy (right axis). */
static void csv(const PlotRows *o, Run *const *runs, int nruns, const PlotView *v)
{
    double chance = NAN, baseline = NAN;
    for (int i = 0; i < nruns; i++) {
        if (!panel_visible(v, runs, nruns, i)) continue;
        const Run *r = runs[i];
        const History *h = &r->hist;
        int xent = r->task.loss == LOSS_XENT;
        if (xent && isnan(chance)) chance = r->task.chance_accuracy;
        if (!xent && isnan(baseline)) baseline = r->task.baseline_mse;
        for (int e = 0; e < h->n; e++)
            panel_row(o, PANEL_LOSS, i, "loss", (double)h->e[e].step, h->e[e].loss, NAN, NULL);
        if (xent)
            for (int e = 0; e < h->n; e++)
                panel_row(o, PANEL_LOSS, i, "accuracy", (double)h->e[e].step, h->e[e].accuracy, NAN,
                          NULL);
    }
    if (isfinite(chance)) panel_row(o, PANEL_LOSS, -1, "chance_accuracy", NAN, chance, NAN, NULL);
    if (isfinite(baseline)) panel_row(o, PANEL_LOSS, -1, "baseline_mse", NAN, baseline, NAN, NULL);
}

const PanelDef panel_loss_def = {
    .help = "the loss over training steps, and a classifier's accuracy against chance",
    .draw = panel_loss,
    .pick = pick,
    .describe = describe,
    .csv = csv,
};
