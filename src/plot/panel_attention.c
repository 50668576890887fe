/* panel_attention.c - where the blank looks: the attention weights of an attention
 * run's scored position (diag.attn: the softmax row of the query attn_t over every
 * word, per layer and head), one band of bars per head on the same absolute 0..1
 * scale, the sentence's words under the bars as the sentence strip shows them
 * (run_example_batch: the pinned sentence, or example 0), each head's strongest word
 * named with its weight. An RNN has no attention: the panel says so. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "panels.h"

/* The run the panel shows: the featured run if it is an attention run, else the first
 * visible attention run; -1 if none is visible. */
static int attention_run(const PanelCtx *p)
{
    int f = plot_featured_run(p->runs, p->nruns, p->v);
    if (f >= 0 && p->runs[f]->cfg.cell == CELL_ATTENTION) return f;
    for (int i = 0; i < p->nruns; i++)
        if (panel_run_visible(p, i) && p->runs[i]->cfg.cell == CELL_ATTENTION) return i;
    return -1;
}

/* word t of the sentence the diagnostics describe, as the strip writes it */
static void word_at(const Run *run, int t, char *buf, size_t n)
{
    const Batch *b = run_example_batch(run);
    if (t < 0 || t >= b->T) snprintf(buf, n, "?");
    else if (run->task.words && b->token)
        snprintf(buf, n, "%s", task_word(&run->task, b->token[(size_t)t * (size_t)b->B]));
    else
        snprintf(buf, n, "%.3g", b->I >= 1 ? b->x[(size_t)t * (size_t)b->B * (size_t)b->I] : NAN);
}

/* word t as written upwards under its column: the blank "___" turned on its side reads
 * as a tick mark, so it is named "blank" */
static void word_up(const Run *run, int t, char *buf, size_t n)
{
    word_at(run, t, buf, n);
    if (buf[0] && strspn(buf, "_") == strlen(buf)) snprintf(buf, n, "blank");
}

/* the position of the largest weight in row w (the first of equals); -1 if none is finite */
static int strongest(const double *w, int T)
{
    int best = -1;
    for (int t = 0; t < T; t++)
        if (isfinite(w[t]) && (best < 0 || w[t] > w[best])) best = t;
    return best;
}

/* The gap between a band's name and its ticks, in pads: its name in bold and two pads
 * off (and no "0.5" beside it), where "head 1 0.5" read as one label (lesson 10 step 2
 * in presenter mode). */
#define ATTN_LABEL_GAP 2.0

static void band_label(char *buf, size_t n, int layers, int l, int h)
{
    if (layers > 1) snprintf(buf, n, "layer %d head %d", l + 1, h + 1);
    else snprintf(buf, n, "head %d", h + 1);
}

/* The panel's title forms, longest first, into t; returns how many. The run's name
 * stays in all but the last (the panel shows one run of several). */
static int attention_titles(const Run *run, char t[5][200])
{
    const Diag *d = run ? &run->diag : NULL;
    char blank[24] = "";
    if (!run || d->attn_t < 0) {
        snprintf(t[0], sizeof t[0], "Where the blank looks: attention weights per head");
        snprintf(t[1], sizeof t[1], "Attention weights");
        return 2;
    }
    word_at(run, d->attn_t, blank, sizeof blank);
    snprintf(t[0], sizeof t[0], "Where %s looks: attention from t = %d (\u201c%s\u201d) to each word, per head (%s)",
             run->task.words ? "the blank" : "the scored step", d->attn_t, blank, run->label);
    snprintf(t[1], sizeof t[1], "Attention from t = %d, per head (%s)", d->attn_t, run->label);
    snprintf(t[2], sizeof t[2], "Attention from t = %d (%s)", d->attn_t, run->label);
    snprintf(t[3], sizeof t[3], "Attention (%s)", run->label);
    snprintf(t[4], sizeof t[4], "Attention from t = %d", d->attn_t);
    return 5;
}

/* Where things go: the bands' columns (x0..x1, cw a word), their rows (y0, band_h,
 * gap), the words below them (y_words, wlen, wpx, all_words, every), the key row. */
typedef struct AttnGeom {
    int T, rows, px, fh;
    double lab_w, tick_w, x0, x1, cw;
    int wpx, all_words;
    int every; /* > 0: every every-th word and the named ones, at the tick size */
    double wlen, key_h, y_words, y0, gap, band_h;
    double drop; /* the words start this much lower, below the query's triangle */
} AttnGeom;

/* 1 if word t is named in bold: the query, a one-word cue, or a head's strongest word
 * (peak_t[0..rows), NULL: none yet). The mouse task's cue is its whole ending: its
 * first word in bold beside a head's peak on another read as "the cue is not where
 * attention looks" (lesson 10 step 3, "for" against "use"). */
static int named_word(const Run *run, int t, const int *peak_t, int rows)
{
    int named = t == run->diag.attn_t || (t == run->task.cue_step && !run->task.cue_span);
    for (int k = 0; peak_t && k < rows; k++) named |= peak_t[k] == t;
    return named;
}

/* Lays the panel out in ct, its key along the bottom unless keyless (the key in the
 * readouts' column); 0 if the bands do not fit. */
static int attention_geom(const PanelCtx *p, const Run *run, Rect ct, int keyless, AttnGeom *g)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    const Diag *d = &run->diag;
    g->T = d->T;
    g->rows = d->attn_layers * d->attn_heads;
    if (g->rows > DIAG_MAX_ATTN) g->rows = DIAG_MAX_ATTN;
    int T = g->T, rows = g->rows;
    g->px = st->px_tick;
    g->fh = canvas_font_height(c, g->px, 0);
    int px = g->px, fh = g->fh, fhl = canvas_font_height(c, st->px_label, 0);
    /* left: the y axis label (rotated), the band names and their 0 / 1 ticks */
    g->lab_w = 0;
    for (int k = 0; k < rows; k++) {
        char lab[40];
        band_label(lab, sizeof lab, d->attn_layers, k / d->attn_heads, k % d->attn_heads);
        g->lab_w = fmax(g->lab_w, canvas_text_width(c, lab, px, 1));
    }
    g->tick_w = canvas_text_width(c, "0.5", px, 0);
    g->x0 = ct.x + 1.4 * fhl + g->lab_w + ATTN_LABEL_GAP * st->pad + g->tick_w + 0.5 * st->pad;
    g->x1 = ct.x + ct.w - 0.6 * st->pad;
    if (g->x1 - g->x0 < 2 * T) { /* narrow: band names go */
        g->x0 = ct.x + 1.4 * fhl + g->tick_w + 0.5 * st->pad;
        g->lab_w = 0;
    }
    g->cw = (g->x1 - g->x0) / T; /* one column per word */
    /* bottom: the words, rotated to read upwards, as long as the longest drawn word;
     * a word is drawn when its column holds a line of text, else only the strongest
     * words and the blank are (no two overlapping) */
    g->wpx = px; /* the words' size: the tick size, smaller (to 10 px) until a line fits a column */
    while (g->wpx > 10 && canvas_font_height(c, g->wpx, 0) > 0.95 * g->cw) g->wpx--;
    g->all_words = canvas_font_height(c, g->wpx, 0) <= 0.95 * g->cw;
    g->every = 0;
    /* words under the tick size do not read from the back row (lesson 10 step 2's 40
     * words were 11 px at 1080p, normal mode's ticks 17): every every-th word at the
     * tick size instead, with the named ones (attention_words). So too where even 10 px
     * words do not fit their columns (lesson 10 step 2 at 1280x720 named only "Kerala"
     * and "blank" under 40 bars) */
    if (!g->all_words || g->wpx < px) {
        g->all_words = 0;
        g->every = (int)ceil(1.1 * fh / fmax(1, g->cw));
    }
    if (!g->all_words) g->wpx = px;
    g->wlen = 0;
    for (int t = 0; t < T; t++) {
        char w[40];
        word_up(run, t, w, sizeof w);
        double ww = canvas_text_width(c, w, g->wpx, 1);
        /* (every every-th word: one longer than the room is left out, attention_words) */
        if (g->every && ((t % g->every && !named_word(run, t, NULL, 0)) || ww > 0.3 * ct.h)) continue;
        if (strcmp(w, "<pad>")) g->wlen = fmax(g->wlen, ww);
    }
    g->wlen = fmin(g->wlen, 0.35 * ct.h);
    if (!g->all_words) g->wlen = fmin(g->wlen, (g->every ? 0.3 : 0.25) * ct.h);
    g->key_h = keyless ? 0 : 1.4 * fh;
    /* the query's triangle on the last band's base reaches 0.7 of a marker down: the
     * words start below it (the query's word, "blank", ran into it) */
    g->drop = fmax(0, 1.0 * st->marker - 0.6 * st->pad);
    g->y_words = ct.y + ct.h - g->key_h - 0.5 * st->pad - g->wlen - g->drop; /* words start below the bands */
    g->y0 = ct.y + 0.3 * st->pad + 1.2 * fh; /* the first band's top (room for its label) */
    /* between bands: the next one's peak label, and air between this band's "0" and the
     * next one's "1" (at 1.3 lines the two digits nearly touched) */
    g->gap = 1.8 * fh;
    g->band_h = (g->y_words - 0.4 * st->pad - g->y0 - (rows - 1) * g->gap) / rows;
    if (g->band_h < 6) {
        g->gap = 0.2 * st->pad;
        g->band_h = (g->y_words - 0.4 * st->pad - g->y0 - (rows - 1) * g->gap) / rows;
    }
    return !(g->band_h < 3 || g->cw < 1);
}

/* Band k: its 0 / 0.5 / 1 scale, its name, a bar per word (the strongest solid), the
 * query's marker and the strongest word named with its weight. Returns that word. */
static int attention_band(const PanelCtx *p, const Run *run, const AttnGeom *g, int k, uint32_t col)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    const Diag *d = &run->diag;
    PlotFacts *f = p->v->facts;
    int T = g->T, px = g->px, fh = g->fh;
    double x0 = g->x0, x1 = g->x1, cw = g->cw, band_h = g->band_h;
    uint32_t fg = st->th->fg, muted = st->th->muted;
    const double *w = d->attn + (long)k * T;
    double top = g->y0 + k * (band_h + g->gap), bot = top + band_h;
    /* the scale: grid at 0, 0.5 and 1, labelled */
    static const double lv[3] = {0, 0.5, 1};
    for (int i = 0; i < 3; i++) {
        double y = bot - lv[i] * band_h;
        canvas_line(c, x0, y, x1, y, st->thin_w, i == 0 ? st->th->axis : st->th->grid);
        /* no room for the middle label; or the band's name beside it, level with it:
         * "head 1 0.5" read as one label (lesson 10 step 2, presenter) */
        if (i == 1 && (band_h < 2.2 * fh || g->lab_w > 0)) continue;
        canvas_text(c, i == 0 ? "0" : i == 1 ? "0.5" : "1", x0 - 0.3 * st->pad, y, px, 0,
                    TEXT_RIGHT | TEXT_MIDDLE, muted);
    }
    if (g->lab_w > 0) {
        char lab[40];
        band_label(lab, sizeof lab, d->attn_layers, k / d->attn_heads, k % d->attn_heads);
        canvas_text(c, lab, x0 - g->tick_w - ATTN_LABEL_GAP * st->pad, (top + bot) / 2, px, 1,
                    TEXT_RIGHT | TEXT_MIDDLE, fg);
    }
    int best = strongest(w, T);
    for (int t = 0; t < T; t++) {
        if (!isfinite(w[t]) || w[t] <= 0) continue;
        double h = fmin(1, w[t]) * band_h, bx = x0 + t * cw + 0.12 * cw;
        canvas_fill_rect(c, bx, bot - h, fmax(1, 0.76 * cw), h, t == best ? col : style_alpha(col, 150));
    }
    /* the query: a triangle on the band's base, as its key "▲ query" */
    canvas_marker(c, MARK_TRIANGLE, x0 + (d->attn_t + 0.5) * cw, bot + 0.35 * st->marker, 0.7 * st->marker, fg,
                  0);
    if (best < 0) return best;
    char wd[40], num[24], lab[80];
    word_at(run, best, wd, sizeof wd);
    snprintf(num, sizeof num, "%.3f", w[best]); /* 0..1: three decimals, 0.999 is not 1 */
    if (run->task.words) snprintf(lab, sizeof lab, "%s %s", wd, num);
    else snprintf(lab, sizeof lab, "t = %d: %s", best, num); /* a number beside a number misleads */
    double lx = x0 + (best + 0.5) * cw, tw = canvas_text_width(c, lab, px, 1);
    if (lx - tw / 2 < x0 + 0.4 * fh) lx = x0 + 0.4 * fh + tw / 2; /* off the "1" of the scale */
    if (lx + tw / 2 > x1) lx = x1 - tw / 2;
    double ly = bot - fmin(1, w[best]) * band_h - 0.15 * st->pad;
    if (ly - fh < top - 1.2 * fh) ly = top - 1.2 * fh + fh;
    canvas_text(c, lab, lx, ly, px, 1, TEXT_CENTER | TEXT_BOTTOM, fg);
    if (f && k < PLOT_MAX_ATTN_ROWS) {
        f->attn_peak_t[k] = best;
        f->attn_peak[k] = w[best];
        snprintf(f->attn_peak_word[k], sizeof f->attn_peak_word[k], "%s", wd);
    }
    return best;
}

/* 1 if word t is drawn: every word, or the named ones, and with g->every every
 * every-th word that does not crowd a named one and fits in g->wlen at the tick size,
 * but a full stop (alone among the words left out around it, it read as a stray mark). */
static int word_shown(Canvas *c, const Run *run, const AttnGeom *g, const int *peak_t, int t,
                      const char *w)
{
    if (g->all_words || named_word(run, t, peak_t, g->rows)) return 1;
    if (!g->every || t % g->every || !strcmp(w, ".") || canvas_text_width(c, w, g->wpx, 0) > g->wlen)
        return 0;
    for (int u = t - g->every + 1; u < t + g->every; u++)
        if (u != t && u >= 0 && u < g->T && named_word(run, u, peak_t, g->rows) &&
            fabs((u - t) * g->cw) < 1.1 * g->fh)
            return 0;
    return 1;
}

/* The words, under their columns, reading upwards; the strongest ones, the cue and the
 * query in bold. */
static void attention_words(const PanelCtx *p, const Run *run, const AttnGeom *g, const int *peak_t)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    PlotFacts *f = p->v->facts;
    double wy = g->y_words + 0.2 * st->pad + g->drop;
    double last_end = -INFINITY;
    for (int t = 0; t < g->T; t++) {
        char w[40];
        word_up(run, t, w, sizeof w);
        if (!strcmp(w, "<pad>")) continue;
        int named = named_word(run, t, peak_t, g->rows);
        double cx = g->x0 + (t + 0.5) * g->cw;
        if (!word_shown(c, run, g, peak_t, t, w)) continue;
        if (!g->all_words && !g->every && cx - 0.6 * g->fh < last_end) continue;
        int tpx = g->wpx; /* a word longer than the room: smaller */
        while (tpx > 10 && canvas_text_width(c, w, tpx, named) > g->wlen) tpx--;
        uint32_t wc = named ? st->th->fg : st->th->muted;
        canvas_text_up(c, w, cx, wy, tpx, named, TEXT_RIGHT | TEXT_MIDDLE, wc);
        last_end = cx + 0.6 * g->fh;
        if (f) {
            if (!f->attn_words || tpx < f->attn_word_px) f->attn_word_px = tpx;
            f->attn_words++;
        }
    }
}

enum { ATTN_KEY = 200 }; /* bytes of the key's text */

/* What the marks mean, and the axis, in cap (ATTN_KEY bytes): shorter where it must fit
 * width w on one line (w <= 0: no limit, the key wrapped in the readouts' column). */
static void attention_key_text(const PanelCtx *p, const Run *run, const AttnGeom *g, double w, char *cap)
{
    Canvas *c = p->c;
    const Diag *d = &run->diag;
    int px = g->px, T = g->T;
    const char *item = run->task.words ? "word" : "input";
    snprintf(cap, ATTN_KEY, "%s t = 0 .. %d (%s)   \u25b2 the query, t = %d   bars: weight of each %s, %s", item,
             T - 1, run->has_example ? "the sentence" : "example 0", d->attn_t, item,
             "one head per row, each row sums to 1");
    if (g->every && run->task.words)
        snprintf(cap, ATTN_KEY, "every %d%s word and the named ones in bold   \u25b2 query t = %d   "
                 "each row sums to 1", g->every, g->every == 2 ? "nd" : g->every == 3 ? "rd" : "th", d->attn_t);
    if (w <= 0) return;
    if (canvas_text_width(c, cap, px, 0) > w)
        snprintf(cap, ATTN_KEY, "%s t = 0 .. %d   \u25b2 query t = %d   each row sums to 1", item, T - 1,
                 d->attn_t);
    if (canvas_text_width(c, cap, px, 0) > w)
        snprintf(cap, ATTN_KEY, "\u25b2 query t = %d   rows sum to 1", d->attn_t);
}

/* Bottom row: the key, shorter where the panel is narrow. */
static void attention_key(const PanelCtx *p, const Run *run, const AttnGeom *g, Rect ct)
{
    char cap[ATTN_KEY];
    attention_key_text(p, run, g, ct.w - p->st->pad, cap);
    canvas_text(p->c, cap, ct.x + ct.w / 2.0, ct.y + ct.h - g->key_h / 2, g->px, 0, TEXT_CENTER | TEXT_MIDDLE,
                p->st->th->muted);
}

static void panel_attention(const PanelCtx *p, Rect r)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    PlotFacts *f = p->v->facts;
    int ri = attention_run(p);
    const Run *run = ri >= 0 ? p->runs[ri] : NULL;
    const Diag *d = run ? &run->diag : NULL;
    if (f) f->attn_run = ri, f->attn_rows = 0, f->attn_query = -1;
    char forms[5][200];
    int nf = attention_titles(run, forms);
    const char *fp[5] = {forms[0], forms[1], forms[2], forms[3], forms[4]};
    Rect ct = panel_begin_forms(c, st, r, fp, nf, p->highlight);
    if (!run) {
        int any = panel_first_visible(p) >= 0;
        panel_message(c, st, ct, any ? "does not apply: no visible run is cell=attention (an RNN has "
                                       "no attention; it passes the words on step by step)"
                                     : "no visible run");
        return;
    }
    if (d->attn_layers <= 0 || d->attn_heads <= 0 || d->attn_t < 0 || (run->step == 0 && !run->diverged_at)) {
        panel_message(c, st, ct, run->diverged_at ? "the run diverged before its first step"
                                                  : "no training step yet");
        return;
    }
    /* the readouts above the bands, or, in a wide highlighted panel whose bands they
     * would leave under PANEL_PLOT_FLOOR of its height, in a column at the right */
    double natural = 0, gap = 1.2 * st->pad;
    int rh = panel_readouts_height(p, ct, &natural, NULL), over = 0;
    Rect below = {ct.x, ct.y + rh, ct.w, ct.h - rh};
    AttnGeom g, g2, g3;
    int ok = attention_geom(p, run, below, 0, &g), side = 0, key_in_col = 0;
    if (rh > 0 && r.w >= 1.5 * r.h && (!ok || g.y_words - g.y0 < PANEL_PLOT_FLOOR * r.h)) {
        int cw = (int)ceil(fmin(natural, 0.4 * ct.w));
        Rect col = {ct.x + ct.w - cw, ct.y, cw, ct.h}, left = {ct.x, ct.y, (int)(ct.w - cw - gap), ct.h};
        int rhc = panel_readouts_height(p, col, NULL, &over);
        if (!over && rhc <= ct.h && attention_geom(p, run, left, 0, &g2) &&
            (!ok || g2.y_words - g2.y0 > g.y_words - g.y0)) {
            panel_readouts(p, col);
            g = g2, ct = left, side = ok = 1;
            /* the key under the readouts, wrapped, where it fits: the bands take its
             * row (lesson 10 step 2 in presenter mode: 85 px bands under 40 words) */
            char cap[ATTN_KEY];
            if (attention_geom(p, run, left, 1, &g3)) {
                attention_key_text(p, run, &g3, 0, cap);
                Key k = {cap, st->th->muted, -1, KEY_TEXT};
                Rect rest = {col.x, col.y + rhc + (int)(0.6 * st->pad), col.w, col.h - rhc - (int)(0.6 * st->pad)};
                int cuts = 0, kh = panel_keys_measure(p, rest, &k, 1, &cuts);
                if (!cuts && kh <= rest.h) {
                    panel_keys(p, rest, &k, 1);
                    g = g3, key_in_col = 1;
                }
            }
        }
    }
    if (!side) {
        panel_readouts(p, ct);
        ct = below;
    }
    if (!ok) {
        panel_message(c, st, ct, "too small to draw the attention of every head");
        return;
    }
    /* the data area for hover: x = timestep, y = band coordinate */
    Axes ax = {0};
    ax.area = (Rect){(int)floor(g.x0), (int)floor(g.y0), (int)ceil(g.x1 - g.x0),
                     (int)ceil(g.y_words - 0.4 * st->pad - g.y0)};
    ax.x = (Axis){-0.5, g.T - 0.5, 0, g.x0, g.x1};
    ax.y = (Axis){0, g.rows, 0, g.y0 + ax.area.h, g.y0};
    panel_register(p, &ax);
    /* the axis label, rotated, centred on the bands: shorter where they are short */
    static const char *const ylab[2] = {"attention weight (0 to 1)", "weight"};
    for (int k = 0; k < 2; k++)
        if (canvas_text_width(c, ylab[k], st->px_label, 0) <= g.y_words - g.y0) {
            canvas_text_up(c, ylab[k], ct.x + 0.2 * st->pad, g.y0 + (g.y_words - g.y0) / 2, st->px_label, 0,
                           TEXT_CENTER | TEXT_TOP, st->th->fg);
            break;
        }
    int peak_t[DIAG_MAX_ATTN];
    for (int k = 0; k < g.rows; k++) peak_t[k] = attention_band(p, run, &g, k, panel_run_color(p, ri));
    if (f) f->attn_rows = g.rows < PLOT_MAX_ATTN_ROWS ? g.rows : PLOT_MAX_ATTN_ROWS, f->attn_query = d->attn_t;
    attention_words(p, run, &g, peak_t);
    if (!key_in_col) attention_key(p, run, &g, ct);
}

/* ---- what the pointer shows, what the CSV holds ---- */

/* the run the panel shows, from the runs and view alone (pick, csv) */
static int shown_run(Run *const *runs, int nruns, const PlotView *v)
{
    int i = plot_featured_run(runs, nruns, v);
    if (i >= 0 && runs[i]->cfg.cell == CELL_ATTENTION) return i;
    for (int j = 0; j < nruns; j++)
        if (panel_visible(v, runs, nruns, j) && runs[j]->cfg.cell == CELL_ATTENTION) return j;
    return -1;
}

/* word t, and the weight every head puts on it from the query */
static void pick(PlotLines *l, const PanelPickAt *at)
{
    int i = shown_run(at->runs, at->nruns, at->v);
    if (i < 0) return;
    const Run *r = at->runs[i];
    const Diag *d = &r->diag;
    int t = (int)floor(at->x + 0.5);
    if (d->attn_layers <= 0 || d->attn_t < 0 || t < 0 || t >= d->T) return;
    char w[40];
    word_at(r, t, w, sizeof w);
    plot_lines_add(l, "\"%s\" (t = %d), from t = %d:", w, t, d->attn_t);
    for (int k = 0; k < d->attn_layers * d->attn_heads && k < DIAG_MAX_ATTN; k++) {
        char lab[40];
        band_label(lab, sizeof lab, d->attn_layers, k / d->attn_heads, k % d->attn_heads);
        plot_lines_add(l, "%s: %.4f", lab, d->attn[(long)k * d->T + t]);
    }
}

/* each head's strongest word at the latest step */
static void describe(PlotLines *l, Run *const *runs, int nruns, const PlotView *v, int i)
{
    (void)nruns, (void)v;
    const Run *r = runs[i];
    const Diag *d = &r->diag;
    if (r->cfg.cell != CELL_ATTENTION || d->attn_layers <= 0 || d->attn_t < 0) return;
    for (int k = 0; k < d->attn_layers * d->attn_heads && k < DIAG_MAX_ATTN; k++) {
        int best = strongest(d->attn + (long)k * d->T, d->T);
        if (best < 0) continue;
        char lab[40], w[40];
        band_label(lab, sizeof lab, d->attn_layers, k / d->attn_heads, k % d->attn_heads);
        word_at(r, best, w, sizeof w);
        plot_lines_add(l, "%s: %s %s looks at \"%s\" (t = %d): %.4f", r->label, lab,
                       r->task.words ? "the blank" : "the scored step", w, best,
                       d->attn[(long)k * d->T + best]);
    }
}

/* series l<l>_h<h>: x = word t, y = the weight from the query to word t, text = the
 * word; query: x = the query position */
static void csv(const PlotRows *o, Run *const *runs, int nruns, const PlotView *v)
{
    int i = shown_run(runs, nruns, v);
    if (i < 0) return;
    const Run *r = runs[i];
    const Diag *d = &r->diag;
    if (d->attn_layers <= 0 || d->attn_t < 0 || r->step == 0) return;
    for (int k = 0; k < d->attn_layers * d->attn_heads && k < DIAG_MAX_ATTN; k++) {
        char series[32];
        snprintf(series, sizeof series, "l%d_h%d", k / d->attn_heads, k % d->attn_heads);
        for (int t = 0; t < d->T; t++) {
            char w[40];
            word_at(r, t, w, sizeof w);
            panel_row(o, PANEL_ATTENTION, i, series, t, d->attn[(long)k * d->T + t], NAN,
                      r->task.words ? w : NULL);
        }
    }
    panel_row(o, PANEL_ATTENTION, i, "query", d->attn_t, NAN, NAN, NULL);
}

static int applies(const Run *r)
{
    return r->cfg.cell == CELL_ATTENTION;
}

const PanelDef panel_attention_def = {
    .help = "where the blank looks: each head's attention weights over the words (cell=attention)",
    .draw = panel_attention,
    .pick = pick,
    .describe = describe,
    .csv = csv,
    .applies = applies,
};
