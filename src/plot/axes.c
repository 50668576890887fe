/* axes.c - ranges, ticks (linear 1-2-5 steps, log10 decades), axis drawing, keys. */
#include "axes.h"
#include "place.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MINUS "\xE2\x88\x92" /* U+2212 */
#define MAX_TICKS 40

void range_reset(Range *r)
{
    r->lo = INFINITY;
    r->hi = -INFINITY;
    r->n = 0;
}

void range_add(Range *r, double v, int log)
{
    if (!isfinite(v) || (log && !(v > 0))) return;
    if (v < r->lo) r->lo = v;
    if (v > r->hi) r->hi = v;
    r->n++;
}

double axis_pos(const Axis *a, double v)
{
    if (!isfinite(v)) return NAN;
    if (a->log) {
        if (!(v > 0)) return NAN;
        v = log10(v);
    }
    double span = a->hi - a->lo;
    if (!(span > 0)) return (a->p0 + a->p1) / 2;
    return a->p0 + (v - a->lo) / span * (a->p1 - a->p0);
}

/* Axis range from collected data. */
static void finish_range(Axis *a, Range r, int log, int pad, int zero)
{
    a->log = log;
    if (r.n == 0) {
        a->lo = log ? -1 : 0;
        a->hi = log ? 1 : 1;
        return;
    }
    if (log) {
        double dlo = log10(r.lo), dhi = log10(r.hi);
        double lo = floor(dlo + 1e-9), hi = ceil(dhi - 1e-9);
        if (hi <= lo) hi = lo + 1;
        /* data within 1% of the span from an end would be drawn on the frame (a product
         * of Jacobians that is exactly 1, say): one more decade on that side */
        double edge = 0.01 * (hi - lo);
        if (dhi > hi - edge) hi += 1;
        if (dlo < lo + edge) lo -= 1;
        a->lo = lo;
        a->hi = hi;
        return;
    }
    /* data near the ends of the double range: the span and the padding below must
     * stay finite (values beyond +-1e300 are drawn off the axis, clipped) */
    double lo = fmax(r.lo, -1e300), hi = fmin(r.hi, 1e300);
    if (hi < lo) lo = hi = r.lo > 0 ? 1e300 : -1e300;
    if (zero) {
        if (lo > 0) lo = 0;
        if (hi < 0) hi = 0;
    }
    if (hi - lo <= 1e-12 * fmax(1.0, fabs(hi))) {
        double d = fabs(hi) > 0 ? fabs(hi) * 0.1 : 1.0;
        lo -= d;
        hi += d;
    }
    if (pad) {
        double d = (hi - lo) * 0.06;
        if (!(zero && lo == 0)) lo -= d;
        hi += d;
    }
    a->lo = lo;
    a->hi = hi;
}

typedef struct Ticks {
    int n, nminor;
    double v[MAX_TICKS];     /* major ticks: data values (log: exponents) */
    double minor[MAX_TICKS * 2];
    double step;
} Ticks;

static void make_ticks(const Axis *a, double len, double spacing, int integer, Ticks *t)
{
    t->n = t->nminor = 0;
    double span = a->hi - a->lo;
    if (!(span > 0) || !(len > 0)) return;
    int want = (int)(len / spacing);
    if (want < 2) want = 2;
    if (want > MAX_TICKS - 2) want = MAX_TICKS - 2;
    if (a->log) {
        static const double steps[] = {1, 2, 3, 5, 10, 20, 25, 50, 100, 200, 500, 1000};
        int k = 11;
        for (int i = 0; i < 12; i++)
            if (span / steps[i] <= want) {
                k = i;
                break;
            }
        /* at least two labelled decades: a smaller step while its labels stay apart
         * (a short axis over many decades otherwise labels only 10^0) */
        for (;; k--) {
            double step = steps[k];
            t->step = step;
            t->n = 0;
            for (double e = ceil(a->lo / step) * step; e <= a->hi + 1e-9 && t->n < MAX_TICKS;
                 e += step)
                t->v[t->n++] = e;
            if (t->n >= 2 || k == 0 || steps[k - 1] * len / span < 0.4 * spacing) break;
        }
        double step = t->step;
        /* minor ticks at 2..9 x 10^k when decades are far enough apart */
        if (step == 1 && len / span > 3 * spacing / 2) {
            for (double e = floor(a->lo); e < a->hi; e++) /* (a margin: lo not whole) */
                for (int k = 2; k <= 9 && t->nminor < MAX_TICKS * 2; k++)
                    if (e + log10((double)k) >= a->lo && e + log10((double)k) <= a->hi)
                        t->minor[t->nminor++] = e + log10((double)k);
        }
        return;
    }
    double raw = span / want, mag = pow(10.0, floor(log10(raw))), norm = raw / mag;
    double step = (norm <= 1.0 ? 1.0 : norm <= 2.0 ? 2.0 : norm <= 5.0 ? 5.0 : 10.0) * mag;
    for (;;) {
        if (integer && step < 1) step = 1;
        t->step = step;
        t->n = 0;
        double first = ceil(a->lo / step - 1e-9) * step;
        for (int i = 0; t->n < MAX_TICKS; i++) {
            double v = first + i * step;
            if (v > a->hi + step * 1e-9) break;
            if (fabs(v) < step * 1e-9) v = 0;
            t->v[t->n++] = v;
        }
        if (t->n >= 2 || (integer && step <= 1)) break;
        /* fewer than two ticks: the next smaller 1-2-5 step */
        double m = pow(10.0, floor(log10(step) + 1e-9)), f = step / m;
        step = f > 4.5 ? 2 * m : f > 1.5 ? m : 0.5 * m;
    }
}

/* Copies src to buf turning '-' into a real minus sign. */
static void minus_copy(char *buf, int n, const char *src)
{
    int o = 0;
    for (const char *p = src; *p && o < n - 4; p++) {
        if (*p == '-') {
            memcpy(buf + o, MINUS, 3);
            o += 3;
        } else buf[o++] = *p;
    }
    buf[o] = 0;
}

void format_pow10(char *buf, size_t n, const char *mantissa, int ex)
{
    static const char *const sup[10] = {"\u2070", "\u00b9", "\u00b2", "\u00b3", "\u2074",
                                        "\u2075", "\u2076", "\u2077", "\u2078", "\u2079"};
    char out[96];
    size_t o = 0;
    const char *m = mantissa;
    if (*m == '-') {
        o += (size_t)snprintf(out + o, sizeof out - o, MINUS);
        m++;
    }
    if (strcmp(m, "1") == 0) o += (size_t)snprintf(out + o, sizeof out - o, "10");
    else o += (size_t)snprintf(out + o, sizeof out - o, "%.40s\u00b710", m);
    if (ex < 0) {
        o += (size_t)snprintf(out + o, sizeof out - o, "\u207b");
        ex = -ex;
    }
    char digs[16];
    snprintf(digs, sizeof digs, "%d", ex);
    for (const char *d = digs; *d && o + 4 < sizeof out; d++)
        o += (size_t)snprintf(out + o, sizeof out - o, "%s", sup[*d - '0']);
    snprintf(buf, n, "%s", out);
}

void format_number(char *buf, int n, double v, int digits)
{
    char tmp[64];
    double av = fabs(v);
    if (!isfinite(v)) snprintf(tmp, sizeof tmp, "%s", isnan(v) ? "NaN" : v > 0 ? "inf" : "-inf");
    else if (av >= 1e6 && av < 1e9 && fmod(av, 1e5) == 0) snprintf(tmp, sizeof tmp, "%gM", v / 1e6);
    else if (av >= 1e4 && av < 1e6 && fmod(av, 100) == 0) snprintf(tmp, sizeof tmp, "%gk", v / 1e3);
    else if (av >= pow(10, digits) && av < 1e5)
        /* a whole number rather than 1·10² for 103.6 at two digits (lesson 5 step 4's
         * ratio): below 10^5 its digits read at a glance */
        snprintf(tmp, sizeof tmp, "%.0f", v);
    else snprintf(tmp, sizeof tmp, "%.*g", digits, v);
    /* exponent form as the notes and readouts write it: 1.36e+03 -> 1.36·10³ (the
     * gradient panel said "1.36e3" beside another run's "8.49·10¹¹") */
    char *e = strchr(tmp, 'e');
    if (e) {
        int ex = atoi(e + 1);
        *e = 0;
        format_pow10(buf, (size_t)n, tmp, ex);
        return;
    }
    minus_copy(buf, n, tmp);
}

/* A linear tick label with as many decimals as the step needs. */
static void tick_label(char *buf, int n, double v, double step)
{
    if (fabs(v) >= 1e4) {
        format_number(buf, n, v, 6);
        return;
    }
    int dec = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
    if (dec > 9) dec = 9;
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%.*f", dec, v);
    minus_copy(buf, n, tmp);
}

int text_pow10(Canvas *c, int e, double x, double y, int px, int align, uint32_t color, int draw)
{
    return text_pow10_sign(c, "", e, x, y, px, align, color, draw);
}

int text_pow10_sign(Canvas *c, const char *sign, int e, double x, double y, int px, int align, uint32_t color,
                    int draw)
{
    char exp[16], tmp[16], base[16];
    snprintf(tmp, sizeof tmp, "%d", e);
    minus_copy(exp, sizeof exp, tmp);
    snprintf(base, sizeof base, "%.8s10", sign);
    int epx = (int)floor(px * 0.8 + 0.5);
    int w10 = canvas_text_width(c, base, px, 0), we = canvas_text_width(c, exp, epx, 0);
    int gap = px / 12;
    int w = w10 + gap + we;
    if (!draw) return w;
    int h_al = align & 3;
    double left = h_al == TEXT_CENTER ? x - w / 2.0 : h_al == TEXT_RIGHT ? x - w : x;
    canvas_text(c, base, left, y, px, 0, TEXT_LEFT | TEXT_MIDDLE, color);
    canvas_text(c, exp, left + w10 + gap, y - 0.42 * px, epx, 0, TEXT_LEFT | TEXT_MIDDLE, color);
    return w;
}

/* Width of one tick label of axis a at value v. */
static int tick_width(Canvas *c, const Style *st, const Axis *a, const Ticks *t, double v)
{
    if (a->log) return text_pow10(c, (int)floor(v + 0.5), 0, 0, st->px_tick, 0, 0, 0);
    char buf[64];
    tick_label(buf, sizeof buf, v, t->step);
    return canvas_text_width(c, buf, st->px_tick, 0);
}

static void draw_tick_label(Canvas *c, const Style *st, const Axis *a, const Ticks *t, double v,
                            double x, double y, int align, uint32_t color)
{
    if (a->log) {
        text_pow10(c, (int)floor(v + 0.5), x, y, st->px_tick, align, color, 1);
        return;
    }
    char buf[64];
    tick_label(buf, sizeof buf, v, t->step);
    canvas_text(c, buf, x, y, st->px_tick, 0, align | TEXT_MIDDLE, color);
}

static double spacing_x(const Style *st)
{
    return 5.5 * st->px_tick;
}

/* Ticks along x whose labels stand at least a label's width plus 0.8 px_tick apart:
 * make_ticks's at spacing, widened until they do; where make_ticks cannot widen (it
 * keeps two ticks), every k-th tick from the last ("500 1000 1500" never runs together).
 * Returns 1 if the labels stood apart as made, 0 if every k-th was kept. */
static int x_ticks_at(Canvas *c, const Style *st, const Axis *a, double len, int integer, double spacing,
                      Ticks *t)
{
    double span = a->hi - a->lo;
    if (!(span > 0)) {
        make_ticks(a, len, spacing, integer, t);
        return 1;
    }
    for (int tries = 0;; tries++) {
        make_ticks(a, len, spacing, integer, t);
        int w = 0;
        for (int i = 0; i < t->n; i++) {
            int tw = tick_width(c, st, a, t, t->v[i]);
            if (tw > w) w = tw;
        }
        double need = w + 0.8 * st->px_tick;
        if (t->n < 2 || len * t->step / span >= need) return 1;
        if (tries < 12 && t->n > 2) {
            spacing *= 1.4;
            continue;
        }
        int k = (int)ceil(need / (len * t->step / span)), m = 0;
        for (int i = (t->n - 1) % k; i < t->n; i += k) t->v[m++] = t->v[i];
        t->n = m;
        t->step *= k;
        return 0;
    }
}

/* The x ticks: x_ticks_at's at 5.5 tick sizes; with fewer than four labels, the first
 * denser spacing (down to 2 tick sizes) that gives four whose labels stand apart, else
 * the one that gives most (presenter mode's 26 px labels left a word axis of 0 .. 39
 * with "0" and "20" only where the narration pointed at t = 38, and a heatmap of 1000
 * steps with "1000" alone). */
static void x_ticks(Canvas *c, const Style *st, const Axis *a, double len, int integer, Ticks *t)
{
    x_ticks_at(c, st, a, len, integer, spacing_x(st), t);
    static const double denser[5] = {4.5, 3.6, 3.0, 2.4, 2.0};
    for (int k = 0; k < 5 && t->n < 4; k++) {
        Ticks u;
        if (x_ticks_at(c, st, a, len, integer, denser[k] * st->px_tick, &u) && u.n > t->n) *t = u;
    }
    /* one label left (a linear axis whose 1-2-5 steps all crowd it: a heatmap 134 px
     * wide over 500 steps kept "400" of 200 and 400): the smallest whole step of 2.5
     * times a power of ten that gives two apart ("250 500") */
    double span = a->hi - a->lo;
    if (a->log || t->n >= 2 || !(span > 0)) return;
    for (double m = pow(10.0, floor(log10(span)) - 1); m <= span; m *= 10) {
        double step = 2.5 * m;
        if (step < 10) continue; /* whole labels: 25, 250, 2500 */
        Ticks u = {.step = step};
        for (double v = ceil(a->lo / step - 1e-9) * step; v <= a->hi + 1e-9 * step && u.n < MAX_TICKS; v += step)
            u.v[u.n++] = v;
        int w = 0;
        for (int i = 0; i < u.n; i++) w = fmax(w, tick_width(c, st, a, &u, u.v[i]));
        if (u.n >= 2 && len * step / span >= w + 0.8 * st->px_tick) {
            *t = u;
            return;
        }
    }
}

static double spacing_y(const Style *st, int log)
{
    return (log ? 3.4 : 3.0) * st->px_tick;
}

/* The ticks of a y axis len px long: make_ticks's, and with fewer than three on a
 * linear axis, the next smaller 1-2-5 steps while their labels stand gap tick sizes
 * apart (a short accuracy axis from 0 to 1 read "0" and "1" only, nothing between);
 * with fewer than four on a log axis, the largest step of decades that gives four with
 * labels 1.6 tick sizes apart or more (1.4 where that leaves two), else the smallest
 * such step (presenter mode's larger labels left lesson 3 step 2's 35 decades with 10⁰
 * and 10²⁵ only, where 0.3 and 1 were to be told apart). */
static void y_ticks_gap(const Style *st, const Axis *a, double len, int integer, double gap, Ticks *t)
{
    make_ticks(a, len, spacing_y(st, a->log), integer, t);
    /* (the sparsest with four: at 1.6 alone a 200 px axis over 6 decades took all 7;
     * 1.4 only for an axis left with two, where a 140 px one over 27 decades took 6) */
    static const double denser[6] = {3.0, 2.6, 2.2, 1.9, 1.6, 1.4};
    for (int k = 0; a->log && t->n < (k < 5 ? 4 : 3) && k < 6; k++) {
        Ticks u;
        make_ticks(a, len, fmin(gap, denser[k]) * st->px_tick, integer, &u);
        if (u.n > t->n) *t = u;
    }
    double span = a->hi - a->lo;
    while (!a->log && t->n >= 2 && t->n < 3 && span > 0 && !(integer && t->step <= 1)) {
        double m = pow(10.0, floor(log10(t->step) + 1e-9)), f = t->step / m;
        double step = f > 4.5 ? 2 * m : f > 1.5 ? m : 0.5 * m;
        if (integer && step < 1) return;
        if (len * step / span < gap * st->px_tick) return;
        Ticks u = {0};
        u.step = step;
        double first = ceil(a->lo / step - 1e-9) * step;
        for (int i = 0; u.n < MAX_TICKS; i++) {
            double v = first + i * step;
            if (v > a->hi + step * 1e-9) break;
            if (fabs(v) < step * 1e-9) v = 0;
            u.v[u.n++] = v;
        }
        *t = u;
    }
}

static void y_ticks(const Style *st, const Axis *a, double len, int integer, Ticks *t)
{
    y_ticks_gap(st, a, len, integer, 2.0, t);
}

/* The factor band's ticks: a line and a fifth apart at least, so a band of 70 px over
 * 0 .. 1.1 has 0.5 between 0 and 1 (where a factor of 0.29 read as near 0: lesson 1
 * step 3 at 1280x720 in presenter mode). */
static void band_ticks(const Style *st, const Axis *a, double len, Ticks *t)
{
    y_ticks_gap(st, a, len, 0, 1.2, t);
}

/* The right axis's ticks, len px long: a band's by band_ticks. */
static void y2_ticks(const Style *st, const Axes *ax, double len, Ticks *t)
{
    if (ax->banded) band_ticks(st, &ax->y2, len, t);
    else y_ticks(st, &ax->y2, len, 0, t);
}

static int max_tick_width_of(Canvas *c, const Style *st, const Axis *a, const Ticks *t)
{
    int w = 0;
    for (int i = 0; i < t->n; i++) {
        int tw = tick_width(c, st, a, t, t->v[i]);
        if (tw > w) w = tw;
    }
    return w;
}

static int max_tick_width(Canvas *c, const Style *st, const Axis *a, double len, int integer)
{
    Ticks t;
    y_ticks(st, a, len, integer, &t);
    return max_tick_width_of(c, st, a, &t);
}

/* The widest of ax's right-axis tick labels, len px long. */
static int y2_tick_width(Canvas *c, const Style *st, const Axes *ax, double len)
{
    Ticks t;
    y2_ticks(st, ax, len, &t);
    return max_tick_width_of(c, st, &ax->y2, &t);
}

/* Widens a so that its ends stand m px inside a length of len px. */
static void axis_widen(Axis *a, double m, int len)
{
    if (len <= 4 * m) return; /* too short: the data keeps the whole length */
    double d = (a->hi - a->lo) * m / (len - 2 * m);
    a->lo -= d;
    a->hi += d;
}

/* The y axis y, len px long, as drawn: a log axis widened to whole tick steps so its
 * ends carry labels (when that widens it by at most a quarter, and sp allows it), then
 * sp's margin. */
static void y_widen(const Style *st, const AxesSpec *sp, int len, Axis *y)
{
    if (y->log && !sp->ydecades) {
        Ticks t;
        make_ticks(y, len, spacing_y(st, 1), 0, &t);
        double lo = floor(y->lo / t.step + 1e-9) * t.step;
        double hi = ceil(y->hi / t.step - 1e-9) * t.step;
        if (t.step > 1 && (hi - lo) <= 1.25 * (y->hi - y->lo)) {
            y->lo = lo;
            y->hi = hi;
        }
    }
    if (sp->margin > 0) axis_widen(y, sp->margin, len);
}

void axes_setup(Canvas *c, const Style *st, Rect content, const AxesSpec *sp, Axes *ax)
{
    memset(ax, 0, sizeof *ax);
    finish_range(&ax->x, sp->x, sp->xlog, 0, 0);
    finish_range(&ax->y, sp->y, sp->ylog, sp->ypad, sp->yzero);
    ax->has_y2 = sp->y2label != NULL;
    if (ax->has_y2) finish_range(&ax->y2, sp->y2, 0, sp->ypad, sp->yzero);
    double pad = st->pad, tick = 0.6 * pad;
    int fh_tick = canvas_font_height(c, st->px_tick, 0);
    int fh_label = canvas_font_height(c, st->px_label, 0);
    double top = 0.75 * fh_tick;
    /* (a bare x axis: the band under it starts with its top number, kept 1.6 lines
     * from this one's foot) */
    double bottom = sp->xbare ? 0.3 * pad + 0.8 * fh_tick : tick + 0.3 * pad + fh_tick + (sp->xlabel ? 0.3 * pad + fh_label : 0);
    /* the y range as drawn first (whole log steps, the margin), then the left margin
     * from its tick labels: widened after, a log axis gained a wider label ("10^-10"
     * under "10^-5") that ran into the axis title (lesson 7 step 2, presenter) */
    int ytop = content.y + (int)ceil(top);
    int ylen = content.y + content.h - (int)ceil(bottom) - ytop;
    if (ylen < 1) ylen = 1;
    /* (bands only where the plot has room for the gap and two tick labels: below, a
     * negative band turned the bands upside down) */
    ax->banded = ax->has_y2 && sp->y2band > 0 && sp->y2band < 1 && ylen >= 1.2 * pad + 2.0 * fh_tick;
    double gap = ax->banded ? 1.2 * pad : 0, len1 = ylen, len2 = ylen;
    if (ax->banded) {
        len2 = floor(sp->y2band * (ylen - gap));
        len1 = ylen - gap - len2;
        if (len1 < 1) len1 = 1;
        if (len2 < 1) len2 = 1;
    }
    /* (a foot only where the data keeps three quarters of the height) */
    double foot = !ax->banded && sp->yfoot > 0 && sp->yfoot <= 0.25 * ylen ? ceil(sp->yfoot) : 0;
    len1 -= foot;
    y_widen(st, sp, (int)len1, &ax->y);
    /* (a band's 0 and 1 off its frame lines, a marker there whole) */
    if (ax->banded) axis_widen(&ax->y2, fmax(sp->margin, 0.3 * pad), (int)len2);
    double left = max_tick_width(c, st, &ax->y, len1, sp->yint) + tick + 0.5 * pad +
                  (sp->ylabel ? fh_label + 0.4 * pad : 0);
    double right;
    if (ax->has_y2)
        right = y2_tick_width(c, st, ax, len2) + tick + 0.5 * pad +
                fh_label + 0.4 * pad;
    else {
        /* room for half of the last x tick label */
        Ticks t;
        x_ticks(c, st, &ax->x, content.w - left, sp->xint, &t);
        right = t.n ? tick_width(c, st, &ax->x, &t, t.v[t.n - 1]) / 2.0 + 0.3 * pad : pad;
        if (right < pad) right = pad;
    }
    Rect a = {content.x + (int)ceil(left), content.y + (int)ceil(top), 0, 0};
    a.w = content.x + content.w - (int)ceil(right) - a.x;
    a.h = content.y + content.h - (int)ceil(bottom) - a.y;
    if (a.w < 1) a.w = 1;
    if (a.h < 1) a.h = 1;
    ax->area = a;
    if (sp->margin > 0) axis_widen(&ax->x, sp->margin, a.w);
    ax->x.p0 = a.x;
    ax->x.p1 = a.x + a.w;
    ax->y.p0 = ax->y2.p0 = a.y + a.h;
    ax->y.p1 = ax->y2.p1 = a.y;
    ax->y.p0 -= foot;
    if (ax->banded) { /* (a.h is ylen: the lengths the axes were widened for) */
        ax->y2.p1 = a.y + a.h - len2;
        ax->y.p0 = ax->y2.p1 - gap;
    }
    ax->content = content;
    ax->xbare = sp->xbare;
}

void axis_band(const Axis *a, double *top, double *len)
{
    *top = fmin(a->p0, a->p1);
    *len = fabs(a->p0 - a->p1);
}

/* ax with its area the band of axis a (ax->y or ax->y2), and y that axis. */
static Axes band_of(const Axes *ax, const Axis *a)
{
    Axes b = *ax;
    if (ax->banded) {
        double top, len;
        axis_band(a, &top, &len);
        b.area.y = (int)floor(top), b.area.h = (int)ceil(len);
        b.y = *a;
    }
    return b;
}

Axes axes_upper_band(const Axes *ax) { return band_of(ax, &ax->y); }

Axes axes_lower_band(const Axes *ax) { return band_of(ax, &ax->y2); }

/* A crisp horizontal or vertical line of width w centred on pos. */
static void hline(Canvas *c, double x0, double x1, double y, double w, uint32_t color)
{
    w = fmax(1.0, floor(w + 0.5));
    double y0 = floor(y - w / 2 + 0.5);
    canvas_fill_rect(c, x0, y0, x1 - x0, w, color);
}

static void vline(Canvas *c, double x, double y0, double y1, double w, uint32_t color)
{
    w = fmax(1.0, floor(w + 0.5));
    double x0 = floor(x - w / 2 + 0.5);
    canvas_fill_rect(c, x0, y0, w, y1 - y0, color);
}

/* Pixel of tick value v (log: an exponent) on axis a. */
static double tick_pos(const Axis *a, double v)
{
    return a->p0 + (v - a->lo) / (a->hi - a->lo) * (a->p1 - a->p0);
}

/* The grid under the data: a line at every tick of y, then of x. */
static void axes_grid(Canvas *c, const Style *st, const Axes *ax, const Ticks *tx, const Ticks *ty)
{
    Rect a = ax->area;
    double gw = fmax(1.0, st->s);
    for (int i = 0; i < ty->n; i++) hline(c, a.x, a.x + a.w, tick_pos(&ax->y, ty->v[i]), gw, st->th->grid);
    for (int i = 0; i < tx->n; i++) vline(c, tick_pos(&ax->x, tx->v[i]), a.y, a.y + a.h, gw, st->th->grid);
    if (!ax->banded) return;
    double top, len;
    axis_band(&ax->y2, &top, &len);
    Ticks t;
    band_ticks(st, &ax->y2, len, &t);
    for (int i = 0; i < t.n; i++) hline(c, a.x, a.x + a.w, axis_pos(&ax->y2, t.v[i]), gw, st->th->grid);
}

/* The gap between a banded plot's two bands, in the panel's colour, and the frame's
 * lines at the foot of the upper band and the head of the lower. */
static void axes_gap(Canvas *c, const Style *st, const Axes *ax)
{
    Rect a = ax->area;
    double y0 = ax->y.p0, y1 = ax->y2.p1, gw = fmax(1.0, st->s);
    canvas_fill_rect(c, a.x + 1, y0, a.w - 1, y1 - y0, st->th->panel);
    hline(c, a.x, a.x + a.w, y0, st->thin_w, st->th->axis);
    hline(c, a.x, a.x + a.w, y1, gw, st->th->border);
}

/* The frame (a light box, solid left and bottom axes), the x and y ticks with their
 * labels, and a log y axis's minor ticks. */
static void axes_frame_ticks(Canvas *c, const Style *st, const Axes *ax, const Ticks *tx,
                             const Ticks *ty)
{
    const Theme *th = st->th;
    Rect a = ax->area;
    double pad = st->pad, tick = 0.6 * pad, gw = fmax(1.0, st->s);
    hline(c, a.x, a.x + a.w, a.y, gw, th->border);
    vline(c, a.x + a.w, a.y, a.y + a.h, gw, th->border);
    hline(c, a.x - st->thin_w / 2, a.x + a.w, a.y + a.h, st->thin_w, th->axis);
    vline(c, a.x, a.y, a.y + a.h, st->thin_w, th->axis);
    double lab_y = a.y + a.h + tick + 0.3 * pad + canvas_font_height(c, st->px_tick, 0) * 0.5;
    for (int i = 0; i < tx->n && !ax->xbare; i++) {
        double x = axis_pos(&ax->x, ax->x.log ? pow(10.0, tx->v[i]) : tx->v[i]);
        vline(c, x, a.y + a.h, a.y + a.h + tick, st->thin_w, th->axis);
        draw_tick_label(c, st, &ax->x, tx, tx->v[i], x, lab_y, TEXT_CENTER, th->fg);
    }
    for (int i = 0; i < ty->n; i++) {
        double y = tick_pos(&ax->y, ty->v[i]);
        hline(c, a.x - tick, a.x, y, st->thin_w, th->axis);
        draw_tick_label(c, st, &ax->y, ty, ty->v[i], a.x - tick - 0.3 * pad, y, TEXT_RIGHT, th->fg);
    }
    if (ax->y.log)
        for (int i = 0; i < ty->nminor; i++)
            hline(c, a.x - tick * 0.55, a.x, tick_pos(&ax->y, ty->minor[i]), st->thin_w, th->axis);
}

/* The right axis: its line, ticks and numbers, in its own colour and thicker when it
 * has one (it says which data it measures). */
static void axes_right(Canvas *c, const Style *st, const Axes *ax, const AxesSpec *sp)
{
    const Theme *th = st->th;
    Rect a = ax->area;
    double pad = st->pad, tick = 0.6 * pad;
    Ticks t;
    double top, len;
    axis_band(&ax->y2, &top, &len);
    y2_ticks(st, ax, len, &t);
    uint32_t ink = sp->y2color ? sp->y2color : th->axis, num = sp->y2color ? sp->y2color : th->fg;
    double w2 = sp->y2color ? fmax(st->thin_w, 0.7 * st->line_w) : st->thin_w;
    /* a band's axis line beside its band only: the band above is the left axis's, and a
     * line in the right axis's colour along it read as its scale too (lesson 2 step 1) */
    if (ax->banded) {
        vline(c, a.x + a.w, a.y, top, st->thin_w, th->axis);
        vline(c, a.x + a.w, top, top + len, w2, ink);
    } else
        vline(c, a.x + a.w, a.y, a.y + a.h, w2, ink);
    /* numbers a line apart at least, the top one kept (a band 8 px tall wrote its "1" on
     * its "0": lesson 2 step 1 in a 1280x720 window) */
    double fh = canvas_font_height(c, st->px_tick, 0), last = -INFINITY;
    for (int i = t.n - 1; i >= 0; i--) {
        double y = axis_pos(&ax->y2, t.v[i]);
        hline(c, a.x + a.w, a.x + a.w + tick, y, w2, ink);
        if (y - last < 0.9 * fh) continue;
        draw_tick_label(c, st, &ax->y2, &t, t.v[i], a.x + a.w + tick + 0.3 * pad, y, TEXT_LEFT, num);
        last = y;
    }
}

/* The x axis's title, centred under the data area inside the panel: without a trailing
 * " (...)" if it does not fit there, centred in the panel if it still does not. */
static void axes_xlabel(Canvas *c, const Style *st, const Axes *ax, const char *xlabel)
{
    Rect a = ax->area, ct = ax->content;
    char lab[128];
    snprintf(lab, sizeof lab, "%s", xlabel);
    double cx = a.x + a.w / 2.0, room = 2 * fmin(cx - ct.x, ct.x + ct.w - cx);
    char *paren = strstr(lab, " (");
    if (paren && canvas_text_width(c, lab, st->px_label, 0) > room) *paren = 0;
    if (canvas_text_width(c, lab, st->px_label, 0) > room) cx = ct.x + ct.w / 2.0;
    canvas_text(c, lab, cx, ct.y + ct.h, st->px_label, 0, TEXT_CENTER | TEXT_BOTTOM, st->th->fg);
}

/* The y axis's title up the left edge. A log axis says so: " (log scale)" is added
 * when the title does not say "log", and where the title is too long for the plot's
 * height its trailing " (...)" becomes " (log scale)", then " (log)" (a small loss
 * panel: "loss (log)"), its last word with " (log)", at last "(log)" alone (as a right
 * axis keeps "(linear)"); a linear axis's title loses its trailing " (...)". The title
 * may run past the plot's ends into the axes' whole height (the rows of the x axis's
 * ticks and title leave the left edge free; keys stand above the axes, not beside
 * them): centred on the plot, moved in to stay within it (lesson 9 step 2's gradient
 * plot, 80 px tall, said "(log)" alone). */
static void axes_ylabel(Canvas *c, const Style *st, const Axes *ax, const char *ylabel)
{
    Rect ct = ax->content;
    char lab[5][160];
    int n = 0;
    /* (a banded plot's is centred on its band, and may run down beside the lower band,
     * whose numbers stand on the right) */
    double ylo = ct.y + ct.h, room = ylo - ct.y - 0.5 * st->pad;
    const char *paren = strstr(ylabel, " (");
    int stem = paren ? (int)(paren - ylabel) : (int)strlen(ylabel);
    if (ax->y.log) {
        if (strstr(ylabel, "log")) snprintf(lab[n++], sizeof lab[0], "%s", ylabel);
        else snprintf(lab[n++], sizeof lab[0], "%s (log scale)", ylabel);
        if (paren && !strstr(ylabel, " (log scale)"))
            snprintf(lab[n++], sizeof lab[0], "%.*s (log scale)", stem, ylabel);
        snprintf(lab[n++], sizeof lab[0], "%.*s (log)", stem, ylabel);
        const char *last = ylabel + stem; /* the stem's last word: "‖gradient‖ (log)" */
        while (last > ylabel && last[-1] != ' ') last--;
        const char *comma = strstr(ylabel, ", "); /* a list's first name: "‖∂L/∂h‖, ‖∂L/∂c‖" */
        if (comma && comma < ylabel + stem)
            snprintf(lab[n++], sizeof lab[0], "%.*s (log)", (int)(comma - ylabel), ylabel);
        else if (last > ylabel)
            snprintf(lab[n++], sizeof lab[0], "%.*s (log)", (int)(ylabel + stem - last), last);
        snprintf(lab[n++], sizeof lab[0], "(log)"); /* as a right axis's "(linear)" */
    } else {
        snprintf(lab[n++], sizeof lab[0], "%s", ylabel);
        if (paren) snprintf(lab[n++], sizeof lab[0], "%.*s", stem, ylabel);
    }
    /* the first that fits at the labels' size, else (log) at the tick labels' size, else
     * the last (the shortest) */
    int k = n - 1, px = st->px_label;
    for (int size = 0; size < (ax->y.log ? 2 : 1) && k == n - 1; size++) {
        int q = 0;
        while (q < n - 1 && canvas_text_width(c, lab[q], size ? st->px_tick : st->px_label, 0) > room) q++;
        if (q < n - 1) k = q, px = size ? st->px_tick : st->px_label;
    }
    double btop, blen;
    axis_band(&ax->y, &btop, &blen);
    double half = canvas_text_width(c, lab[k], px, 0) / 2.0, cy = btop + blen / 2.0;
    double lo = ct.y + 0.25 * st->pad + half, hi = ylo - 0.25 * st->pad - half;
    if (cy > hi) cy = hi;
    if (cy < lo) cy = lo;
    canvas_text_up(c, lab[k], ct.x, cy, px, 0, TEXT_CENTER | TEXT_TOP, st->th->fg);
}

/* The right axis's title up the right edge (its last word if too long: "each step's
 * factor": "factor"), and the marker of its data after it when it has one. */
static void axes_y2label(Canvas *c, const Style *st, const Axes *ax, const AxesSpec *sp)
{
    Rect a = ax->area, ct = ax->content;
    const char *lab = sp->y2label, *sp2 = strrchr(lab, ' ');
    double mk = sp->y2mark ? 1.4 * st->marker : 0;
    double btop, blen;
    axis_band(&ax->y2, &btop, &blen);
    /* (a banded plot's: beside its own band and the x axis's rows under it) */
    double room = ax->banded ? ct.y + ct.h - btop : a.h + 2 * st->pad;
    if (sp2 && canvas_text_width(c, lab, st->px_label, 0) + mk > room) lab = sp2 + 1;
    uint32_t ink = sp->y2color ? sp->y2color : st->th->fg;
    double tw = canvas_text_width(c, lab, st->px_label, 0), cy = btop + blen / 2.0 + mk / 2;
    if (ax->banded && cy + tw / 2 > ct.y + ct.h) cy = ct.y + ct.h - tw / 2;
    canvas_text_up(c, lab, ct.x + ct.w, cy, st->px_label, 0, TEXT_CENTER | TEXT_BOTTOM, ink);
    if (sp->y2mark)
        canvas_marker(c, (MarkerKind)(sp->y2mark - 1),
                      ct.x + ct.w - 0.5 * canvas_font_height(c, st->px_label, 0),
                      cy - tw / 2 - 0.9 * st->marker, 0.75 * st->marker, st->th->panel, ink);
}

void axes_draw(Canvas *c, const Style *st, const Axes *ax, const AxesSpec *sp)
{
    Ticks tx, ty;
    double top, len;
    axis_band(&ax->y, &top, &len);
    x_ticks(c, st, &ax->x, ax->area.w, sp->xint, &tx);
    y_ticks(st, &ax->y, len, sp->yint, &ty);
    if (!sp->nogrid) axes_grid(c, st, ax, &tx, &ty);
    if (ax->banded) axes_gap(c, st, ax);
    axes_frame_ticks(c, st, ax, &tx, &ty);
    if (ax->has_y2) axes_right(c, st, ax, sp);
    if (sp->xlabel && !ax->xbare) axes_xlabel(c, st, ax, sp->xlabel);
    if (sp->ylabel) axes_ylabel(c, st, ax, sp->ylabel);
    if (ax->has_y2) axes_y2label(c, st, ax, sp);
}

void axes_clip(Canvas *c, const Style *st, const Axes *ax)
{
    int m = (int)ceil(st->line_w);
    Rect r = ax->area;
    r.x -= m;
    r.y -= m;
    r.w += 2 * m;
    r.h += 2 * m;
    canvas_clip(c, r);
}

Rect panel_begin(Canvas *c, const Style *st, Rect r, const char *title, const char *short_title,
                 int highlight)
{
    const char *forms[2] = {title, short_title};
    return panel_begin_forms(c, st, r, forms, !title ? 0 : short_title ? 2 : 1, highlight);
}

Rect panel_begin_forms(Canvas *c, const Style *st, Rect r, const char *const *forms, int nforms,
                       int highlight)
{
    const Theme *th = st->th;
    double bw = fmax(1.0, floor(st->s + 0.5));
    canvas_fill_rect(c, r.x, r.y, r.w, r.h, th->panel);
    if (highlight) bw = fmax(3.0, floor(4 * st->s + 0.5));
    uint32_t bc = highlight ? th->accent : th->border;
    canvas_fill_rect(c, r.x, r.y, r.w, bw, bc);
    canvas_fill_rect(c, r.x, r.y + r.h - bw, r.w, bw, bc);
    canvas_fill_rect(c, r.x, r.y, bw, r.h, bc);
    canvas_fill_rect(c, r.x + r.w - bw, r.y, bw, r.h, bc);
    double pad = st->pad;
    int fh = canvas_font_height(c, st->px_panel, 1);
    int f = 0;
    while (f + 1 < nforms && canvas_text_width(c, forms[f], st->px_panel, 1) > r.w - 2.4 * pad) f++;
    const char *title = nforms > 0 ? forms[f] : NULL;
    if (title)
        canvas_text(c, title, r.x + 1.2 * pad, r.y + 0.7 * pad, st->px_panel, 1,
                    TEXT_LEFT | TEXT_TOP, th->fg);
    int top = (int)ceil(0.7 * pad + (title ? fh + 0.3 * pad : 0));
    int p = (int)ceil(pad);
    Rect out = {r.x + p, r.y + top, r.w - 2 * p, r.h - top - p};
    if (out.w < 0) out.w = 0;
    if (out.h < 0) out.h = 0;
    return out;
}

void panel_message(Canvas *c, const Style *st, Rect r, const char *msg)
{
    double cx = r.x + r.w / 2.0, cy = r.y + r.h / 2.0;
    int px = st->px_label;
    size_t len = strlen(msg);
    if (canvas_text_width(c, msg, px, 0) <= r.w - st->pad || len >= 256) {
        canvas_text(c, msg, cx, cy, px, 0, TEXT_CENTER | TEXT_MIDDLE, st->th->muted);
        return;
    }
    /* too wide for the panel: two lines, broken at the space nearest the middle */
    const char *best = NULL;
    for (const char *q = strchr(msg, ' '); q; q = strchr(q + 1, ' '))
        if (!best || fabs((double)(q - msg) - len / 2.0) < fabs((double)(best - msg) - len / 2.0))
            best = q;
    if (!best) {
        canvas_text(c, msg, cx, cy, px, 0, TEXT_CENTER | TEXT_MIDDLE, st->th->muted);
        return;
    }
    char a[256];
    snprintf(a, sizeof a, "%.*s", (int)(best - msg), msg);
    double lh = 0.6 * 1.25 * canvas_font_height(c, px, 0);
    canvas_text(c, a, cx, cy - lh, px, 0, TEXT_CENTER | TEXT_MIDDLE, st->th->muted);
    canvas_text(c, best + 1, cx, cy + lh, px, 0, TEXT_CENTER | TEXT_MIDDLE, st->th->muted);
}

static double key_sample_len(const Style *st, int mark)
{
    return mark == KEY_TEXT ? 0 : mark >= 0 || mark == KEY_TICK ? 1.4 * st->px_tick
                                                                : 2.4 * st->px_tick;
}

int panel_key_width_mark(Canvas *c, const Style *st, const char *label, int mark)
{
    double len = key_sample_len(st, mark);
    return (int)(len + (len > 0 ? 0.8 * st->pad : 0) + 1.6 * st->pad) +
           canvas_text_width(c, label, st->px_tick, 0);
}

const char *panel_text_head(Canvas *c, const char *s, int px, int bold, double maxw, char *head,
                            size_t n)
{
    return canvas_text_head(c, s, px, bold, maxw, head, n);
}

int panel_key(Canvas *c, const Style *st, double x, double y, uint32_t color, const double *dash,
              int ndash, int mark, const char *label)
{
    double len = key_sample_len(st, mark);
    if (mark >= 0) canvas_marker(c, (MarkerKind)mark, x + len / 2, y, st->marker, color, 0);
    else if (mark == KEY_TICK) {
        double h = 0.7 * st->marker, w = fmax(1.0, floor(2 * st->s + 0.5));
        canvas_fill_rect(c, floor(x + len / 2 - w / 2 + 0.5), y - h / 2, w, h, color);
    } else if (mark == KEY_LINE) {
        double r = st->line_w / 2, a = x + r, b = x + len - r;
        /* a dashed sample of whole dashes, centred: the pattern cut at the sample's end
         * read "– – ·" (presenter mode's accuracy key) */
        if (dash && ndash == 2 && dash[0] > 0 && dash[1] > 0) {
            double period = dash[0] + dash[1];
            int k = (int)floor((b - a + dash[1]) / period);
            if (k >= 1) {
                double used = k * period - dash[1], shift = (b - a - used) / 2;
                a += shift, b = a + used;
            }
        }
        canvas_dashed_line(c, a, y, b, y, st->line_w, dash, ndash, color);
    }
    canvas_text(c, label, x + len + (len > 0 ? 0.8 * st->pad : 0), y, st->px_tick, 0,
                TEXT_LEFT | TEXT_MIDDLE, st->th->fg);
    return panel_key_width_mark(c, st, label, mark);
}

void style_dash(const Style *st, int which, double out[4], int *n)
{
    double s = fmax(st->s, 0.5);
    *n = 2;
    switch (which) {
    case DASH_LONG:
        out[0] = 14 * s;
        out[1] = 8 * s;
        break;
    case DASH_SHORT:
        out[0] = 7 * s;
        out[1] = 6 * s;
        break;
    default:
        out[0] = 0;
        out[1] = 2.3 * st->line_w;
        break;
    }
}

void draw_diverged(Canvas *c, const Style *st, const Axes *ax, double x, double y, uint32_t color,
                   const Run *run)
{
    draw_diverged_placed(c, st, ax, x, y, color, run, NULL);
}

void diverged_key_text(char *buf, size_t n, const Run *run)
{
    if (run->diverged_why[0])
        snprintf(buf, n, "%s: diverged at step %ld (%s)", run->label, run->diverged_at, run->diverged_why);
    else snprintf(buf, n, "%s: diverged at step %ld", run->label, run->diverged_at);
}

/* How far the diverged cross's ink reaches from its centre (1.4 marker sizes across,
 * with its halo). */
static double cross_reach(const Style *st)
{
    return 0.75 * 1.4 * st->marker + 1.5;
}

/* The four places (top-left corners) a label w wide (its box w + 6) and h tall tries
 * beside the diverged mark at (x, y): right of it above or below, left of it above or
 * below, each clear of the cross's ink (at a 1000x720 window's size a box one marker
 * size off touched it). */
static void beside_mark(const Style *st, double x, double y, int w, double h, double xy[8])
{
    double r = cross_reach(st);
    xy[0] = x + r - 2, xy[1] = y - r - h;
    xy[2] = x + r - 2, xy[3] = y + r;
    xy[4] = x - r - w - 4, xy[5] = y - r - h;
    xy[6] = x - r - w - 4, xy[7] = y + r;
}

/* draw_diverged_placed's work; mode 0: the label's place taken in pl, nothing drawn
 * (a trial); 1: the mark and its label drawn; 2: the mark alone (its label a key). */
static int diverged_at(Canvas *c, const Style *st, const Axes *ax, double x, double y, uint32_t color,
                       const Run *run, Placer *pl, int mode)
{
    if (!isfinite(x) || !isfinite(y)) return 0;
    Rect a = ax->area;
    /* a line that left the plot (the axes follow the runs still training): the mark
     * sits at the edge it left by */
    double m = st->marker;
    if (y < a.y + m) y = a.y + m;
    if (y > a.y + a.h - m) y = a.y + a.h - m;
    if (x < a.x + m) x = a.x + m;
    if (x > a.x + a.w - m) x = a.x + a.w - m;
    char buf[128];
    if (run->diverged_why[0])
        snprintf(buf, sizeof buf, "diverged at step %ld: %s", run->diverged_at, run->diverged_why);
    else snprintf(buf, sizeof buf, "diverged at step %ld", run->diverged_at);
    if (mode) canvas_marker(c, MARK_CROSS, x, y, st->marker * 1.4, color, st->th->halo);
    if (mode == 2) return 0;
    if (pl) { /* the label's nearest free place is never on its own mark */
        double r = cross_reach(st);
        place_take(pl, (Rect){(int)floor(x - r), (int)floor(y - r), (int)ceil(2 * r) + 1, (int)ceil(2 * r) + 1});
    }
    /* wider than the plot (a narrow plot beside a column of keys): the cause on a second
     * line, so the label stays inside the plot, over no key beside it */
    char *why = NULL;
    int w = canvas_text_width(c, buf, st->px_tick, 1), n = 1;
    int fh = canvas_font_height(c, st->px_tick, 1);
    int split = w > a.w - 4;
    if (pl && !split) { /* one line where it is free, else two */
        double xy[8], bx, by;
        beside_mark(st, x, y, w, fh, xy);
        split = !place_find(pl, xy, 4, w + 6, fh, 0, &bx, &by);
    }
    if (split && (why = strstr(buf, ": ")) != NULL) {
        why[1] = 0, why += 2, n = 2; /* "diverged at step 1:" over "gradient norm = inf" */
        w = (int)fmax(canvas_text_width(c, buf, st->px_tick, 1), canvas_text_width(c, why, st->px_tick, 1));
    }
    double tx, ty; /* tx: the text's left end; ty: the middle of its first line */
    int led = 1;
    if (pl) {
        /* beside the mark: right of it above or below, left of it above or below; else
         * the free place nearest to that, joined to the mark by a leader; else none (the
         * title bar's legend names the divergence): never over a line */
        double h = n * fh, xy[8], bx, by;
        beside_mark(st, x, y, w, h, xy);
        if (!place_find(pl, xy, 4, w + 6, h, 1, &bx, &by)) return 0;
        place_take(pl, (Rect){(int)floor(bx), (int)floor(by), w + 7, (int)h + 1});
        tx = bx + 3, ty = by + fh / 2.0;
        if (bx > x + 2 * m || bx + w + 6 < x - 2 * m || by > y + 2 * m || by + h < y - 2 * m) {
            double lx = fmin(fmax(x, bx), bx + w + 6), ly = fmin(fmax(y, by), by + h);
            if (mode) canvas_line(c, lx, ly, x, y, 0.6 * st->line_w, style_alpha(color, 170));
            led = 2;
        }
        if (!mode) return led;
    } else {
        tx = x + st->marker;
        if (tx + w > a.x + a.w) tx = x - st->marker - w;
        if (tx < a.x) tx = a.x + 2;
        ty = y - st->marker - (n - 0.5) * fh;
        if (ty - fh / 2.0 < a.y) ty = y + st->marker + fh / 2.0;
    }
    canvas_fill_rect(c, tx - 3, ty - fh / 2.0, w + 6, n * fh, style_alpha(st->th->panel, 215));
    canvas_text(c, buf, tx, ty, st->px_tick, 1, TEXT_LEFT | TEXT_MIDDLE, color);
    if (why) canvas_text(c, why, tx, ty + fh, st->px_tick, 1, TEXT_LEFT | TEXT_MIDDLE, color);
    return led;
}

int draw_diverged_placed(Canvas *c, const Style *st, const Axes *ax, double x, double y,
                         uint32_t color, const Run *run, Placer *pl)
{
    return diverged_at(c, st, ax, x, y, color, run, pl, 1);
}

int place_diverged(Canvas *c, const Style *st, const Axes *ax, double x, double y, const Run *run,
                   Placer *pl)
{
    assert(pl);
    return diverged_at(c, st, ax, x, y, 0, run, pl, 0);
}

void draw_diverged_mark(Canvas *c, const Style *st, const Axes *ax, double x, double y,
                        uint32_t color, const Run *run)
{
    diverged_at(c, st, ax, x, y, color, run, NULL, 2);
}
