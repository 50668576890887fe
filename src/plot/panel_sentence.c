/* panel_sentence.c - the latest batch's example 0 as the model read it: each word
 * (or each number, for numeric tasks) shaded by ||dL/dh_t|| on viridis, the cue and
 * the scored step underlined, and the model's prediction against the target.
 * The shade is example 0's own ||dL/dh_t|| (diag.grad_h_ex0): how much gradient
 * reaches the state that read each word of this very sentence. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "panels.h"

#define CHECK "\xE2\x9C\x93" /* U+2713 */
#define CROSS "\xE2\x9C\x97" /* U+2717 */

typedef struct Shade {
    double lo, hi; /* log10 range of grad_h */
} Shade;

static Shade shade_range(const Diag *d)
{
    Shade s = {INFINITY, -INFINITY};
    for (int t = 0; t < d->T; t++) {
        double g = d->grad_h_ex0[t];
        if (isfinite(g) && g > 0) {
            s.lo = fmin(s.lo, log10(g));
            s.hi = fmax(s.hi, log10(g));
        }
    }
    if (!(s.hi >= s.lo)) s.lo = -1, s.hi = 1;
    if (s.hi - s.lo < 1e-9) s.lo -= 0.5, s.hi += 0.5;
    return s;
}

static uint32_t shade_of(const PanelCtx *p, Shade s, double g)
{
    if (!(isfinite(g) && g > 0)) return p->st->th->nan;
    return style_viridis((log10(g) - s.lo) / (s.hi - s.lo));
}

/* Underline below a chip: cue in the accent colour, the scored step in the text colour. */
static void underline(const PanelCtx *p, const Task *task, int t, double x, double y, double w)
{
    double th = fmax(2, 4 * p->st->s);
    if (t == task->cue_step) canvas_fill_rect(p->c, x, y, w, th, p->st->th->accent);
    if (t == task->score_step) canvas_fill_rect(p->c, x, y, w, th, p->st->th->fg);
}

/* Word chips wrapped in rows; returns 0 if they do not fit in r (nothing drawn). */
static int draw_words(const PanelCtx *p, const Run *run, Shade s, Rect r, int px, int draw)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    const Task *task = &run->task;
    const Batch *b = &run->batch;
    int fh = canvas_font_height(c, px, 0);
    double u = (double)px / st->px_label; /* chips grow with their font */
    double chip_h = fh + 0.5 * st->pad * u, gap = 0.35 * st->pad * u, row_h = chip_h + 0.9 * st->pad * u;
    double x = r.x, y = r.y;
    for (int t = 0; t < b->T; t++) {
        int tok = b->token[(size_t)t * (size_t)b->B];
        const char *w = task_word(task, tok);
        double cw = canvas_text_width(c, w, px, 0) + 0.8 * st->pad * u;
        if (x + cw > r.x + r.w && x > r.x) {
            x = r.x;
            y += row_h;
        }
        if (y + chip_h + 0.5 * st->pad * u > r.y + r.h) return 0;
        if (draw) {
            uint32_t bg = shade_of(p, s, t < run->diag.T ? run->diag.grad_h_ex0[t] : NAN);
            canvas_fill_rect(c, x, y, cw, chip_h, bg);
            canvas_text(c, w, x + cw / 2, y + chip_h / 2, px, 0, TEXT_CENTER | TEXT_MIDDLE,
                        style_ink_on(bg));
            underline(p, task, t, x, y + chip_h + 0.15 * st->pad * u, cw);
        }
        x += cw + gap;
    }
    return 1;
}

/* One cell per timestep across r; numeric inputs as bars (channel 0) with marked
 * steps (channel 1 > 0.5) shown by a triangle. Used for numeric tasks and for word
 * sequences too long to print. */
static void draw_strip(const PanelCtx *p, const Run *run, Shade s, Rect r)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    const Batch *b = &run->batch;
    const Task *task = &run->task;
    int T = b->T;
    double cw = (double)r.w / T, ch = r.h * 0.62, y0 = r.y + r.h * 0.18;
    for (int t = 0; t < T; t++) {
        double x = r.x + t * cw;
        uint32_t bg = shade_of(p, s, t < run->diag.T ? run->diag.grad_h_ex0[t] : NAN);
        canvas_fill_rect(c, x, y0, cw, ch, bg);
        underline(p, task, t, x, y0 + ch + 0.2 * st->pad, cw);
        if (task->words || b->I < 1) continue;
        const double *xv = b->x + (size_t)t * (size_t)b->B * (size_t)b->I;
        double v = xv[0];
        if (isfinite(v)) {
            double bh = fmin(1, fmax(0, v)) * (ch - 2);
            uint32_t ink = style_ink_on(bg);
            canvas_fill_rect(c, x + cw * 0.25, y0 + ch - 1 - bh, fmax(1, cw * 0.5), bh,
                             style_alpha(ink, 200));
        }
        if (b->I >= 2 && xv[1] > 0.5)
            canvas_marker(c, MARK_TRIANGLE, x + cw / 2, y0 - 0.5 * st->marker, st->marker,
                          st->th->fg, 0);
    }
}

/* "cue __  scored step __  low [viridis] high", right-aligned at x_right, centred on y.
 * Returns its width; draw = 0 only measures. */
static double shade_legend(const PanelCtx *p, const Task *task, int grey, double x_right,
                           double y, int draw)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    int px = st->px_tick;
    double fh = canvas_font_height(c, px, 0);
    double bw = 9 * px, bh = 0.8 * fh, ulw = 2 * px, uth = fmax(2, 4 * st->s);
    double g = 0.4 * st->pad;
    const char *k1 = "scored step", *k2 = "cue";
    double w_high = canvas_text_width(c, "high", px, 0), w_low = canvas_text_width(c, "low", px, 0);
    double w_k1 = canvas_text_width(c, k1, px, 0), w_k2 = canvas_text_width(c, k2, px, 0);
    double total = w_high + g + bw + g + w_low + 1.5 * st->pad + w_k1 + g + ulw;
    if (task->cue_step >= 0) total += 1.6 * st->pad + w_k2 + g + ulw;
    const char *k3 = "0 or not finite";
    double w_k3 = canvas_text_width(c, k3, px, 0), sq = 0.8 * fh;
    if (grey) total += sq + g + w_k3 + 1.6 * st->pad;
    if (!draw) return total;
    double x = x_right - total;
    if (grey) {
        canvas_fill_rect(c, x, y - sq / 2, sq, sq, st->th->nan);
        canvas_text(c, k3, x + sq + g, y, px, 0, TEXT_LEFT | TEXT_MIDDLE, st->th->fg);
        x += sq + g + w_k3 + 1.6 * st->pad;
    }
    if (task->cue_step >= 0) {
        canvas_fill_rect(c, x, y - uth / 2, ulw, uth, st->th->accent);
        canvas_text(c, k2, x + ulw + g, y, px, 0, TEXT_LEFT | TEXT_MIDDLE, st->th->fg);
        x += ulw + g + w_k2 + 1.6 * st->pad;
    }
    canvas_fill_rect(c, x, y - uth / 2, ulw, uth, st->th->fg);
    canvas_text(c, k1, x + ulw + g, y, px, 0, TEXT_LEFT | TEXT_MIDDLE, st->th->fg);
    x += ulw + g + w_k1 + 1.5 * st->pad;
    canvas_text(c, "low", x, y, px, 0, TEXT_LEFT | TEXT_MIDDLE, st->th->fg);
    x += w_low + g;
    for (int i = 0; i < (int)bw; i++)
        canvas_fill_rect(c, x + i, y - bh / 2, 1, bh, style_viridis((i + 0.5) / bw));
    x += bw + g;
    canvas_text(c, "high", x, y, px, 0, TEXT_LEFT | TEXT_MIDDLE, st->th->fg);
    return total;
}

void panel_sentence(const PanelCtx *p, Rect r)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    int ri = plot_featured_run(p->runs, p->nruns, p->v);
    const Run *run = ri >= 0 ? p->runs[ri] : NULL;
    int words = run && run->task.words;
    char title[160];
    if (run) snprintf(title, sizeof title, "%s (%s), shaded by its "
                      "\xE2\x80\x96\xE2\x88\x82L/\xE2\x88\x82h(t)\xE2\x80\x96",
                      words ? "Example 0 as read" : "Example 0's inputs", run->label);
    Rect ct = panel_begin(c, st, r, run ? title : "Example 0", "Example 0", p->highlight);
    if (!run || run->batch.T <= 0 || !run->batch.token || run->diag.T <= 0 ||
        !run->diag.grad_h_ex0 || (run->step == 0 && !run->diverged_at)) {
        panel_message(c, st, ct, run ? "no training step yet" : "no visible run");
        return;
    }
    const Task *task = &run->task;
    const Diag *d = &run->diag;
    Shade s = shade_range(d);
    /* bottom line: prediction on the left, shade legend on the right */
    int fh = canvas_font_height(c, st->px_label, 0);
    double by = ct.y + ct.h - fh / 2.0;
    char buf[256];
    if (task->loss == LOSS_XENT && task->classes && d->pred_class >= 0 && d->pred_class < task->O &&
        d->pred_target >= 0 && d->pred_target < task->O) {
        int ok = d->pred_class == d->pred_target;
        char prob[32];
        format_number(prob, sizeof prob, d->pred_prob, 2);
        snprintf(buf, sizeof buf, "prediction at t = %d: %s (p = %s)   target: %s  %s",
                 d->pred_t, task->classes[d->pred_class], prob, task->classes[d->pred_target],
                 ok ? CHECK : CROSS);
        if (canvas_text_width(c, buf, st->px_label, 1) > ct.w - st->pad) /* compact form */
            snprintf(buf, sizeof buf, "predicted %s (%s), target %s %s",
                     task->classes[d->pred_class], prob, task->classes[d->pred_target],
                     ok ? CHECK : CROSS);
    } else if (task->loss == LOSS_MSE) {
        char l1[32], l2[32];
        format_number(l1, sizeof l1, d->loss, 3);
        format_number(l2, sizeof l2, task->baseline_mse, 3);
        snprintf(buf, sizeof buf, "batch loss (MSE) %s   best constant guess %s", l1, l2);
    } else snprintf(buf, sizeof buf, "no prediction yet");
    /* the legend goes beside the prediction, or on its own line above it */
    int pw = canvas_text_width(c, buf, st->px_label, 1);
    int grey = 0;
    for (int t = 0; t < d->T; t++) grey |= !(isfinite(d->grad_h_ex0[t]) && d->grad_h_ex0[t] > 0);
    double lw = shade_legend(p, task, grey, 0, 0, 0);
    double ly = by;
    int lines = 1;
    if (pw + lw + 2 * st->pad > ct.w) {
        ly = by - 1.35 * fh;
        lines = 2;
    }
    canvas_text(c, buf, ct.x + 0.2 * st->pad, by, st->px_label, 1, TEXT_LEFT | TEXT_MIDDLE,
                st->th->fg);
    shade_legend(p, task, grey, ct.x + ct.w, ly, 1);
    Rect body = ct;
    body.y += (int)(0.2 * st->pad);
    body.h -= (int)(fh * (1 + 1.35 * (lines - 1)) + 0.9 * st->pad);
    if (body.h < 4) return;
    /* the largest font (2.5x the label size down to the tick labels' size) at which
     * all words fit; only then the strip without words */
    static const double grow[7] = {2.5, 2.0, 1.6, 1.3, 1.0, 0.9, 0.8};
    int fit = 0;
    for (int k = 0; k < 7 && words && !fit; k++) {
        int px = (int)floor(st->px_label * grow[k] + 0.5);
        if (px < st->px_tick) px = st->px_tick;
        if (draw_words(p, run, s, body, px, 0)) {
            draw_words(p, run, s, body, px, 1);
            fit = 1;
        }
    }
    if (!fit) draw_strip(p, run, s, body);
}
