/* gradient_notes.c - the gradient panel's notes: what a log axis cannot show (zeros,
 * values that are not finite, a bound off the scale, a line under another), in a strip
 * above the plot. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gradient.h"

static void grad_notes_add(GradNotes *nt, uint32_t color, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void grad_notes_add(GradNotes *nt, uint32_t color, const char *fmt, ...)
{
    if (nt->n >= PLOT_MAX_RUNS * 3) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(nt->text[nt->n], sizeof nt->text[nt->n], fmt, ap);
    va_end(ap);
    nt->brief[nt->n][0] = nt->mid[nt->n][0] = 0;
    nt->color[nt->n++] = color;
}

int grad_notes_same(const GradNotes *a, const GradNotes *b)
{
    if (a->n != b->n) return 0;
    for (int i = 0; i < a->n; i++)
        if (strcmp(a->text[i], b->text[i]) || a->color[i] != b->color[i]) return 0;
    return 1;
}

void grad_notes_collect(const PanelCtx *p, GradMode mode, const GradSeen *g, GradNotes *nt)
{
    nt->n = 0;
    for (int i = 0; i < p->nruns && i < PLOT_MAX_RUNS; i++) {
        if (!(g->bound_off >> i & 1u)) continue;
        const Diag *d = &p->runs[i]->diag;
        const char *who = p->runs[i]->label;
        /* off at the top or the bottom: the side of most of its timesteps, and the latest
         * t off on that side (the bound grows or shrinks from its anchor at T-1 back to 0) */
        double a = grad_bound_anchor(d, mode);
        int above = 0, below = 0, last_above = -1, last_below = -1;
        for (int t = grad_first_t(p, d->T); t < d->T; t++) {
            double e = log10(d->bound[t] * a);
            if (isnan(e)) continue;
            if (e > g->hi_dec + 1e-9) above++, last_above = t;
            else if (e < g->lo_dec - 1e-9) below++, last_below = t;
        }
        if (!above && !below) continue;
        /* drawn under a later run's bound with the same values (within 1% at every t):
         * said so, where that one's note says where they leave (lesson 5 step 1: relu's
         * and tanh's, one W_hh and one slope bound, one dotted line) */
        int j = p->nruns - 1;
        for (; j > i && (g->bound_on >> i & 1u); j--) {
            const Diag *e = &p->runs[j]->diag;
            double b = grad_bound_anchor(e, mode);
            if (!(g->bound_on >> j & 1u) || !e->bound || e->T != d->T || !isfinite(b)) continue;
            int same = 1;
            for (int t = grad_first_t(p, d->T); t < d->T && same; t++) {
                double u = d->bound[t] * a, v = e->bound[t] * b;
                same = (isfinite(u) && isfinite(v) && u > 0 && v > 0) ? fabs(log10(u / v)) < 0.0043 : u == v;
            }
            if (same) break;
        }
        if (j > i && (g->bound_on >> i & 1u)) {
            grad_notes_add(nt, panel_run_color(p, i), "%s: bound under %s's (the same values)", who,
                           p->runs[j]->label);
            continue;
        }
        int up = above >= below, off_to = up ? last_above : last_below;
        const char *side = up ? "above" : "below";
        /* its value at the far end from the plot (its largest finite one above, its
         * least below); past 1.8e308 it is inf, and its largest finite value would
         * understate it */
        double far = up ? -INFINITY : INFINITY;
        int at = -1, inf_at = -1;
        for (int t = grad_first_t(p, d->T); t < d->T; t++) {
            double b = d->bound[t] * a;
            if (isfinite(b) && (up ? b > far : b < far)) far = b, at = t;
            if (isinf(b) && b > 0) inf_at = t;
        }
        char num[48], where[64] = "";
        if (up && inf_at >= 0) snprintf(num, sizeof num, "inf, past the largest double,");
        else if (at >= 0) format_sci(num, sizeof num, far, 3);
        else continue;
        int t_num = up && inf_at >= 0 ? inf_at : at;
        const char *rel = up && inf_at >= 0 ? "\u2264" : "=";
        int drawn = g->bound_on >> i & 1u;
        /* drawn in part: where it leaves the plot ("only at t = 0" where that is its
         * first timestep: "for t ≤ 0" read as if t went below 0) */
        int one = off_to <= grad_first_t(p, d->T);
        if (drawn) snprintf(where, sizeof where, one ? " only at t = %d" : " for t \u2264 %d", off_to);
        int k = nt->n;
        if (drawn && one && t_num == off_to && rel[0] == '=') /* ("only at t = 0 (1.24 at t = 0)") */
            grad_notes_add(nt, panel_run_color(p, i), "%s: Pascanu bound %s the plot%s (%s)", who, side,
                           where, num);
        else
            grad_notes_add(nt, panel_run_color(p, i), "%s: Pascanu bound %s the plot%s (%s at t %s %d)", who,
                           side, where, num, rel, t_num);
        if (nt->n == k) continue;
        /* too wide, the note keeps its number (presenter 9/1: "tanh + clip") */
        if (up && inf_at >= 0)
            snprintf(nt->brief[k], sizeof nt->brief[k], "%s: bound %s, inf at t\u00a0\u2264\u00a0%d", who,
                     side, inf_at);
        else if (drawn) {
            snprintf(nt->mid[k], sizeof nt->mid[k], "%s: Pascanu bound %s the plot%s", who, side, where);
            snprintf(nt->brief[k], sizeof nt->brief[k],
                     one ? "%s: bound %s only at t\u00a0=\u00a0%d" : "%s: bound %s for t\u00a0\u2264\u00a0%d",
                     who, side, off_to);
        } else
            snprintf(nt->brief[k], sizeof nt->brief[k], "%s: bound %s, %s at t\u00a0=\u00a0%d", who, side,
                     num, at);
    }
    for (int i = 0; i < p->nruns; i++) {
        if (panel_run_visible(p, i) && grad_not_applicable(p, i, mode))
            grad_notes_add(nt, panel_run_color(p, i), "%s: does not apply to attention (no recurrence)",
                      p->runs[i]->label);
        const double *y = grad_drawn_series(p, i, mode);
        if (!y) continue;
        const Run *run = p->runs[i];
        const Diag *d = &run->diag;
        uint32_t col = panel_run_color(p, i);
        int t0 = grad_first_t(p, d->T), zeros = 0, bad = 0, finite = 0;
        for (int t = t0; t < d->T; t++) {
            if (y[t] == 0) zeros++;
            else if (!isfinite(y[t])) bad++;
            if (isfinite(y[t]) && y[t] > 0) finite++;
        }
        if (run->diverged_at > 0) {
            if (!finite)
                grad_notes_add(nt, col, "%s diverged at step %ld: no finite values", run->label,
                          run->diverged_at);
            continue;
        }
        if (zeros)
            grad_notes_add(nt, col, "%s%s: exactly 0 at %d timestep%s (not on a log scale)", run->label,
                      mode == GRAD_MODE_NORM && grad_has_rev(run) ? ", forward direction" : "", zeros,
                      zeros > 1 ? "s" : "");
        /* the reverse direction's zeros (lesson 8 step 2: its line starts at t = 5) */
        const double *yr = mode == GRAD_MODE_NORM && grad_has_rev(run) ? d->grad_h_rev : NULL;
        int rz = 0, rfirst = -1, rlast = -1;
        for (int t = t0; yr && t < d->T; t++)
            if (yr[t] == 0) rz++, rlast = t, rfirst = rfirst < 0 ? t : rfirst;
        if (rz && rlast - rfirst + 1 == rz && rz > 1)
            grad_notes_add(nt, col, "%s, reverse direction: exactly 0 at t = %d\u2013%d (not on a log "
                      "scale)", run->label, rfirst, rlast);
        else if (rz)
            grad_notes_add(nt, col, "%s, reverse direction: exactly 0 at %d timestep%s (not on a log "
                      "scale)", run->label, rz, rz > 1 ? "s" : "");
        if (bad) grad_notes_add(nt, col, "%s: %d value%s not finite", run->label, bad, bad > 1 ? "s" : "");
        /* a line drawn over this one with the same values (within 1% at every t) hides it */
        for (int j = p->nruns - 1; j > i; j--) {
            const double *z = grad_drawn_series(p, j, mode);
            if (!z || p->runs[j]->diag.T != d->T || p->runs[j]->diverged_at > 0) continue;
            int same = finite > 0;
            for (int t = t0; t < d->T && same; t++) {
                int a = isfinite(y[t]) && y[t] > 0, b = isfinite(z[t]) && z[t] > 0;
                same = a == b && (!a || fabs(log10(y[t] / z[t])) < 0.0043);
            }
            if (same) {
                grad_notes_add(nt, col, "%s: under %s's line (the same values)", run->label,
                          p->runs[j]->label);
                break;
            }
        }
    }
}

/* The notes in a strip of their own at the top of r (above the data, not over it),
 * drawn if draw is 1; returns the strip's height. */
static int notes_lay(const PanelCtx *p, Rect r, const GradNotes *nt, int draw)
{
    const Style *st = p->st;
    if (nt->n == 0) return 0;
    int fh = canvas_font_height(p->c, st->px_tick, 1), lines = 0;
    double maxw = r.w - 0.4 * st->pad;
    for (int k = 0; k < nt->n; k++) {
        /* wider than the room: its brief form, or without its trailing " (...)", then
         * broken at spaces (a key column beside the plot leaves the notes its width only) */
        char text[160], head[160];
        snprintf(text, sizeof text, "%s", nt->text[k]);
        if (canvas_text_width(p->c, text, st->px_tick, 1) > maxw) {
            char *paren = strstr(text, " (");
            if (nt->mid[k][0] && canvas_text_width(p->c, nt->mid[k], st->px_tick, 1) <= maxw)
                snprintf(text, sizeof text, "%s", nt->mid[k]);
            else if (nt->brief[k][0]) snprintf(text, sizeof text, "%s", nt->brief[k]);
            else if (paren) *paren = 0;
        }
        const char *rest = text;
        while (rest && *rest) {
            const char *tail = canvas_text_width(p->c, rest, st->px_tick, 1) > maxw
                                   ? panel_text_head(p->c, rest, st->px_tick, 1, maxw, head, sizeof head)
                                   : NULL;
            if (draw)
                canvas_text(p->c, tail ? head : rest, r.x + 0.2 * st->pad, r.y + lines * (fh + 2),
                            st->px_tick, 1, TEXT_LEFT | TEXT_TOP, nt->color[k]);
            lines++;
            rest = tail;
        }
    }
    return lines * (fh + 2) + (int)(0.3 * st->pad);
}

int grad_notes_draw(const PanelCtx *p, Rect r, const GradNotes *nt) { return notes_lay(p, r, nt, 1); }

int grad_notes_height(const PanelCtx *p, int w, const GradNotes *nt)
{
    return notes_lay(p, (Rect){0, 0, w, 0}, nt, 0);
}

/* The widest of the notes as grad_notes_draw writes them at their shortest (the brief
 * form, or without a trailing " (...)"). */
int grad_notes_width(const PanelCtx *p, const GradNotes *nt)
{
    int w = 0;
    for (int k = 0; k < nt->n; k++) {
        char text[160];
        snprintf(text, sizeof text, "%s", nt->brief[k][0] ? nt->brief[k] : nt->text[k]);
        char *paren = nt->brief[k][0] ? NULL : strstr(text, " (");
        if (paren) *paren = 0;
        int tw = canvas_text_width(p->c, text, p->st->px_tick, 1);
        if (tw > w) w = tw;
    }
    return w;
}
