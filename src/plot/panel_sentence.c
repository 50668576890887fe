/* panel_sentence.c - the latest batch's example 0 (or the pinned sentence, run.h) as
 * the model read it: each word (or each number, for numeric tasks) shaded by the
 * gradient that reached it, on the one
 * absolute colour scale of the strip and heatmap (shade.c) with its numbered colour
 * bar; the cue and the scored step underlined; the model's prediction against the
 * target, and the ratio of the gradient at the first word to the one at the scored
 * word in numbers. Hovering a word gives its value (plot_pick). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "panels.h"

#define CHECK "\u2713"
#define CROSS "\u2717"

static double word_value(const Run *run, int t)
{
    const double *g = panel_word_grad(run);
    return g && t >= 0 && t < run->diag.T ? g[t] : NAN;
}

/* Underline below a chip: the cue in the accent colour (each word of it, cue_step to
 * cue_end: the mouse task's whole ending), the scored step in the text colour,
 * a pixel in from each side of a chip (the marks of neighbouring chips never touch).
 * A cell narrower than a marker (a strip of 2000 words: 0.7 px each) gets a mark a marker
 * wide, centred on it, so that the class sees where the cue is; when the cue's and the
 * scored step's marks would touch, the scored step's goes a row lower. */
static void underline(const PanelCtx *p, const Task *task, int cue_end, int t, double x, double y, double w,
                      double lo, double hi)
{
    const Style *st = p->st;
    double th = fmax(2, 4 * st->s), mw = fmax(w - 2, st->marker);
    double mx = x + w / 2 - mw / 2;
    /* within the strip [lo, hi]: the last step's mark, wider than its cell, ran past the
     * strip's end (lesson 3 step 3, 2000 words) */
    if (mx + mw > hi) mx = hi - mw;
    if (mx < lo) mx = lo;
    PlotFacts *f = p->v->facts;
    if (task->cue_step >= 0 && t >= task->cue_step && t <= cue_end) {
        canvas_fill_rect(p->c, mx, y, mw, th, st->th->accent);
        Rect m = {(int)floor(mx), (int)floor(y), (int)ceil(mw), (int)ceil(th)};
        if (f && t == task->cue_step) f->cue_mark = m;
        if (f) f->cue_marks++;
    }
    if (t == task->score_step) {
        if (task->cue_step >= 0 && w < st->marker &&
            fabs((task->score_step - task->cue_step) * w) < mw + 2)
            y += th + fmax(1, 0.2 * st->pad);
        canvas_fill_rect(p->c, mx, y, mw, th, st->th->fg);
        if (f) f->score_mark = (Rect){(int)floor(mx), (int)floor(y), (int)ceil(mw), (int)ceil(th)};
    }
}

static void spot(const PanelCtx *p, int t, double x, double y, double w, double h)
{
    Canvas *c = p->c;
    if (c->nspots >= CANVAS_MAX_SPOTS) return;
    c->spots[c->nspots++] = (CanvasSpot){PANEL_SENTENCE, t,
                                         {(int)floor(x), (int)floor(y), (int)ceil(w), (int)ceil(h)}};
}

static void fact_word(const PanelCtx *p, int t, const char *w, double v, uint32_t col)
{
    PlotFacts *f = p->v->facts;
    if (!f || t >= PLOT_FACT_WORDS) return;
    snprintf(f->strip_word[t], sizeof f->strip_word[t], "%s", w);
    f->strip_value[t] = v;
    f->strip_color[t] = col;
    if (t + 1 > f->strip_n) f->strip_n = t + 1;
}

/* Word chips wrapped in rows; returns 0 if they do not fit in r (nothing drawn). */
static int draw_words(const PanelCtx *p, const Run *run, Shade s, Rect r, int px, int draw)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    const Task *task = &run->task;
    const Batch *b = run_example_batch(run);
    int fh = canvas_font_height(c, px, 0);
    double u = (double)px / st->px_label; /* chips grow with their font */
    double chip_h = fh + 0.5 * st->pad * u, gap = 0.35 * st->pad * u, row_h = chip_h + 0.9 * st->pad * u;
    double x = r.x, y = r.y;
    int cue_end = task_cue_end(task, b, 0);
    for (int t = 0; t < b->T; t++) {
        int tok = b->token[(size_t)t * (size_t)b->B];
        const char *w = task_word(task, tok);
        /* padding after a short sentence is not a word: no chip (it read as empty,
         * unexplained boxes); hover and the CSV still give its value */
        int pad = !strcmp(w, "<pad>");
        if (pad) {
            if (draw) fact_word(p, t, w, word_value(run, t), shade_color(st, s, word_value(run, t)));
            continue;
        }
        double cw = pad ? 1.2 * st->pad * u : canvas_text_width(c, w, px, 0) + 0.8 * st->pad * u;
        if (x + cw > r.x + r.w && x > r.x) {
            x = r.x;
            y += row_h;
        }
        if (y + chip_h + 0.5 * st->pad * u > r.y + r.h) return 0;
        if (draw) {
            double v = word_value(run, t);
            uint32_t bg = shade_color(st, s, v);
            canvas_fill_rect(c, x, y, cw, chip_h, bg);
            if (!pad)
                canvas_text(c, w, x + cw / 2, y + chip_h / 2, px, 0, TEXT_CENTER | TEXT_MIDDLE,
                            style_ink_on(bg));
            underline(p, task, cue_end, t, x, y + chip_h + 0.15 * st->pad * u, cw, -INFINITY, INFINITY);
            spot(p, t, x, y, cw, chip_h);
            fact_word(p, t, w, v, bg);
        }
        x += cw + gap;
    }
    /* the padding has no chips, so the chips are fewer than the timesteps the other
     * panels count (lesson 8: 12 words, T = 14): say what is left out, after the last */
    int npad = 0, pad0 = -1, pad1 = -1;
    for (int t = 0; t < b->T; t++)
        if (!strcmp(task_word(task, b->token[(size_t)t * (size_t)b->B]), "<pad>")) {
            if (pad0 < 0) pad0 = t;
            pad1 = t, npad++;
        }
    if (npad > 0) {
        char note[96];
        if (npad == 1) snprintf(note, sizeof note, "+ 1 padding step (t = %d)", pad0);
        else if (npad == 2 && pad1 == pad0 + 1)
            snprintf(note, sizeof note, "+ 2 padding steps (t = %d, %d)", pad0, pad1);
        else if (pad1 - pad0 + 1 == npad)
            snprintf(note, sizeof note, "+ %d padding steps (t = %d..%d)", npad, pad0, pad1);
        else snprintf(note, sizeof note, "+ %d padding steps", npad);
        double nw = canvas_text_width(c, note, px, 0);
        if (x + nw > r.x + r.w && x > r.x) {
            x = r.x;
            y += row_h;
        }
        if (y + chip_h + 0.5 * st->pad * u > r.y + r.h) return 0;
        if (draw)
            canvas_text(c, note, x + 0.2 * st->pad * u, y + chip_h / 2, px, 0, TEXT_LEFT | TEXT_MIDDLE,
                        st->th->muted);
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
    const Batch *b = run_example_batch(run);
    const Task *task = &run->task;
    int T = b->T, cue_end = task_cue_end(task, b, 0);
    double cw = (double)r.w / T, ch = r.h * 0.62, y0 = r.y + r.h * 0.18;
    /* one size for the words written in their cells: the tick size, smaller (down to
     * 10 px) until the cue word fits */
    int px = st->px_tick;
    if (task->words && task->cue_step >= 0 && task->cue_step < T) {
        const char *cue = task_word(task, b->token[(size_t)task->cue_step * (size_t)b->B]);
        while (px > 10 && canvas_text_width(c, cue, px, 0) > cw - 4) px--;
    }
    for (int t = 0; t < T; t++) {
        double x = r.x + t * cw;
        double v = word_value(run, t);
        uint32_t bg = shade_color(st, s, v);
        /* the cell from pixel edge to pixel edge: cells under a pixel wide, drawn
         * where they fall, blended into stripes that were not in the data (lesson 3
         * step 3: 2000 words, 892 of them exactly 0, striped grey) */
        double xa = floor(x + 0.5), xb = floor(x + cw + 0.5);
        if (xb > xa) canvas_fill_rect(c, xa, y0, xb - xa, ch, bg);
        underline(p, task, cue_end, t, x, y0 + ch + 0.2 * st->pad, cw, r.x, r.x + r.w);
        spot(p, t, x, y0, cw, ch);
        char w[24];
        if (task->words) snprintf(w, sizeof w, "%s", task_word(task, b->token[(size_t)t * (size_t)b->B]));
        else snprintf(w, sizeof w, "%.3g", b->I >= 1 ? b->x[(size_t)t * (size_t)b->B * (size_t)b->I] : NAN);
        fact_word(p, t, w, v, bg);
        /* a word inside its cell when it fits there at a readable size (hover tells
         * the others); padding stays blank */
        if (task->words && strcmp(w, "<pad>")) {
            if (canvas_text_width(c, w, px, 0) <= cw - 4 && canvas_font_height(c, px, 0) <= ch)
                canvas_text(c, w, x + cw / 2, y0 + ch / 2, px, 0, TEXT_CENTER | TEXT_MIDDLE,
                            style_ink_on(bg));
        }
        if (task->words || b->I < 1) continue;
        const double *xv = b->x + (size_t)t * (size_t)b->B * (size_t)b->I;
        double xin = xv[0];
        if (isfinite(xin)) {
            double bh = fmin(1, fmax(0, xin)) * (ch - 2);
            uint32_t ink = style_ink_on(bg);
            canvas_fill_rect(c, x + cw * 0.25, y0 + ch - 1 - bh, fmax(1, cw * 0.5), bh,
                             style_alpha(ink, 200));
        }
        if (b->I >= 2 && xv[1] > 0.5)
            canvas_marker(c, MARK_TRIANGLE, x + cw / 2, y0 - 0.5 * st->marker, st->marker,
                          st->th->fg, 0);
    }
}

/* The legend: "[grey] 0 or not finite  cue __  scored step __", right-aligned at
 * x_right, centred on y. Returns its width; draw = 0 only measures. */
static double shade_legend(const PanelCtx *p, const Task *task, int grey, double x_right, double y,
                           int draw)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    int px = st->px_tick;
    double fh = canvas_font_height(c, px, 0);
    double ulw = 2 * px, uth = fmax(2, 4 * st->s), g = 0.4 * st->pad;
    const char *k1 = "scored step", *k2 = "cue", *k3 = "0 or not finite";
    double w_k1 = canvas_text_width(c, k1, px, 0), w_k2 = canvas_text_width(c, k2, px, 0);
    double w_k3 = canvas_text_width(c, k3, px, 0), sq = 0.8 * fh;
    double total = ulw + g + w_k1;
    if (task->cue_step >= 0) total += ulw + g + w_k2 + 1.6 * st->pad;
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
    return total;
}

/* "‖∂L/∂x‖ first word / scored word: 3.2·10⁻³⁴" (the strip's two ends in numbers; it
 * names ∂L/∂x, apart from a readout's ‖∂L/∂h(0)‖ / ‖∂L/∂h(T-1)‖ in the same figure). */
static void ratio_text(const Run *run, char *buf, size_t n)
{
    const Task *task = &run->task;
    int ts = task->score_step >= 0 ? task->score_step : run->diag.T - 1;
    double a = word_value(run, 0), b = word_value(run, ts);
    char num[48];
    if (isfinite(a) && isfinite(b) && b > 0) {
        format_sci(num, sizeof num, a / b, 2);
        snprintf(buf, n, "‖∂L/∂x‖ first word / %s: %s",
                 task->words ? "scored word" : "scored step", num);
    } else {
        char na[48], nb[48];
        format_sci(na, sizeof na, a, 2);
        format_sci(nb, sizeof nb, b, 2);
        snprintf(buf, n, "‖∂L/∂x‖ first word %.40s, scored word %.40s", na, nb);
    }
}

/* The prediction (or the MSE) of example 0 in form 0 (in full), 1 (compact, the
 * probability named: presenter mode's "predicted Malayalam (1)" left the class to guess
 * what the 1 was) or 2 (most compact). */
static void prediction_text(const Run *run, int form, char *buf, size_t n)
{
    const Task *task = &run->task;
    const Diag *d = &run->diag;
    if (task->loss == LOSS_XENT && task->classes && d->pred_class >= 0 && d->pred_class < task->O &&
        d->pred_target >= 0 && d->pred_target < task->O) {
        int ok = d->pred_class == d->pred_target;
        char prob[32];
        format_number(prob, sizeof prob, d->pred_prob, 2);
        if (form == 0)
            snprintf(buf, n, "prediction at t = %d: %s (p = %s)   target: %s  %s", d->pred_t,
                     task->classes[d->pred_class], prob, task->classes[d->pred_target], ok ? CHECK : CROSS);
        else
            snprintf(buf, n, "predicted %s (%s%s), target %s %s", task->classes[d->pred_class],
                     form == 1 ? "p = " : "", prob, task->classes[d->pred_target], ok ? CHECK : CROSS);
    } else if (task->loss == LOSS_MSE) {
        char l1[32], l2[32];
        format_number(l1, sizeof l1, d->loss, 3);
        format_number(l2, sizeof l2, task->baseline_mse, 3);
        snprintf(buf, n, "batch loss (MSE) %s   best constant guess %s", l1, l2);
    } else snprintf(buf, n, "no prediction yet");
}

/* The panel's title and its short form for a narrow panel. */
static void sentence_titles(const Run *run, int words, char *title, size_t tn, char *short_title,
                            size_t sn)
{
    /* a pinned sentence is not trained on: it is "the sentence", not "example 0" */
    const char *who = run->has_example ? "The sentence" : "Example 0";
    snprintf(title, tn, "%s%s (%s): the gradient reaching each %s, %s%s", who,
             words ? "" : "'s inputs", run->label, words ? "word" : "input",
             panel_word_grad_name, run->cfg.bidirectional ? ", both directions" : "");
    snprintf(short_title, sn, "%s (%s), shaded by %s", who, run->label,
             panel_word_grad_name);
}

/* Two rows at the bottom of ct: the keys and a numbered colour bar at the right of the
 * first, the bar's decade labels and (left) the prediction and the ratio in the second;
 * the prediction moves up beside the keys when the second row is full. Returns the y
 * the words must end above. */
static double sentence_footer(const PanelCtx *p, const Run *run, Shade s, Rect ct)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    const Task *task = &run->task;
    const Diag *d = &run->diag;
    PlotFacts *f = p->v->facts;
    int fh = canvas_font_height(c, st->px_label, 0), fht = canvas_font_height(c, st->px_tick, 0);
    char pred[3][256], ratio[128], line[3][400];
    ratio_text(run, ratio, sizeof ratio);
    if (f) snprintf(f->strip_ratio, sizeof f->strip_ratio, "%s", ratio);
    for (int k = 0; k < 3; k++) {
        prediction_text(run, k, pred[k], sizeof pred[k]);
        snprintf(line[k], sizeof line[k], "%.255s   \u00b7   %.127s", pred[k], ratio);
    }
    int grey = 0;
    for (int t = 0; t < d->T; t++) grey |= !(isfinite(word_value(run, t)) && word_value(run, t) > 0);
    double lab_w = shade_bar_label_width(p, s);
    double bw = fmin(0.3 * ct.w, fmax(12 * st->px_tick, 7 * lab_w));
    double keys_w = shade_legend(p, task, grey, 0, 0, 0);
    double row2 = ct.y + ct.h - fh / 2.0;              /* centre of the bottom row */
    double bar_h = 0.65 * fht, tick = 0.4 * st->pad;
    double bar_y = row2 - 0.5 * fht - 0.2 * st->pad - tick - bar_h;
    double row1 = bar_y + bar_h / 2;
    double bar_x = ct.x + ct.w - 0.5 * lab_w - bw;
    /* (the ratio ends in a number, the bar's labels start with one: 1.5 pads apart they
     * read as one, "first word / scored word: 0 10⁻¹⁶", lesson 3 step 3 in presenter
     * mode) */
    double free2 = bar_x - 0.5 * lab_w - 3.5 * st->pad - ct.x; /* room left of the labels */
    double free1 = bar_x - keys_w - 2.5 * st->pad - ct.x;      /* room left of the keys */
    double top = bar_y - 0.3 * st->pad;                         /* the words end above this */
    /* one row for the prediction and the ratio, compact if need be: the words keep the
     * room (a short panel in presenter mode) */
    const char *one = NULL;
    for (int k = 0; k < 3 && !one; k++)
        if (canvas_text_width(c, line[k], st->px_label, 1) <= free2) one = line[k];
    if (one) {
        canvas_text(c, one, ct.x + 0.2 * st->pad, row2, st->px_label, 1, TEXT_LEFT | TEXT_MIDDLE,
                    st->th->fg);
    } else {
        canvas_text(c, ratio, ct.x + 0.2 * st->pad, row2, st->px_label, 1, TEXT_LEFT | TEXT_MIDDLE,
                    st->th->fg);
        /* beside the keys, in a compact form if need be; else in full on a row of its own
         * (the first form that fits the panel) */
        const char *pr = NULL;
        for (int k = 0; k < 3 && !pr; k++)
            if (canvas_text_width(c, pred[k], st->px_label, 1) <= free1) pr = pred[k];
        for (int k = 0; k < 3 && !pr; k++)
            if (canvas_text_width(c, pred[k], st->px_label, 1) <= ct.w - st->pad || k == 2) pr = pred[k];
        double py = canvas_text_width(c, pr, st->px_label, 1) <= free1 ? row1 : row1 - 1.3 * fh;
        canvas_text(c, pr, ct.x + 0.2 * st->pad, py, st->px_label, 1, TEXT_LEFT | TEXT_MIDDLE,
                    st->th->fg);
        if (py - 0.65 * fh < top) top = py - 0.65 * fh;
    }
    shade_legend(p, task, grey, bar_x - 1.2 * st->pad, row1, 1);
    Rect bar = {(int)floor(bar_x), (int)floor(bar_y), (int)floor(bw), (int)ceil(bar_h)};
    shade_bar(p, s, bar, 0);
    return top;
}

/* The room for the words in ct: from its top to top (where the footer begins). */
static Rect words_body(const PanelCtx *p, Rect ct, double top)
{
    Rect body = ct;
    body.y += (int)(0.2 * p->st->pad);
    body.h = (int)floor(top) - body.y;
    return body;
}

/* The largest font at which every word fits in body: 2.5x the label size down to the
 * tick labels' size, then (presenter mode's larger text) down to the normal mode's tick
 * size, so that a long sentence keeps its words on a projector; 0 if none fits. */
static const double words_grow[7] = {2.5, 2.0, 1.6, 1.3, 1.0, 0.9, 0.8};

/* The words' font at words_grow[k] of the label size, never under the tick size. */
static int grown_px(const Style *st, int k)
{
    int px = (int)floor(st->px_label * words_grow[k] + 0.5);
    return px < st->px_tick ? st->px_tick : px;
}

static int words_px(const PanelCtx *p, const Run *run, Shade s, Rect body)
{
    const Style *st = p->st;
    if (body.h < 4 || !run->task.words) return 0;
    for (int k = 0; k < 7; k++)
        if (draw_words(p, run, s, body, grown_px(st, k), 0)) return grown_px(st, k);
    for (int px = st->px_tick - 1; px >= style_px(17, st->s); px--)
        if (draw_words(p, run, s, body, px, 0)) return px;
    return 0;
}

/* The words at px in body, or the strip without them when px is 0. */
static void sentence_words(const PanelCtx *p, const Run *run, Shade s, Rect body, int px)
{
    PlotFacts *f = p->v->facts;
    if (body.h < 4) return;
    if (px > 0) draw_words(p, run, s, body, px, 1);
    else draw_strip(p, run, s, body);
    if (f) f->strip_words = px > 0;
}

/* The readouts above the words, or, when the words would be smaller under them than
 * beside them (presenter mode's larger text: lesson 8 step 1's table of accuracy and
 * loss left the words no room at all), in a column at the right of the words, above
 * the footer. Returns the room for the words and their font in *px. */
static Rect sentence_readouts(const PanelCtx *p, const Run *run, Shade s, Rect ct, double top,
                              int *px)
{
    const Style *st = p->st;
    double natural = 0;
    int rh = panel_readouts_height(p, ct, &natural, NULL), over = 0;
    Rect below = {ct.x, ct.y + rh, ct.w, ct.h - rh};
    Rect body = words_body(p, below, top);
    *px = words_px(p, run, s, body);
    if (rh > 0 && run->task.words && *px < grown_px(st, 0)) { /* not when already largest */
        int cw = (int)ceil(fmin(natural, 0.4 * ct.w));
        Rect col = {ct.x + ct.w - cw, ct.y, cw, ct.h};
        Rect left = {ct.x, ct.y, (int)(ct.w - cw - 1.2 * st->pad), ct.h};
        int rhc = panel_readouts_height(p, col, NULL, &over);
        Rect side = words_body(p, left, top);
        int px2 = words_px(p, run, s, side);
        if (!over && ct.y + rhc <= top && px2 > *px) {
            panel_readouts(p, col);
            *px = px2;
            return side;
        }
    }
    panel_readouts(p, ct);
    return body;
}

static void panel_sentence(const PanelCtx *p, Rect r)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    int ri = plot_featured_run(p->runs, p->nruns, p->v);
    const Run *run = ri >= 0 ? p->runs[ri] : NULL;
    int words = run && run->task.words;
    PlotFacts *f = p->v->facts;
    Shade s = shade_of_view(p->v);
    if (f) {
        f->strip_run = ri;
        f->strip_n = 0;
        f->shade_lo = s.lo;
        f->shade_hi = s.hi;
    }
    char title[200], short_title[160];
    if (run) sentence_titles(run, words, title, sizeof title, short_title, sizeof short_title);
    Rect ct = panel_begin(c, st, r, run ? title : "Example 0", run ? short_title : "Example 0",
                          p->highlight);
    if (!run || run_example_batch(run)->T <= 0 || !run_example_batch(run)->token || run->diag.T <= 0 ||
        !panel_word_grad(run) || (run->step == 0 && !run->diverged_at)) {
        panel_message(c, st, ct, run ? "no training step yet" : "no visible run");
        return;
    }
    double top = sentence_footer(p, run, s, ct); /* the footer sits at the bottom of ct */
    int px = 0;
    Rect body = sentence_readouts(p, run, s, ct, top, &px);
    sentence_words(p, run, s, body, px);
}

/* ---- what the pointer shows, what the CSV holds ---- */

/* A word of the strip: the word, its timestep and the gradient that reached it. */
static void pick_word(PlotLines *l, const PanelPickAt *at)
{
    char a[48], b[48];
    int i = plot_featured_run(at->runs, at->nruns, at->v), t = at->index; /* the run the strip shows */
    if (i < 0) return;
    const Run *r = at->runs[i];
    const double *g = panel_word_grad(r);
    const Batch *eb = run_example_batch(r);
    if (!g || t < 0 || t >= r->diag.T || t >= eb->T) return;
    if (r->task.words)
        plot_lines_add(l, "\"%s\" (t = %d)", task_word(&r->task, eb->token[(size_t)t * (size_t)eb->B]), t);
    else plot_lines_add(l, "t = %d", t);
    plot_lines_add(l, "%s: %s = %s", r->label, panel_word_grad_name,
                   (format_sci(a, sizeof a, g[t], 4), a));
    int ts = r->task.score_step >= 0 ? r->task.score_step : r->diag.T - 1;
    if (isfinite(g[t]) && isfinite(g[ts]) && g[ts] > 0 && t != ts)
        plot_lines_add(l, "%s of the scored word's", (format_sci(b, sizeof b, g[t] / g[ts], 3), b));
}

static void describe(PlotLines *l, Run *const *runs, int nruns, const PlotView *v, int i)
{
    (void)nruns, (void)v;
    char x[32];
    const Run *r = runs[i];
    const Diag *d = &r->diag;
    if (d->pred_class < 0 || !r->task.classes)
        plot_lines_add(l, "%s: loss %s", r->label, panel_tip_num(x, sizeof x, d->loss));
    else plot_lines_add(l, "%s: says \"%s\" (p = %.3f), answer \"%s\"", r->label,
                        r->task.classes[d->pred_class], d->pred_prob,
                        d->pred_target >= 0 ? r->task.classes[d->pred_target] : "?");
}

/* Example 0 (or the pinned sentence) of the run the strip shows (plot_featured_run: the
 * step's named run, else the first visible one still training; the first visible one
 * wrote rows of another run than the strip drew, lesson 4 step 1); x = timestep t, y =
 * the strip's shade (panel_word_grad: its own ||dL/dx_t||), text = the word (numeric
 * tasks: z = the input). */
static void csv(const PlotRows *o, Run *const *runs, int nruns, const PlotView *v)
{
    int i = plot_featured_run(runs, nruns, v);
    if (i < 0 || !panel_visible(v, runs, nruns, i)) return;
    const Run *r = runs[i];
    const Task *task = &r->task;
    const Batch *b = run_example_batch(r);
    const Diag *d = &r->diag;
    const double *shade = panel_word_grad(r);
    if (b->T <= 0 || !b->token || d->T <= 0 || !shade) return;
    for (int t = 0; t < b->T; t++) {
        double g = t < d->T ? shade[t] : NAN;
        if (task->words) {
            panel_row(o, PANEL_SENTENCE, i, "word", t, g, NAN,
                      task_word(task, b->token[(size_t)t * (size_t)b->B]));
        } else {
            const double *xv = b->x + (size_t)t * (size_t)b->B * (size_t)b->I;
            panel_row(o, PANEL_SENTENCE, i, "input", t, g, b->I >= 1 ? xv[0] : NAN,
                      b->I >= 2 && xv[1] > 0.5 ? "marked" : NULL);
        }
    }
    for (int t = task->cue_step, e = task_cue_end(task, b, 0); t >= 0 && t <= e; t++)
        panel_row(o, PANEL_SENTENCE, i, "cue", t, NAN, NAN, NULL);
    if (task->score_step >= 0)
        panel_row(o, PANEL_SENTENCE, i, "scored_step", task->score_step, NAN, NAN, NULL);
    if (task->loss == LOSS_XENT && task->classes && d->pred_class >= 0 && d->pred_class < task->O &&
        d->pred_target >= 0 && d->pred_target < task->O) {
        panel_row(o, PANEL_SENTENCE, i, "prediction", d->pred_t, d->pred_prob, NAN,
                  task->classes[d->pred_class]);
        panel_row(o, PANEL_SENTENCE, i, "target", d->pred_t, NAN, NAN, task->classes[d->pred_target]);
    } else if (task->loss == LOSS_MSE) {
        panel_row(o, PANEL_SENTENCE, i, "batch_loss", NAN, d->loss, NAN, NULL);
        panel_row(o, PANEL_SENTENCE, i, "baseline_mse", NAN, task->baseline_mse, NAN, NULL);
    }
}

const PanelDef panel_sentence_def = {
    .help = "the example as read, each word shaded by the gradient that reached it",
    .draw = panel_sentence,
    .pick_spot = pick_word,
    .describe = describe,
    .csv = csv,
};
