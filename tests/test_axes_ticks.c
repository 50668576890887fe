/* test_axes_ticks.c - the numbers of a short linear axis (src/plot/axes.c): a plot of
 * loss and accuracy a hundred pixels tall labelled its accuracy axis "0" and "1" only,
 * nothing to read a value between them against. Draws the axes of a loss plot (left:
 * 0..2.5, right: accuracy 0..1) at heights from 30 to 400 px at 1920x1080 and counts
 * the numbers right of the plot:
 *   - at least three where three fit two tick sizes apart (0, 0.5, 1);
 *   - never two of them closer than a tick label's height (they stay readable);
 *   - a tall axis keeps make_ticks's own numbers (0, 0.2, ... 1). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "axes.h"
#include "dlist.h"
#include "plot.h"
#include "style.h"
#include "testutil.h"

int main(void)
{
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
