/* test_axes_ticks.c - the numbers of a short linear axis (src/plot/axes.c): a plot of
 * loss and accuracy a hundred pixels tall labelled its accuracy axis "0" and "1" only,
 * nothing to read a value between them against. Draws the axes of a loss plot (left:
 * 0..2.5, right: accuracy 0..1) at heights from 30 to 400 px at 1920x1080 and counts
 * the numbers right of the plot:
 *   - at least three where three fit two tick sizes apart (0, 0.5, 1);
 *   - never two of them closer than a tick label's height (they stay readable);
 *   - a tall axis keeps make_ticks's own numbers (0, 0.2, ... 1).
 * And the numbers the panels write (format_number, format_sci): never "1.36e3" (the
 * gradient panel wrote it beside another run's "8.49·10¹¹"), and read back as printf's
 * own digits they give the value within half a unit of their last digit. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axes.h"
#include "dlist.h"
#include "panels.h"
#include "plot.h"
#include "style.h"
#include "testutil.h"

/* Reads a number as the panels write it back: "−" for '-', "·10" and superscript digits
 * for an exponent, "k" and "M" for thousands and millions. */
static double read_back(const char *s)
{
    static const char *const sup[10] = {"\u2070", "\u00b9", "\u00b2", "\u00b3", "\u2074",
                                        "\u2075", "\u2076", "\u2077", "\u2078", "\u2079"};
    char m[64];
    size_t o = 0;
    const char *p = s;
    while (*p && o + 1 < sizeof m) {
        if (!strncmp(p, "\u2212", 3)) m[o++] = '-', p += 3;
        else if (!strncmp(p, "\u00b710", 4) || (!strncmp(p, "10", 2) && p[2] & 0x80 && (o == 0 || (o == 1 && m[0] == '-')))) break;
        else m[o++] = *p++;
    }
    m[o] = 0;
    double mant = o ? strtod(m, NULL) : 1, mul = 1;
    if (o == 1 && m[0] == '-') mant = -1;
    if (*p == 'k' || strchr(m, 'k')) mul = 1e3;
    if (strchr(m, 'M')) mul = 1e6;
    if (!*p) return mant * mul;
    p += strncmp(p, "10", 2) ? 4 : 2; /* past "·10" or a bare "10" */
    int neg = 0, ex = 0;
    if (!strncmp(p, "\u207b", 3)) neg = 1, p += 3;
    while (*p) {
        int d = -1;
        for (int k = 0; k < 10; k++)
            if (!strncmp(p, sup[k], strlen(sup[k]))) d = k;
        if (d < 0) return NAN;
        ex = ex * 10 + d;
        p += strlen(sup[d]);
    }
    if (neg) ex = -ex;
    return mant * pow(10, ex / 2) * pow(10, ex - ex / 2); /* 10^-324 alone underflows */
}

static void number_formats(void)
{
    static const double vals[] = {1360, 5382.7, 1.02e3, 66, 103.6, 0.00215, 2.5e-8, -4.2e-12, 3.9e5, 1e-5,
                                  -1e8, 8.49e11, 1.7e308, 4.9e-324, 123456, 2.0e6, 0.646};
    double worst = 0;
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++)
        for (int digits = 2; digits <= 4; digits++)
            for (int sci = 0; sci < 2; sci++) {
                char b[96];
                if (sci) format_sci(b, sizeof b, vals[i], digits);
                else format_number(b, (int)sizeof b, vals[i], digits);
                double back = read_back(b), rel = fabs(back - vals[i]) / fabs(vals[i]);
                double tol = 0.5 * pow(10, 1 - digits) * (1 + 1e-9);
                if (rel > worst) worst = rel;
                /* (below 10^5 a whole number: "104", not "10²" for 103.6 at two digits) */
                int plain = 1; /* digits, '.', 'k' and a minus sign only */
                for (const char *q = b; *q; q++)
                    if (!strncmp(q, "\u2212", 3)) q += 2;
                    else if (!strchr("0123456789.k", *q)) plain = 0;
                CHECK(fabs(vals[i]) >= 1e5 || fabs(vals[i]) < 1 || plain,
                      "%s(%g, %d) wrote \"%s\": a power of ten for a number under 10^5",
                      sci ? "format_sci" : "format_number", vals[i], digits, b);
                CHECK(!strchr(b, 'e'), "%s(%g, %d) wrote \"%s\": an e where the panels write \u00b710",
                      sci ? "format_sci" : "format_number", vals[i], digits, b);
                CHECK(rel <= tol, "%s(%.17g, %d) = \"%s\" reads back as %.17g (relative %.2g > %.2g)",
                      sci ? "format_sci" : "format_number", vals[i], digits, b, back, rel, tol);
            }
    printf("number formats: worst relative read-back difference %.3g (tolerance half a unit of "
           "the last digit)\n", worst);
}

/* Labels of a step that fit len px over [lo, hi] at px: how many, or 0 if two of them
 * stand closer than a label's width and 0.8 of a tick size (the reference: every 1-2-5
 * step, and 2.5 times a power of ten, tried by brute force). */
static int fitting(Canvas *c, double lo, double hi, double len, int px, double step)
{
    int n = 0, w = 0;
    for (double v = ceil(lo / step - 1e-9) * step; v <= hi + 1e-9 * step; v += step, n++) {
        char b[32];
        snprintf(b, sizeof b, "%.0f", v);
        w = fmax(w, canvas_text_width(c, b, px, 0));
    }
    return len * step / (hi - lo) >= w + 0.8 * px ? n : 0;
}

/* The numbers under an x axis in presenter mode's larger text (26 px at 1080p): a word
 * axis 0 .. 39 read "0" and "20" only where a narration pointed at t = 38, a heatmap 134
 * px wide over 500 steps "400" alone. At least four where a 1-2-5 step gives four that
 * stand apart, at least two where any step of 1, 2, 2.5 or 5 times a power of ten gives
 * two, never two overlapping. */
static void x_numbers(Canvas *c)
{
    PlotView v;
    plot_view_default(&v);
    v.text_scale = 1.5;
    Style st;
    style_init(&st, c, &v);
    DList dl;
    dlist_init(&dl);
    struct { double lo, hi; int lens[6]; } axes[] = {
        {0, 39, {260, 380, 521, 553, 700, 900}},
        {0.5, 500.5, {157, 200, 220, 250, 300, 440}},
        {1, 1500, {150, 220, 300, 420, 600, 900}},
    };
    int fewest_gap = 1 << 30;
    for (size_t a = 0; a < sizeof axes / sizeof axes[0]; a++)
        for (int k = 0; k < 6; k++) {
            AxesSpec sp = {0};
            range_reset(&sp.x), range_reset(&sp.y), range_reset(&sp.y2);
            range_add(&sp.x, axes[a].lo, 0), range_add(&sp.x, axes[a].hi, 0);
            range_add(&sp.y, 0, 0), range_add(&sp.y, 1, 0);
            sp.xint = 1;
            Axes ax;
            Rect ct = {100, 100, axes[a].lens[k], 400};
            axes_setup(c, &st, ct, &sp, &ax);
            int len = ax.area.w; /* the plot's width, left of it the y axis's numbers */
            double lo = ax.x.lo, hi = ax.x.hi;
            canvas_record(c, &dl);
            axes_draw(c, &st, &ax, &sp);
            canvas_record(c, NULL);
            double x0[64], x1[64];
            int n = 0;
            for (size_t i = 0; i < dl.n && n < 64; i++) {
                const DCmd *d = &dl.cmd[i];
                if (d->kind != DCMD_TEXT || d->u.text.up) continue;
                const DTextPlace *t = &d->u.text.at;
                if (t->y0 < ax.area.y + ax.area.h || !strchr("0123456789", dlist_text(&dl, d)[0])) continue;
                x0[n] = t->x0, x1[n++] = t->x0 + t->w;
            }
            int gap = 1 << 30;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    if (i != j && x0[j] >= x0[i]) gap = fmin(gap, x0[j] - x1[i]);
            int best125 = 0, best = 0;
            for (double m = 1; m <= 1000; m *= 10)
                for (int q = 0; q < 4; q++) {
                    static const double f[4] = {1, 2, 2.5, 5};
                    int nf = fitting(c, lo, hi, len, st.px_tick, f[q] * m);
                    best = nf > best ? nf : best;
                    if (q != 2 && nf > best125) best125 = nf;
                }
            printf("x axis %g..%g, %d px: %d numbers (a 1-2-5 step fits %d, any %d), closest %d px apart\n",
                   lo, hi, len, n, best125, best, n > 1 ? gap : -1);
            CHECK(n >= (best125 < 4 ? best125 : 4), "x axis %g..%g, %d px: %d numbers where %d fit", lo, hi,
                  len, n, best125 < 4 ? best125 : 4);
            CHECK(best < 2 || n >= 2, "x axis %g..%g, %d px: %d numbers where two fit", lo, hi, len, n);
            CHECK(n < 2 || gap > 0, "x axis %g..%g, %d px: numbers overlap (%d px)", lo, hi, len, gap);
            if (n > 1 && gap < fewest_gap) fewest_gap = gap;
        }
    printf("x axes: closest numbers %d px apart\n", fewest_gap);
    dlist_free(&dl);
}

int main(void)
{
    number_formats();
    Canvas c;
    Error err;
    if (canvas_init(&c, 1920, 1080, &err)) {
        printf("canvas: %s\n", err.msg);
        return 1;
    }
    PlotView v;
    plot_view_default(&v);
    Style st;
    style_init(&st, &c, &v);
    x_numbers(&c);
    DList dl;
    dlist_init(&dl);
    int heights[] = {10, 25, 40, 60, 80, 100, 130, 160, 220, 300, 400};
    for (size_t k = 0; k < sizeof heights / sizeof heights[0]; k++) {
        AxesSpec sp = {0};
        range_reset(&sp.x), range_reset(&sp.y), range_reset(&sp.y2);
        range_add(&sp.x, 1, 0), range_add(&sp.x, 600, 0);
        range_add(&sp.y, 0, 0), range_add(&sp.y, 2.5, 0);
        range_add(&sp.y2, 0, 0), range_add(&sp.y2, 1, 0);
        sp.xlabel = "training step", sp.ylabel = "loss", sp.y2label = "accuracy";
        sp.xint = 1, sp.ypad = 1, sp.yzero = 1;
        Axes ax;
        /* content tall enough for a data area of heights[k] px under the x axis's labels */
        int fh = canvas_font_height(&c, st.px_tick, 0), lh = canvas_font_height(&c, st.px_label, 0);
        Rect ct = {100, 100, 700, heights[k] + 2 * fh + 2 * lh};
        axes_setup(&c, &st, ct, &sp, &ax);
        canvas_record(&c, &dl);
        axes_draw(&c, &st, &ax, &sp);
        canvas_record(&c, NULL);
        double ys[64];
        int n = 0;
        for (size_t i = 0; i < dl.n && n < 64; i++) {
            const DCmd *d = &dl.cmd[i];
            if (d->kind != DCMD_TEXT || d->u.text.up) continue;
            const DTextPlace *a = &d->u.text.at;
            if (a->x0 < ax.area.x + ax.area.w || a->x0 > ax.area.x + ax.area.w + 4 * st.px_tick) continue;
            if (!strchr("0123456789.", dlist_text(&dl, d)[0])) continue;
            ys[n++] = a->y0 + a->h / 2.0;
        }
        double closest = INFINITY;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) closest = fmin(closest, fabs(ys[i] - ys[j]));
        /* three ticks 0, 0.5, 1 need the half of the axis's span (1 + 2 * 6% padding)
         * to be two tick sizes */
        double span = ax.y2.hi - ax.y2.lo, room = ax.area.h * 0.5 / span;
        printf("plot %3d px: %d numbers on the right axis, closest %.0f px apart\n", ax.area.h, n, closest);
        if (room >= 2.0 * st.px_tick)
            CHECK(n >= 3, "a %d px axis from 0 to 1 has %d numbers (three fit: 0.5 is %.0f px "
                  "from 0)", ax.area.h, n, room);
        CHECK(n < 2 || closest >= fh, "a %d px axis: numbers %.0f px apart (a label is %d px)",
              ax.area.h, closest, fh);
        if (ax.area.h >= 300) CHECK(n >= 5, "a %d px axis has %d numbers", ax.area.h, n);
    }
    dlist_free(&dl);
    canvas_free(&c);
    return tu_finish();
}
