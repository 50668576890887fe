/* panel_clipping.c - global gradient norm before and after clipping against training
 * step (log y), the clipping threshold as a horizontal line, clipped steps marked
 * as ticks along the bottom (one row of ticks per run). */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "panels.h"
#include "place.h"

static double get_raw(const HistEntry *e)
{
    return e->grad_norm;
}

static double get_clipped(const HistEntry *e)
{
    return e->grad_norm_clipped;
}

/* Clip thresholds: one muted line if all runs share it, else one per run in its colour,
 * drawn under the data. */
#define THR_PEN(st) (0.8 * (st)->line_w)

static void thresholds(const PanelCtx *p, const Axes *ax, int same_thr)
{
    const Style *st = p->st;
    Rect a = ax->area;
    double dd[4];
    int nd;
    style_dash(st, DASH_DOT, dd, &nd);
    for (int i = 0; i < p->nruns; i++) {
        if (!panel_run_visible(p, i) || p->runs[i]->cfg.clip != CLIP_NORM) continue;
        double y = axis_pos(&ax->y, p->runs[i]->cfg.clip_threshold);
        uint32_t col = same_thr ? st->th->muted : panel_run_color(p, i);
        canvas_dashed_line(p->c, a.x, y, a.x + a.w, y, THR_PEN(st), dd, nd, col);
        if (same_thr) break;
    }
}

/* The thresholds' lines across the plot on pl (rules): no label covers them (lesson 4
 * step 2 at 3840x2160 presenter: the first clip's note, shortened, lay on one). */
static void threshold_rules(const PanelCtx *p, const Axes *ax, Placer *pl)
{
    Rect a = ax->area;
    for (int i = 0; i < p->nruns; i++) {
        if (!panel_run_visible(p, i) || p->runs[i]->cfg.clip != CLIP_NORM) continue;
        double y = axis_pos(&ax->y, p->runs[i]->cfg.clip_threshold);
        if (!isnan(y)) place_rule(pl, a.x, y, a.x + a.w, y, THR_PEN(p->st) / 2);
    }
}

/* A threshold's label, "threshold 1", in its run's colour (muted when all share one),
 * and where it goes: a box of w x h with its top-left corner at (x, y), ok 1 if placed. */
typedef struct ThrLabel {
    char text[48];
    uint32_t color;
    double x, y;
    int w, h, ok;
} ThrLabel;

/* Places each threshold's label on pl where it covers no line and no label placed
 * before: above its line at the plot's right end, else below it there, then leftwards
 * along the line, above and below; each placed one is taken in pl. Returns how many of
 * the *n labels (written to tl) found no place. */
static int threshold_place(const PanelCtx *p, const Axes *ax, int same_thr, Placer *pl, ThrLabel *tl,
                           int *n)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    Rect a = ax->area;
    int missed = 0;
    *n = 0;
    for (int i = 0; i < p->nruns; i++) {
        if (!panel_run_visible(p, i) || p->runs[i]->cfg.clip != CLIP_NORM) continue;
        double t = p->runs[i]->cfg.clip_threshold, y = axis_pos(&ax->y, t);
        ThrLabel *l = &tl[(*n)++];
        char num[32];
        format_number(num, sizeof num, t, 3);
        snprintf(l->text, sizeof l->text, "threshold %s", num);
        l->color = same_thr ? st->th->muted : panel_run_color(p, i);
        l->w = canvas_text_width(c, l->text, st->px_tick, 0) + 6;
        l->h = canvas_font_height(c, st->px_tick, 0);
        l->ok = 0;
        if (!isnan(y)) {
            double xy[2 * 2 * 24];
            int nc = 0;
            /* off its own line (a rule on pl) by the placer's gap and a px */
            double off = fmax(0.3 * st->pad, THR_PEN(st) / 2 + pl->gap + 1);
            double above = y - off - l->h, below = y + off;
            for (int k = 0; k < 24; k++) {
                double x = a.x + a.w - 0.5 * st->pad - l->w - k * 0.25 * l->w;
                if (x < a.x + 1) break;
                xy[2 * nc] = x, xy[2 * nc++ + 1] = above;
                xy[2 * nc] = x, xy[2 * nc++ + 1] = below;
            }
            l->ok = place_find(pl, xy, nc, l->w, l->h, 0, &l->x, &l->y);
        }
        if (l->ok) place_take(pl, (Rect){(int)floor(l->x), (int)floor(l->y), l->w + 1, l->h + 1});
        else missed++;
        if (same_thr) break;
    }
    return missed;
}

static void threshold_labels(const PanelCtx *p, const ThrLabel *tl, int n)
{
    for (int k = 0; k < n; k++) {
        panel_label_fact(p, tl[k].ok ? PLOT_LABEL_PLACED : PLOT_LABEL_DROPPED, tl[k].text);
        if (!tl[k].ok) continue;
        canvas_fill_rect(p->c, tl[k].x, tl[k].y, tl[k].w, tl[k].h, style_alpha(p->st->th->panel, 215));
        canvas_text(p->c, tl[k].text, tl[k].x + 3, tl[k].y, p->st->px_tick, 0, TEXT_LEFT | TEXT_TOP,
                    tl[k].color);
    }
}

/* 1 if run i's values set the value axis. When a run clips, the panel's point is what
 * clipping does: a run that diverged is left out while another still trains (its line
 * leaves the plot, its mark sits at the edge). Without clipping (lesson 3) the blow-up
 * itself is the point and the highlighted panel scales to it (panel_in_scale). */
static int clip_scale(const PanelCtx *p, int i, int any_clip_run, int any_alive)
{
    if (!panel_run_visible(p, i)) return 0;
    if (any_clip_run && any_alive) return !p->runs[i]->diverged_at;
    return panel_in_scale(p, i);
}

/* "clip 10: 3.2% of 600 steps clipped" (and, for elementwise clipping, how far it turned
 * the step at the latest step). */
static void fraction_text(const Run *run, char *buf, size_t n)
{
    const History *h = &run->hist;
    long steps = run->step;
    if (run->cfg.clip == CLIP_NONE) {
        snprintf(buf, n, "%s: no clipping", run->label);
        return;
    }
    double pct = steps > 0 ? 100.0 * (double)h->clips_total / (double)steps : 0;
    char turned[96] = "";
    /* (the latest step not clipped: "turned 0°" beside a narration of more than 60° at the
     * first step read as a contradiction, lesson 4 step 2) */
    if (run->cfg.clip == CLIP_VALUE && steps > 0 && run->diag.clipped)
        snprintf(turned, sizeof turned, "; turned %.0f\u00b0 at step %ld", run->diag.clip_angle, steps);
    else if (run->cfg.clip == CLIP_VALUE && steps > 0)
        snprintf(turned, sizeof turned, "; step %ld not clipped", steps);
    snprintf(buf, n, "%s: %.*f%% of %ld step%s clipped%s", run->label, pct < 10 ? 1 : 0, pct, steps,
             steps == 1 ? "" : "s", turned);
}

/* "‖g‖ 1.2·10⁵ → 10 (step 1)": run i's first clipped step, what clipping did to it;
 * brief: without "(step 1)" (the arrow stands at that step), for a narrow plot. */
static void clip_note(const Run *run, char *buf, size_t n, int brief)
{
    const History *h = &run->hist;
    char a0[48], a1[48];
    format_sci(a0, sizeof a0, h->first_clip_norm, 2);
    format_sci(a1, sizeof a1, h->first_clip_after, 2);
    char at[32] = "";
    if (!brief) snprintf(at, sizeof at, " (step %ld)", h->first_clip);
    if (run->cfg.clip == CLIP_VALUE)
        snprintf(buf, n, "\u2016g\u2016 %s \u2192 %s, turned %.0f\u00b0%s", a0, a1,
                 h->first_clip_angle, at);
    else snprintf(buf, n, "\u2016g\u2016 %s \u2192 %s%s", a0, a1, at);
}

/* Where run i's first clip is drawn: its arrow from the norm before clipping (y0, at
 * the top if that is off the plot) down to the norm after it (y1) at x; 0 if it has none
 * on this plot. */
static int first_clip_at(const PanelCtx *p, const Axes *ax, int i, double *x, double *y0, double *y1)
{
    const History *h = &p->runs[i]->hist;
    if (h->first_clip <= 0) return 0;
    *x = axis_pos(&ax->x, (double)h->first_clip);
    *y0 = axis_pos(&ax->y, h->first_clip_norm), *y1 = axis_pos(&ax->y, h->first_clip_after);
    if (isnan(*x) || isnan(*y1)) return 0;
    if (isnan(*y0) || *y0 < ax->area.y) *y0 = ax->area.y;
    return 1;
}

/* The first clips' arrows (highlighted panel, runs still training), taken in pl: no
 * label goes over them; drawn when draw is 1. */
static void first_clip_arrows(const PanelCtx *p, const Axes *ax, Placer *pl, int draw)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    for (int i = 0; i < p->nruns && p->highlight; i++) {
        double x, y0, y1;
        if (!panel_run_visible(p, i) || p->runs[i]->diverged_at || !first_clip_at(p, ax, i, &x, &y0, &y1))
            continue;
        if (!(y1 - y0 > 3 * st->marker)) continue;
        uint32_t col = panel_run_color(p, i);
        place_take(pl, (Rect){(int)floor(x - 0.5 * st->marker), (int)floor(y0), (int)ceil(st->marker),
                              (int)ceil(y1 - y0)});
        if (!draw) continue;
        canvas_line(c, x, y0, x, y1 - st->marker * 0.6, st->line_w, col);
        double xs[3] = {x - 0.45 * st->marker, x + 0.45 * st->marker, x};
        double ys[3] = {y1 - st->marker * 0.9, y1 - st->marker * 0.9, y1};
        canvas_fill_convex(c, xs, ys, 3, col);
    }
}

/* Where a first clip's note at (bx, by) stands from its arrow at x, from y0 (top) to y1:
 * tx is the place it was asked for, w x fh its box. A note moved along more than a pad
 * and a half, or up or down more than two rows, takes a leader (seg: from, to). */
typedef struct ClipLead {
    double x, y0, y1, tx, w, fh, pad;
} ClipLead;

static int clip_leader(const ClipLead *L, double bx, double by, double seg[4])
{
    /* (moved along more than a pad and a half, it read as another step's: lesson 4 step 1
     * in the window, "‖g‖ 7.8e3 → 3 (step 1)" 200 px right, over the spikes of step 180) */
    if (!(fabs(by + L->fh / 2.0 - L->y0) > 2 * L->fh || fabs(bx - (L->tx - 3)) > 1.5 * L->pad)) return 0;
    /* from its nearer side to the arrow, level with the note where the arrow spans that
     * height (a leader to the arrow's top passed under another run's note there: lesson 4
     * step 2 at 3840x2160), else to its top */
    double x = L->x, lx = x < bx ? bx : x > bx + L->w + 6 ? bx + L->w + 6 : x, my = by + L->fh / 2.0;
    if (my >= fmin(L->y0, L->y1) && my <= fmax(L->y0, L->y1) && lx != x)
        seg[0] = lx, seg[1] = my, seg[2] = x, seg[3] = my;
    else seg[0] = lx, seg[1] = by < L->y0 ? by + L->fh : by, seg[2] = x, seg[3] = L->y0;
    return 1;
}

/* A place whose leader crosses no other label (lesson 4 step 2 in presenter mode: the
 * value run's leader ran through the norm run's note) and no line. */
static int clip_leader_clear(const Placer *pl, double bx, double by, const void *ctx)
{
    double seg[4];
    const ClipLead *L = ctx;
    if (!clip_leader(L, bx, by, seg)) return 1;
    return !place_seg_taken(pl, seg[0], seg[1], seg[2], seg[3]) &&
           place_seg_lines(pl, seg[0], seg[1], seg[2], seg[3]) == 0;
}

/* The note of run i's first clip (clip_note) beside its arrow, on pl: under the arrow's
 * top, else above it, else the free place of the plot nearest to that, joined to the
 * arrow's top by a leader that crosses no other label and no line; never over a line or another
 * label, and the leader kept clear of the labels placed after it. Drawn when draw is 1;
 * returns 0 if no place is free (nothing drawn: the note then belongs in the keys). */
static int first_clip(const PanelCtx *p, const Axes *ax, int i, int brief, Placer *pl, int draw)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    const Run *run = p->runs[i];
    double x, y0, y1;
    if (!first_clip_at(p, ax, i, &x, &y0, &y1)) return 1;
    Rect a = ax->area;
    uint32_t col = panel_run_color(p, i);
    char buf[160];
    clip_note(run, buf, sizeof buf, brief);
    int w = canvas_text_width(c, buf, st->px_tick, 1), fh = canvas_font_height(c, st->px_tick, 1);
    double tx = x + 1.2 * st->pad;
    if (tx + w > a.x + a.w) tx = a.x + a.w - w - 4;
    double xy[4] = {tx - 3, y0 + 0.3 * st->pad, tx - 3, y0 - 0.3 * st->pad - fh}, bx, by;
    /* a leader across no line and no label, else the note goes into the keys (lesson 4
     * steps 1-2: the leader to step 1 crossed the spike of step 180, and the note read
     * as that spike's; in presenter mode a leader across no label still crossed it) */
    ClipLead L = {x, y0, y1, tx, w, fh, st->pad};
    int found = place_find_ok(pl, xy, 2, w + 6, fh, 1, clip_leader_clear, &L, &bx, &by);
    if (!found) {
        if (draw) panel_label_fact(p, PLOT_LABEL_DROPPED, buf);
        return 0;
    }
    place_take(pl, (Rect){(int)floor(bx), (int)floor(by), w + 7, fh + 1});
    double seg[4];
    int led = clip_leader(&L, bx, by, seg);
    if (led) place_rule(pl, seg[0], seg[1], seg[2], seg[3], 0.3 * st->line_w);
    if (!draw) return 1;
    panel_label_fact(p, led ? PLOT_LABEL_LEADER : PLOT_LABEL_PLACED, buf);
    if (led) canvas_line(c, seg[0], seg[1], seg[2], seg[3], 0.6 * st->line_w, style_alpha(col, 170));
    canvas_fill_rect(c, bx, by, w + 6, fh, style_alpha(st->th->panel, 225));
    canvas_text(c, buf, bx + 3, by, st->px_tick, 1, TEXT_LEFT | TEXT_TOP, col);
    PlotFacts *f = p->v->facts;
    if (f && !f->clip_note[0]) snprintf(f->clip_note, sizeof f->clip_note, "%s", buf);
    return 1;
}

/* 1 if one of the step's readouts above the plot already gives run i's clipped
 * fraction ("clip 3: steps clipped = 31.2%"): its key would say it twice. */
static int said_clipped(const PanelCtx *p, int i)
{
    const PlotView *v = p->v;
    for (int k = 0; k < v->nreadouts && k < PLOT_MAX_READOUTS && v->readouts; k++)
        if (v->readouts[k].run == i && v->readouts[k].unit == PLOT_UNIT_PERCENT &&
            strstr(v->readouts[k].label, "clipped"))
            return 1;
    return 0;
}

/* What the visible runs give the clipping panel, and its keys (whose labels point into
 * frac and note). */
typedef struct ClipFig {
    int any, any_norm, any_value, any_clip, any_clip_run, any_alive, same_thr;
    Key keys[6 + 2 * PLOT_MAX_RUNS];
    int nk;
    char frac[PLOT_MAX_RUNS][224], note[PLOT_MAX_RUNS][224], under[320];
    int single;                   /* every visible run has one step: dots, no lines */
    char thr_key[160];            /* the thresholds' values, when their labels are keys */
    int thr_in_keys;
    unsigned div_keyed;           /* bit i: run i's diverged label is a key (in note[i]) */
    unsigned above;               /* bit i: run i's norms are drawn past the top, named */
    double peak[PLOT_MAX_RUNS];   /* its largest norm, and at which step */
    long peak_step[PLOT_MAX_RUNS];
} ClipFig;

/* Highlighted, with a run that clips: a run without clipping whose norms peak more than
 * three decades above every clipping run's (and threshold) leaves the axis to them
 * (lesson 4 step 1: a finite 5e35 stretched it over 40 decades, the clip of 7.8e3 down
 * to 3 a spike at its foot); its line runs off the top, where a triangle and a key give
 * its peak. Sets g->above and the peaks. */
static void clip_above(const PanelCtx *p, ClipFig *g)
{
    double top = 0;
    for (int i = 0; i < p->nruns; i++) {
        const Run *run = p->runs[i];
        if (!panel_run_visible(p, i) || run->diverged_at || run->cfg.clip == CLIP_NONE) continue;
        if (run->cfg.clip == CLIP_NORM) top = fmax(top, run->cfg.clip_threshold);
        for (int k = 0; k < run->hist.n; k++)
            if (isfinite(run->hist.e[k].grad_norm)) top = fmax(top, run->hist.e[k].grad_norm);
    }
    if (!p->highlight || !(top > 0)) return;
    for (int i = 0; i < p->nruns && i < PLOT_MAX_RUNS; i++) {
        const Run *run = p->runs[i];
        if (!panel_run_visible(p, i) || run->diverged_at || run->cfg.clip != CLIP_NONE) continue;
        g->peak[i] = 0;
        for (int k = 0; k < run->hist.n; k++)
            if (isfinite(run->hist.e[k].grad_norm) && run->hist.e[k].grad_norm > g->peak[i])
                g->peak[i] = run->hist.e[k].grad_norm, g->peak_step[i] = run->hist.e[k].step;
        if (g->peak[i] > 1e3 * top) g->above |= 1u << i;
    }
}

/* The axes' ranges (sp) from every visible run, and what was seen, in g. */
static void clip_ranges(const PanelCtx *p, AxesSpec *sp, ClipFig *g)
{
    double thr = NAN;
    g->same_thr = 1;
    for (int i = 0; i < p->nruns; i++) {
        if (!panel_run_visible(p, i)) continue;
        g->any_clip_run |= p->runs[i]->cfg.clip != CLIP_NONE;
        g->any_alive |= !p->runs[i]->diverged_at;
    }
    clip_above(p, g);
    for (int i = 0; i < p->nruns; i++) {
        if (!panel_run_visible(p, i)) continue;
        const Run *run = p->runs[i];
        const History *h = &run->hist;
        int scale = clip_scale(p, i, g->any_clip_run, g->any_alive) && !(g->above >> i & 1u);
        for (int k = 0; k < h->n; k++) {
            range_add(&sp->x, (double)h->e[k].step, 0);
            if (scale) {
                range_add(&sp->y, h->e[k].grad_norm, 1);
                range_add(&sp->y, h->e[k].grad_norm_clipped, 1);
            }
            if (h->e[k].clips > 0 || h->e[k].clipped) g->any_clip = 1;
            g->any++;
        }
        if (scale && h->first_clip > 0) range_add(&sp->y, h->first_clip_norm, 1);
        if (run->cfg.clip == CLIP_NORM) {
            g->any_norm = 1;
            range_add(&sp->y, run->cfg.clip_threshold, 1);
            if (isnan(thr)) thr = run->cfg.clip_threshold;
            else if (thr != run->cfg.clip_threshold) g->same_thr = 0;
        } else if (run->cfg.clip == CLIP_VALUE) g->any_value = 1;
    }
}

/* The line keys, and where the lesson points at this panel the clipped fractions (or
 * a diverged run named off the scale); elsewhere they would crowd a small plot. */
static void clip_keys(const PanelCtx *p, ClipFig *g)
{
    PlotFacts *f = p->v->facts;
    uint32_t kc = p->st->th->muted;
    g->single = 1;
    for (int i = 0; i < p->nruns; i++)
        if (panel_run_visible(p, i) && p->runs[i]->hist.n > 1) g->single = 0;
    if (g->any_norm || g->any_value) { /* (no run clips: one line each, nothing to tell apart) */
        /* (one step: a dot and a square, as panel_hist_series draws a lone point) */
        g->keys[g->nk++] = g->single ? (Key){"before clipping", kc, -1, MARK_CIRCLE}
                                     : (Key){"solid: before clipping", kc, -1, -1};
        g->keys[g->nk++] = g->single ? (Key){"after clipping", kc, -1, MARK_SQUARE}
                                     : (Key){"dashed: after clipping", kc, DASH_LONG, -1};
    }
    /* (a value-clipping run clips each component at its threshold: no line of the norm
     * stands for it, lesson 4 step 2's "value 0.1" beside "norm 3") */
    if (g->any_norm)
        g->keys[g->nk++] = (Key){g->any_value ? "dotted: threshold (norm clipping)" : "dotted: threshold", kc,
                                 DASH_DOT, -1};
    if (g->any_clip) g->keys[g->nk++] = (Key){"clipped steps", kc, -1, KEY_TICK};
    for (int i = 0; i < p->nruns && g->any_clip_run && p->highlight; i++) {
        if (!panel_run_visible(p, i)) continue;
        const Run *run = p->runs[i];
        if (!clip_scale(p, i, g->any_clip_run, g->any_alive)) { /* off this scale: said, not drawn */
            snprintf(g->frac[i], sizeof g->frac[i], "%s: diverged at step %ld (%s), off this scale",
                     run->label, run->diverged_at, run->diverged_why);
            g->keys[g->nk++] = (Key){g->frac[i], panel_run_color(p, i), -1, MARK_CROSS};
            continue;
        }
        if (g->above >> i & 1u) {
            char num[48];
            format_sci(num, sizeof num, g->peak[i], 3);
            snprintf(g->frac[i], sizeof g->frac[i], "%s: \u2016g\u2016 up to %s (step %ld), above this scale",
                     run->label, num, g->peak_step[i]);
            g->keys[g->nk++] = (Key){g->frac[i], panel_run_color(p, i), -1, MARK_TRIANGLE};
            continue;
        }
        if (run->cfg.clip == CLIP_NONE || said_clipped(p, i)) continue;
        fraction_text(run, g->frac[i], sizeof g->frac[i]);
        if (f) snprintf(f->clip_frac[i], sizeof f->clip_frac[i], "%.63s", g->frac[i]);
        g->keys[g->nk++] = (Key){g->frac[i], panel_run_color(p, i), -1, -1};
    }
}

/* After one step each run is a dot: a run whose dot a later run's covers (within a
 * marker on the plot the keys leave: test_figures asks 0.8 of one, and the key shortens
 * the plot after) is named in a key with both values (lesson 5 step 1: relu's 0.391
 * under tanh's 0.376, one orange dot where the narration speaks of two networks);
 * several such runs in one key with their values. */
static void clip_under_keys(const PanelCtx *p, Rect r, Rect ct, const AxesSpec *sp, ClipFig *g)
{
    if (!g->single || g->nk >= (int)(sizeof g->keys / sizeof g->keys[0])) return;
    Axes ax;
    axes_setup(p->c, p->st, panel_keys_plot(p, r, ct, sp, g->keys, g->nk, 0, PANEL_PLOT_MIN_W_NOTES), sp, &ax);
    int under[PLOT_MAX_RUNS], over[PLOT_MAX_RUNS], n = 0;
    for (int i = 0; i < p->nruns && i < PLOT_MAX_RUNS; i++) {
        const History *hi = &p->runs[i]->hist;
        if (!panel_run_visible(p, i) || hi->n != 1 || !clip_scale(p, i, g->any_clip_run, g->any_alive)) continue;
        double yi = axis_pos(&ax.y, hi->e[0].grad_norm), xi = axis_pos(&ax.x, (double)hi->e[0].step);
        for (int j = p->nruns - 1; j > i; j--) {
            const History *hj = &p->runs[j]->hist;
            if (!panel_run_visible(p, j) || hj->n != 1 || !clip_scale(p, j, g->any_clip_run, g->any_alive))
                continue;
            double yj = axis_pos(&ax.y, hj->e[0].grad_norm), xj = axis_pos(&ax.x, (double)hj->e[0].step);
            if (hypot(xi - xj, yi - yj) < p->st->marker) {
                under[n] = i, over[n++] = j;
                break;
            }
        }
    }
    if (!n) return;
    char a[32], b[32];
    if (n == 1) { /* "relu: ‖g‖ 0.391, partly hidden by tanh's dot (0.376)", in its colour */
        int i = under[0], j = over[0];
        format_sci(a, sizeof a, p->runs[i]->hist.e[0].grad_norm, 3);
        format_sci(b, sizeof b, p->runs[j]->hist.e[0].grad_norm, 3);
        /* ("under" read as "lower": the sigmoid's 0.543 is drawn above tanh's 0.376) */
        snprintf(g->under, sizeof g->under, "%s: \u2016g\u2016 %s, partly hidden by %s's dot (%s)",
                 p->runs[i]->label, a, p->runs[j]->label, b);
        g->keys[g->nk++] = (Key){g->under, panel_run_color(p, i), -1, MARK_CIRCLE};
        return;
    }
    /* several: one key, so that six runs after one step keep their plot (lesson 9 step 1) */
    size_t o = (size_t)snprintf(g->under, sizeof g->under, "under later runs' dots:");
    for (int k = 0; k < n && o < sizeof g->under; k++) {
        format_sci(a, sizeof a, p->runs[under[k]]->hist.e[0].grad_norm, 3);
        o += (size_t)snprintf(g->under + o, sizeof g->under - o, "%s %s %s", k ? "," : "", p->runs[under[k]]->label,
                              a);
    }
    g->keys[g->nk++] = (Key){g->under, p->st->th->muted, -1, KEY_TEXT};
}

/* 1 if run i has a first clip to note (highlighted panel, still training). */
static int has_note(const PanelCtx *p, int i)
{
    return panel_run_visible(p, i) && !p->runs[i]->diverged_at && p->runs[i]->hist.first_clip > 0;
}

/* Where the first clips' notes go: in the plot beside their arrows, stacked under the
 * highest (returns 0; *brief: without "(step k)" when the plot is narrower than a
 * note); or, on a plot too short to hold them apart (and clear of the threshold's
 * label and the clip rug) or narrower than a brief note, into the keys above it
 * (returns 1). */
static int clip_notes_in_keys(const PanelCtx *p, Rect r, Rect ct, const AxesSpec *sp,
                              const ClipFig *g, int *brief)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    int nnotes = 0;
    *brief = 0;
    for (int i = 0; i < p->nruns && p->highlight; i++) nnotes += has_note(p, i);
    if (!nnotes) return 0;
    Axes ax;
    axes_setup(c, st, panel_keys_plot(p, r, ct, sp, g->keys, g->nk, 0, PANEL_PLOT_MIN_W_NOTES), sp, &ax);
    int fh = canvas_font_height(c, st->px_tick, 1), widest[2] = {0, 0};
    for (int i = 0; i < p->nruns; i++) {
        if (!has_note(p, i)) continue;
        for (int b = 0; b < 2; b++) {
            char buf[160];
            clip_note(p->runs[i], buf, sizeof buf, b);
            int w = canvas_text_width(c, buf, st->px_tick, 1);
            if (w > widest[b]) widest[b] = w;
        }
    }
    *brief = widest[0] + 1.5 * st->pad > ax.area.w;
    return ax.area.h < (nnotes + 2) * (fh + 4) + 2 * st->marker || widest[1] + 1.5 * st->pad > ax.area.w;
}

/* Run i's first clip as a key: "clip 3: first clip ‖g‖ 1.2·10⁵ → 10 (step 1)". */
static void clip_note_key(const PanelCtx *p, ClipFig *g, int i)
{
    PlotFacts *f = p->v->facts;
    char buf[128];
    clip_note(p->runs[i], buf, sizeof buf, 0);
    snprintf(g->note[i], sizeof g->note[i], "%s: first clip %s", p->runs[i]->label, buf);
    if (f && !f->clip_note[0]) snprintf(f->clip_note, sizeof f->clip_note, "%s", buf);
    g->keys[g->nk++] = (Key){g->note[i], panel_run_color(p, i), -1, -1};
}

/* Every first clip's note as a key. */
static void clip_note_keys(const PanelCtx *p, ClipFig *g)
{
    for (int i = 0; i < p->nruns; i++)
        if (has_note(p, i)) clip_note_key(p, g, i);
}

/* The rug's tick height, and the top of its row `row` (a row per run on the scale
 * with a clipped step shown), from the foot of the data area a. */
static double rug_tick(const Style *st) { return 0.7 * st->marker; }
static double rug_row_y(const Style *st, Rect a, int row)
{
    return a.y + a.h - rug_tick(st) * (1.15 + 1.3 * row);
}

/* 1 if run i has a row in the rug: visible, on the scale, a clipped step in its history */
static int rug_row_of(const PanelCtx *p, const ClipFig *g, int i)
{
    if (!panel_run_visible(p, i) || !clip_scale(p, i, g->any_clip_run, g->any_alive)) return 0;
    const History *h = &p->runs[i]->hist;
    for (int k = 0; k < h->n; k++)
        if (h->e[k].clips > 0 || h->e[k].clipped) return 1;
    return 0;
}

/* The rug's height above the foot of the data area, its gap to the lines included
 * (AxesSpec.yfoot: the lines stay above it; 9/2's GRU clipped under its own line) */
static double rug_height(const PanelCtx *p, const ClipFig *g)
{
    int rows = 0;
    for (int i = 0; i < p->nruns; i++) rows += rug_row_of(p, g, i);
    return rows ? rug_tick(p->st) * (1.15 + 1.3 * (rows - 1)) + 0.3 * p->st->pad : 0;
}

/* Every run on this scale: the norm after clipping (dashed) and before it, and its
 * clipped steps as a rug of short ticks along the bottom, a row per run. */
static void clip_lines(const PanelCtx *p, const Axes *ax, const ClipFig *g)
{
    const Style *st = p->st;
    Rect a = ax->area;
    double dd[4], lx, ly;
    int nd;
    for (int i = 0, row = 0; i < p->nruns; i++) {
        if (!panel_run_visible(p, i)) continue;
        const History *h = &p->runs[i]->hist;
        uint32_t col = panel_run_color(p, i);
        /* off the scale: named in the keys where clip_keys names it, else marked */
        if (!clip_scale(p, i, g->any_clip_run, g->any_alive) && g->any_clip_run && p->highlight)
            continue;
        style_dash(st, DASH_LONG, dd, &nd);
        panel_hist_series(p, ax, h, get_clipped, col, dd, nd, &lx, &ly);
        panel_hist_series(p, ax, h, get_raw, col, NULL, 0, &lx, &ly);
        if (!rug_row_of(p, g, i)) continue;
        double th = rug_tick(st), tw = fmax(1.0, floor(2 * st->s + 0.5));
        double ty = rug_row_y(st, a, row);
        for (int k = 0; k < h->n; k++)
            if (h->e[k].clips > 0 || h->e[k].clipped) {
                double x = axis_pos(&ax->x, (double)h->e[k].step);
                canvas_fill_rect(p->c, floor(x - tw / 2 + 0.5), ty, tw, th, col);
            }
        row++;
    }
}

/* The lines of the plot on ax for placing labels: every run on this scale, its norms
 * before and after clipping; the rug of clipped steps, the peaks above the top and the
 * note of clipping by value are kept clear of. */
static void clip_placer(const PanelCtx *p, const Axes *ax, const ClipFig *g, Placer *pl)
{
    const Style *st = p->st;
    Rect a = ax->area;
    place_init(pl, ax, st->line_w, 0.25 * st->pad);
    place_points(pl, 0.8 * st->marker, 0.25 * st->pad);
    for (int i = 0; i < p->nruns; i++) {
        if (!panel_run_visible(p, i) || !clip_scale(p, i, g->any_clip_run, g->any_alive)) continue;
        place_hist(pl, ax, &p->runs[i]->hist, get_raw);
        place_hist(pl, ax, &p->runs[i]->hist, get_clipped);
    }
    threshold_rules(p, ax, pl);
    double rug = rug_height(p, g);
    if (rug > 0) place_take(pl, (Rect){a.x, (int)floor(a.y + a.h - rug), a.w, (int)ceil(rug)});
    for (int i = 0; i < p->nruns && i < PLOT_MAX_RUNS; i++)
        if (g->above >> i & 1u) {
            double x = axis_pos(&ax->x, (double)g->peak_step[i]);
            place_take(pl, (Rect){(int)floor(x - st->marker), a.y, (int)ceil(2 * st->marker),
                                  (int)ceil(2 * st->marker)});
        }
    if (g->any_value && !g->any_norm) {
        int fh = canvas_font_height(p->c, st->px_tick, 0);
        place_take(pl, (Rect){a.x, a.y, a.w, (int)ceil(0.5 * st->pad + fh)});
    }
}

/* The thresholds' values in their key, "dotted: thresholds 1, 3, 1e3" (in the runs'
 * order, their lines in the runs' colours), when a label found no place on the plot. */
static void threshold_keys(ClipFig *g, const ThrLabel *tl, int n)
{
    size_t o = (size_t)snprintf(g->thr_key, sizeof g->thr_key, "dotted: threshold%s", n > 1 ? "s" : "");
    for (int k = 0; k < n && o < sizeof g->thr_key; k++)
        o += (size_t)snprintf(g->thr_key + o, sizeof g->thr_key - o, "%s%s", k ? ", " : " ",
                              tl[k].text + strlen("threshold "));
    if (g->any_value && o < sizeof g->thr_key)
        snprintf(g->thr_key + o, sizeof g->thr_key - o, " (norm clipping)");
    for (int k = 0; k < g->nk; k++)
        if (!strncmp(g->keys[k].label, "dotted: threshold", strlen("dotted: threshold")))
            g->keys[k].label = g->thr_key;
    g->thr_in_keys = 1;
}

/* Where run i's diverged mark goes: the end of its norm's line; where nothing of it is
 * finite (lesson 3 step 3: the norm is inf at step 1), the top edge at the step it
 * diverged, named there as in the other panels. */
static void diverged_xy(const PanelCtx *p, const Axes *ax, int i, double *x, double *y)
{
    panel_hist_last(ax, &p->runs[i]->hist, get_raw, x, y);
    if (isnan(*x) || isnan(*y)) *x = axis_pos(&ax->x, (double)p->runs[i]->diverged_at), *y = ax->area.y;
}

/* 1 if run i's diverged mark is drawn on the plot (off the scale it is a key already). */
static int diverged_drawn(const PanelCtx *p, const ClipFig *g, int i)
{
    if (!panel_run_visible(p, i) || p->runs[i]->diverged_at <= 0) return 0;
    return clip_scale(p, i, g->any_clip_run, g->any_alive) || !g->any_clip_run || !p->highlight;
}

/* The diverged runs' labels tried on pl after the others, nothing drawn: those that
 * find no place become keys ("clip 1000: diverged at step 12 (loss = NaN)", its note's
 * room); returns how many. */
static int clip_diverged_trial(const PanelCtx *p, const Axes *ax, ClipFig *g, Placer *pl)
{
    int added = 0;
    for (int i = 0; i < p->nruns && i < PLOT_MAX_RUNS; i++) {
        if (!diverged_drawn(p, g, i) || (g->div_keyed >> i & 1u)) continue;
        double x, y;
        diverged_xy(p, ax, i, &x, &y);
        if (place_diverged(p->c, p->st, ax, x, y, p->runs[i], pl)) continue;
        diverged_key_text(g->note[i], sizeof g->note[i], p->runs[i]);
        g->keys[g->nk++] = (Key){g->note[i], panel_run_color(p, i), -1, MARK_CROSS};
        g->div_keyed |= 1u << i, added++;
    }
    return added;
}

/* Where the thresholds' labels, the first clips' notes and the diverged runs' labels
 * go: a trial on the plot the keys leave, in the order they are drawn: those that find no
 * free place there go into the keys (never over the lines, never left out), and the rest
 * are tried again on the plot the new keys leave, until all find their place. *in_keys:
 * all notes are keys; *brief: notes without "(step k)"; the return: bit i, run i's note
 * is a key. */
static unsigned clip_fit_labels(const PanelCtx *p, Rect r, Rect ct, AxesSpec *sp, ClipFig *g,
                                int *in_keys, int *brief)
{
    unsigned note_keyed = 0; /* bit i: run i's first clip is a key */
    for (int pass = 0; pass < 2 * PLOT_MAX_RUNS + 4; pass++) {
        Axes tax;
        Placer pl;
        ThrLabel tl[PLOT_MAX_RUNS];
        int ntl;
        axes_setup(p->c, p->st, panel_keys_plot(p, r, ct, sp, g->keys, g->nk, 0, PANEL_PLOT_MIN_W_NOTES), sp, &tax);
        clip_placer(p, &tax, g, &pl);
        first_clip_arrows(p, &tax, &pl, 0);
        if (!g->thr_in_keys && threshold_place(p, &tax, g->same_thr, &pl, tl, &ntl) > 0) {
            threshold_keys(g, tl, ntl);
            continue;
        }
        unsigned missed = 0;
        for (int i = 0; i < p->nruns && i < PLOT_MAX_RUNS && p->highlight && !*in_keys; i++)
            if (has_note(p, i) && !(note_keyed >> i & 1u) && !first_clip(p, &tax, i, *brief, &pl, 0))
                missed |= 1u << i;
        if (missed) {
            /* a note the narration speaks of is never left out (lesson 4 steps 1-2 in an
             * 800x600 window: a note keyed only where the keys kept 85% of the plot's
             * height was dropped): every note as a key where that keeps 85% of the
             * plot's height; else shorter, without "(step k)" (its arrow stands at that
             * step); else the notes that still find no place alone as keys
             * (test_app_layout: a 760 x 434 presenter panel's plot fell from 166 to 48
             * px under all the notes' keys) */
            ClipFig k = *g;
            clip_note_keys(p, &k);
            Axes kax;
            axes_setup(p->c, p->st, panel_keys_plot(p, r, ct, sp, k.keys, k.nk, 0, PANEL_PLOT_MIN_W_NOTES), sp, &kax);
            if (kax.area.h >= 0.85 * tax.area.h && !note_keyed) {
                *in_keys = 1, clip_note_keys(p, g);
                continue;
            }
            if (!*brief) {
                *brief = 1;
                continue;
            }
            for (int i = 0; i < p->nruns && i < PLOT_MAX_RUNS; i++)
                if (missed >> i & 1u) clip_note_key(p, g, i);
            note_keyed |= missed;
            continue;
        }
        if (!clip_diverged_trial(p, &tax, g, &pl)) break;
    }
    return note_keyed;
}

/* The labels on the drawn plot ax: the first clips' arrows, the thresholds' labels, the
 * notes and the diverged runs' marks, as clip_fit_labels placed them. */
static void clip_labels(const PanelCtx *p, const Axes *axp, ClipFig *g, int in_keys, int brief,
                        unsigned note_keyed)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    Axes ax = *axp;
    /* the arrows, the thresholds' labels, then the notes off them, each where it
     * covers no line (a label that finds no place is not drawn: it is in the keys) */
    Placer pl;
    clip_placer(p, &ax, g, &pl);
    first_clip_arrows(p, &ax, &pl, 1);
    if (!g->thr_in_keys) {
        ThrLabel tl[PLOT_MAX_RUNS];
        int ntl;
        threshold_place(p, &ax, g->same_thr, &pl, tl, &ntl);
        threshold_labels(p, tl, ntl);
    } else panel_label_fact(p, PLOT_LABEL_KEY, g->thr_key);
    for (int i = 0; i < p->nruns && p->highlight; i++) {
        if (!has_note(p, i)) continue;
        if (!in_keys && !(i < PLOT_MAX_RUNS && (note_keyed >> i & 1u))) first_clip(p, &ax, i, brief, &pl, 1);
        else panel_label_fact(p, PLOT_LABEL_KEY, g->note[i]);
    }
    for (int i = 0; i < p->nruns; i++) {
        if (!panel_run_visible(p, i) || p->runs[i]->diverged_at <= 0) continue;
        /* off the scale: named in the keys where clip_keys names it, else marked */
        if (!clip_scale(p, i, g->any_clip_run, g->any_alive) && g->any_clip_run && p->highlight)
            continue;
        double lx, ly;
        diverged_xy(p, &ax, i, &lx, &ly);
        char say[48];
        snprintf(say, sizeof say, "diverged at step %ld", p->runs[i]->diverged_at);
        if (g->div_keyed >> i & 1u) {
            draw_diverged_mark(c, st, &ax, lx, ly, panel_run_color(p, i), p->runs[i]);
            panel_label_fact(p, PLOT_LABEL_KEY, say);
        } else
            panel_label_fact(p, draw_diverged_placed(c, st, &ax, lx, ly, panel_run_color(p, i), p->runs[i], &pl),
                             say);
    }
    if (g->any_value && !g->any_norm)
        canvas_text(c, "clipping by value (each element): no norm threshold", ax.area.x + st->pad,
                    ax.area.y + 0.5 * st->pad, st->px_tick, 0, TEXT_LEFT | TEXT_TOP, st->th->muted);
}

static void panel_clipping(const PanelCtx *p, Rect r)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    Rect ct = panel_begin(c, st, r, "Gradient norm and clipping", "Clipping", p->highlight);
    PlotFacts *f = p->v->facts;
    AxesSpec sp = {0};
    range_reset(&sp.x);
    range_reset(&sp.y);
    ClipFig fig = {0}, *g = &fig;
    clip_ranges(p, &sp, g);
    if (!g->any) {
        panel_no_steps(p, ct);
        return;
    }
    sp.xlabel = "training step";
    sp.ylabel = "global \u2016gradient\u2016 (log scale)";
    sp.xint = 1;
    sp.ylog = 1;
    sp.margin = ceil(0.9 * st->marker); /* a lone step's dot at the frame stays whole */
    sp.yfoot = rug_height(p, g);
    clip_keys(p, g);
    if (sp.y.n == 0) range_add(&sp.y, 1.0, 1);
    clip_under_keys(p, r, ct, &sp, g);
    int brief, in_keys = clip_notes_in_keys(p, r, ct, &sp, g, &brief);
    if (in_keys) clip_note_keys(p, g);
    unsigned note_keyed = clip_fit_labels(p, r, ct, &sp, g, &in_keys, &brief);
    ct = panel_keys_plot(p, r, ct, &sp, g->keys, g->nk, 1, PANEL_PLOT_MIN_W_NOTES);
    Axes ax;
    axes_setup(c, st, ct, &sp, &ax);
    axes_draw(c, st, &ax, &sp);
    axes_clip(c, st, &ax);
    panel_register(p, &ax);
    if (f) {
        f->clip_axis = 1;
        f->clip_highlight = p->highlight;
        /* the room for data: inside the margin the axis keeps at its ends */
        double m = sp.margin * (ax.y.hi - ax.y.lo) / (ax.y.p0 - ax.y.p1);
        f->clip_lo = pow(10.0, ax.y.lo + m);
        f->clip_hi = pow(10.0, ax.y.hi - m);
        int kept = ax.y.p0 < ax.area.y + ax.area.h; /* (AxesSpec.yfoot taken) */
        f->clip_rug[0] = kept ? ax.y.p0 : 0, f->clip_rug[1] = kept ? ax.area.y + ax.area.h : 0;
    }
    thresholds(p, &ax, g->same_thr);
    clip_lines(p, &ax, g);
    for (int i = 0; i < p->nruns && i < PLOT_MAX_RUNS; i++) /* the peak above the top */
        if (g->above >> i & 1u)
            canvas_marker(c, MARK_TRIANGLE, axis_pos(&ax.x, (double)g->peak_step[i]),
                          ax.area.y + st->marker, st->marker, panel_run_color(p, i), st->th->halo);
    clip_labels(p, &ax, g, in_keys, brief, note_keyed);
}

/* ---- what the pointer shows, what the CSV holds ---- */

static void pick_line(PlotLines *l, const Run *r, const HistEntry *e)
{
    char a[32], b[32];
    plot_lines_add(l, "%s: %s before, %s after clipping%s", r->label, panel_pick_num(a, e->grad_norm),
                   panel_pick_num(b, e->grad_norm_clipped), e->clipped ? " (clipped)" : "");
}

static void pick(PlotLines *l, const PanelPickAt *at)
{
    panel_pick_hist(l, at, pick_line);
}

static void describe(PlotLines *l, Run *const *runs, int nruns, const PlotView *v, int i)
{
    (void)nruns, (void)v;
    char x[32], y[32];
    const Run *r = runs[i];
    const Diag *d = &r->diag;
    plot_lines_add(l, "%s: ‖g‖ %s → %s%s", r->label, panel_tip_num(x, sizeof x, d->grad_norm),
                   panel_tip_num(y, sizeof y, d->grad_norm_clipped), d->clipped ? " (clipped)" : "");
}

/* x = training step, y = global gradient norm before / after clipping;
 * clipped_steps: y = how many steps clipped since the previous recorded entry. */
static void csv(const PlotRows *o, Run *const *runs, int nruns, const PlotView *v)
{
    for (int i = 0; i < nruns; i++) {
        if (!panel_visible(v, runs, nruns, i)) continue;
        const Run *r = runs[i];
        const History *h = &r->hist;
        for (int e = 0; e < h->n; e++)
            panel_row(o, PANEL_CLIPPING, i, "grad_norm", (double)h->e[e].step, h->e[e].grad_norm,
                      NAN, NULL);
        for (int e = 0; e < h->n; e++)
            panel_row(o, PANEL_CLIPPING, i, "grad_norm_clipped", (double)h->e[e].step,
                      h->e[e].grad_norm_clipped, NAN, NULL);
        for (int e = 0; e < h->n; e++)
            if (h->e[e].clips > 0 || h->e[e].clipped)
                panel_row(o, PANEL_CLIPPING, i, "clipped_steps", (double)h->e[e].step,
                          h->e[e].clips > 0 ? h->e[e].clips : 1, NAN, NULL);
        if (r->cfg.clip == CLIP_NORM)
            panel_row(o, PANEL_CLIPPING, i, "clip_threshold", NAN, r->cfg.clip_threshold, NAN, NULL);
    }
}

const PanelDef panel_clipping_def = {
    .help = "the gradient norm of each step before and after clipping",
    .draw = panel_clipping,
    .pick = pick,
    .describe = describe,
    .csv = csv,
};
