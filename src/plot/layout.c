/* layout.c - where the title bar, the panels and the narration box go.
 * Pure arithmetic on integers: rectangles are cut from the canvas left to right and
 * top to bottom with gaps between them, so they never overlap and stay inside.
 *   wide (w/h >= 1.45):  [gradient | heatmap | spectrum] [loss | clipping | gates] [sentence]
 *   tall or square:      [gradient | heatmap] [loss | clipping] [spectrum | gates] [sentence]
 *   small (< 900x560):   [gradient | heatmap] [loss | sentence]
 *   focus:               the one panel fills the body. */
#include <math.h>
#include <string.h>

#include "canvas.h"
#include "plot.h"
#include "style.h"

/* Splits [x, x+len) into n pieces with gap g between them, by weights; writes starts
 * and lengths (each >= 0). */
static void split(int x, int len, int g, int n, const double *wt, int *pos, int *size)
{
    double total = 0;
    for (int i = 0; i < n; i++) total += wt[i];
    int avail = len - g * (n - 1);
    if (avail < 0) avail = 0;
    int at = x, used = 0;
    double acc = 0;
    for (int i = 0; i < n; i++) {
        acc += wt[i];
        int end = i == n - 1 ? avail : (int)floor(avail * acc / total + 0.5);
        pos[i] = at;
        size[i] = end - used;
        at += size[i] + g;
        used = end;
    }
}

static void add(PlotLayout *L, PanelKind k, int x, int y, int w, int h)
{
    L->kind[L->n] = k;
    L->panel[L->n] = (Rect){x, y, w < 0 ? 0 : w, h < 0 ? 0 : h};
    L->n++;
}

/* One row of panels across [x, x+w). */
static void row(PlotLayout *L, int x, int y, int w, int h, int g, int n, const PanelKind *k,
                const double *wt)
{
    int pos[4], size[4];
    split(x, w, g, n, wt, pos, size);
    for (int i = 0; i < n; i++) add(L, k[i], pos[i], y, size[i], h);
}

void plot_layout(int w, int h, const PlotView *view, PlotLayout *L)
{
    memset(L, 0, sizeof *L);
    if (w < 1) w = 1;
    if (h < 1) h = 1;
    double s = canvas_scale_for(w, h);
    double k = view && view->text_scale > 0 ? fmin(3.0, fmax(0.5, view->text_scale)) : 1.0;
    int m = (int)fmax(2, floor(12 * s + 0.5)); /* outer margin */
    int g = (int)fmax(2, floor(12 * s + 0.5)); /* gap between panels */
    /* title bar: one line of the title font, about 2 font sizes tall */
    int title_h = (int)floor(2.0 * style_px(30, s * k) + 0.5);
    if (title_h > h / 4) title_h = h / 4;
    int inner_w = w - 2 * m;
    if (inner_w < 0) inner_w = 0;
    L->title = (Rect){m, m, inner_w, title_h};
    int body_y = m + title_h + g;
    int body_end = h - m;
    if (view && view->caption && view->caption[0]) {
        /* narration: three lines (or caption_lines) of the 22 px font and padding */
        int lines = view->caption_lines > 0 ? (view->caption_lines < 12 ? view->caption_lines : 12) : 3;
        int cap_h = (int)floor(lines * 1.25 * style_px(22, s * k) + 2 * fmax(3, 10 * s) + 0.5);
        if (cap_h > h / 3) cap_h = h / 3;
        L->caption = (Rect){m, body_end - cap_h, inner_w, cap_h};
        body_end -= cap_h + g;
    }
    int bx = m, by = body_y, bw = inner_w, bh = body_end - body_y;
    if (bh < 0) bh = 0;

    if (view && view->focus >= 0 && view->focus < PANEL_COUNT) {
        add(L, (PanelKind)view->focus, bx, by, bw, bh);
        return;
    }
    if (w < 900 || h < 560) {
        static const double wt[3] = {1, 1, 1};
        static const PanelKind r1[2] = {PANEL_GRADIENT, PANEL_HEATMAP};
        static const PanelKind r2[2] = {PANEL_LOSS, PANEL_SENTENCE};
        int ys[2], hs[2];
        split(by, bh, g, 2, wt, ys, hs);
        row(L, bx, ys[0], bw, hs[0], g, 2, r1, wt);
        row(L, bx, ys[1], bw, hs[1], g, 2, r2, wt);
        return;
    }
    if ((double)w / h >= 1.45) {
        static const double hw[3] = {0.47, 0.35, 0.18};
        int ys[3], hs[3];
        split(by, bh, g, 3, hw, ys, hs);
        /* the spectrum panel wants to be about square */
        double spec = fmin(0.33 * bw, hs[0] * 1.45); /* square plot + a column of numbers */
        double rest = bw - spec;
        double wa[3] = {rest * 0.57, rest * 0.43, spec};
        static const PanelKind ra[3] = {PANEL_GRADIENT, PANEL_HEATMAP, PANEL_SPECTRUM};
        static const PanelKind rb[3] = {PANEL_LOSS, PANEL_CLIPPING, PANEL_GATES};
        static const double eq[3] = {1, 1, 1};
        row(L, bx, ys[0], bw, hs[0], g, 3, ra, wa);
        row(L, bx, ys[1], bw, hs[1], g, 3, rb, eq);
        add(L, PANEL_SENTENCE, bx, ys[2], bw, hs[2]);
        return;
    }
    static const double hw[4] = {0.30, 0.24, 0.30, 0.16};
    static const double eq[2] = {1, 1};
    static const PanelKind r1[2] = {PANEL_GRADIENT, PANEL_HEATMAP};
    static const PanelKind r2[2] = {PANEL_LOSS, PANEL_CLIPPING};
    static const PanelKind r3[2] = {PANEL_SPECTRUM, PANEL_GATES};
    int ys[4], hs[4];
    split(by, bh, g, 4, hw, ys, hs);
    row(L, bx, ys[0], bw, hs[0], g, 2, r1, eq);
    row(L, bx, ys[1], bw, hs[1], g, 2, r2, eq);
    row(L, bx, ys[2], bw, hs[2], g, 2, r3, eq);
    add(L, PANEL_SENTENCE, bx, ys[3], bw, hs[3]);
}
