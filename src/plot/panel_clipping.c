/* panel_clipping.c - global gradient norm before and after clipping against training
 * step (log y), the clipping threshold as a horizontal line, clipped steps marked
 * as ticks along the bottom (one row of ticks per run). */
#include <math.h>
#include <stdio.h>

#include "panels.h"

static double get_raw(const HistEntry *e)
{
    return e->grad_norm;
}

static double get_clipped(const HistEntry *e)
{
    return e->grad_norm_clipped;
}

/* Clip thresholds: one muted line if all runs share it, else one per run in its colour.
 * labels = 0 draws the lines (under the data), 1 the labels (over it, on a light box). */
static void thresholds(const PanelCtx *p, const Axes *ax, int same_thr, int labels)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    Rect a = ax->area;
    double dd[4];
    int nd;
    style_dash(st, DASH_DOT, dd, &nd);
    Rect placed[PLOT_MAX_RUNS]; /* labels drawn so far: a new one must not cover them */
    int np = 0;
    for (int i = 0; i < p->nruns; i++) {
        if (!panel_run_visible(p, i) || p->runs[i]->cfg.clip != CLIP_NORM) continue;
        double t = p->runs[i]->cfg.clip_threshold, y = axis_pos(&ax->y, t);
        uint32_t col = same_thr ? st->th->muted : panel_run_color(p, i);
        if (!labels) {
            canvas_dashed_line(c, a.x, y, a.x + a.w, y, st->line_w * 0.8, dd, nd, col);
        } else {
            char buf[64], num[32];
            format_number(num, sizeof num, t, 3);
            snprintf(buf, sizeof buf, "threshold %s", num);
            int w = canvas_text_width(c, buf, st->px_tick, 0);
            int fh = canvas_font_height(c, st->px_tick, 0);
            double tx = a.x + a.w - 0.5 * st->pad - w, ty = y - 0.3 * st->pad - fh;
            if (ty < a.y) ty = y + 0.3 * st->pad;
            /* above its line, else below it, else left of the label in the way */
            for (int tries = 0; tries < 2 * PLOT_MAX_RUNS + 2; tries++) {
                Rect me = {(int)floor(tx - 3), (int)floor(ty), w + 6, fh};
                int hit = -1;
                for (int k = 0; k < np && hit < 0; k++)
                    if (rect_overlap(me, placed[k])) hit = k;
                if (hit < 0) break;
                double below = y + 0.3 * st->pad;
                if (ty < below && tries == 0) ty = below;
                else {
                    tx = placed[hit].x - 0.8 * st->pad - w;
                    ty = y - 0.3 * st->pad - fh < a.y ? below : y - 0.3 * st->pad - fh;
                }
            }
            if (np < PLOT_MAX_RUNS) placed[np++] = (Rect){(int)floor(tx - 3), (int)floor(ty), w + 6, fh};
            canvas_fill_rect(c, tx - 3, ty, w + 6, fh, style_alpha(st->th->panel, 215));
            canvas_text(c, buf, tx, ty, st->px_tick, 0, TEXT_LEFT | TEXT_TOP, col);
        }
        if (same_thr) break;
    }
}

void panel_clipping(const PanelCtx *p, Rect r)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    Rect ct = panel_begin(c, st, r, "Gradient norm and clipping", "Clipping", p->highlight);
    {
        int rh = panel_readouts(p, ct);
        ct.y += rh;
        ct.h -= rh;
    }
    AxesSpec sp = {0};
    range_reset(&sp.x);
    range_reset(&sp.y);
    int any = 0, any_norm = 0, any_value = 0, any_clip = 0;
    double thr = NAN;
    int same_thr = 1;
    for (int i = 0; i < p->nruns; i++) {
        if (!panel_run_visible(p, i)) continue;
        const Run *run = p->runs[i];
        const History *h = &run->hist;
        int scale = panel_in_scale(p, i);
        for (int k = 0; k < h->n; k++) {
            range_add(&sp.x, (double)h->e[k].step, 0);
            if (scale) {
                range_add(&sp.y, h->e[k].grad_norm, 1);
                range_add(&sp.y, h->e[k].grad_norm_clipped, 1);
            }
            if (h->e[k].clips > 0 || h->e[k].clipped) any_clip = 1;
            any++;
        }
        if (run->cfg.clip == CLIP_NORM) {
            any_norm = 1;
            range_add(&sp.y, run->cfg.clip_threshold, 1);
            if (isnan(thr)) thr = run->cfg.clip_threshold;
            else if (thr != run->cfg.clip_threshold) same_thr = 0;
        } else if (run->cfg.clip == CLIP_VALUE) any_value = 1;
    }
    if (!any) {
        panel_message(c, st, ct, "no training steps recorded yet");
        return;
    }
    sp.xlabel = "training step";
    sp.ylabel = "global \xE2\x80\x96gradient\xE2\x80\x96";
    sp.xint = 1;
    sp.ylog = 1;
    Key keys[5];
    int nk = 0;
    uint32_t kc = st->th->muted;
    keys[nk++] = (Key){"solid: before clipping", kc, -1, -1};
    keys[nk++] = (Key){"dashed: after clipping", kc, DASH_LONG, -1};
    if (any_norm) keys[nk++] = (Key){"dotted: threshold", kc, DASH_DOT, -1};
    if (any_clip) keys[nk++] = (Key){"clipped steps", kc, -1, KEY_TICK};
    int kh = panel_keys(p, ct, keys, nk);
    ct.y += kh;
    ct.h -= kh;
    if (sp.y.n == 0) range_add(&sp.y, 1.0, 1);
    Axes ax;
    axes_setup(c, st, ct, &sp, &ax);
    axes_draw(c, st, &ax, &sp);
    axes_clip(c, st, &ax);
    panel_register(p, &ax);
    double dd[4], lx, ly;
    int nd;
    Rect a = ax.area;
    thresholds(p, &ax, same_thr, 0);
    for (int i = 0, row = 0; i < p->nruns; i++) {
        if (!panel_run_visible(p, i)) continue;
        const Run *run = p->runs[i];
        const History *h = &run->hist;
        uint32_t col = panel_run_color(p, i);
        style_dash(st, DASH_LONG, dd, &nd);
        panel_hist_series(p, &ax, h, get_clipped, col, dd, nd, &lx, &ly);
        panel_hist_series(p, &ax, h, get_raw, col, NULL, 0, &lx, &ly);
        /* clip events: a rug of short ticks along the bottom, a row per run */
        double th = 0.7 * st->marker, tw = fmax(1.0, floor(2 * st->s + 0.5));
        double ty = a.y + a.h - th * (1.15 + 1.3 * row);
        for (int k = 0; k < h->n; k++)
            if (h->e[k].clips > 0 || h->e[k].clipped) {
                double x = axis_pos(&ax.x, (double)h->e[k].step);
                canvas_fill_rect(c, floor(x - tw / 2 + 0.5), ty, tw, th, col);
            }
        row++;
    }
    thresholds(p, &ax, same_thr, 1);
    for (int i = 0; i < p->nruns; i++) {
        if (!panel_run_visible(p, i) || p->runs[i]->diverged_at <= 0) continue;
        panel_hist_last(&ax, &p->runs[i]->hist, get_raw, &lx, &ly);
        draw_diverged(c, st, &ax, lx, ly, panel_run_color(p, i), p->runs[i]->diverged_at);
    }
    if (any_value && !any_norm)
        canvas_text(c, "clipping by value (each element): no norm threshold", a.x + st->pad,
                    a.y + 0.5 * st->pad, st->px_tick, 0, TEXT_LEFT | TEXT_TOP, st->th->muted);
}
