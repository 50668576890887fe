#define _GNU_SOURCE /* memmem */
/* test_figures.c - what the class sees is what the lesson says, checked on the drawn
 * figure (issue 10). Every step of every built-in lesson is rendered headless exactly
 * as `rnnscope --export x.png N --step K` renders it, and what the dashboard drew
 * (PlotFacts: the words of the strip and their shades, the colour scale, the readouts,
 * the narration shown, the clipping panel's axes) is compared with the lesson:
 *
 *   - the narration is shown whole, on one page, at 1280x720, 1920x1080 and 3840x2160,
 *     in presenter mode too (a longer lesson file's is paged, never cut);
 *   - no two texts are drawn over each other or run together at those sizes (tick
 *     labels, keys, readouts, notes);
 *   - every readout drawn equals the value its check measured when the lesson's checks
 *     run on their own (lesson_eval, the `rnnscope N --check` path), exactly;
 *   - the colour scale of the strip and heatmap is the same in every step of a lesson;
 *   - the strip shows the run the step names (show:), and a bidirectional run's strip
 *     is lit (finite, > 0) at every word after the blank;
 *   - the numbers the narration quotes are on screen: the steps that speak of them
 *     carry the readouts (a table below, one row per claim);
 *   - the clipping panel's axes hold the runs still training, not a diverged run's
 *     norms, and it annotates the first clipped step and the clipped fraction;
 *   - a diverged run is named with what went wrong (inf or NaN);
 *   - a step that pins a sentence (example:) shows exactly its words in the strip, and
 *     every sentence with a blank the narration quotes is the one the strip shows.
 * At 1280x720, 1920x1080 and 3840x2160, normal and presenter, and at 1920x1080 in the
 * dark theme (figure_checks): the chance loss's label keeps clear of every data line and
 * marker (a label drawn over the lines without a backing, the last resort, is told); the
 * factor axis is told apart in its theme's colour; the strip's cue and scored-step marks
 * are seen and apart; in presenter mode the runs at chance are named (lesson 4 step 3);
 * no label in the gradient or clipping panel's plot lies on a line across it (the cue's,
 * the cursor's, a factor bound, a threshold), also at every t of a backward sweep; a step
 * that speaks of clipping over the clipping panel draws every first clip's note (on the
 * plot, with a leader or as a key, never dropped), also in windows of 800x600 and up.
 * Prints one line per step and the number of facts checked; exits 1 on any failure.
 * `test_figures N` checks lesson N alone. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dlist.h"
#include "eigen.h"
#include "export_cmd.h"
#include "lesson.h"
#include "lesson_run.h"
#include "plot.h"
#include "style.h"

static int failures, checked;
static int span_line_hits; /* labels on a line across the plot, all renderings */
static int clip_talk;      /* 1 while the step checked speaks of clipping over its panel */
static int clip_note_misses; /* first clips not drawn, all renderings */
static int gate_talk;      /* 1 while the step checked speaks of gates */

#define EXPECT(cond, ...)                                                                       \
    do {                                                                                        \
        checked++;                                                                              \
        if (!(cond)) {                                                                          \
            failures++;                                                                         \
            printf("FAIL lesson %d step %d: ", lesson, step);                                   \
            printf(__VA_ARGS__);                                                                \
            printf("\n");                                                                       \
        }                                                                                       \
    } while (0)

/* Claims of the narration that must be on screen: a readout whose text contains
 * `needle` in lesson l, step k. */
typedef struct Claim {
    int lesson, step;
    const char *needle;
    const char *why;
} Claim;

static const Claim claims[] = {
    {1, 1, "loss", "step 1 says the loss is close to ln 8 = 2.08"},
    {1, 2, "\u2016\u2202L/\u2202h(0)\u2016 / \u2016\u2202L/\u2202h(11)\u2016",
     "step 2 says the first word gets less than a hundredth"},
    {1, 3, "\u2016\u2202h(11)/\u2202h(10)\u2016", "step 3 speaks of the factors' norms"},
    {1, 3, "\u2016\u2202h(11)/\u2202h(0)\u2016", "step 3 says the product is below 0.01"},
    {2, 1, "sigmoid: \u2016\u2202h(20)/\u2202h(19)\u2016", "step 1 quotes the sigmoid's factor 0.27"},
    {2, 1, "tanh: \u2016\u2202h(20)/\u2202h(19)\u2016", "step 1 quotes tanh's factor 1.1"},
    {2, 2, "sigmoid: \u2016\u2202L/\u2202h(0)\u2016", "step 2 quotes the sigmoid's ratio"},
    {3, 1, "\u03c3max", "step 1 quotes sigma_max"},
    {3, 1, "scale 4: \u2016gradient\u2016 =", "step 1 quotes the gradient norm above 100 000"},
    {4, 1, "clip 3: accuracy", "step 1 says the clipped network learns the task"},
    {4, 3, "clip 1000: steps clipped", "step 3 says clipping at 1000 hardly ever acts (0.1% of the steps)"},
    {6, 3, "LSTM: accuracy", "step 3 says the LSTM learns in about 550 steps"},
    {7, 3, "chrono: accuracy", "step 3 says chrono learns in about 250 steps"},
    {8, 1, "LSTM: loss", "step 1 says both losses stay near ln 4"},
    {9, 1, "update gate", "step 1 says the GRU's gates are near 1/2"},
    {6, 3, "(at step 1)", "step 3 quotes first-step ratios while the screen shows step 1500"},
    {9, 1, "sigmoid: \u2016\u2202L/\u2202h(0)\u2016", "step 1 quotes 35 orders of magnitude"},
    {10, 2, "attention on word 4", "step 2 says both heads put above 0.99 on Kerala"},
};

/* Texts the figure must draw (at 1920x1080) where the narration depends on them: a
 * text of the drawing list containing `needle`. */
static const Claim drawn[] = {
    {1, 2, "rnn: 0.00", "step 2's backward sweep: its cursor, walked to t = 0, gives the value there"},
    {4, 1, "of 600 steps clipped", "step 1 says about a third of all steps were clipped"},
    {1, 4, "(reached at step ", "the accuracy readout under a \"step 300\" header is of the step the "
     "check first held, and says so (\"(at step 118)\" read as a stale value)"},
    {4, 3, "at chance (loss and accuracy): clip 1000",
     "step 3 says the network stays near chance: its lines lie on the chance lines"},
    {9, 2, "at chance (loss and accuracy): sigmoid, tanh, tanh + clip",
     "three runs \"stay at chance\": their lines lie on the chance lines, two under the third's"},
    {8, 2, "reverse direction: exactly 0 at t = 0", "the reverse line starts at t = 5: say why"},
    {10, 1, "attention: one step", "attention has no walk back from T\u22121 to 0"},
    {3, 2, "bound above, inf at t", "the Pascanu bound passes the largest double: its note said "
     "its largest finite value, as if the bound stopped there"},
    {4, 1, "bound above, inf at t", "the same for lesson 4's unclipped run"},
    {3, 3, "scale 1: exactly 0 at 891 timesteps", "step 3 says the gradient is exactly 0 at 891 "
     "timesteps (its squares had underflowed at 1e-162: the note said 1447)"},
    {4, 2, "(norm clipping)", "the dotted threshold is the norm run's: the value run clips each "
     "component at 0.1, no line of the norm stands for it"},
    {1, 1, "batch \u2016", "the heatmap shades the batch's gradient, the strip example 0's: two "
     "numbers for one word under one name read as a contradiction"},
};

/* A sentence of up to 16 words is short enough to print: the strip shows its words, not
 * only their colours (lesson 8 step 1 in presenter mode drew the mouse sentence as a
 * bar 8 px tall, its table of readouts above having taken the room). */
static int words_shown(const PlotFacts *f, const Run *runs)
{
    if (f->strip_run < 0) return 1;
    const Run *r = &runs[f->strip_run];
    return !r->task.words || r->diag.T > 16 || f->strip_words;
}

/* The same in presenter mode, at every size (a key there may leave the plot short: the
 * note goes under the chance loss's label, broken to the plot's width). */
static const Claim drawn_presenter[] = {
    {4, 3, "at chance (loss and accuracy):", "step 3 says the network stays near chance"},
    {9, 2, "at chance (loss and accuracy):", "step 2 says sigmoid, tanh and tanh with clipping stay at "
     "chance"},
    {8, 2, "reverse direction: exactly 0 at t = 0", "the reverse line starts at t = 5: say why"},
    {2, 3, "sigmoid: \u03c3max(W_hh) = 1.15", "step 3 says Adam grows the sigmoid's W_hh from \u03c3max 1.15 "
     "(presenter mode has no eigenvalue panel)"},
    {2, 3, "sigmoid: \u03c3max(W_hh) = 10.1", "(the same: to about 10)"},
    /* (10/1's x label is cut to "word t" beside presenter mode's keys: true, the
     * narration says the rest) */
};

/* 1 if needle is in the text of command i, or in it joined by spaces to the texts drawn
 * after it, up to four lines in all: a key wrapped onto lines of its own (dashboard.c's
 * KEY_LINES). */
static int drawn_text_at(const DList *l, size_t i, const char *needle)
{
    char both[2048];
    size_t used = 0;
    both[0] = 0;
    for (int lines = 0; i < l->n && lines < 4; i++) {
        if (l->cmd[i].kind != DCMD_TEXT) continue;
        int w = snprintf(both + used, sizeof both - used, "%s%s", lines ? " " : "", dlist_text(l, &l->cmd[i]));
        if (w < 0 || (size_t)w >= sizeof both - used) break;
        used += (size_t)w, lines++;
        if (strstr(both, needle)) return 1;
    }
    return 0;
}

/* 1 if a text of l contains needle, alone or joined to the texts after it
 * (drawn_text_at). */
static int drawn_text(const DList *l, const char *needle)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->cmd[i].kind == DCMD_TEXT && drawn_text_at(l, i, needle)) return 1;
    return 0;
}

/* Lower case, "." and "," as words of their own, single spaces: "Kerala. Jane" and
 * "kerala . jane" read the same. */
static void normalize(const char *in, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n && in[i] && o + 4 < cap; i++) {
        char ch = in[i];
        if (ch >= 'A' && ch <= 'Z') ch = (char)(ch - 'A' + 'a');
        if (ch == '.' || ch == ',') {
            if (o && out[o - 1] != ' ') out[o++] = ' ';
            out[o++] = ch;
            out[o++] = ' ';
        } else if (ch == ' ' || ch == '\n') {
            if (o && out[o - 1] != ' ') out[o++] = ' ';
        } else {
            out[o++] = ch;
        }
    }
    while (o && out[o - 1] == ' ') o--;
    out[o] = 0;
}

/* Prints the plot (data area) height of the loss, clipping and highlighted panels as
 * drawn last on c, and the narration's pages. */
static double plot_heights(const Canvas *c, const PlotFacts *f, int hl, const char *mode, int w,
                           int h, int lesson, int step)
{
    double least = 1; /* the smallest share of a loss or clipping plot not highlighted */
    printf("  plot heights %d/%d %dx%d %s pages %d", lesson, step, w, h, mode, f->caption_pages);
    for (int p = 0; p < f->npanels; p++) {
        PanelKind k = f->panel[p];
        if (k != PANEL_LOSS && k != PANEL_CLIPPING && (int)k != hl) continue;
        for (int i = 0; i < c->nareas; i++)
            if (c->areas[i].tag == (int)k)
                printf("  %s%s %d/%d=%.2f", (int)k == hl ? "*" : "", plot_panel_name(k),
                       c->areas[i].area.h, f->panel_rect[p].h,
                       (double)c->areas[i].area.h / f->panel_rect[p].h);
        for (int i = 0; i < c->nareas && (int)k != hl && k != PANEL_GRADIENT; i++)
            if (c->areas[i].tag == (int)k && f->panel_rect[p].h > 0)
                least = fmin(least, (double)c->areas[i].area.h / f->panel_rect[p].h);
    }
    printf("\n");
    return least;
}

/* In presenter mode every loss plot, highlighted or not, is at least three tick labels
 * tall (the tick size: 17 px at 1080p times the presenter's text scale), so that the
 * back row sees its lines apart: lesson 8 step 1's loss plot, beside the highlighted
 * sentence, was 56 px at 1920x1080 under six rows of keys (two tick labels); the shorter
 * keys leave it 91 px. */
static void presenter_loss_height(const Canvas *c, int w, int h, int lesson, int step)
{
    double least = 3 * 17 * c->scale * EXPORT_PRESENTER_SCALE;
    for (int i = 0; i < c->nareas; i++)
        if (c->areas[i].tag == PANEL_LOSS)
            EXPECT(c->areas[i].area.h >= least, "%dx%d presenter: the loss plot is %d px tall (must be "
                   ">= %.0f, three tick labels)", w, h, c->areas[i].area.h, least);
}

static void render(Canvas *c, int w, int h, double ts, PlotView *v, Run **rp, int n, Error *err,
                   DList *l)
{
    if (canvas_resize(c, w, h, err)) {
        printf("canvas: %s\n", err->msg);
        exit(1);
    }
    if (l) canvas_record(c, l); /* (a resize ends a recording) */
    v->text_scale = ts;
    v->caption_page = 0;
    plot_caption_size(c, v);
    plot_dashboard(c, rp, n, v);
    if (l) canvas_record(c, NULL);
}

/* The box a text command's pixels cover, shrunk by a fifth of its line height at top and
 * bottom (the line's room above and below the ink) and 1 px at the sides; by a tenth
 * when tight (an axis title written upwards beside level tick labels: its "‖" and "("
 * reach nearly the whole line, and a 10^-10 ran into lesson 7 step 2's title). */
static Rect text_box_m(const DCmd *d, int tight)
{
    const DTextPlace *a = &d->u.text.at;
    int m = a->h / (tight ? 10 : 5);
    Rect r = d->u.text.up ? (Rect){a->x0 + m, a->y0 - a->w + 1, a->h - 2 * m, a->w - 2}
                          : (Rect){a->x0 + 1, a->y0 + m, a->w - 2, a->h - 2 * m};
    return r;
}

static Rect text_box(const DCmd *d)
{
    return text_box_m(d, 0);
}

/* Texts drawn over each other, or run together, in l: how many pairs, the first named
 * in what. Two texts side by side need a gap of a quarter of a line between them
 * ("500" "1000" must not read "5001000"); a raised exponent is drawn by a call of its own
 * and touches its "10" on purpose, so a piece of a number in a smaller size beside
 * another is let through. */
static int text_overlaps(const DList *l, char *what, size_t n)
{
    int count = 0;
    what[0] = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (l->cmd[i].kind != DCMD_TEXT || !dlist_text(l, &l->cmd[i])[0]) continue;
        Rect a = text_box(&l->cmd[i]);
        for (size_t j = i + 1; j < l->n; j++) {
            if (l->cmd[j].kind != DCMD_TEXT || !dlist_text(l, &l->cmd[j])[0]) continue;
            Rect b = text_box(&l->cmd[j]);
            const DCmd *p = &l->cmd[i], *q = &l->cmd[j];
            if (p->u.text.up != q->u.text.up) { /* an upward title beside level labels */
                a = text_box_m(p, p->u.text.up);
                b = text_box_m(q, q->u.text.up);
            } else a = text_box(p);
            int gap = (p->u.text.at.h < q->u.text.at.h ? p->u.text.at.h : q->u.text.at.h) / 4;
            if (p->u.text.px != q->u.text.px || p->u.text.up || q->u.text.up)
                gap = 0; /* an exponent; a label written upwards */
            int ox = (a.x + a.w < b.x + b.w ? a.x + a.w : b.x + b.w) - (a.x > b.x ? a.x : b.x);
            int oy = (a.y + a.h < b.y + b.h ? a.y + a.h : b.y + b.h) - (a.y > b.y ? a.y : b.y);
            if (ox > 1 - gap && oy > 1) {
                if (!count++)
                    snprintf(what, n, "\"%s\" at (%d,%d) and \"%s\" at (%d,%d), %dx%d px",
                             dlist_text(l, &l->cmd[i]), a.x, a.y, dlist_text(l, &l->cmd[j]), b.x,
                             b.y, ox, oy);
            }
        }
    }
    return count;
}

/* The fewest "10^k" tick labels left of any log-scale y axis of the figure (the
 * panels' registered data areas); 99 if it has none. One labelled decade cannot be read. */
static int log_axis_labels(const DList *l, const Canvas *c)
{
    int fewest = 99;
    for (int k = 0; k < c->nareas; k++) {
        const CanvasArea *a = &c->areas[k];
        if (!a->ylog) continue;
        int n = 0;
        for (size_t i = 0; i < l->n; i++) {
            const DCmd *d = &l->cmd[i];
            if (d->kind != DCMD_TEXT || d->u.text.up || strcmp(dlist_text(l, d), "10")) continue;
            Rect b = text_box(d);
            double cy = b.y + b.h / 2.0;
            if (b.x + b.w <= a->area.x && b.x + b.w >= a->area.x - 4 * b.h &&
                cy >= a->area.y - b.h && cy <= a->area.y + a->area.h + b.h)
                n++;
        }
        if (n < fewest) fewest = n;
    }
    return fewest;
}

/* Log-scale y axes of the figure (the panels' registered data areas) whose title, the
 * text written upwards left of the area beside it, does not say "log": how many, the
 * first one's title in what (a small loss panel's read "loss" on a log axis). */
static int log_axes_unsaid(const DList *l, const Canvas *c, char *what, size_t n)
{
    int count = 0;
    what[0] = 0;
    for (int k = 0; k < c->nareas; k++) {
        const CanvasArea *a = &c->areas[k];
        if (!a->ylog) continue;
        const char *title = NULL;
        int best = 1 << 30;
        for (size_t i = 0; i < l->n; i++) {
            const DCmd *d = &l->cmd[i];
            if (d->kind != DCMD_TEXT || !d->u.text.up) continue;
            Rect b = text_box(d);
            double cy = b.y + b.h / 2.0;
            int dist = a->area.x - (b.x + b.w);
            if (dist >= 0 && dist < best && cy >= a->area.y && cy <= a->area.y + a->area.h)
                best = dist, title = dlist_text(l, d);
        }
        if (title && strstr(title, "log")) continue;
        if (!count++) snprintf(what, n, "panel %d: \"%s\"", a->tag, title ? title : "(none)");
    }
    return count;
}

/* The check values the lesson's own runner measures for step st, by training a fresh
 * set of runs (lesson_run.h's loop). */
static void reference(const LessonStep *st, LessonEval *e)
{
    Run runs[LESSON_MAX_RUNS];
    Error err;
    if (lesson_runs_init(st, runs, linalg_eigenvalues, &err)) {
        printf("runs: %s\n", err.msg);
        exit(1);
    }
    lesson_eval_begin(e, st);
    int jac = lesson_step_needs_jacobians(st);
    for (int i = 0; i < st->n_runs; i++) runs[i].jacobians_every = jac;
    while (e->k < st->train) {
        for (int i = 0; i < st->n_runs; i++) run_step(&runs[i]);
        if (lesson_eval_observe(e, runs) && e->k >= e->last) break;
    }
    lesson_runs_free(st, runs);
}

/* How many of the figure's data lines (paths of pen width >= wmin: the runs' lines, not
 * the thinner axes, grids and reference lines) and markers come within a gap of the box
 * of the first text starting with prefix (a label needs air: 0.15 of its line height);
 * -1 if there is no such text, -2 if it has no backing. Segments are widened by half
 * their pen; a marker's ink reaches 0.8 of its size from its centre (a cross's capped,
 * haloed arms). */
static int segment_meets(double x0, double y0, double x1, double y1, Rect r, double g);

static int data_under_text(const DList *l, const char *prefix, double wmin, Rect *box)
{
    const DCmd *t = NULL;
    for (size_t i = 0; i < l->n && !t; i++)
        if (l->cmd[i].kind == DCMD_TEXT && !strncmp(dlist_text(l, &l->cmd[i]), prefix, strlen(prefix)))
            t = &l->cmd[i];
    if (!t) return -1;
    /* a text with no backing right before it is the last resort, drawn over the lines
     * that leave it no room (they show through): not counted, told */
    if (t == l->cmd || t[-1].kind != DCMD_RECT) {
        *box = (Rect){t->u.text.at.x0, t->u.text.at.y0, t->u.text.at.w, t->u.text.at.h};
        return -2;
    }
    const DTextPlace *a = &t->u.text.at;
    *box = (Rect){a->x0, a->y0, a->w, a->h};
    double gap = 0.15 * a->h;
    int hits = 0;
    double pen = 0, px = NAN, py = NAN;
    for (size_t i = 0; i < l->n; i++) {
        const DCmd *d = &l->cmd[i];
        if (d->kind == DCMD_PATH) pen = d->u.pen.width, px = py = NAN;
        else if (d->kind == DCMD_MOVE) px = d->u.pt.x, py = d->u.pt.y;
        else if (d->kind == DCMD_LINE) {
            double x = d->u.pt.x, y = d->u.pt.y;
            /* (exactly, not by samples every half pixel: a line to an off-axis loss of
             * 1e37 runs 6e36 px, more samples than an int counts) */
            if (pen >= wmin && !isnan(px)) hits += segment_meets(px, py, x, y, *box, pen / 2 + gap);
            px = x, py = y;
        } else if (d->kind == DCMD_MARKER) {
            double g = 0.8 * d->u.marker.size + gap, u = d->u.marker.x, v = d->u.marker.y;
            hits += u >= box->x - g && u <= box->x + box->w + g && v >= box->y - g &&
                    v <= box->y + box->h + g;
        }
    }
    return hits;
}

/* ---- the gradient panel's markers, cursor readout and keys (issue 10, helper B) ---- */

/* The data area (frame) of panel k as drawn last on c, grown by 2 px on every side, or
 * w = 0. */
static Rect panel_area(const Canvas *c, PanelKind k)
{
    for (int i = 0; i < c->nareas; i++)
        if (c->areas[i].tag == (int)k) {
            Rect a = c->areas[i].area;
            return (Rect){a.x - 2, a.y - 2, a.w + 4, a.h + 4};
        }
    return (Rect){0, 0, 0, 0};
}

/* How far a marker's ink reaches from its centre: a diamond's tip with its halo is 0.6
 * of its size plus 1.414 times the halo's max(1.5, 0.15 size) (src/plot/path.c). */
static double marker_reach(const DCmd *d)
{
    double s = d->u.marker.size;
    return 0.6 * s + 1.414 * fmax(1.5, 0.15 * s);
}

static int boxes_meet(double ax, double ay, double aw, double ah, double bx, double by, double bw, double bh)
{
    return ax < bx + bw && bx < ax + aw && ay < by + bh && by < ay + ah;
}

/* The factors' markers of one run (one colour, edged in the factor ink, in the gradient
 * panel's data area) overlap by at most a tenth of a marker's inked box (lesson 2 step 1:
 * forty diamonds lay on each other); returns the worst overlap found. */
#define FACTOR_OVERLAP_MAX 0.10
static double factor_marker_overlap(const DList *dl, const Canvas *c, const PlotFacts *f)
{
    Rect ga = panel_area(c, PANEL_GRADIENT);
    double worst = 0;
    for (size_t i = 0; i < dl->n && ga.w; i++) {
        const DCmd *a = &dl->cmd[i];
        if (a->kind != DCMD_MARKER || a->u.marker.kind != MARK_DIAMOND || a->u.marker.halo != f->factor_ink ||
            !boxes_meet(a->u.marker.x, a->u.marker.y, 0, 0, ga.x, ga.y, ga.w + 1, ga.h + 1))
            continue;
        for (size_t j = i + 1; j < dl->n; j++) {
            const DCmd *b = &dl->cmd[j];
            if (b->kind != DCMD_MARKER || b->u.marker.kind != MARK_DIAMOND ||
                b->u.marker.halo != f->factor_ink || b->color != a->color)
                continue;
            double r = marker_reach(a);
            double ox = 2 * r - fabs(a->u.marker.x - b->u.marker.x), oy = 2 * r - fabs(a->u.marker.y - b->u.marker.y);
            if (ox > 0 && oy > 0) worst = fmax(worst, ox * oy / (4 * r * r));
        }
    }
    return worst;
}

/* Markers of the gradient panel's data area that the cursor's readout ("t = k" and the
 * value of each run under it, each on its backing) covers: the block's box against each
 * marker's inked box (lesson 1 step 3: "t = 0" lay over the factors at t = 1 and 2).
 * -1 if no cursor readout is drawn. */
static int markers_under_cursor(const DList *dl, const Canvas *c, Rect *box)
{
    Rect ga = panel_area(c, PANEL_GRADIENT);
    size_t at = dl->n;
    for (size_t i = 0; i < dl->n && ga.w; i++) {
        const DCmd *d = &dl->cmd[i];
        int k;
        char tail;
        if (d->kind == DCMD_TEXT && sscanf(dlist_text(dl, d), "t = %d%c", &k, &tail) == 1 &&
            boxes_meet(d->u.text.at.x0, d->u.text.at.y0, d->u.text.at.w, d->u.text.at.h, ga.x, ga.y, ga.w, ga.h))
            at = i;
    }
    if (at == dl->n) return -1;
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t i = at; i < dl->n && (dl->cmd[i].kind == DCMD_TEXT || dl->cmd[i].kind == DCMD_RECT); i++) {
        const DTextPlace *a = &dl->cmd[i].u.text.at;
        if (dl->cmd[i].kind != DCMD_TEXT) continue;
        x0 = fmin(x0, a->x0), y0 = fmin(y0, a->y0), x1 = fmax(x1, a->x0 + a->w), y1 = fmax(y1, a->y0 + a->h);
    }
    *box = (Rect){(int)x0, (int)y0, (int)(x1 - x0), (int)(y1 - y0)};
    int n = 0;
    for (size_t i = 0; i < at; i++) {
        const DCmd *d = &dl->cmd[i];
        if (d->kind != DCMD_MARKER) continue;
        double r = marker_reach(d), mx = d->u.marker.x, my = d->u.marker.y;
        if (!boxes_meet(mx, my, 0, 0, ga.x, ga.y, ga.w + 1, ga.h + 1)) continue; /* a key's */
        n += boxes_meet(mx - r, my - r, 2 * r, 2 * r, x0, y0, x1 - x0, y1 - y0);
    }
    return n;
}

/* Markers of the gradient and clipping panels not inside the clip rectangle they are drawn
 * with (inked box against it, a pixel of slack): an end marker cut in half (lessons 3/2,
 * 4/1: the dot at t = 19 on the plot's right edge). The first one's place in *what. */
static int markers_cut(const DList *dl, const Canvas *c, char *what, size_t n)
{
    Rect areas[2] = {panel_area(c, PANEL_GRADIENT), panel_area(c, PANEL_CLIPPING)};
    Rect clip = dl->clip;
    int cut = 0;
    what[0] = 0;
    for (size_t i = 0; i < dl->n; i++) {
        const DCmd *d = &dl->cmd[i];
        if (d->kind == DCMD_CLIP) clip = d->u.clip;
        if (d->kind != DCMD_MARKER) continue;
        double r = marker_reach(d) - 1, mx = d->u.marker.x, my = d->u.marker.y;
        int in_panel = 0;
        for (int a = 0; a < 2; a++)
            in_panel |= areas[a].w && boxes_meet(mx, my, 0, 0, areas[a].x, areas[a].y, areas[a].w + 1, areas[a].h + 1);
        if (!in_panel) continue;
        if (mx - r < clip.x || mx + r > clip.x + clip.w || my - r < clip.y || my + r > clip.y + clip.h) {
            if (!cut++)
                snprintf(what, n, "marker at (%.0f,%.0f) reaching %.1f px, clip %dx%d at (%d,%d)", mx, my, r + 1,
                         clip.w, clip.h, clip.x, clip.y);
        }
    }
    return cut;
}

/* The widest share of the gradient panel's data area that a dotted line of data width
 * with three points or more (a bound over t, not a reference line across) spans inside
 * it; -1 if the figure names no Pascanu bound in a key ("dotted: Pascanu bound"). */
static double bound_key_span(const DList *dl, const Canvas *c)
{
    Rect ga = panel_area(c, PANEL_GRADIENT);
    if (!ga.w || !drawn_text(dl, "dotted: Pascanu bound")) return -1;
    double best = 0, lo = INFINITY, hi = -INFINITY;
    int dotted = 0, pts = 0;
    for (size_t i = 0; i < dl->n; i++) {
        const DCmd *d = &dl->cmd[i];
        if (d->kind == DCMD_PATH) {
            dotted = d->u.pen.ndash == 2 && d->u.pen.dash[0] == 0 && d->u.pen.width >= 2.9 * c->scale;
            lo = INFINITY, hi = -INFINITY, pts = 0;
        } else if (dotted && (d->kind == DCMD_MOVE || d->kind == DCMD_LINE)) {
            double x = d->u.pt.x, y = d->u.pt.y;
            pts++;
            if (x >= ga.x - 1 && x <= ga.x + ga.w + 1 && y >= ga.y - 1 && y <= ga.y + ga.h + 1)
                lo = fmin(lo, x), hi = fmax(hi, x);
        } else if (d->kind == DCMD_END && dotted && pts >= 3 && hi > lo) {
            best = fmax(best, (hi - lo) / ga.w);
        }
    }
    return best;
}

/* The highlighted clipping panel tells the clipped runs' story: its axis holds the runs
 * that clip (their norms and thresholds, with a log axis's room) and not a run without
 * clipping that peaks far above them (lesson 4 step 1: 5e35 stretched it over 40
 * decades), and every run whose norms go past the axis's top is named with its peak
 * ("... above this scale"). */
static void clip_scale_checks(int lesson, int step, const char *where, const DList *dl,
                              const PlotFacts *f, const Run *runs, int nruns)
{
    if (!f->clip_axis) return;
    double top = 0;
    for (int i = 0; i < nruns && f->clip_highlight; i++) {
        if (runs[i].diverged_at || runs[i].cfg.clip == CLIP_NONE) continue;
        if (runs[i].cfg.clip == CLIP_NORM) top = fmax(top, runs[i].cfg.clip_threshold);
        for (int h = 0; h < runs[i].hist.n; h++)
            if (isfinite(runs[i].hist.e[h].grad_norm)) top = fmax(top, runs[i].hist.e[h].grad_norm);
    }
    if (top > 0) {
        double span = log10(f->clip_hi) - log10(f->clip_lo), room = fmax(3.0, span / 5);
        EXPECT(log10(f->clip_hi) <= log10(top) + room, "%s: the highlighted clipping axis reaches %g, "
               "the clipping runs only %g (room %.1f decades)", where, f->clip_hi, top, room);
        printf("  %s: clipping axis to %.3g, clipping runs to %.3g\n", where, f->clip_hi, top);
    }
    for (int i = 0; i < nruns; i++) {
        double peak = 0;
        for (int h = 0; h < runs[i].hist.n; h++)
            if (isfinite(runs[i].hist.e[h].grad_norm)) peak = fmax(peak, runs[i].hist.e[h].grad_norm);
        if (runs[i].diverged_at || !(peak > f->clip_hi)) continue;
        int named = 0; /* (a key broken over lines: the texts after it end it) */
        for (size_t k = 0; k < dl->n; k++) {
            if (dl->cmd[k].kind != DCMD_TEXT || !strstr(dlist_text(dl, &dl->cmd[k]), runs[i].label))
                continue;
            named |= drawn_text_at(dl, k, "above this scale");
        }
        EXPECT(named, "%s: run '%s' peaks at %g, above the clipping axis's %g, and no text says so", where,
               runs[i].label, peak, f->clip_hi);
    }
}

/* A readout naming the training step of an extreme of the gradient reaching a word
 * ("largest ‖∂L/∂x(0)‖ / ‖∂L/∂x(39)‖ = 0.00215 (at step 1331)", lesson 6 step 3) is tied to
 * the heatmap's column of that step: brackets drawn at that column, either side. */
static void heat_mark_checks(int lesson, int step, const char *where, const Canvas *c, const DList *dl,
                             const PlotFacts *f)
{
    double map_h = 0; /* the heatmaps' height: the brackets span the column they mark */
    for (int i = 0; i < c->nareas; i++)
        if (c->areas[i].tag == PANEL_HEATMAP) map_h = fmax(map_h, c->areas[i].area.h);
    for (int r = 0; r < f->nreadouts && f->heat_n > 0; r++) {
        const char *at = strstr(f->readout[r], "(at step ");
        if (!at || (!strstr(f->readout[r], "largest \u2016\u2202L/\u2202x") &&
                    !strstr(f->readout[r], "smallest \u2016\u2202L/\u2202x")))
            continue;
        long want = atol(at + 9);
        int sides = 0, short_sides = 0;
        for (size_t k = 0; k + 2 < dl->n; k++)
            if (dl->cmd[k].kind == DCMD_PATH && dl->cmd[k + 1].kind == DCMD_MOVE &&
                fabs(fabs(dl->cmd[k + 1].u.pt.x - f->heat_mark_x) - f->heat_mark_gap) < 0.01) {
                sides++;
                /* the ratio of word 0 to word T-1: the whole column, not its top rows (lesson
                 * 6 step 3's brackets covered the top eighth and marked nothing there) */
                short_sides += dl->cmd[k + 2].kind == DCMD_LINE &&
                               fabs(dl->cmd[k + 2].u.pt.y - dl->cmd[k + 1].u.pt.y) < 0.95 * map_h;
            }
        EXPECT(short_sides == 0, "%s: %d of the bracket lines at step %ld span less than the map's "
               "%.0f px", where, short_sides, f->heat_mark_step, map_h);
        EXPECT(f->heat_mark_step == want && sides >= 2, "%s: readout '%s': the heatmap marks step %ld "
               "with %d bracket line(s)", where, f->readout[r], f->heat_mark_step, sides);
        /* the brackets are named: a key says which step they mark and why (lesson 6
         * step 3's two white lines were unexplained on screen) */
        char named[40];
        snprintf(named, sizeof named, "map: step %ld,", want);
        int keyed = 0;
        for (size_t k = 0; k < dl->n && !keyed; k++)
            keyed = dl->cmd[k].kind == DCMD_TEXT && strstr(dlist_text(dl, &dl->cmd[k]), named);
        EXPECT(keyed, "%s: the brackets at step %ld have no key naming them", where, want);
        printf("  %s: heatmap marks step %ld at x %.1f (%d lines%s)\n", where, f->heat_mark_step,
               f->heat_mark_x, sides, keyed ? ", keyed" : "");
    }
}

/* Each colour bar has a tick at every decade (a short one between the labelled ones)
 * where decades stand 4 px apart: the narration counts decades down the bar ("two
 * decades or more down the colour bar", lesson 6 step 3), and labels every 4th or 10th
 * decade leave nothing to count them by. Ticks are the axis-coloured rectangles that
 * touch the bar's right edge (vertical) or its bottom (horizontal). */
static void bar_decade_checks(int lesson, int step, const char *where, const DList *dl, const PlotFacts *f)
{
    double span = f->shade_hi - f->shade_lo;
    for (int b = 0; b < f->nbars && span > 0; b++) {
        Rect r = f->bar[b];
        int v = f->bar_vertical[b];
        double len = v ? r.h : r.w;
        if (len / span < 4) continue;
        int want = (int)(floor(f->shade_hi + 1e-9) - ceil(f->shade_lo - 1e-9)) + 1, got = 0;
        for (size_t k = 0; k < dl->n; k++) {
            const DCmd *d = &dl->cmd[k];
            if (d->kind != DCMD_RECT) continue;
            double x = d->u.rect.x, y = d->u.rect.y, w = d->u.rect.w, h = d->u.rect.h;
            if (v ? fabs(x - (r.x + r.w)) < 0.5 && y >= r.y - 2 && y + h <= r.y + r.h + 2 && h < w
                  : fabs(y - (r.y + r.h)) < 0.5 && x >= r.x - 2 && x + w <= r.x + r.w + 2 && w < h)
                got++;
        }
        EXPECT(got >= want, "%s: a colour bar of %d decades over %.0f px has %d tick(s)", where, want - 1,
               len, got);
    }
}

/* The slopes inset (lesson 2 step 1) hides no data: no segment of a run's line drawn
 * before it (its own curves come after) meets its box, which in a narrow window sat on
 * the tanh product for t = 0..12 (a reviewer's walk). */
static int data_segments_meeting(const DList *l, const Canvas *c, PlotTheme theme, Rect box, size_t upto);

static void slopes_checks(int lesson, int step, const char *where, const Canvas *c, const DList *l,
                          const PlotFacts *f, PlotTheme theme)
{
    Rect box = f->slopes_box;
    if (box.w <= 0) return;
    int hits = data_segments_meeting(l, c, theme, box, f->slopes_at);
    EXPECT(hits == 0, "%s: the slopes inset (%d,%d %dx%d) covers %d segment(s) of the runs' lines", where,
           box.x, box.y, box.w, box.h, hits);
}

/* The checks above on one rendering (where: its size and mode). */
static void gradient_marker_checks(int lesson, int step, const char *where, const Canvas *c,
                                   const DList *dl, const PlotFacts *f)
{
    double over = factor_marker_overlap(dl, c, f);
    EXPECT(over <= FACTOR_OVERLAP_MAX, "%s: two factor markers of a run overlap by %.2f of a marker "
           "(at most %.2f)", where, over, FACTOR_OVERLAP_MAX);
    if (f->factor_axis) printf("  %s: factor markers overlap by %.2f at most\n", where, over);
    Rect box;
    int under = markers_under_cursor(dl, c, &box);
    EXPECT(under <= 0, "%s: the cursor's readout %dx%d at (%d,%d) covers %d marker(s)", where, box.w,
           box.h, box.x, box.y, under);
    if (under >= 0) printf("  %s: cursor readout at (%d,%d), %d marker(s) under it\n", where, box.x, box.y, under);
    char what[160];
    int cut = markers_cut(dl, c, what, sizeof what);
    EXPECT(cut == 0, "%s: %d marker(s) cut by their clip, first %s", where, cut, what);
    double span = bound_key_span(dl, c);
    /* (a bound that leaves the plot early is drawn where it is on it, and its note says
     * where it leaves: "bound above for t <= 16", checked by bound_notes_false) */
    int told = drawn_text(dl, "for t \u2264") || drawn_text(dl, "for t\u00a0\u2264");
    EXPECT(span < 0 || span >= 0.4 || told, "%s: the key names the Pascanu bound, its dotted line spans %.2f of "
           "the plot (at least 0.40) and no note says where it leaves", where, span);
    if (span >= 0) printf("  %s: Pascanu bound named, spans %.2f of the plot\n", where, span);
}

/* ---- words and ticks that read (issue 10, helper D) ---- */

/* Texts written upwards made only of underscores: the blank "___" turned on its side
 * reads as a tick mark (lesson 10 step 2, the attention panel's last word). */
static int underscores_up(const DList *l)
{
    int n = 0;
    for (size_t i = 0; i < l->n; i++) {
        const DCmd *d = &l->cmd[i];
        if (d->kind != DCMD_TEXT || !d->u.text.up) continue;
        const char *s = dlist_text(l, d);
        n += s[0] && strspn(s, "_") == strlen(s);
    }
    return n;
}

/* Stacked scales (the attention panel's bands, one per head; the gates panel's, one per
 * gate): a band's "0" (or "0.0") and, below it, the next band's "1" ("1.0"),
 * right-aligned in one column. The smallest distance between their centres, in line
 * heights; INFINITY if there is no such pair. At 1.3 lines the two digits nearly
 * touched (lesson 10 step 2). */
static double stacked_tick_gap(const DList *l)
{
    double least = INFINITY;
    for (size_t i = 0; i < l->n; i++) {
        const DCmd *a = &l->cmd[i];
        if (a->kind != DCMD_TEXT || a->u.text.up || (strcmp(dlist_text(l, a), "0") && strcmp(dlist_text(l, a), "0.0")))
            continue;
        for (size_t j = 0; j < l->n; j++) {
            const DCmd *b = &l->cmd[j];
            if (b->kind != DCMD_TEXT || b->u.text.up || (strcmp(dlist_text(l, b), "1") && strcmp(dlist_text(l, b), "1.0")))
                continue;
            const DTextPlace *p = &a->u.text.at, *q = &b->u.text.at;
            if (abs((p->x0 + p->w) - (q->x0 + q->w)) > 1 || q->y0 <= p->y0 || p->h != q->h) continue;
            least = fmin(least, (q->y0 - p->y0) / (double)p->h);
        }
    }
    return least;
}

/* The checks on one rendering of a step (where: its size and mode), as drawn in dl with
 * the facts f: the chance loss's label hides no data, the factor axis is told apart in
 * its theme's colour, the strip's cue and scored-step marks are seen and apart. */
/* Texts that their clip rectangle cuts (a label beside a line near the plot's edge,
 * drawn half outside it: lesson 3 step 3's "cue" read "c"): how many, the first named. */
static int cut_texts(const DList *l, char *what, size_t n)
{
    int count = 0;
    Rect clip = l->clip;
    what[0] = 0;
    for (size_t i = 0; i < l->n; i++) {
        const DCmd *d = &l->cmd[i];
        if (d->kind == DCMD_CLIP) clip = d->u.clip;
        if (d->kind != DCMD_TEXT || !dlist_text(l, d)[0]) continue;
        Rect b = text_box(d);
        if (b.x >= clip.x && b.y >= clip.y && b.x + b.w <= clip.x + clip.w && b.y + b.h <= clip.y + clip.h)
            continue;
        if (!count++)
            snprintf(what, n, "\"%s\" at (%d,%d) %dx%d, clip (%d,%d) %dx%d", dlist_text(l, d), b.x, b.y,
                     b.w, b.h, clip.x, clip.y, clip.w, clip.h);
    }
    return count;
}

/* 1 if the segment (x0,y0)-(x1,y1) meets the rectangle r grown by g on every side
 * (Liang-Barsky: the part of the segment inside it is not empty). */
static int segment_meets(double x0, double y0, double x1, double y1, Rect r, double g)
{
    double lo = 0, hi = 1, dx = x1 - x0, dy = y1 - y0;
    double p[4] = {-dx, dx, -dy, dy};
    double q[4] = {x0 - (r.x - g), r.x + r.w + g - x0, y0 - (r.y - g), r.y + r.h + g - y0};
    for (int k = 0; k < 4; k++) {
        if (p[k] == 0) {
            if (q[k] < 0) return 0;
            continue;
        }
        double t = q[k] / p[k];
        if (p[k] < 0) lo = fmax(lo, t);
        else hi = fmin(hi, t);
        if (lo > hi) return 0;
    }
    return 1;
}

/* The colour of the path begun at command j of l: it comes with the path's end. */
static uint32_t path_color(const DList *l, size_t j)
{
    for (size_t e = j + 1; e < l->n; e++)
        if (l->cmd[e].kind == DCMD_END) return l->cmd[e].color;
        else if (l->cmd[e].kind == DCMD_PATH) break;
    return 0;
}

/* Segments of the runs' lines (paths of a run's colour, any alpha, at the data lines'
 * pen width: not the thinner leaders and reference lines) among commands [0, upto) of l
 * that meet box grown by half their pen. */
static int data_segments_meeting(const DList *l, const Canvas *c, PlotTheme theme, Rect box, size_t upto)
{
    const Theme *th = style_theme(theme);
    double lw = fmax(1.2, 3.0 * c->scale); /* style_init's line_w */
    double pen = 0, px = NAN, py = NAN;
    int data = 0, hits = 0;
    for (size_t j = 0; j < l->n && j < upto; j++) {
        const DCmd *d = &l->cmd[j];
        if (d->kind == DCMD_PATH) {
            pen = d->u.pen.width, px = py = NAN;
            uint32_t col = path_color(l, j);
            data = 0;
            for (int r = 0; r < PLOT_MAX_RUNS; r++) data |= (col & 0xFFFFFFu) == (th->run[r] & 0xFFFFFFu);
            data &= pen >= 0.95 * lw;
        } else if (d->kind == DCMD_MOVE) px = d->u.pt.x, py = d->u.pt.y;
        else if (d->kind == DCMD_LINE) {
            double x = d->u.pt.x, y = d->u.pt.y;
            if (data && !isnan(px) && segment_meets(px, py, x, y, box, pen / 2 - 0.5)) hits++;
            px = x, py = y;
        }
    }
    return hits;
}

/* The box a label covers: its text's box (rotated for a text written upwards), and the
 * backing drawn right before it when that backing meets the text. */
static Rect label_box(const DList *l, size_t i)
{
    const DCmd *d = &l->cmd[i];
    const DTextPlace *a = &d->u.text.at;
    Rect b = d->u.text.up ? (Rect){a->x0, a->y0 - a->w + 1, a->h, a->w} : (Rect){a->x0, a->y0, a->w, a->h};
    for (size_t j = i; j-- > 0 && j + 4 > i;) { /* the backing: a rectangle just before it */
        const DCmd *r = &l->cmd[j];
        if (r->kind == DCMD_TEXT) continue; /* a label of several lines */
        if (r->kind != DCMD_RECT) break;
        Rect k = {(int)floor(r->u.rect.x), (int)floor(r->u.rect.y), (int)ceil(r->u.rect.w),
                  (int)ceil(r->u.rect.h)};
        if (rect_overlap(k, b)) {
            int x1 = b.x + b.w > k.x + k.w ? b.x + b.w : k.x + k.w, y1 = b.y + b.h > k.y + k.h ? b.y + b.h : k.y + k.h;
            b.x = b.x < k.x ? b.x : k.x, b.y = b.y < k.y ? b.y : k.y;
            b.w = x1 - b.x, b.h = y1 - b.y;
        }
        break;
    }
    return b;
}

/* Labels over plotted data: every text drawn inside a panel's data area (a label: a
 * threshold's, the chance loss's, a diverged run's, a note) must meet no segment of a
 * run's lines (paths of a run's colour, any alpha, at the data lines' pen width: not the
 * thinner leaders and reference lines), with its backing, and stay between the data
 * area's sides (lesson 4 step 3's "threshold 1" ran past the right one, cut). How many
 * labels fail; each is named in what. */
static int labels_over_data(const DList *l, const Canvas *c, PlotTheme theme, char *what, size_t n)
{
    double lw = fmax(1.2, 3.0 * c->scale); /* style_init's line_w */
    int count = 0;
    what[0] = 0;
    for (size_t i = 0; i < l->n; i++) {
        const DCmd *t = &l->cmd[i];
        if (t->kind != DCMD_TEXT || !dlist_text(l, t)[0]) continue;
        Rect tb = text_box(t);
        double cx = tb.x + tb.w / 2.0, cy = tb.y + tb.h / 2.0;
        const CanvasArea *in = NULL;
        for (int k = 0; k < c->nareas && !in; k++) {
            Rect a = c->areas[k].area;
            if (cx > a.x && cx < a.x + a.w && cy > a.y && cy < a.y + a.h) in = &c->areas[k];
        }
        if (!in) continue;
        Rect box = label_box(l, i), a = in->area;
        int m = (int)ceil(lw) + 1, hits = data_segments_meeting(l, c, theme, box, l->n);
        int out = tb.x < a.x - m || tb.x + tb.w > a.x + a.w + m; /* past a side */
        if (hits || out) {
            size_t o = strlen(what);
            if (o + 1 < n)
                snprintf(what + o, n - o, "%s\"%s\" at (%d,%d) %dx%d: %d segment(s) under it%s",
                         count ? "; " : "", dlist_text(l, t), box.x, box.y, box.w, box.h, hits,
                         out ? ", cut by the plot's edge" : "");
            count++;
        }
    }
    return count;
}

/* Every label a panel asked to place on its plot is drawn somewhere: on the plot, away
 * from its mark with a leader, or as a key; never left out (a claim of the narration
 * - "diverged at step k", the first clip, the chance loss - would vanish). */
static void label_checks(int lesson, int step, const char *where, const DList *dl, const PlotFacts *f)
{
    static const char *const how[] = {"dropped", "placed", "leader", "key"};
    for (int i = 0; i < f->nlabels; i++) {
        const struct PlotLabelFact *l = &f->label[i];
        EXPECT(l->how != PLOT_LABEL_DROPPED && drawn_text(dl, l->text),
               "%s: %s panel's label \"%s\" %s, %s", where, plot_panel_name(l->panel), l->text,
               how[l->how], drawn_text(dl, l->text) ? "drawn" : "not drawn");
    }
}

/* 1 if the narration speaks of clipping ("clip", "Clipped", "clipping" ...). */
static int speaks_of_clipping(const char *narration)
{
    for (const char *q = narration; *q; q++)
        if ((q[0] | 0x20) == 'c' && (q[1] | 0x20) == 'l' && (q[2] | 0x20) == 'i' && (q[3] | 0x20) == 'p')
            return 1;
    return 0;
}

/* 1 if the narration speaks of gates ("gate", "gates", "forget-gate"), not only of
 * "gated" cells: a claim about what gates do. */
static int speaks_of_gates(const char *narration)
{
    for (const char *q = strstr(narration, "gate"); q; q = strstr(q + 4, "gate"))
        if (q[4] != 'd') return 1;
    return 0;
}

/* A narration that speaks of gates shows them: the gates panel, or a readout of a gate's
 * activation (lesson 9 step 2 said the gates "learn to open the path" while presenter
 * mode, dropping the gates panel, drew none). */
static int panel_says(const DList *l, Rect r, const char *a, const char *b);
static int gates_shown(const DList *dl, const PlotFacts *f)
{
    for (int p = 0; p < f->npanels; p++)
        if (f->panel[p] == PANEL_GATES || panel_says(dl, f->panel_rect[p], "gate", "gate")) return 1;
    return 0;
}

/* A narration that speaks of clipping sees each first clip: every run still training
 * that clipped has its note ("‖g‖ 7.8·10³ → 3 (step 1)") in the clipping panel, on the
 * plot, off it with a leader, or in the keys, and never left out (a note keyed only
 * where the keys cost the plot under 15% of its height was dropped beside a short plot,
 * its claim gone). How many notes fail; the first named in what. */
static int clip_notes_missing(const DList *dl, const PlotFacts *f, const Run *runs, int nruns, char *what,
                              size_t n)
{
    int want = 0, seen = 0, shown = 0;
    what[0] = 0;
    for (int p = 0; p < f->npanels; p++) shown |= f->panel[p] == PANEL_CLIPPING;
    for (int i = 0; i < nruns; i++) want += !runs[i].diverged_at && runs[i].hist.first_clip > 0;
    for (int k = 0; k < f->nlabels; k++) {
        const struct PlotLabelFact *l = &f->label[k];
        if (l->panel != PANEL_CLIPPING || !strstr(l->text, "\u2016g\u2016 ") || !strstr(l->text, "\u2192"))
            continue;
        if (l->how != PLOT_LABEL_DROPPED && drawn_text(dl, l->text)) seen++;
        else if (!what[0]) snprintf(what, n, "\"%s\" %s", l->text, l->how == PLOT_LABEL_DROPPED ? "dropped" : "not drawn");
    }
    if (!what[0] && seen < want)
        snprintf(what, n, "%s", shown ? "the clipping panel notes no first clip" : "no clipping panel");
    return want > seen ? want - seen : 0;
}

static int in_rect(Rect r, double x, double y);
static Rect panel_area_rect(const PlotFacts *f, int kind);
static int panel_says(const DList *l, Rect r, const char *a, const char *b);

/* The converse: a key of the loss panel that says a run's dot or square is under
 * another's (not "partly") is true of the drawing: one of its markers of that kind lies
 * within 0.35 of a marker's size of another run's (lesson 9 step 1: the IRNN's dot at
 * 2.36 showed above the GRU's at 2.08 under "under later runs' dots: ..., IRNN").
 * Returns how many such claims are false, the first in what. */
static int under_claims_false(const DList *dl, const Canvas *c, const PlotFacts *f, const Run *runs, int nruns,
                              const PlotView *v, char *what, size_t n)
{
    const Theme *th = style_theme(v->theme);
    Rect pr = panel_area_rect(f, PANEL_LOSS), ar = {0, 0, 0, 0};
    for (int k = 0; k < c->nareas; k++)
        if (c->areas[k].tag == PANEL_LOSS) ar = c->areas[k].area;
    if (pr.w <= 0 || ar.w <= 0) return 0;
    int bad = 0;
    what[0] = 0;
    const char *prev = "";
    for (size_t t = 0; t < dl->n; t++) {
        if (dl->cmd[t].kind != DCMD_TEXT) continue;
        const DTextPlace *tp = &dl->cmd[t].u.text.at;
        const char *s = dlist_text(dl, &dl->cmd[t]);
        if (!in_rect(pr, tp->x0, tp->y0)) continue;
        char both[512]; /* (a key broken over two lines) */
        snprintf(both, sizeof both, "%s %s", prev, s);
        prev = s;
        const char *u = strstr(both, "under later runs' dots:");
        int multi = u != NULL;
        if (!u) u = strstr(both, " under ");
        if (!u || strstr(both, "partly") || strstr(both, "line") || strstr(both, "bound")) continue;
        int kinds = multi ? 1 : (strstr(both, "dot and square") ? 3 : strstr(both, "accuracy") ? 2 : 1);
        for (int ri = 0; ri < nruns && ri < PLOT_MAX_RUNS; ri++) {
            const char *at = strstr(both, runs[ri].label);
            if (!at || (!multi && at > u) || (multi && at < u)) continue;
            size_t L = strlen(runs[ri].label); /* a whole name: "tanh" is not "tanh + clip" */
            if (multi && at[L] != ',' && at[L] != 0) continue;
            if (!multi && at[L] != ':') continue;
            int ok = 0;
            for (size_t i = 0; i < dl->n && !ok; i++) {
                const DCmd *a = &dl->cmd[i];
                if (a->kind != DCMD_MARKER || a->color != th->run[plot_run_slot(v, ri)] || !in_rect(ar, a->u.marker.x, a->u.marker.y))
                    continue;
                int kind = a->u.marker.kind == MARK_CIRCLE ? 1 : a->u.marker.kind == MARK_SQUARE ? 2 : 0;
                if (!(kind & kinds)) continue;
                for (size_t j = i + 1; j < dl->n && !ok; j++) {
                    const DCmd *b = &dl->cmd[j];
                    ok = b->kind == DCMD_MARKER && b->u.marker.kind == a->u.marker.kind && b->color != a->color &&
                         hypot(a->u.marker.x - b->u.marker.x, a->u.marker.y - b->u.marker.y) < 0.35 * a->u.marker.size;
                }
            }
            if (!ok && !bad++) snprintf(what, n, "\"%.200s\" of %s", both, runs[ri].label);
        }
    }
    return bad;
}

/* A note of the gradient panel about a run's Pascanu bound says where it is as drawn:
 * "above the plot (... at t = k)" (not drawn) where fewer than two of its timesteps lie
 * within the axis, and "above the plot for t <= k" (drawn) where k is the latest t above
 * the axis's top (lesson 3 step 1 left out a bound on the plot from t = 12 to 19
 * under "above the plot"; lesson 2 step 1 said "above for t <= 22" of a bound the axis
 * held to t = 0). The bound is the engine's, times its anchor (‖∂L/∂h(T−1)‖, or 1 for
 * the Jacobian product). How many notes are false, the first in what. */
static int bound_notes_false(const DList *dl, const Canvas *c, const PlotFacts *f, const Run *runs, int nruns,
                             char *what, size_t n)
{
    const CanvasArea *ga = NULL;
    for (int k = 0; k < c->nareas; k++)
        if (c->areas[k].tag == PANEL_GRADIENT && c->areas[k].ylog) ga = &c->areas[k];
    Rect pr = panel_area_rect(f, PANEL_GRADIENT);
    if (!ga || pr.w <= 0) return 0;
    int jac = panel_says(dl, pr, "Jacobian product", "Jacobian product"), bad = 0, notes = 0;
    what[0] = 0;
    for (size_t t = 0; t < dl->n; t++) {
        if (dl->cmd[t].kind != DCMD_TEXT || !in_rect(pr, dl->cmd[t].u.text.at.x0, dl->cmd[t].u.text.at.y0)) continue;
        const char *s = dlist_text(dl, &dl->cmd[t]), *b = strstr(s, "bound above");
        const char *u = strstr(s, ": bound under ");
        if (u) { /* "relu: bound under tanh's (the same values)": the two bounds agree */
            int ri = -1, rj = -1;
            for (int q = 0; q < nruns; q++) {
                size_t L = strlen(runs[q].label);
                if (!strncmp(s, runs[q].label, L) && s + L == u) ri = q;
                if (!strncmp(u + strlen(": bound under "), runs[q].label, L) &&
                    !strncmp(u + strlen(": bound under ") + L, "'s", 2))
                    rj = q;
            }
            int same = ri >= 0 && rj >= 0 && runs[ri].diag.T == runs[rj].diag.T;
            for (int q = 0; same && q < runs[ri].diag.T; q++) {
                double x = runs[ri].diag.bound[q] * (jac ? 1.0 : runs[ri].diag.grad_h[runs[ri].diag.T - 1]);
                double y = runs[rj].diag.bound[q] * (jac ? 1.0 : runs[rj].diag.grad_h[runs[rj].diag.T - 1]);
                same = x == y || fabs(x - y) <= 0.01 * fabs(y);
            }
            notes++;
            if (!same && !bad++) snprintf(what, n, "\"%.120s\": the two bounds differ", s);
            continue;
        }
        if (!b) continue;
        for (int ri = 0; ri < nruns; ri++) {
            size_t L = strlen(runs[ri].label);
            if (strncmp(s, runs[ri].label, L) || s[L] != ':') continue;
            const Diag *d = &runs[ri].diag;
            double a = jac ? 1.0 : d->grad_h[d->T - 1];
            int in = 0, last_above = -1;
            for (int u = 0; u < d->T; u++) {
                double e = log10(d->bound[u] * a);
                if (e > ga->y_hi + 1e-9) last_above = u;
                else if (e >= ga->y_lo - 1e-9) in++;
            }
            /* "for t ≤ 11", or "only at t = 0" where that is the first timestep */
            static const char *const upto[4] = {"t \u2264 ", "t\u00a0\u2264\u00a0", "only at t = ",
                                                "only at t\u00a0=\u00a0"};
            const char *k = NULL;
            for (int q = 0; q < 4 && !k; q++)
                if ((k = strstr(b, upto[q]))) k += strlen(upto[q]);
            int partial = k && !strstr(b, "inf");
            int said = partial ? atoi(k) : -1;
            int ok = partial ? said == last_above : in < 2 && last_above >= 0;
            if (strstr(b, "inf")) ok = last_above >= 0; /* (inf: off the top wherever it is) */
            notes++;
            if (!ok && !bad++)
                snprintf(what, n, "\"%.120s\": %d timestep(s) on the axis (10^%.1f .. 10^%.1f), the latest "
                         "above it t = %d", s, in, ga->y_lo, ga->y_hi, last_above);
        }
    }
    return bad;
}

/* The sentence strip's ratio ("... first word / scored word: 0") ends in a number, and
 * the colour bar's labels to its right start with one: the gap between it and the
 * nearest text right of it on its rows, in units of its height (lesson 3 step 3 in
 * presenter mode: 0.6, read as "0 10⁻¹⁶"); INFINITY where none. */
static double ratio_gap(const DList *dl, const PlotFacts *f)
{
    if (!f->strip_ratio[0]) return INFINITY;
    double best = INFINITY;
    for (size_t i = 0; i < dl->n; i++) {
        if (dl->cmd[i].kind != DCMD_TEXT || !strstr(dlist_text(dl, &dl->cmd[i]), f->strip_ratio)) continue;
        Rect a = text_box(&dl->cmd[i]);
        for (size_t j = 0; j < dl->n; j++) {
            if (j == i || dl->cmd[j].kind != DCMD_TEXT || !dlist_text(dl, &dl->cmd[j])[0]) continue;
            Rect b = text_box(&dl->cmd[j]);
            if (b.x < a.x + a.w || b.y >= a.y + a.h || b.y + b.h <= a.y) continue;
            best = fmin(best, (double)(b.x - (a.x + a.w)) / a.h);
        }
    }
    return best;
}

/* The × markers (a diverged run's mark) drawn inside r (none where r is empty). */
static int crosses_in(const DList *dl, Rect r)
{
    int n = 0;
    for (size_t i = 0; i < dl->n && r.w > 0; i++) {
        const DCmd *d = &dl->cmd[i];
        n += d->kind == DCMD_MARKER && d->u.marker.kind == MARK_CROSS && in_rect(r, d->u.marker.x, d->u.marker.y);
    }
    return n;
}

/* How far from the box b the point (x, y) lies (0 inside it). */
static double box_dist(Rect b, double x, double y)
{
    double dx = fmax(fmax(b.x - x, x - (b.x + b.w)), 0), dy = fmax(fmax(b.y - y, y - (b.y + b.h)), 0);
    return hypot(dx, dy);
}

/* Labels over markers and reference lines: every text drawn inside a panel's data area
 * (as labels_over_data picks them), with its backing, covers no marker's ink (factor
 * diamonds, the runs' marks, end dots, clip marks, a diverged run's cross, its own too)
 * and no reference line (the chance lines, thresholds, the Pascanu bound, the factors'
 * bound, the cue, the cursor: paths of any pen in any colour but the grid's and the
 * frame's), its own leader excepted (a segment with an end at its box). The runs' lines
 * are labels_over_data's. How many labels fail; each named in what. */
static int labels_over_marks(const DList *l, const Canvas *c, PlotTheme theme, char *what, size_t n)
{
    const Theme *th = style_theme(theme);
    int count = 0;
    what[0] = 0;
    for (size_t i = 0; i < l->n; i++) {
        const DCmd *t = &l->cmd[i];
        if (t->kind != DCMD_TEXT || !dlist_text(l, t)[0]) continue;
        Rect tb = text_box(t);
        double cx = tb.x + tb.w / 2.0, cy = tb.y + tb.h / 2.0;
        const CanvasArea *in = NULL;
        for (int k = 0; k < c->nareas && !in; k++) {
            Rect a = c->areas[k].area;
            if (cx > a.x && cx < a.x + a.w && cy > a.y && cy < a.y + a.h) in = &c->areas[k];
        }
        if (!in) continue;
        Rect box = label_box(l, i), a = in->area;
        int marks = 0, refs = 0;
        double pen = 0, px = NAN, py = NAN;
        int ref = 0;
        for (size_t j = 0; j < l->n; j++) {
            const DCmd *d = &l->cmd[j];
            if (d->kind == DCMD_MARKER) {
                double mx = d->u.marker.x, my = d->u.marker.y;
                if (mx < a.x - 2 || mx > a.x + a.w + 2 || my < a.y - 2 || my > a.y + a.h + 2) continue;
                marks += box_dist(box, mx, my) < marker_reach(d) - 0.5;
            } else if (d->kind == DCMD_PATH) {
                pen = d->u.pen.width, px = py = NAN;
                uint32_t col = path_color(l, j) & 0xFFFFFFu;
                ref = col != (th->grid & 0xFFFFFFu) && col != (th->axis & 0xFFFFFFu) &&
                      col != (th->border & 0xFFFFFFu);
            } else if (d->kind == DCMD_MOVE) px = d->u.pt.x, py = d->u.pt.y;
            else if (d->kind == DCMD_LINE) {
                double x = d->u.pt.x, y = d->u.pt.y;
                /* inside the data area (not the axes' ticks), not a leader ending at the box */
                int inside = fmin(px, x) < a.x + a.w && fmax(px, x) > a.x && fmin(py, y) < a.y + a.h &&
                             fmax(py, y) > a.y;
                int leader = box_dist(box, px, py) <= 2 || box_dist(box, x, y) <= 2;
                if (ref && inside && !leader && !isnan(px) && segment_meets(px, py, x, y, box, pen / 2 - 0.5))
                    refs++;
                px = x, py = y;
            }
        }
        if (marks || refs) {
            size_t o = strlen(what);
            if (o + 1 < n)
                snprintf(what + o, n - o, "%s\"%s\" at (%d,%d) %dx%d: %d marker(s), %d line segment(s) "
                         "under it", count ? "; " : "", dlist_text(l, t), box.x, box.y, box.w, box.h, marks,
                         refs);
            count++;
        }
    }
    return count;
}

/* Reference lines across the gradient and clipping panels' plots: straight lines from
 * one side of the data area to the other in any colour but the grid's and the frame's -
 * the cue's (dotted, the accent colour), the backward cursor's, each run's factor bound
 * (gamma * sigma_max on the factors' axis: sigma_max / 4 for a sigmoid), the clipping
 * thresholds. Labels drawn in those plots (the cue's, a diverged run's, the cursor's
 * readout, a threshold's, the first clip's note) must cover none: a line that spans the
 * plot is no label's leader, so none is let through, however near its end lies to the
 * box (labels_over_marks lets a segment ending within 2 px of a box through as its
 * leader: a box at the plot's top, foot or side sat on these lines unseen). How many
 * pairs of a label and such a line meet; the first named in what. */
static int labels_on_span_lines(const DList *l, const Canvas *c, PlotTheme theme, char *what, size_t n)
{
    const Theme *th = style_theme(theme);
    int count = 0;
    what[0] = 0;
    for (int ar = 0; ar < c->nareas; ar++) {
        if (c->areas[ar].tag != PANEL_GRADIENT && c->areas[ar].tag != PANEL_CLIPPING) continue;
        Rect a = c->areas[ar].area;
        /* the lines: x0, y0, x1, y1 and half the pen */
        double ln[32][5];
        int nl = 0;
        for (size_t j = 0; j + 3 < l->n && nl < 32; j++) {
            const DCmd *d = &l->cmd[j];
            if (d->kind != DCMD_PATH || l->cmd[j + 1].kind != DCMD_MOVE || l->cmd[j + 2].kind != DCMD_LINE ||
                l->cmd[j + 3].kind != DCMD_END)
                continue; /* one straight segment */
            double x0 = l->cmd[j + 1].u.pt.x, y0 = l->cmd[j + 1].u.pt.y;
            double x1 = l->cmd[j + 2].u.pt.x, y1 = l->cmd[j + 2].u.pt.y;
            uint32_t col = l->cmd[j + 3].color & 0xFFFFFFu;
            if (col == (th->grid & 0xFFFFFFu) || col == (th->axis & 0xFFFFFFu) || col == (th->border & 0xFFFFFFu))
                continue;
            int across = y0 == y1 && y0 > a.y && y0 < a.y + a.h && fmin(x0, x1) <= a.x + 1 &&
                         fmax(x0, x1) >= a.x + a.w - 1;
            int down = x0 == x1 && x0 > a.x && x0 < a.x + a.w && fmin(y0, y1) <= a.y + 1 &&
                       fmax(y0, y1) >= a.y + a.h - 1;
            if (!across && !down) continue;
            double *q = ln[nl++];
            q[0] = x0, q[1] = y0, q[2] = x1, q[3] = y1, q[4] = d->u.pen.width / 2;
        }
        for (size_t i = 0; i < l->n && nl; i++) {
            const DCmd *t = &l->cmd[i];
            if (t->kind != DCMD_TEXT || !dlist_text(l, t)[0]) continue;
            Rect tb = text_box(t);
            double cx = tb.x + tb.w / 2.0, cy = tb.y + tb.h / 2.0;
            if (!(cx > a.x && cx < a.x + a.w && cy > a.y && cy < a.y + a.h)) continue;
            Rect box = label_box(l, i);
            for (int k = 0; k < nl; k++) {
                if (!segment_meets(ln[k][0], ln[k][1], ln[k][2], ln[k][3], box, ln[k][4] - 0.5)) continue;
                size_t o = strlen(what);
                if (o + 1 < n)
                    snprintf(what + o, n - o, "%s\"%s\" at (%d,%d) %dx%d on the %s line at %s = %.0f",
                             count ? "; " : "", dlist_text(l, t), box.x, box.y, box.w, box.h,
                             ln[k][0] == ln[k][2] ? "upright" : "level", ln[k][0] == ln[k][2] ? "x" : "y",
                             ln[k][0] == ln[k][2] ? ln[k][0] : ln[k][1]);
                count++;
            }
        }
    }
    return count;
}

/* The least height (px at 1920x1080) of a loss line on the loss axis whose 20-step
 * median changes by a factor of 2 or more: about seven pens of its line (3 px), a
 * change the back row sees. (Lesson 4 step 1's clipped run, 0.0026..330, spans 0 px of
 * the linear axis to 1.2e37 and 13.9 px of a log one over 40 decades.) */
#define LOSS_MIN_SPAN 20.0
static double loss_span_worst = INFINITY; /* the least such height of all renderings */
static char loss_span_where[160];
/* The chance loss ln K stands at least this share of the loss plot's height above its
 * foot, so that a run at chance reads apart from a loss of 0. */
#define CHANCE_MIN_SHARE 0.04
static double chance_share_worst = INFINITY;
static char chance_share_where[160];

/* 1 if a text of the panel drawn in rect r, alone or joined with the next one (a key
 * broken over two lines), contains both a and b. */
static int panel_says(const DList *l, Rect r, const char *a, const char *b)
{
    const char *prev = NULL;
    for (size_t i = 0; i < l->n; i++) {
        const DCmd *d = &l->cmd[i];
        if (d->kind != DCMD_TEXT) continue;
        Rect t = text_box(d);
        double cx = t.x + t.w / 2.0, cy = t.y + t.h / 2.0;
        if (cx < r.x || cx > r.x + r.w || cy < r.y || cy > r.y + r.h) continue;
        const char *s = dlist_text(l, d);
        char both[1024];
        snprintf(both, sizeof both, "%s %s", prev ? prev : "", s);
        if ((strstr(s, a) && strstr(s, b)) || (strstr(both, a) && strstr(both, b))) return 1;
        prev = s;
    }
    return 0;
}

/* The loss panel's axis holds the runs it draws and squeezes none of them (issue 10,
 * lesson 4 step 1: "no clip" at 1.1e37 stretched a linear axis to 1e37 and drew the
 * run that learns flat at 0). Every run not diverged (a diverged one has its own mark)
 * has all its losses within the axis's range, or a text of the panel names it "off the
 * axis" - and then it does leave it; and a run on the axis whose 20-step median changes
 * by a factor of 2 or more spans LOSS_MIN_SPAN px of the plot at least. */
static void loss_axis_checks(int lesson, int step, const char *where, const Canvas *c, const DList *dl, const PlotFacts *f,
                             const Run *runs, int nruns)
{
    const CanvasArea *a = NULL;
    Rect pr = {0, 0, 0, 0};
    for (int k = 0; k < c->nareas; k++)
        if (c->areas[k].tag == PANEL_LOSS) a = &c->areas[k];
    for (int q = 0; q < f->npanels; q++)
        if (f->panel[q] == PANEL_LOSS) pr = f->panel_rect[q];
    if (!a || pr.w <= 0) return;
    double bot = a->ylog ? pow(10, a->y_lo) : a->y_lo, top = a->ylog ? pow(10, a->y_hi) : a->y_hi;
    for (int i = 0; i < nruns; i++) {
        if (runs[i].diverged_at) continue;
        const History *h = &runs[i].hist;
        double lo = INFINITY, hi = -INFINITY, mlo = INFINITY, mhi = -INFINITY;
        for (int k = 0; k < h->n; k++) {
            double v = h->e[k].loss, m = h->e[k].loss_median;
            if (isfinite(v)) lo = fmin(lo, v), hi = fmax(hi, v);
            if (isfinite(m) && m > 0) mlo = fmin(mlo, m), mhi = fmax(mhi, m);
        }
        if (!(hi >= lo)) continue;
        char who[80]; /* "clip 1:", not "clip 1000:" */
        snprintf(who, sizeof who, "%s:", runs[i].label);
        int off = panel_says(dl, pr, who, "off the axis");
        if (off) {
            EXPECT(hi > top, "%s: the loss panel says '%s' is off the axis, yet its largest loss %g is "
                   "on it (top %g)", where, runs[i].label, hi, top);
            continue;
        }
        double tol = 1e-9 * fmax(fabs(top), fabs(bot));
        EXPECT(hi <= top + tol && lo >= bot - tol, "%s: run '%s' has losses %g..%g, the loss axis "
               "%g..%g, and no text says it is off the axis", where, runs[i].label, lo, hi, bot, top);
        if (!(mhi >= 2 * mlo)) continue;
        double u = a->ylog ? log10(mhi) - log10(mlo) : mhi - mlo;
        /* the loss's own band (AxesSpec.y2band), not the area with the accuracy's */
        double px = (f->loss_band[1] - f->loss_band[0]) * u / (a->y_hi - a->y_lo) / c->scale;
        if (px < loss_span_worst) {
            loss_span_worst = px;
            snprintf(loss_span_where, sizeof loss_span_where, "%s, run '%s' (median %.3g..%.3g)", where,
                     runs[i].label, mlo, mhi);
        }
        EXPECT(px >= LOSS_MIN_SPAN, "%s: run '%s' (median loss %g..%g) spans %.2f px of the loss axis "
               "%g..%g (at least %.0f)", where, runs[i].label, mlo, mhi, px, bot, top, LOSS_MIN_SPAN);
    }
    /* lesson 3 step 2: "the loss stays at ln 5 = 1.61" drawn 0.5% up a linear axis to
     * 330 (the step-1 loss of "scale 4"), a pixel above the foot at 1920x1080 */
    for (int i = 0; i < nruns; i++) {
        const Task *t = &runs[i].task;
        if (t->loss != LOSS_XENT || !(t->chance_accuracy > 0)) continue;
        double cl = -log(t->chance_accuracy), u = a->ylog ? log10(cl) : cl;
        double share = (u - a->y_lo) / (a->y_hi - a->y_lo);
        if (share < chance_share_worst) {
            chance_share_worst = share;
            snprintf(chance_share_where, sizeof chance_share_where, "%s (axis %g..%g)", where, bot, top);
        }
        EXPECT(share >= CHANCE_MIN_SHARE, "%s: the chance loss %.3g stands %.3f of the loss plot's height "
               "above its foot (axis %g..%g; at least %.2f)", where, cl, share, bot, top, CHANCE_MIN_SHARE);
        break;
    }
}

static int in_rect(Rect r, double x, double y)
{
    return x >= r.x && x <= r.x + r.w && y >= r.y && y <= r.y + r.h;
}

/* The rectangle of the panel of kind `kind` as laid out (w = 0: none). */
static Rect panel_area_rect(const PlotFacts *f, int kind)
{
    for (int q = 0; q < f->npanels; q++)
        if ((int)f->panel[q] == kind) return f->panel_rect[q];
    return (Rect){0, 0, 0, 0};
}

static double loss_band_gap = INFINITY; /* the least rows between losses and accuracies */

static void figure_checks(int lesson, int step, const char *where, const Canvas *c, const DList *dl,
                          const PlotFacts *f, const Run *runs, int nruns, const PlotView *v)
{
    PlotTheme theme = v->theme;
    gradient_marker_checks(lesson, step, where, c, dl, f);
    label_checks(lesson, step, where, dl, f);
    EXPECT(!gate_talk || gates_shown(dl, f), "%s: the narration speaks of gates and the figure "
           "shows neither the gates panel nor a gate's readout", where);
    loss_axis_checks(lesson, step, where, c, dl, f, runs, nruns);
    if (f->loss_rows_n && f->acc_rows_n) {
        /* the losses and the accuracies on pixel rows of their own: on one height a
         * trained run's loss at 10^-6 lay among the accuracies of runs at chance (lesson 5
         * step 4), and the class read them as one kind of line */
        double gap = f->acc_rows[0] - f->loss_rows[1];
        EXPECT(gap > 0, "%s: the loss panel's loss lines reach row %.0f, its accuracy lines row %.0f: "
               "they share heights", where, f->loss_rows[1], f->acc_rows[0]);
        if (gap > 0) loss_band_gap = fmin(loss_band_gap, gap);
    }
    if (f->attn_run >= 0 && f->attn_run < nruns && nruns > 1) {
        /* the attention panel shows one run of several: its title names it (lesson 10
         * step 3 at 1280x720 dropped the name to fit) */
        char want[96];
        snprintf(want, sizeof want, "(%s)", runs[f->attn_run].label);
        int named = 0;
        for (size_t i = 0; i < dl->n && !named; i++)
            named = dl->cmd[i].kind == DCMD_TEXT && strstr(dlist_text(dl, &dl->cmd[i]), "ttention") &&
                    strstr(dlist_text(dl, &dl->cmd[i]), want);
        EXPECT(named, "%s: the attention panel's title does not name its run %s", where, want);
    }
    if (f->chance_box[1] > 0)
        /* the chance label stands off its own line (lesson 6 step 1 at 1920x1080: its box
         * across the line, the dashes on its baseline) */
        EXPECT(f->chance_line < f->chance_box[0] - 1 || f->chance_line > f->chance_box[1] + 1,
               "%s: the chance loss line (row %.1f) runs through its label (rows %.0f..%.0f)", where,
               f->chance_line, f->chance_box[0], f->chance_box[1]);
    if (f->chance_leader[0] > 0) {
        /* the chance label's leader crosses no data line of the loss panel but for its
         * last pixels at its own line, where runs at chance lie (lesson 9 step 2 in the
         * window: under the LSTM's curve, its leader through it, the label read as the
         * LSTM's loss) */
        double x = f->chance_leader[0], y0 = f->chance_leader[1], y1 = f->chance_leader[2];
        double near = 5 * c->scale, a = y0 < y1 ? y0 : y1 + near, b = y0 < y1 ? y1 - near : y0;
        Rect lr = {(int)floor(x), (int)floor(a), 1, (int)fmax(0, floor(b - a))};
        Rect la = panel_area(c, PANEL_LOSS);
        int crossed = 0;
        double px = NAN, py = NAN;
        for (size_t i = 0; i < dl->n && lr.h > 0; i++) {
            const DCmd *d = &dl->cmd[i];
            if (d->kind == DCMD_PATH) px = py = NAN;
            else if (d->kind == DCMD_MOVE) px = d->u.pt.x, py = d->u.pt.y;
            else if (d->kind == DCMD_LINE) {
                double qx = d->u.pt.x, qy = d->u.pt.y;
                int inside = qx >= la.x && qx <= la.x + la.w && qy >= la.y && qy <= la.y + la.h;
                /* (the leader itself: vertical at x, within its rows) */
                int self = fabs(px - x) < 0.6 && fabs(qx - x) < 0.6 && fmin(py, qy) >= fmin(y0, y1) - 1 &&
                           fmax(py, qy) <= fmax(y0, y1) + 1;
                if (inside && !self && !isnan(px)) crossed += segment_meets(px, py, qx, qy, lr, 0);
                px = qx, py = qy;
            }
        }
        EXPECT(crossed == 0, "%s: the chance label's leader (x %.0f, rows %.0f..%.0f) crosses %d "
               "segments of the loss panel's lines", where, x, a, b, crossed);
    }
    for (int k = 0; k < c->nareas; k++) {
        /* a first clip's note ("‖g‖ 7.8e3 → 3 (step 1)") stands by its step, or a leader
         * joins it to its arrow there (lesson 4 step 1 in the window: 200 px to the right
         * with none, over the spikes of step 180) */
        const CanvasArea *ar = &c->areas[k];
        if (ar->tag != PANEL_CLIPPING || ar->x_hi <= ar->x_lo) continue;
        for (size_t i = 0; i < dl->n; i++) {
            const DCmd *d = &dl->cmd[i];
            const char *s = d->kind == DCMD_TEXT ? dlist_text(dl, d) : NULL;
            const char *at = s && strstr(s, "\u2192") ? strstr(s, "(step ") : NULL;
            if (!at) continue;
            Rect b = text_box(d);
            double at_step = atof(at + 6);
            double x = ar->area.x + (at_step - ar->x_lo) / (ar->x_hi - ar->x_lo) * ar->area.w;
            double off = x < b.x ? b.x - x : x > b.x + b.w ? x - b.x - b.w : 0;
            if (off <= 3.0 * b.h || b.y > ar->area.y + ar->area.h || b.y + b.h < ar->area.y) continue;
            /* (a key beside the plot, "norm 3 first clip: ...", is not a note on it) */
            if (b.x >= ar->area.x + ar->area.w || b.x + b.w <= ar->area.x) continue;
            int led = 0;
            for (size_t j = 1; j < dl->n && !led; j++) {
                const DCmd *e = &dl->cmd[j], *q = &dl->cmd[j - 1];
                if (e->kind != DCMD_LINE || (q->kind != DCMD_MOVE && q->kind != DCMD_LINE)) continue;
                for (int w = 0; w < 2 && !led; w++) {
                    const DCmd *u = w ? q : e, *v = w ? e : q; /* u at the step, v at the note */
                    double t = 0.6 * b.h; /* (text_box is the ink's, inside the backing) */
                    led = fabs(u->u.pt.x - x) < 3 && v->u.pt.x >= b.x - t && v->u.pt.x <= b.x + b.w + t &&
                          v->u.pt.y >= b.y - t && v->u.pt.y <= b.y + b.h + t;
                }
            }
            EXPECT(led, "%s: the first clip's note '%s' stands %.0f px from its step, with no leader",
                   where, s, off);
        }
    }
    if (f->clip_rug[1] > 0) {
        /* the clipping panel's lines stay above its rug of clipped steps (lesson 9 step 2:
         * the GRU's four clipped steps were drawn under its own line, the IRNN's row
         * under the IRNN's) */
        Rect ca = panel_area(c, PANEL_CLIPPING);
        int below = 0;
        double worst = 0;
        for (size_t i = 0; i < dl->n; i++) {
            const DCmd *d = &dl->cmd[i];
            if (d->kind != DCMD_MOVE && d->kind != DCMD_LINE) continue;
            double x = d->u.pt.x, y = d->u.pt.y;
            if (x < ca.x || x > ca.x + ca.w || y < ca.y || y > f->clip_rug[1]) continue;
            if (y > f->clip_rug[0] + 0.5) below++, worst = fmax(worst, y - f->clip_rug[0]);
        }
        EXPECT(below == 0, "%s: %d points of the clipping panel's lines stand in its rug of clipped "
               "steps (rows %.0f..%.0f), up to %.1f px into it", where, below, f->clip_rug[0],
               f->clip_rug[1], worst);
    }
    /* a Pascanu bound off the top of the gradient plot is named with its largest value,
     * on its line or the next (presenter 9/1 at 1920x1080: "tanh + clip: Pascanu bound
     * above the plot", the number dropped to fit) */
    for (size_t i = 0; i < dl->n; i++) {
        const DCmd *d = &dl->cmd[i];
        const char *s = d->kind == DCMD_TEXT ? dlist_text(dl, d) : NULL;
        if (!s || !strstr(s, "bound above")) continue;
        const char *next = "";
        for (size_t j = i + 1; j < dl->n && !*next; j++)
            if (dl->cmd[j].kind == DCMD_TEXT) next = dlist_text(dl, &dl->cmd[j]);
        const char *after = strstr(s, "bound above");
        EXPECT(strpbrk(after, "0123456789") || strpbrk(next, "0123456789"),
               "%s: '%s' does not say the bound's value", where, s);
    }
    /* an export is a slide: no title names a key it cannot answer (the heatmap's "V:
     * next" on every exported figure of a lesson with more runs than maps) */
    EXPECT(!drawn_text(dl, "V: next"), "%s: an exported figure names the window's key V", where);
    if (f->chance_box[1] > 0)
        /* the chance loss's label in the loss's band (lesson 5 step 4 in presenter mode: its
         * leader ran down across the accuracies to a label among them) */
        EXPECT(f->chance_box[0] >= f->loss_band[0] - 1 && f->chance_box[1] <= f->loss_band[1] + 1,
               "%s: the chance loss's label (rows %.0f..%.0f) is outside the loss's axis (rows %.0f..%.0f)",
               where, f->chance_box[0], f->chance_box[1], f->loss_band[0], f->loss_band[1]);
    {
        /* a diverged run is marked in the gradient-norm (clipping) panel, at its edge
         * if nothing of it is finite, or named in its keys "(why), off this scale" (lesson 3
         * step 3: the inf run had no mark there) */
        Rect ca = panel_area(c, PANEL_CLIPPING);
        int diverged = 0, marks = crosses_in(dl, ca);
        for (int i = 0; i < nruns; i++) diverged += runs[i].diverged_at > 0;
        if (ca.w > 0 && diverged)
            EXPECT(marks > 0 || drawn_text(dl, "), off this scale"), "%s: %d run(s) diverged, none "
                   "marked in the gradient-norm panel", where, diverged);
        /* the same in the loss panel: its key "× scale 8: diverged at step 1" stands for a
         * × on its plot (lesson 3 step 3: the loss was inf from the first step, nothing was
         * drawn, the key named a mark that was not there) */
        Rect la = panel_area(c, PANEL_LOSS);
        int lmarks = crosses_in(dl, la);
        if (la.w > 0 && diverged)
            EXPECT(lmarks > 0, "%s: %d run(s) diverged, none marked in the loss panel", where, diverged);
    }
    {
        /* after one step a run is a dot (a square: its accuracy, its clipped norm) in the
         * loss and gradient-norm panels: a run whose dot another run's covers is named in
         * a text that says so ("relu: ‖g‖ 0.391, under tanh's dot", "under later runs'
         * dots: ...") or among the runs at chance (lesson 5 step 1: relu's dot under
         * tanh's, one orange dot where the narration speaks of two networks) */
        const Theme *th = style_theme(theme);
        char missing[160] = "";
        int hidden = 0, unsaid = 0;
        for (int k = 0; k < c->nareas; k++) {
            if (c->areas[k].tag != PANEL_CLIPPING && c->areas[k].tag != PANEL_LOSS) continue;
            Rect ar = c->areas[k].area;
            for (size_t i = 0; i < dl->n; i++) {
                const DCmd *a = &dl->cmd[i];
                /* (the gradient-norm panel's squares, norms after clipping, of runs clipped
                 * at one threshold lie on each other by design: its dots only) */
                int kinds_ok = a->u.marker.kind == MARK_CIRCLE ||
                               (a->u.marker.kind == MARK_SQUARE && c->areas[k].tag == PANEL_LOSS);
                if (a->kind != DCMD_MARKER || !kinds_ok || !in_rect(ar, a->u.marker.x, a->u.marker.y)) continue;
                int ri = -1;
                for (int q = 0; q < nruns && q < PLOT_MAX_RUNS; q++)
                    if (th->run[plot_run_slot(v, q)] == a->color) ri = q;
                if (ri < 0) continue;
                for (size_t j = i + 1; j < dl->n; j++) {
                    const DCmd *b = &dl->cmd[j];
                    if (b->kind != DCMD_MARKER || b->u.marker.kind != a->u.marker.kind || b->color == a->color ||
                        hypot(a->u.marker.x - b->u.marker.x, a->u.marker.y - b->u.marker.y) >= 0.8 * a->u.marker.size)
                        continue;
                    hidden++;
                    int said = 0;
                    const char *prev = "";
                    Rect pr = panel_area_rect(f, c->areas[k].tag); /* (texts of this panel only) */
                    for (size_t t = 0; t < dl->n && !said; t++) {
                        if (dl->cmd[t].kind != DCMD_TEXT) continue;
                        const DTextPlace *tp = &dl->cmd[t].u.text.at;
                        if (pr.w > 0 && !in_rect(pr, tp->x0, tp->y0)) continue;
                        char both[512]; /* (a text broken over two lines: with the line before) */
                        snprintf(both, sizeof both, "%s %s", prev, dlist_text(dl, &dl->cmd[t]));
                        prev = dlist_text(dl, &dl->cmd[t]);
                        said = strstr(both, runs[ri].label) &&
                               (strstr(both, "under") || strstr(both, "hidden by") || strstr(both, "at chance"));
                    }
                    if (!said && !unsaid++) snprintf(missing, sizeof missing, "%s", runs[ri].label);
                    break;
                }
            }
        }
        EXPECT(!unsaid, "%s: %d of %d run dot(s) hidden under another run's, no text names the run (first: %s)",
               where, unsaid, hidden, missing);
        double rg = ratio_gap(dl, f);
        EXPECT(rg >= 1.0, "%s: the strip's ratio \"%s\" stands %.2f of its height from the text right "
               "of it (at least 1): its number reads into the next", where, f->strip_ratio, rg);
        char bnote[320];
        int bn = bound_notes_false(dl, c, f, runs, nruns, bnote, sizeof bnote);
        EXPECT(!bn, "%s: %d note(s) of a Pascanu bound that say it is elsewhere than drawn (first: %s)",
               where, bn, bnote);
        char said[320];
        int wrong = under_claims_false(dl, c, f, runs, nruns, v, said, sizeof said);
        EXPECT(!wrong, "%s: %d run(s) said to be under another's dot or square whose marker shows "
               "beside it (first: %s)", where, wrong, said);
    }
    {
        int up = underscores_up(dl);
        EXPECT(up == 0, "%s: %d word(s) of underscores written upwards (the blank reads as a tick)",
               where, up);
        double g = stacked_tick_gap(dl);
        EXPECT(g >= 1.6, "%s: a band's \"0\" and the next band's \"1\" stand %.2f lines apart "
               "(at least 1.6)", where, g);
        if (isfinite(g)) printf("  %s: stacked scales' 0 and 1 %.2f lines apart\n", where, g);
    }
    {
        char lab[256];
        int nl = log_axes_unsaid(dl, c, lab, sizeof lab);
        EXPECT(nl == 0, "%s: %d log-scale axis title(s) do not say \"log\": %s", where, nl, lab);
    }
    {
        char lab[1024];
        int nl = labels_over_data(dl, c, theme, lab, sizeof lab);
        EXPECT(nl == 0, "%s: %d label(s) over plotted data: %s", where, nl, lab);
        nl = labels_over_marks(dl, c, theme, lab, sizeof lab);
        EXPECT(nl == 0, "%s: %d label(s) over markers or reference lines: %s", where, nl, lab);
        nl = labels_on_span_lines(dl, c, theme, lab, sizeof lab);
        EXPECT(nl == 0, "%s: %d label(s) on a line across the plot: %s", where, nl, lab);
        span_line_hits += nl;
    }
    {
        char cut[256];
        int ncut = cut_texts(dl, cut, sizeof cut);
        EXPECT(ncut == 0, "lesson %d step %d %s: %d text(s) cut by their clip, first %s", lesson, step,
               where, ncut, cut);
    }
    clip_scale_checks(lesson, step, where, dl, f, runs, nruns);
    if (clip_talk) {
        char what[256];
        int miss = clip_notes_missing(dl, f, runs, nruns, what, sizeof what);
        EXPECT(miss == 0, "%s: the narration speaks of clipping, %d first clip(s) not drawn: %s", where, miss,
               what);
        clip_note_misses += miss;
    }
    heat_mark_checks(lesson, step, where, c, dl, f);
    bar_decade_checks(lesson, step, where, dl, f);
    slopes_checks(lesson, step, where, c, dl, f, theme);
    /* a y axis names its quantity: a title cut to "(log)" alone (lesson 9 step 2's
     * gradient plot, 80 px tall at 1080p, and 19 other renderings) says only the scale */
    for (size_t k = 0; k < dl->n; k++)
        if (dl->cmd[k].kind == DCMD_TEXT && dl->cmd[k].u.text.up)
            EXPECT(strcmp(dlist_text(dl, &dl->cmd[k]), "(log)") != 0,
                   "%s: a y axis titled \"(log)\" alone", where);
    /* the first clip's note ("‖g‖ 7.8e3 → 3 (step 1)") hides at most a few of the
     * runs' segments (lesson 4 step 1: it lay over the clipped run's first half, the
     * steps the narration speaks of); busy noisy lines may pass under a corner of it */
    {
        Rect nb;
        int under = data_under_text(dl, "\u2016g\u2016 ", 2.9 * c->scale, &nb);
        if (under >= 0) printf("  %s: first-clip note at (%d,%d), %d data segment(s) under it\n", where,
                               nb.x, nb.y, under);
        EXPECT(under <= 12, "%s: %d data line segment(s) or marker(s) under the first clip's note "
               "at (%d,%d) %dx%d", where, under, nb.x, nb.y, nb.w, nb.h);
    }
    /* the chance loss label hides no data line (lesson 2 step 3, lesson 8 step 1:
     * its backing covered the loss lines running along it); the runs'
     * lines are 3 px wide at 1920x1080, reference lines 2.25 px and less */
    {
        Rect lb;
        int under = data_under_text(dl, "chance loss ln", 2.9 * c->scale, &lb);
        EXPECT(under <= 0, "%s: %d data line segment(s) or marker(s) under the chance label at "
               "(%d,%d) %dx%d", where, under, lb.x, lb.y, lb.w, lb.h);
        if (under == 0) printf("  %s: chance label at (%d,%d), no data under it\n", where, lb.x, lb.y);
        if (under == -2) printf("  %s: chance label at (%d,%d) over the lines, no backing\n", where, lb.x, lb.y);
        int xent = 0; /* where it hid data it became a key: either way it is drawn */
        for (int i = 0; i < nruns; i++) xent |= runs[i].task.loss == LOSS_XENT;
        int loss_shown = 0;
        for (int q = 0; q < f->npanels; q++) loss_shown |= f->panel[q] == PANEL_LOSS;
        if (loss_shown && xent)
            EXPECT(drawn_text(dl, "chance loss"), /* (a key may wrap after it) */
                   "%s: the chance loss is not named", where);
    }

    /* the Jacobian's factors on a linear axis from 0 that holds 1: two runs'
     * factors a factor of 2 apart (lesson 2: 0.29 and 1.1) stand at least a fifth
     * of the axis apart */
    if (f->factor_axis) {
        /* (a band of its own keeps its 0 off the frame line: a margin below 0) */
        double below0 = f->factor_banded ? 0.25 * (f->factor_hi - f->factor_lo) : 0;
        EXPECT(f->factor_lo <= 0 && f->factor_lo >= -below0 && f->factor_hi >= 1,
               "%s: factor axis %g..%g, not 0..>=1", where, f->factor_lo, f->factor_hi);
        /* which axis the factors' markers read against (lesson 5 step 2: they read
         * as data on the log axis): the right axis's numbers are in the factors'
         * colour, the left axis's are not, every factor marker is edged in it, and
         * a marker of the same shape stands beside the right axis's title */
        Rect ga = f->factor_plot; /* (both bands, where the factors have one) */
        int right_num = 0, left_same = 0, edged = 0, other = 0, title_mark = 0;
        for (size_t i = 0; i < dl->n; i++) {
            const DCmd *d = &dl->cmd[i];
            if (d->kind == DCMD_TEXT && !d->u.text.up && d->u.text.at.y0 >= ga.y - 20 &&
                d->u.text.at.y0 <= ga.y + ga.h) {
                if (d->u.text.at.x0 >= ga.x + ga.w && d->u.text.at.x0 < ga.x + ga.w + 80)
                    right_num += d->color == f->factor_ink;
                if (d->u.text.at.x0 + d->u.text.at.w <= ga.x && d->u.text.at.x0 + d->u.text.at.w > ga.x - 80)
                    left_same += d->color == f->factor_ink;
            }
            if (d->kind == DCMD_MARKER && d->u.marker.kind == MARK_DIAMOND) {
                double mx = d->u.marker.x, my = d->u.marker.y;
                if (mx >= ga.x && mx <= ga.x + ga.w && my >= ga.y && my <= ga.y + ga.h) {
                    if (d->u.marker.halo == f->factor_ink) edged++;
                    else other++;
                } else if (mx > ga.x + ga.w && my >= ga.y && my <= ga.y + ga.h &&
                           d->u.marker.halo == f->factor_ink)
                    title_mark++;
            }
        }
        EXPECT(f->factor_ink && right_num >= 2 && !left_same && edged > 0 && !other && title_mark == 1,
               "%s: factor axis not told apart: %d right numbers and %d left ones in its colour, "
               "%d markers edged in it and %d not, %d marker(s) by its title",
               where, right_num, left_same, edged, other, title_mark);
        printf("  %s: factor axis: %d numbers in its colour, %d markers edged in it\n", where, right_num,
               edged);
        /* 1 stands at one height on both axes where they share the plot (lessons 1/3,
         * 5/2: the product's 10^0 and the factors' 1 a few pixels apart read as two
         * different ones); in a band of their own, every factor marker lies in the band,
         * under the product's plot (there they zigzagged over its lines: which axis?) */
        if (f->factor_banded) {
            Rect up = {0, 0, 0, 0}; /* (the product's band: the first area it registers) */
            for (int i = c->nareas - 1; i >= 0; i--)
                if (c->areas[i].tag == PANEL_GRADIENT) up = c->areas[i].area;
            int in_band = 0, over = 0;
            for (size_t i = 0; i < dl->n; i++) {
                const DCmd *d = &dl->cmd[i];
                if (d->kind != DCMD_MARKER || d->u.marker.kind != MARK_DIAMOND || d->u.marker.halo != f->factor_ink ||
                    d->u.marker.x < ga.x || d->u.marker.x > ga.x + ga.w)
                    continue;
                if (d->u.marker.y > up.y + up.h && d->u.marker.y <= ga.y + ga.h + 1) in_band++;
                else if (d->u.marker.y <= ga.y + ga.h) over++;
            }
            EXPECT(in_band > 0 && !over, "%s: %d factor marker(s) in their band, %d on the product's plot",
                   where, in_band, over);
            printf("  %s: factors in a band of their own: %d markers there, %d over the product\n", where,
                   in_band, over);
        }
        for (int i = 0; i < c->nareas && !f->factor_banded; i++) {
            const CanvasArea *ar = &c->areas[i];
            if (ar->tag != PANEL_GRADIENT || !ar->ylog || !(ar->y_lo < 0 && ar->y_hi > 0)) continue;
            double yl = ar->area.y + ar->area.h * (1 - (0 - ar->y_lo) / (ar->y_hi - ar->y_lo));
            double yr = ar->area.y + ar->area.h * (1 - (1 - f->factor_lo) / (f->factor_hi - f->factor_lo));
            EXPECT(fabs(yl - yr) <= 1, "%s: 10^0 on the left axis at y = %.1f, the factors' 1 at %.1f",
                   where, yl, yr);
        }
        /* the factors' key marker filled as the plotted ones are (lesson 5 step 2: a
         * purple key for blue and orange markers) */
        int keys = 0, key_odd = 0;
        for (size_t i = 0; i < dl->n; i++) {
            const DCmd *d = &dl->cmd[i];
            double mx = d->u.marker.x, my = d->u.marker.y;
            if (d->kind != DCMD_MARKER || d->u.marker.kind != MARK_DIAMOND || d->u.marker.halo == f->factor_ink ||
                (mx >= ga.x && mx <= ga.x + ga.w && my >= ga.y && my <= ga.y + ga.h))
                continue;
            int same = 0;
            for (size_t j = 0; j < dl->n && !same; j++) {
                const DCmd *e = &dl->cmd[j];
                same = e->kind == DCMD_MARKER && e->u.marker.kind == MARK_DIAMOND &&
                       e->u.marker.halo == f->factor_ink && e->color == d->color &&
                       e->u.marker.x >= ga.x && e->u.marker.x <= ga.x + ga.w;
            }
            keys++, key_odd += !same;
        }
        EXPECT(keys > 0 && key_odd == 0, "%s: %d factor key marker(s), %d not in a plotted marker's "
               "colour", where, keys, key_odd);
        for (int a = 0; a < f->nreadouts; a++)
            for (int b = a + 1; b < f->nreadouts; b++) {
                double va = f->readout_value[a], vb = f->readout_value[b];
                if (!strstr(f->readout[a], "/\u2202h(") || !strstr(f->readout[b], "/\u2202h(") ||
                    !(fmax(va, vb) >= 2 * fmin(va, vb)))
                    continue;
                double gap = fabs(va - vb) / (f->factor_hi - f->factor_lo);
                EXPECT(gap >= 0.2, "%s: factors %g and %g stand %.2f of the axis apart", where, va,
                       vb, gap);
                printf("  %s: factors %g and %g, %.2f of the factor axis apart\n", where, va, vb, gap);
            }
    }
    if (f->factor_axis)
        EXPECT(f->factor_ink == style_theme(theme)->factor, "%s: factor ink #%06X, its theme's #%06X",
               where, (unsigned)(f->factor_ink & 0xFFFFFFu),
               (unsigned)(style_theme(theme)->factor & 0xFFFFFFu));

    /* the strip marks its cue and scored step where the class can see them, apart
     * (lesson 3 step 3: 2000 cells of 0.7 px made both marks 0.7 px wide) */
    if (f->strip_run >= 0) {
        const Task *tk = &runs[f->strip_run].task;
        if (tk->cue_step >= 0 && tk->cue_step < f->strip_n)
            EXPECT(f->cue_mark.w >= 6 && f->cue_mark.h >= 2, "%s: the cue's mark (t = %d) is %dx%d px",
                   where, tk->cue_step, f->cue_mark.w, f->cue_mark.h);
        /* the mouse task's cue is its whole ending, every word of it underlined (its
         * first word alone, "for", read against attention's peak on "use", lesson 10
         * step 3); another task's, one word. Counted from the words the strip drew. */
        if (tk->cue_step >= 0 && tk->cue_step < f->strip_n && f->strip_n <= PLOT_FACT_WORDS) {
            int want = 1;
            if (runs[f->strip_run].cfg.task == TASK_MOUSE)
                while (tk->cue_step + want < f->strip_n &&
                       strcmp(f->strip_word[tk->cue_step + want], "<pad>"))
                    want++;
            EXPECT(f->cue_marks == want, "%s: %d cue marks, %d words of the cue (t = %d on)", where,
                   f->cue_marks, want, tk->cue_step);
        }
        if (tk->score_step >= 0 && tk->score_step < f->strip_n && tk->score_step != tk->cue_step) {
            Rect a = f->cue_mark, b = f->score_mark;
            EXPECT(b.w >= 6 && (a.x >= b.x + b.w || b.x >= a.x + a.w || a.y >= b.y + b.h ||
                                b.y >= a.y + a.h),
                   "%s: the scored step's mark %dx%d at (%d,%d) is small or on the cue's at (%d,%d)",
                   where, b.w, b.h, b.x, b.y, a.x, a.y);
        }
    }
}

int main(int argc, char **argv)
{
    int only = argc > 1 ? atoi(argv[1]) : 0; /* test_figures N: lesson N alone */
    Canvas c;
    Error err;
    if (canvas_init(&c, 1920, 1080, &err)) {
        printf("canvas: %s\n", err.msg);
        return 1;
    }
    static PlotFacts f;
    static ExportSpec s;
    static DList dl;
    dlist_init(&dl);
    int nclaims = (int)(sizeof claims / sizeof claims[0]), claim_seen[64] = {0};
    for (int lesson = 1; lesson <= lesson_builtin_count(); lesson++) {
        if (only && lesson != only) continue;
        Lesson l;
        if (lesson_builtin(lesson - 1, &l, &err)) {
            printf("lesson %d: %s\n", lesson, err.msg);
            return 1;
        }
        double shade_lo = NAN, shade_hi = NAN;
        for (int step = 1; step <= l.n_steps; step++) {
            const LessonStep *st = &l.steps[step - 1];
            char ls[16], ks[16];
            snprintf(ls, sizeof ls, "%d", lesson);
            snprintf(ks, sizeof ks, "%d", step);
            char *argv[] = {"rnnscope", "--export", "x.png", ls, "--step", ks, NULL};
            Options o;
            if (cli_parse(&o, 6, argv, &err) || export_spec_from_options(&s, &o, &err)) {
                printf("lesson %d step %d: %s\n", lesson, step, err.msg);
                return 1;
            }
            Run runs[EXPORT_MAX_RUNS], *rp[EXPORT_MAX_RUNS];
            PlotReadout ro[PLOT_MAX_READOUTS];
            int nro = 0;
            if (export_train(&s, runs, ro, &nro, &err)) {
                printf("lesson %d step %d: %s\n", lesson, step, err.msg);
                return 1;
            }
            for (int i = 0; i < s.n_runs; i++) rp[i] = &runs[i];
            PlotView v;
            char title[512];
            export_spec_view(&s, runs, &v, title, sizeof title);
            v.readouts = ro;
            v.nreadouts = nro;
            v.facts = &f;
            /* the first clips' notes are drawn where the step points at the clipping
             * panel (highlighted); elsewhere it is small or left out */
            clip_talk = speaks_of_clipping(st->narration) && v.highlight == (int)PANEL_CLIPPING;
            gate_talk = speaks_of_gates(st->narration);

            /* the narration: whole, on one page, at three sizes, normal and presenter */
            static const int sizes[3][2] = {{1280, 720}, {1920, 1080}, {3840, 2160}};
            for (int z = 0; z < 3; z++) {
                render(&c, sizes[z][0], sizes[z][1], 1.0, &v, rp, s.n_runs, &err, &dl);
                char where[64];
                snprintf(where, sizeof where, "%dx%d", sizes[z][0], sizes[z][1]);
                figure_checks(lesson, step, where, &c, &dl, &f, runs, s.n_runs, &v);
                /* a loss or clipping plot keeps a usable height under its keys, highlighted
                 * or not (lesson 8 step 1's loss plot was 55 px, 0.20 of its panel, under
                 * four rows of keys; PANEL_PLOT_USABLE puts them beside it) */
                if (z == 1) {
                    double least = plot_heights(&c, &f, v.highlight, "normal", sizes[z][0], sizes[z][1],
                                                lesson, step);
                    EXPECT(least >= 0.30, "1920x1080: a loss or clipping plot not highlighted keeps "
                           "%.2f of its panel's height (must be >= 0.30)", least);
                }
                char pair[512];
                int over = text_overlaps(&dl, pair, sizeof pair);
                EXPECT(over == 0, "%dx%d: %d pair(s) of texts drawn over each other, first %s",
                       sizes[z][0], sizes[z][1], over, pair);
                EXPECT(f.strip_run < 0 || f.strip_n > 0, "%dx%d: the sentence panel draws no words",
                       sizes[z][0], sizes[z][1]);
                EXPECT(words_shown(&f, runs), "%dx%d: a sentence of %d words drawn as a colour strip "
                       "without them", sizes[z][0], sizes[z][1], runs[f.strip_run].diag.T);
                int decades = log_axis_labels(&dl, &c);
                EXPECT(decades >= 2, "%dx%d: a log axis labels %d decade(s)", sizes[z][0],
                       sizes[z][1], decades);
                EXPECT(f.caption_pages == 1 && f.caption_shown == f.caption_len,
                       "%dx%d: narration shows %zu of %zu bytes on %d page(s)", sizes[z][0],
                       sizes[z][1], f.caption_shown, f.caption_len, f.caption_pages);
                render(&c, sizes[z][0], sizes[z][1], EXPORT_PRESENTER_SCALE, &v, rp, s.n_runs, &err, &dl);
                snprintf(where, sizeof where, "%dx%d presenter", sizes[z][0], sizes[z][1]);
                figure_checks(lesson, step, where, &c, &dl, &f, runs, s.n_runs, &v);
                for (size_t q = 0; q < sizeof drawn_presenter / sizeof drawn_presenter[0]; q++)
                    if (drawn_presenter[q].lesson == lesson && drawn_presenter[q].step == step)
                        EXPECT(drawn_text(&dl, drawn_presenter[q].needle), "%s: the figure does not say "
                               "\"%s\": %s", where, drawn_presenter[q].needle, drawn_presenter[q].why);
                EXPECT(f.strip_run < 0 || f.strip_n > 0, "%dx%d presenter: the sentence panel "
                       "draws no words", sizes[z][0], sizes[z][1]);
                EXPECT(words_shown(&f, runs), "%dx%d presenter: a sentence of %d words drawn as a "
                       "colour strip without them", sizes[z][0], sizes[z][1], runs[f.strip_run].diag.T);
                decades = log_axis_labels(&dl, &c);
                EXPECT(decades >= 2, "%dx%d presenter: a log axis labels %d decade(s)", sizes[z][0],
                       sizes[z][1], decades);
                if (f.strip_run >= 0)
                    printf("  %dx%d presenter: strip %s\n", sizes[z][0], sizes[z][1],
                           f.strip_words ? "words" : "cells");
                over = text_overlaps(&dl, pair, sizeof pair);
                EXPECT(over == 0, "%dx%d presenter: %d pair(s) of texts drawn over each other, "
                       "first %s", sizes[z][0], sizes[z][1], over, pair);
                /* the class reads the whole narration with the figure: one page in
                 * presenter mode too (a narration may grow to a quarter of the height) */
                EXPECT(f.caption_pages == 1 && f.caption_shown == f.caption_len,
                       "%dx%d presenter: narration shows %zu of %zu bytes on %d page(s)",
                       sizes[z][0], sizes[z][1], f.caption_shown, f.caption_len, f.caption_pages);
                size_t covered = 0;
                for (int pg = 0; pg < f.caption_pages; pg++) {
                    v.caption_page = pg;
                    plot_dashboard(&c, rp, s.n_runs, &v);
                    covered = f.caption_shown;
                }
                EXPECT(covered == f.caption_len, "%dx%d presenter: the pages show %zu of %zu bytes",
                       sizes[z][0], sizes[z][1], covered, f.caption_len);
                v.caption_page = 0;
                plot_dashboard(&c, rp, s.n_runs, &v);
                if (z == 1) plot_heights(&c, &f, v.highlight, "presenter", sizes[z][0], sizes[z][1], lesson, step);
                presenter_loss_height(&c, sizes[z][0], sizes[z][1], lesson, step);
            }
            /* a live play's title, "... step 2528 of 3000, ~10 s left", in presenter mode:
             * the title gives way, not the runs' legend (lesson 7 step 3 dropped "chrono") */
            if (v.title) {
                char live[640];
                const char *keep = v.title;
                snprintf(live, sizeof live, "%s of 3000, ~10 s left", v.title);
                v.title = live;
                render(&c, 1920, 1080, EXPORT_PRESENTER_SCALE, &v, rp, s.n_runs, &err, &dl);
                EXPECT(f.legend_cut == 0, "1920x1080 presenter, playing live: %d legend entr%s cut, "
                       "the last \"%s\"", f.legend_cut, f.legend_cut == 1 ? "y" : "ies", f.legend_cut_text);
                v.title = keep;
            }
            /* the window beside its settings panel: a narrower dashboard with its text at
             * the size it has across the whole window (app_ui_text_scale's rule), where
             * lesson 2 step 1's slopes inset went inside the plot (a reviewer's walk) */
            static const int win[3][3] = {{1590, 1080, 1920}, {1000, 720, 1280}, {1030, 720, 1280}};
            for (int z = 0; z < 3; z++) {
                double k = canvas_scale_for(win[z][2], win[z][1]) / canvas_scale_for(win[z][0], win[z][1]);
                render(&c, win[z][0], win[z][1], k, &v, rp, s.n_runs, &err, &dl);
                char where[64];
                snprintf(where, sizeof where, "%dx%d window (text x%.2f)", win[z][0], win[z][1], k);
                figure_checks(lesson, step, where, &c, &dl, &f, runs, s.n_runs, &v);
                char pair[512];
                int over = text_overlaps(&dl, pair, sizeof pair);
                EXPECT(over == 0, "%s: %d pair(s) of texts drawn over each other, first %s", where, over, pair);
            }
            /* a backward sweep walks its cursor from t = T-1 to 0 before the class's eyes
             * (the export shows its end, t = 0): at every t, at every size, normal and
             * presenter, the cursor's readout and the other labels stay off the lines
             * across the plot (lesson 1 step 2: at t = 5 the readout lay on the cue's
             * line and the cue's label on the cursor's) */
            if (st->sweep && v.cursor >= 0) {
                int T = 0, k0 = v.cursor;
                for (int i = 0; i < s.n_runs; i++) T = runs[i].diag.T > T ? runs[i].diag.T : T;
                int hits = 0, frames = 0;
                char first[1024] = "";
                for (int z = 0; z < 6; z++)
                    for (int k = T - 1; k >= 0; k--) {
                        char lab[1024];
                        v.cursor = k;
                        render(&c, sizes[z / 2][0], sizes[z / 2][1], z % 2 ? EXPORT_PRESENTER_SCALE : 1.0, &v, rp,
                               s.n_runs, &err, &dl);
                        int nl = labels_on_span_lines(&dl, &c, v.theme, lab, sizeof lab);
                        frames++;
                        if (nl)
                            printf("  sweep %dx%d%s t = %d: %s\n", sizes[z / 2][0], sizes[z / 2][1],
                                   z % 2 ? " presenter" : "", k, lab);
                        if (nl && !hits)
                            snprintf(first, sizeof first, "%dx%d%s t = %d: %.900s", sizes[z / 2][0],
                                     sizes[z / 2][1], z % 2 ? " presenter" : "", k, lab);
                        hits += nl;
                    }
                v.cursor = k0;
                span_line_hits += hits;
                EXPECT(hits == 0, "the backward sweep: %d label(s) on a line across the plot "
                       "in %d frames, first %s", hits, frames, first);
                printf("  backward sweep: %d frames, %d label(s) on a line across the plot\n",
                       frames, hits);
            }

            /* a step that speaks of clipping over the clipping panel draws every first
             * clip in a window of any size, 800x600 (the window's least) to 1920x1080, normal
             * and presenter (lesson 4 steps 1-2: dropped at 800x600, 960x840 ...) */
            if (clip_talk) {
                int miss = 0, frames = 0;
                char first[320] = "";
                for (int W = 800; W <= 1920; W += 160)
                    for (int H = 600; H <= 1080; H += 120)
                        for (int pm = 0; pm < 2; pm++) {
                            char what[256];
                            render(&c, W, H, pm ? EXPORT_PRESENTER_SCALE : 1.0, &v, rp, s.n_runs, &err, &dl);
                            int m = clip_notes_missing(&dl, &f, runs, s.n_runs, what, sizeof what);
                            frames++;
                            if (m && !miss) snprintf(first, sizeof first, "%dx%d%s: %s", W, H, pm ? " presenter" : "", what);
                            if (m) printf("  window %dx%d%s: %d first clip(s) not drawn: %s\n", W, H,
                                          pm ? " presenter" : "", m, what);
                            miss += m;
                        }
                clip_note_misses += miss;
                EXPECT(miss == 0, "the narration speaks of clipping: %d first clip(s) not drawn in %d window "
                       "sizes, first %s", miss, frames, first);
                printf("  window sizes: %d, first clips not drawn in them: %d\n", frames, miss);
            }

            /* the loss axis the step fixes (its loss_scale, else linear for a step played
             * live, so that it never switches while the class watches) is the one the
             * finished figure's data call for (log when the losses on the axis span more
             * than three decades): lesson 4 step 1 played live on a linear axis that drew
             * the clipped run's loss, falling from 330 to 0.003, flat at its foot */
            if (v.loss_scale != PLOT_SCALE_AUTO) {
                render(&c, 1920, 1080, 1.0, &v, rp, s.n_runs, &err, NULL);
                int fixed = f.loss_log;
                PlotView va = v;
                va.loss_scale = PLOT_SCALE_AUTO;
                render(&c, 1920, 1080, 1.0, &va, rp, s.n_runs, &err, NULL);
                if (fixed >= 0)
                    EXPECT(fixed == f.loss_log, "the step fixes a %s loss axis (%s), its finished "
                           "losses call for a %s one", fixed ? "log" : "linear",
                           st->play > 0 ? "played live" : "loss_scale:", f.loss_log ? "log" : "linear");
                if (fixed >= 0)
                    printf("  loss axis fixed %s, the finished data's %s\n", fixed ? "log" : "linear",
                           f.loss_log ? "log" : "linear");
            }

            /* the dark theme, normal and presenter */
            v.theme = PLOT_THEME_DARK;
            render(&c, 1920, 1080, 1.0, &v, rp, s.n_runs, &err, &dl);
            figure_checks(lesson, step, "1920x1080 dark", &c, &dl, &f, runs, s.n_runs, &v);
            render(&c, 1920, 1080, EXPORT_PRESENTER_SCALE, &v, rp, s.n_runs, &err, &dl);
            figure_checks(lesson, step, "1920x1080 presenter dark", &c, &dl, &f, runs, s.n_runs, &v);
            v.theme = PLOT_THEME_LIGHT;
            render(&c, 1920, 1080, 1.0, &v, rp, s.n_runs, &err, &dl);
            for (size_t q = 0; q < sizeof drawn / sizeof drawn[0]; q++)
                if (drawn[q].lesson == lesson && drawn[q].step == step)
                    EXPECT(drawn_text(&dl, drawn[q].needle), "the figure does not say \"%s\": %s",
                           drawn[q].needle, drawn[q].why);

            /* a strip of words without chips for the padding says what it leaves out, so
             * that its words and the other panels' T timesteps agree (lesson 8: 12 words,
             * T = 14, the gradient panel drawn to t = 13) */
            if (f.strip_words) {
                int npad = 0;
                for (int t = 0; t < f.strip_n && t < PLOT_FACT_WORDS; t++) npad += !strcmp(f.strip_word[t], "<pad>");
                EXPECT(!npad || drawn_text(&dl, "padding step"), "the strip leaves out %d padding "
                       "step(s) and does not say so", npad);
            }

            /* three or more runs: each run's gradient line carries its marker, as its
             * legend entry does (colour alone is not enough from the back row) */
            int grad_panel = 0, loss_panel = 0;
            for (int q = 0; q < f.npanels; q++) grad_panel |= f.panel[q] == PANEL_GRADIENT;
            for (int q = 0; q < f.npanels; q++) loss_panel |= f.panel[q] == PANEL_LOSS;
            if (loss_panel && s.n_runs >= 3)
                for (int i = 0; i < s.n_runs; i++)
                    EXPECT(f.loss_mark[i] > 0, "run '%s' has no marker on its loss line", runs[i].label);
            if (grad_panel && s.n_runs >= 3)
                for (int i = 0; i < s.n_runs; i++)
                    if (!runs[i].diverged_at && runs[i].step > 0 && runs[i].cfg.cell != CELL_ATTENTION)
                        EXPECT(f.line_mark[i] > 0, "run '%s' has no marker on its gradient line",
                               runs[i].label);

            /* the gates panel's letters: no two boxes intersect, and a letter not level
             * with its line's end is joined to it by a leader (lesson 7 step 3, lesson 9
             * step 1: lines ending at alike values piled their letters up) */
            for (int a = 0; a < f.gate_labels; a++) {
                Rect ra = f.gate_box[a];
                for (int b = a + 1; b < f.gate_labels; b++) {
                    Rect rb = f.gate_box[b];
                    int ox = (ra.x + ra.w < rb.x + rb.w ? ra.x + ra.w : rb.x + rb.w) - (ra.x > rb.x ? ra.x : rb.x);
                    int oy = (ra.y + ra.h < rb.y + rb.h ? ra.y + ra.h : rb.y + rb.h) - (ra.y > rb.y ? ra.y : rb.y);
                    EXPECT(ox <= 0 || oy <= 0, "gate letters %d and %d overlap by %dx%d px", a, b, ox, oy);
                }
                double off = fabs(ra.y + ra.h / 2.0 - f.gate_end[a][1]);
                EXPECT(off <= ra.h / 2.0 || f.gate_leader[a],
                       "gate letter %d stands %.0f px from its line's end with no leader", a, off);
                EXPECT(ra.x > f.gate_end[a][0], "gate letter %d is left of its line's end", a);
                /* a leader passes no other letter (lesson 7 step 3: leaders to a second
                 * column of letters ran through the first column's) */
                for (int b = 0; b < f.gate_labels && f.gate_leader[a]; b++) {
                    if (b == a) continue;
                    Rect rb = f.gate_box[b];
                    double x0 = f.gate_end[a][0], y0 = f.gate_end[a][1], x1 = ra.x, y1 = ra.y + ra.h / 2.0;
                    int hit = 0;
                    for (int q = 0; q <= 64 && !hit; q++) {
                        double u = x0 + (x1 - x0) * q / 64, w = y0 + (y1 - y0) * q / 64;
                        hit = u > rb.x + 1 && u < rb.x + rb.w - 1 && w > rb.y + 1 && w < rb.y + rb.h - 1;
                    }
                    EXPECT(!hit, "gate letter %d's leader runs through letter %d", a, b);
                }
            }
            if (f.gate_labels) printf("  %d gate letters, none overlapping\n", f.gate_labels);
            /* every gate line is named: by its letter at its end, or by its band (lesson 7
             * step 3: nine lines of three runs, no letter, no way to tell the gates apart) */
            {
                int gate_panel = 0, lines = 0;
                for (int q = 0; q < f.npanels; q++) gate_panel |= f.panel[q] == PANEL_GATES;
                for (int i = 0; i < s.n_runs && gate_panel; i++)
                    if (v.visible[i] && runs[i].diag.n_gates > 0) lines += runs[i].diag.n_gates;
                if (gate_panel && lines)
                    EXPECT(f.gate_bands > 0 || f.gate_labels >= lines, "the gates panel draws %d gate lines, "
                           "%d of them named by a letter, in no bands", lines, f.gate_labels);
            }

            /* one colour scale for the whole lesson */
            if (step == 1) shade_lo = f.shade_lo, shade_hi = f.shade_hi;
            EXPECT(f.shade_lo == shade_lo && f.shade_hi == shade_hi,
                   "colour scale 1e%g..1e%g differs from step 1's 1e%g..1e%g", f.shade_lo,
                   f.shade_hi, shade_lo, shade_hi);

            /* the strip shows the named run; a bidirectional run is lit after the blank */
            if (st->show >= 0)
                EXPECT(f.strip_run == st->show, "strip shows run %d, the step names run %d (%s)",
                       f.strip_run, st->show, st->runs[st->show].label);
            if (f.strip_run >= 0 && runs[f.strip_run].cfg.bidirectional && !runs[f.strip_run].diverged_at) {
                int ts = runs[f.strip_run].task.score_step, dark = 0;
                for (int t = ts + 1; t < f.strip_n; t++)
                    dark += !(isfinite(f.strip_value[t]) && f.strip_value[t] > 0);
                EXPECT(ts >= 0 && dark == 0, "bidirectional strip: %d word(s) after the blank "
                                             "(t > %d) are 0 or not finite", dark, ts);
            }

            /* the strip shows the pinned sentence, and the narration quotes what it shows */
            char strip[4096] = "", norm[4096];
            size_t sl = 0;
            for (int t = 0; t < f.strip_n && runs[f.strip_run >= 0 ? f.strip_run : 0].task.words; t++) {
                if (!strcmp(f.strip_word[t], "<pad>")) continue;
                sl += (size_t)snprintf(strip + sl, sizeof strip - sl, "%s%s", sl ? " " : "",
                                       f.strip_word[t]);
                if (sl >= sizeof strip) break;
            }
            normalize(strip, sizeof strip, norm, sizeof norm);
            if (st->example[0]) {
                char want[4096];
                normalize(st->example, sizeof st->example, want, sizeof want);
                EXPECT(!strcmp(norm, want), "the strip shows \"%s\", the step pins \"%s\"", norm,
                       want);
            }
            for (const char *q = strchr(st->narration, '"'); q; q = strchr(q, '"')) {
                const char *end = strchr(q + 1, '"');
                if (!end) break;
                char quote[1024];
                size_t qn = (size_t)(end - q - 1);
                if (memmem(q + 1, qn, "___", 3) && qn < sizeof quote) {
                    normalize(q + 1, qn, quote, sizeof quote);
                    EXPECT(strstr(norm, quote) != NULL, "the narration quotes \"%s\", the strip "
                                                        "shows \"%s\"", quote, norm);
                }
                q = end + 1;
            }

            /* every readout drawn is the value its check measured */
            LessonEval e;
            reference(st, &e);
            int k = 0;
            for (int i = 0; i < st->n_checks; i++) {
                const LessonCheck *ch = &st->checks[i];
                if (!ch->readout) continue;
                for (int side = 0; side < 2; side++) {
                    if ((side ? ch->rhs.run : ch->lhs.run) < 0) continue;
                    double want = side ? e.res[i].other : e.res[i].value;
                    EXPECT(k < f.nreadouts, "readout of '%s' is not drawn", ch->text);
                    if (k < f.nreadouts)
                        EXPECT(f.readout_value[k] == want || (isnan(want) && isnan(f.readout_value[k])),
                               "readout '%s' draws %.17g, its check measured %.17g", f.readout[k],
                               f.readout_value[k], want);
                    k++;
                }
            }
            EXPECT(k == f.nreadouts, "%d readouts drawn, the step declares %d", f.nreadouts, k);
            /* a readout table's columns are in the runs' order, as the run list and the
             * legend (lessons 4/2 and 7/2 had them the other way round) */
            for (int j = 1; j < f.table_cols; j++)
                EXPECT(f.table_run[j - 1] < f.table_run[j], "the readout table's column %d is run %d, "
                       "column %d run %d", j, f.table_run[j - 1], j + 1, f.table_run[j]);
            /* the highlighted gradient panel's readouts of the gradient are of the curves
             * it draws (lesson 8 step 2: "reverse direction = 0.136 (at step 1)" beside
             * the step-500 curve, which is near 1e-4 at that t) */
            for (int r = 0; r < f.nreadouts && v.highlight == (int)PANEL_GRADIENT; r++)
                EXPECT(!(strstr(f.readout[r], "\u2016\u2202L/\u2202") && strstr(f.readout[r], "(at step ")),
                       "readout '%s' over the gradient panel is of another step than its curves",
                       f.readout[r]);
            /* a readout that writes a whole number measured that whole number ("= 1"
             * for an attention weight of 0.99999999999994 is false) */
            for (int r = 0; r < f.nreadouts; r++) {
                const char *eq = strrchr(f.readout[r], '=');
                if (!eq) continue;
                char *end;
                double shown = strtod(eq + 1, &end);
                while (*end == ' ') end++;
                /* a plain whole number below 10 ("1.04e4" is a rounding by design) */
                int plain = end > eq + 1 && !memchr(eq + 1, 'e', (size_t)(end - eq - 1)) &&
                            !memchr(eq + 1, '.', (size_t)(end - eq - 1));
                if (!plain || (*end && *end != '(') || shown != floor(shown) || fabs(shown) >= 10)
                    continue;
                EXPECT(f.readout_value[r] == shown, "readout '%s' writes %g for %.17g", f.readout[r],
                       shown, f.readout_value[r]);
            }
            /* a readout of attn[t] over the attention panel: the panel names word t as a
             * head's strongest, with the very weight the check measured */
            for (int i = 0; i < st->n_checks; i++) {
                const LessonCheck *ch = &st->checks[i];
                if (!ch->readout || ch->lhs.num != LESSON_Q_ATTN || ch->lhs.den != LESSON_Q_NONE) continue;
                EXPECT(f.attn_rows > 0, "readout '%s' but no attention panel drawn", ch->text);
                double drawn = NAN;
                for (int r = 0; r < f.attn_rows; r++)
                    if (f.attn_peak_t[r] == ch->lhs.num_t && !(drawn >= f.attn_peak[r])) drawn = f.attn_peak[r];
                EXPECT(drawn == e.res[i].value, "readout '%s' measured %.17g; the attention panel names word "
                       "%d with %.17g", ch->text, e.res[i].value, ch->lhs.num_t, drawn);
            }
            for (int q = 0; q < nclaims; q++) {
                if (claims[q].lesson != lesson || claims[q].step != step) continue;
                for (int r = 0; r < f.nreadouts; r++)
                    if (strstr(f.readout[r], claims[q].needle)) claim_seen[q] = 1;
            }

            /* when a run clips, the clipping panel keeps its axes on the runs still
             * training (a log axis rounds to whole decades: three decades of room) */
            int alive = 0, clips = 0;
            for (int i = 0; i < s.n_runs; i++) alive += !runs[i].diverged_at;
            for (int i = 0; i < s.n_runs; i++) clips += runs[i].cfg.clip != CLIP_NONE;
            if (f.clip_axis && alive && clips) {
                double top = 0;
                for (int i = 0; i < s.n_runs; i++) {
                    if (runs[i].diverged_at) continue;
                    for (int h = 0; h < runs[i].hist.n; h++)
                        top = fmax(top, fmax(runs[i].hist.e[h].grad_norm, runs[i].cfg.clip_threshold));
                }
                /* a log axis ends on a whole tick: three decades of room, or a fifth of
                 * the axis when its ticks are several decades apart (a tall panel) */
                double span = log10(f.clip_hi) - log10(f.clip_lo);
                double room = fmax(3.0, span / 5);
                EXPECT(log10(f.clip_hi) <= log10(top) + room,
                       "clipping axis reaches %g, the runs still training only %g (room %.1f decades)",
                       f.clip_hi, top, room);
            }
            for (int i = 0; i < s.n_runs; i++) {
                if (!runs[i].diverged_at) continue;
                EXPECT(strstr(f.diverged[i], "NaN") || strstr(f.diverged[i], "inf"),
                       "run '%s' diverged, the figure says '%s'", runs[i].label, f.diverged[i]);
            }
            if (lesson == 4 && step == 1) {
                EXPECT(strstr(f.clip_note, "\u2192") != NULL,
                       "the first clipped step is not annotated ('%s')", f.clip_note);
                int frac = 0;
                for (int i = 0; i < s.n_runs; i++) frac += strstr(f.clip_frac[i], "%") != NULL;
                for (int r = 0; r < f.nreadouts; r++) /* a readout says it (not twice) */
                    frac += strstr(f.readout[r], "steps clipped = ") && strstr(f.readout[r], "%");
                EXPECT(frac > 0, "no clipped fraction drawn");
                /* "its first four words are grey in the strip: their gradient is exactly 0" */
                int zero = 0;
                for (int t = 0; t < 4 && t < f.strip_n; t++) zero += f.strip_value[t] == 0;
                EXPECT(zero == 4 && f.strip_n > 4 && f.strip_value[4] > 0,
                       "the strip's first four words are not exactly 0 and the fifth > 0 "
                       "(%d of 4 zero; fifth %g)", zero, f.strip_n > 4 ? f.strip_value[4] : NAN);
            }
            printf("lesson %d step %d: %d panels, strip run %d (%d %s), %d readouts, "
                   "narration %zu bytes\n", lesson, step, f.npanels, f.strip_run, f.strip_n, f.strip_words ? "words" : "cells",
                   f.nreadouts, f.caption_len);
            for (int i = 0; i < s.n_runs; i++) run_free(&runs[i]);
        }
        lesson_free(&l);
    }
    for (int q = 0; q < nclaims; q++) {
        int lesson = claims[q].lesson, step = claims[q].step;
        if (only && lesson != only) continue;
        EXPECT(claim_seen[q], "no readout shows '%s': %s", claims[q].needle, claims[q].why);
    }
    dlist_free(&dl);
    canvas_free(&c);
    printf("%d label(s) on a line across the plot\n", span_line_hits);
    printf("%d first clip(s) not drawn where the narration speaks of clipping\n", clip_note_misses);
    if (isfinite(chance_share_worst))
        printf("worst: the chance loss stands %.3f of its plot's height above the foot (at least %.2f): %s\n",
               chance_share_worst, CHANCE_MIN_SHARE, chance_share_where);
    if (isfinite(loss_span_worst))
        printf("worst: a changing loss line spans %.1f px of its axis (at least %.0f): %s\n", loss_span_worst,
               LOSS_MIN_SPAN, loss_span_where);
    if (isfinite(loss_band_gap))
        printf("worst: the loss panel's losses and accuracies stand %.1f px apart (more than 0)\n", loss_band_gap);
    printf("%d facts checked, %d failed\n", checked, failures);
    return failures ? 1 : 0;
}
