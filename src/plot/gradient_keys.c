/* gradient_keys.c - the gradient panel's keys (cell state, directions, bound, factors)
 * and where they, the readouts and the notes go around the plot. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gradient.h"
#include "place.h"

/* The factors are a thin line through every timestep with a marker at every s-th (t a
 * multiple of s): s the least of 1, 2, 5, 10, 20 ... that keeps one run's markers
 * apart, their centres an inked width apart (lesson 2 step 1: forty diamonds in a
 * plot 520 px wide lay on each other). */
int grad_factor_stride(const Style *st, const Axes *ax)
{
    double per_t = fabs(axis_pos(&ax->x, 1) - axis_pos(&ax->x, 0));
    /* a diamond's tip with its halo: 0.6 of its size plus 1.414 times the halo's
     * max(1.5, 0.15 size) (path.c); GRAD_MARKER_INK, 0.82 of the size, holds from 10 px
     * up, and a small marker's halo reaches further (a 1000x720 window: 0.18 overlap) */
    double sz = grad_factor_size(st), need = 2 * (0.6 * sz + 1.414 * fmax(1.5, 0.15 * sz));
    /* and a marker's width between two, where the bound's dashes show: markers edge to
     * edge hid the dashed line the narration points at (lesson 2 step 1, presenter) */
    need += sz;
    static const int steps[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000};
    for (int k = 0; k < 12; k++)
        if (steps[k] * per_t >= need) return steps[k];
    return 10000;
}

/* The factors' key: at every step, or the line at every step and a marker at every
 * stride-th (into buf). */
static const char *factor_key(int stride, char *buf, size_t n)
{
    if (stride <= 1)
        return "markers: each step's factor ‖∂h(t)/∂h(t−1)‖ (right axis, linear)";
    snprintf(buf, n, "thin line: each step's factor ‖∂h(t)/∂h(t−1)‖ (right axis, "
             "linear), a marker at every %d%s\u00a0t", stride, stride == 2 ? "nd" : "th");
    return buf;
}

/* The factors' key's marker in the colour the markers are filled with, the first
 * factored run's (lesson 5 step 2: a purple key for blue and orange markers). */
static uint32_t factor_ink(const PanelCtx *p, GradMode mode)
{
    for (int i = 0; i < p->nruns; i++)
        if (grad_drawn_series(p, i, mode) && grad_has_factors(p->runs[i], mode))
            return panel_run_color(p, i);
    return p->st->th->factor;
}

/* The keys, readouts and notes laid out above or beside the plot (drawn), *ct the room
 * left for the axes; *stride gets the factors' marker stride for that room. */
void grad_keys(const PanelCtx *p, GradMode mode, const GradSeen *g, Rect r,
                      const AxesSpec *sp, Rect *ct, const GradNotes *nt, int nh, Rect *notes_at,
                      int *stride, unsigned keyed, int draw)
{
    const Style *st = p->st;
    Key keys[7 + PLOT_MAX_RUNS];
    char fbuf[160], dbuf[PLOT_MAX_RUNS][160];
    int nk = 0, fk = -1;
    uint32_t kc = st->th->muted;
    if (mode == GRAD_MODE_WORD)
        keys[nk++] = (Key){"every run: the gradient reaching word t (attention has no h(t))", kc, -1,
                           KEY_TEXT};
    if (g->any_cell)
        keys[nk++] = (Key){"short dashes: LSTM cell \xE2\x80\x96\xE2\x88\x82L/\xE2\x88\x82" "c(t)\xE2\x80\x96",
                           kc, DASH_SHORT, -1};
    if (g->any_rev) {
        keys[nk++] = (Key){"solid: forward direction", kc, -1, -1};
        keys[nk++] = (Key){"dashed: reverse direction", kc, DASH_LONG, -1};
    }
    /* (the factors' own bound is dashed: two dotted lines on two axes crossed as one) */
    if (g->any_bound)
        keys[nk++] = (Key){mode == GRAD_MODE_JACOBIAN
                               ? g->any_factor
                                     ? "dotted: Pascanu bound (\xCE\xB3\xC2\xB7\xCF\x83max)^(T\xE2\x88\x92"
                                       "1\xE2\x88\x92t); dashed (right axis): each factor's "
                                       "\xCE\xB3\xC2\xB7\xCF\x83max"
                                     : "dotted: Pascanu bound (\xCE\xB3\xC2\xB7\xCF\x83max)^(T\xE2\x88\x92"
                                       "1\xE2\x88\x92t)"
                               : "dotted: Pascanu bound (from T\xE2\x88\x92" "1)",
                           kc, DASH_DOT, -1};
    else if (mode == GRAD_MODE_JACOBIAN && g->any_factor)
        keys[nk++] = (Key){"dashed, on the right axis: each factor's bound \xCE\xB3\xC2\xB7\xCF\x83max",
                           kc, DASH_LONG, -1};
    if (g->any_factor)
        fk = nk, keys[nk++] = (Key){factor_key(1, fbuf, sizeof fbuf), factor_ink(p, mode), -1,
                                    MARK_DIAMOND};
    /* the labels that found no place on the plot */
    if (keyed & GRAD_CUE_KEYED) {
        keys[nk++] = (Key){"cue", st->th->accent, DASH_DOT, -1}; /* short: on a row of keys */
        if (draw) panel_label_fact(p, PLOT_LABEL_KEY, "cue");
    }
    for (int i = 0; i < p->nruns && i < PLOT_MAX_RUNS; i++)
        if (keyed >> i & 1u) {
            diverged_key_text(dbuf[i], sizeof dbuf[i], p->runs[i]);
            keys[nk++] = (Key){dbuf[i], panel_run_color(p, i), -1, MARK_CROSS};
        }
    /* beside the plot when stacked above they would leave it short (a wide
     * highlighted panel). The notes (nh px) go above the plot, under the readouts and
     * keys; or, when there they would be wider than the plot's box (keys beside it) or
     * leave a lower plot, across the panel above the readouts and keys, which then
     * choose their place for the box below the notes (lessons 3/1, 8/2) */
    Rect full = *ct, below = {ct->x, ct->y + nh, ct->w, ct->h - nh};
    /* the slopes inset beside the plot needs a plot four times its least width
     * (grad_slopes_side): readouts or keys in a column that leaves less put it inside,
     * over the lines (lesson 2 step 1 in presenter mode) */
    double min_w = PANEL_PLOT_MIN_W, keys_min_w = 0;
    if (p->v->slopes) keys_min_w = min_w = fmax(min_w, 4 * GRAD_SLOPES_MIN * st->px_tick / (double)r.w);
    int use_below = 0;
    if (nh > 0) {
        Rect a = panel_keys_plot_w(p, r, full, sp, keys, nk, 0, min_w, keys_min_w);
        Rect b = panel_keys_plot_w(p, r, below, sp, keys, nk, 0, min_w, keys_min_w);
        Axes ax_a, ax_b;
        axes_setup(p->c, st, (Rect){a.x, a.y + nh, a.w, a.h - nh}, sp, &ax_a);
        axes_setup(p->c, st, b, sp, &ax_b);
        int a_fits = grad_notes_width(p, nt) <= a.w - 0.4 * st->pad;
        use_below = !a_fits || ax_b.area.h > ax_a.area.h;
    }
    /* the factors' stride in the room the keys leave, and their key with it (a
     * digit's difference moves the plot by a pixel at most) */
    *stride = 1;
    for (int pass = 0; pass < 2 && fk >= 0; pass++) {
        Rect pre = panel_keys_plot_w(p, r, use_below ? below : full, sp, keys, nk, 0, min_w, keys_min_w);
        if (!use_below) pre.y += nh, pre.h -= nh;
        grad_slopes_side(p, &pre);
        Axes ax;
        axes_setup(p->c, st, pre, sp, &ax);
        *stride = grad_factor_stride(st, &ax);
        keys[fk].label = factor_key(*stride, fbuf, sizeof fbuf);
    }
    if (use_below) {
        *notes_at = (Rect){full.x, full.y, full.w, nh};
        *ct = panel_keys_plot_w(p, r, below, sp, keys, nk, draw, min_w, keys_min_w);
    } else {
        *ct = panel_keys_plot_w(p, r, full, sp, keys, nk, draw, min_w, keys_min_w);
        *notes_at = (Rect){ct->x, ct->y, ct->w, nh};
        ct->y += nh;
        ct->h -= nh;
    }
}
