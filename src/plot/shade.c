/* shade.c - the one colour scale of the sentence strip and the heatmap: log10 of the
 * gradient on viridis over an absolute range the view sets (a lesson may fix it), the
 * same for every run and every step, so 1e-33 and 1e-1 never look alike. Values
 * outside the range take the colour of its end, whose number says so ("≤10⁻¹⁶",
 * "≥10⁴"); zeros and non-finite values are grey. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panels.h"

Shade shade_of_view(const PlotView *v)
{
    Shade s = {v->shade_lo, v->shade_hi};
    if (!(isfinite(s.lo) && isfinite(s.hi) && s.hi > s.lo)) s.lo = PLOT_SHADE_LO, s.hi = PLOT_SHADE_HI;
    return s;
}

uint32_t shade_color(const Style *st, Shade s, double g)
{
    if (!(isfinite(g) && g > 0)) return st->th->nan;
    return style_viridis((log10(g) - s.lo) / (s.hi - s.lo));
}

/* Decades between labelled ticks so that at most `most` labels fit. */
static int tick_step(double span, int most)
{
    static const int steps[] = {1, 2, 4, 5, 10, 20, 25, 50, 100, 200};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (span / steps[i] + 1 <= most) return steps[i];
    return 500;
}

/* The sign before an end's number: the end's colour holds every value beyond it (lesson
 * 3 step 3: values down to 1e-323 shaded as 10^-16, the bar silent about it). */
static const char *end_sign(Shade s, double e)
{
    return fabs(e - s.lo) < 1e-9 ? "\u2264" : fabs(e - s.hi) < 1e-9 ? "\u2265" : "";
}

double shade_bar_label_width(const PanelCtx *p, Shade s)
{
    int px = p->st->px_tick;
    int a = text_pow10_sign(p->c, "\u2264", (int)floor(s.lo), 0, 0, px, TEXT_LEFT, 0, 0),
        b = text_pow10_sign(p->c, "\u2265", (int)ceil(s.hi), 0, 0, px, TEXT_LEFT, 0, 0);
    return a > b ? a : b;
}

void shade_bar(const PanelCtx *p, Shade s, Rect bar, int vertical)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    int px = st->px_tick;
    double span = s.hi - s.lo;
    if (vertical) {
        for (int y = bar.y; y < bar.y + bar.h; y++)
            canvas_fill_rect(c, bar.x, y, bar.w, 1,
                             style_viridis((bar.y + bar.h - (y + 0.5)) / bar.h));
    } else {
        for (int x = bar.x; x < bar.x + bar.w; x++)
            canvas_fill_rect(c, x, bar.y, 1, bar.h, style_viridis((x + 0.5 - bar.x) / bar.w));
    }
    PlotFacts *facts = p->v->facts;
    if (facts && facts->nbars < 2)
        facts->bar_vertical[facts->nbars] = vertical, facts->bar[facts->nbars++] = bar;
    double len = vertical ? bar.h : bar.w;
    /* (a vertical bar's numbers 1.5 lines apart: at 2, lesson 6 step 3's bar in presenter
     * mode at 1280x720, 110 px tall, read only 10^4 and 10^-16) */
    int lab = vertical ? (int)ceil(canvas_font_height(c, px, 0) * 1.5)
                       : (int)(shade_bar_label_width(p, s) + 0.8 * st->pad);
    int step = tick_step(span, lab > 0 ? (int)fmax(2, len / lab) : 2);
    /* never a single label: with room for two only, the whole decades at the two ends */
    double first = ceil(s.lo / step - 1e-9) * step;
    if (first + step > s.hi + 1e-9) {
        double a = ceil(s.lo - 1e-9), b = floor(s.hi + 1e-9);
        if (b > a) first = a, step = (int)(b - a);
    }
    /* whole decades at both ends, not both labelled: numbers from the bottom end up, a
     * step that divides the span, so that both ends are read (lesson 6 step 3's bar from
     * 10^-16 to 10^4 read 10^0 and 10^-10, its extent unsaid) */
    int whole = fabs(s.lo - floor(s.lo + 0.5)) < 1e-9 && fabs(s.hi - floor(s.hi + 0.5)) < 1e-9;
    double last = first + floor((s.hi + 1e-9 - first) / step) * step;
    if (whole && (first > s.lo + 1e-9 || last < s.hi - 1e-9)) {
        /* the step: one that divides the span and the bottom end (10^-16 .. 10^4 by 4s,
         * as the strip's bar), a larger one, else a smaller one whose numbers still stand
         * 1.35 lines apart; else one that divides the span alone, the smallest whose
         * numbers stand 1.25 lines apart (lesson 6 step 3's bar in presenter mode, 160 px
         * over 20 decades, read 10 decades apart where the narration counts two: now 5),
         * else a larger one */
        int S = (int)floor(span + 0.5), lo = (int)floor(s.lo + 0.5), q = 0;
        double least = 1.35 * canvas_font_height(c, px, 0) * span / len;
        double close = 1.25 * canvas_font_height(c, px, 0) * span / len;
        for (int t = step; t <= S && !q; t++)
            if (S % t == 0 && lo % t == 0) q = t;
        for (int t = step - 1; t >= 1 && !q && t >= least; t--)
            if (S % t == 0 && lo % t == 0) q = t;
        for (int t = (int)ceil(close); t < step && !q; t++)
            if (t >= 1 && S % t == 0) q = t;
        for (int t = step; t <= S && !q; t++)
            if (S % t == 0) q = t;
        if (q) first = s.lo, step = q;
    }
    double tick = 0.4 * st->pad, lw = fmax(1, floor(st->thin_w));
    /* a short tick at every decade between the labels, where they stand 4 px apart, so
     * "two decades down the colour bar" can be counted (lesson 6 step 3's bar labels
     * every 4th decade at 1080p, only its ends at 720p presenter) */
    if (step > 1 && len / span >= 4)
        for (double e = ceil(s.lo - 1e-9); e <= s.hi + 1e-9; e += 1) {
            double f = (e - s.lo) / span;
            if (vertical)
                canvas_fill_rect(c, bar.x + bar.w, floor(bar.y + bar.h - f * bar.h - lw / 2 + 0.5), 0.5 * tick,
                                 lw, st->th->axis);
            else
                canvas_fill_rect(c, floor(bar.x + f * bar.w - lw / 2 + 0.5), bar.y + bar.h, lw, 0.5 * tick,
                                 st->th->axis);
        }
    for (double e = first; e <= s.hi + 1e-9; e += step) {
        double f = (e - s.lo) / span;
        int k = (int)floor(e + 0.5);
        const char *sign = end_sign(s, e);
        if (vertical) {
            double y = bar.y + bar.h - f * bar.h;
            canvas_fill_rect(c, bar.x + bar.w, floor(y - lw / 2 + 0.5), tick, lw, st->th->axis);
            text_pow10_sign(c, sign, k, bar.x + bar.w + tick + 0.2 * st->pad, y, px, TEXT_LEFT, st->th->fg, 1);
        } else {
            double x = bar.x + f * bar.w;
            canvas_fill_rect(c, floor(x - lw / 2 + 0.5), bar.y + bar.h, lw, tick, st->th->axis);
            /* the "10" (with an end's sign) centred on the row below; its raised exponent
             * clears the tick */
            text_pow10_sign(c, sign, k, x, bar.y + bar.h + tick + 0.2 * st->pad + 0.5 * canvas_font_height(c, px, 0),
                            px, TEXT_CENTER, st->th->fg, 1);
        }
    }
}

void format_sci(char *buf, size_t n, double v, int digits)
{
    double av = fabs(v);
    if (!isfinite(v) || v == 0 || (av >= 1e-3 && av < 1e5)) {
        format_number(buf, (int)n, v, digits);
        return;
    }
    char tmp[48];
    snprintf(tmp, sizeof tmp, "%.*e", digits > 1 ? digits - 1 : 0, v);
    char *e = strchr(tmp, 'e');
    if (!e) {
        snprintf(buf, n, "%s", tmp);
        return;
    }
    int ex = atoi(e + 1);
    *e = 0;
    /* drop trailing zeros of the mantissa: 1.00e-34 -> 1 */
    char *dot = strchr(tmp, '.');
    if (dot) {
        char *end = tmp + strlen(tmp);
        while (end > dot + 1 && end[-1] == '0') *--end = 0;
        if (end == dot + 1) *dot = 0;
    }
    format_pow10(buf, n, tmp, ex);
}

/* What reaches each word: ||dL/dx_t||, the gradient with respect to the input at t (for a
 * bidirectional run the sum of both directions' shares, so the words after the blank light
 * up when the reverse direction reads them): example 0's own for the strip, the batch's
 * over training for the heatmap. */
const char panel_word_grad_name[] = "\u2016\u2202L/\u2202x(t)\u2016";

const double *panel_word_grad(const Run *r)
{
    return r->diag.grad_x_ex0;
}

const double *panel_word_grad_hist(const History *h)
{
    return h->grad_x;
}
