/* test_layout.c - plot_layout's rectangles at common canvas sizes: inside the canvas,
 * pairwise disjoint (title bar, panels, narration box), panels big enough to draw in,
 * every panel kind at most once; with larger text (presenter mode) fewer panels, each
 * still at least 15 x 20 lines of tick text, always the sentence and the lesson's
 * highlighted panel, and the gradient panel (or the loss, where only one panel fits beside
 * the highlighted one); and the panel name table. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plot.h"

#include "testutil.h"

/* Independent overlap test on half-open integer intervals. */
static int disjoint(Rect a, Rect b)
{
    return a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
}

static void check_layout(int w, int h, const PlotView *v, int want_panels, const char *what)
{
    PlotLayout L;
    plot_layout(w, h, v, NULL, 0, &L);
    Rect all[PANEL_COUNT + 2];
    const char *name[PANEL_COUNT + 2];
    int n = 0;
    all[n] = L.title, name[n++] = "title";
    if (L.caption.w > 0 || L.caption.h > 0) all[n] = L.caption, name[n++] = "caption";
    for (int i = 0; i < L.n; i++) all[n] = L.panel[i], name[n++] = plot_panel_name(L.kind[i]);
    Rect canvas = {0, 0, w, h};
    int min_w = w, min_h = h;
    for (int i = 0; i < n; i++) {
        Rect r = all[i];
        CHECK(r.x >= 0 && r.y >= 0 && r.x + r.w <= w && r.y + r.h <= h,
              "%s %dx%d: %s (%d,%d %dx%d) leaves the canvas", what, w, h, name[i], r.x, r.y, r.w,
              r.h);
        CHECK(rect_inside(r, canvas), "%s: rect_inside disagrees", what);
        for (int j = i + 1; j < n; j++) {
            CHECK(disjoint(all[i], all[j]), "%s %dx%d: %s and %s overlap", what, w, h, name[i],
                  name[j]);
            CHECK(rect_overlap(all[i], all[j]) == !disjoint(all[i], all[j]),
                  "rect_overlap disagrees");
        }
        if (i >= n - L.n) { /* panels only */
            if (r.w < min_w) min_w = r.w;
            if (r.h < min_h) min_h = r.h;
        }
    }
    int seen[PANEL_COUNT] = {0};
    for (int i = 0; i < L.n; i++) {
        CHECK(L.kind[i] >= 0 && L.kind[i] < PANEL_COUNT, "bad kind");
        if (L.kind[i] >= 0 && L.kind[i] < PANEL_COUNT) seen[L.kind[i]]++;
    }
    for (int k = 0; k < PANEL_COUNT; k++) CHECK(seen[k] <= 1, "%s: panel %d twice", what, k);
    if (want_panels > 0)
        CHECK(L.n == want_panels, "%s %dx%d: %d panels, want %d", what, w, h, L.n, want_panels);
    if (v->focus == PANEL_NONE) {
        /* the gradient panel, unless a highlighted panel leaves room for one other
         * only: then the loss (whether the network learns; layout.c, priority) */
        int hl = v->highlight, one_beside = hl > PANEL_NONE && L.n == 3;
        CHECK(seen[PANEL_SENTENCE] && (seen[PANEL_GRADIENT] || L.n == 2 ||
                                       (one_beside && seen[PANEL_LOSS])),
              "%s %dx%d: no gradient or sentence panel", what, w, h);
        if (v->highlight != PANEL_NONE)
            CHECK(seen[v->highlight], "%s %dx%d: the highlighted panel %s is left out", what, w, h,
                  plot_panel_name((PanelKind)v->highlight));
        /* readable: 15 lines of the tick font high, 20 wide (one panel may be less) */
        double tick = fmax(10, floor(17 * canvas_scale_for(w, h) * v->text_scale + 0.5));
        for (int i = 0; i < L.n && L.n > 2; i++)
            if (L.kind[i] != PANEL_SENTENCE)
                CHECK(L.panel[i].h >= 15 * tick && L.panel[i].w >= 20 * tick,
                      "%s %dx%d: %s is %dx%d, under 15 x 20 lines of %g px text", what, w, h,
                      plot_panel_name(L.kind[i]), L.panel[i].w, L.panel[i].h, tick);
    }
    /* a panel smaller than ~1/12 of the short side cannot hold axes and labels */
    int short_side = w < h ? w : h;
    CHECK(min_w >= short_side / 12 && min_h >= short_side / 12,
          "%s %dx%d: a rectangle is only %dx%d", what, w, h, min_w, min_h);
    CHECK(L.title.h > 0 && L.title.w > w / 2, "%s: title bar %dx%d", what, L.title.w, L.title.h);
    /* the narration box holds three lines of at least the 10 px minimum font */
    CHECK(!v->caption || L.caption.h >= 3 * 1.25 * 10, "%s: narration box %d px", what,
          L.caption.h);
    printf("  %-22s %4dx%-4d %d panels, smallest %dx%d, title bar %d px high%s\n", what, w, h,
           L.n, min_w, min_h, L.title.h, L.caption.h ? ", narration box" : "");
}

int main(void)
{
    static const int sizes[][3] = {
        {640, 480, 5}, {1280, 720, 7}, {1920, 1080, 7}, {3840, 2160, 7},
        {1080, 1920, 7}, {1000, 1000, 7}, {1024, 768, 7}, {2560, 1080, 7},
    };
    PlotView v;
    plot_view_default(&v);
    printf("layouts:\n");
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        int w = sizes[i][0], h = sizes[i][1], n = sizes[i][2];
        v.caption = NULL;
        v.focus = PANEL_NONE;
        v.text_scale = 1;
        check_layout(w, h, &v, n, "dashboard");
        v.caption = "A narration line for the lesson.";
        check_layout(w, h, &v, n, "with narration");
        v.text_scale = 2;
        v.highlight = PANEL_CLIPPING;
        check_layout(w, h, &v, -1, "narration, text x2");
        v.highlight = PANEL_GATES;
        v.text_scale = 1.35;
        check_layout(w, h, &v, -1, "presenter (x1.35)");
        v.highlight = PANEL_NONE;
        v.caption = NULL;
        v.text_scale = 1;
        v.focus = PANEL_SPECTRUM;
        check_layout(w, h, &v, 1, "focus");
    }
    /* a lesson's highlighted panel, wide canvases: two rows tall, the tallest panel,
     * four others beside it; with no run that has gates, the gates panel is the one left
     * out, and the spectrum when the gates panel is the highlighted one */
    static const PanelKind hls[3] = {PANEL_GRADIENT, PANEL_CLIPPING, PANEL_GATES};
    for (int k = 0; k < 3; k++) {
        PlotLayout L;
        plot_view_default(&v);
        v.caption = "A narration line for the lesson.";
        v.highlight = hls[k];
        check_layout(1920, 1080, &v, 6, "highlighted");
        plot_layout(1920, 1080, &v, NULL, 0, &L);
        int hh = 0, other = 0, gates = 0, spec = 0;
        for (int i = 0; i < L.n; i++) {
            if (L.kind[i] == (PanelKind)hls[k]) hh = L.panel[i].h;
            else if (L.kind[i] != PANEL_SENTENCE && L.panel[i].h > other) other = L.panel[i].h;
            gates += L.kind[i] == PANEL_GATES;
            spec += L.kind[i] == PANEL_SPECTRUM;
        }
        printf("  highlighted %-9s %d px tall, the tallest other %d px\n",
               plot_panel_name(hls[k]), hh, other);
        CHECK(hh >= 2 * other, "highlighted %s is %d px tall, another panel %d px",
              plot_panel_name(hls[k]), hh, other);
        CHECK(hls[k] == PANEL_GATES ? gates && !spec : !gates && spec,
              "highlighted %s: gates %d, spectrum %d", plot_panel_name(hls[k]), gates, spec);
    }

    /* a lesson's highlighted panel on canvases between 1.2 and 1.45 wide per tall (a
     * 1280x720 window less its settings panel: 1000x720) is the largest panel by half
     * again: an equal 2 x 2 gave lesson 3 step 1's gradient panel, seven readouts over
     * its plot, a plot of 240 x 160 px beside empty heatmap and clipping panels */
    static const int mid[5][2] = {{1000, 720}, {1040, 800}, {1280, 1024}, {1100, 860}, {1500, 1080}};
    static const PanelKind hl4[4] = {PANEL_GRADIENT, PANEL_CLIPPING, PANEL_LOSS, PANEL_HEATMAP};
    double least = 1e9;
    for (int s = 0; s < 5; s++)
        for (int k = 0; k < 4; k++) {
            PlotLayout L;
            plot_view_default(&v);
            v.caption = "A narration line for the lesson.";
            v.highlight = hl4[k];
            check_layout(mid[s][0], mid[s][1], &v, -1, "highlighted, 1.2 to 1.45 wide");
            plot_layout(mid[s][0], mid[s][1], &v, NULL, 0, &L);
            double ha = 0, other = 1;
            for (int i = 0; i < L.n; i++) {
                double a = (double)L.panel[i].w * L.panel[i].h;
                if (L.kind[i] == hl4[k]) ha = a;
                else if (!plot_panel_is_strip(L.kind[i]) && a > other) other = a;
            }
            if (ha / other < least) least = ha / other;
            CHECK(ha >= 1.5 * other, "%dx%d: highlighted %s is %.0f px^2, another panel %.0f",
                  mid[s][0], mid[s][1], plot_panel_name(hl4[k]), ha, other);
        }
    printf("  highlighted, 1.2 to 1.45 wide: at least %.2f times the largest other panel\n", least);

    /* presenter mode keeps the panels a step names `beside:` next to the highlighted one
     * before the others (lesson 5 step 1: the eigenvalues, where the loss stood); without
     * it, the loss */
    static const int pres[3][2] = {{1280, 720}, {1920, 1080}, {3840, 2160}};
    for (int s = 0; s < 3; s++)
        for (int asked = 0; asked < 2; asked++) {
            PlotLayout L;
            plot_view_default(&v);
            v.caption = "A narration line for the lesson.";
            v.highlight = PANEL_GRADIENT;
            v.text_scale = 1.5;
            v.beside = asked ? 1u << PANEL_SPECTRUM : 0;
            check_layout(pres[s][0], pres[s][1], &v, -1, asked ? "presenter, beside: spectrum" : "presenter");
            plot_layout(pres[s][0], pres[s][1], &v, NULL, 0, &L);
            int spec = 0, loss = 0;
            for (int i = 0; i < L.n; i++) spec += L.kind[i] == PANEL_SPECTRUM, loss += L.kind[i] == PANEL_LOSS;
            printf("  %dx%d presenter, highlighted gradient%s: %d panels, spectrum %d, loss %d\n", pres[s][0],
                   pres[s][1], asked ? ", beside: spectrum" : "", L.n, spec, loss);
            CHECK(asked ? spec == 1 : loss == 1, "%dx%d presenter%s: spectrum %d, loss %d", pres[s][0],
                  pres[s][1], asked ? ", beside: spectrum" : "", spec, loss);
        }

    /* the 4K layout is the 1080p one scaled by two (within rounding) */
    PlotLayout a, b;
    plot_view_default(&v);
    plot_layout(1920, 1080, &v, NULL, 0, &a);
    plot_layout(3840, 2160, &v, NULL, 0, &b);
    int worst = 0;
    for (int i = 0; i < a.n && a.n == b.n; i++) {
        int d[4] = {b.panel[i].x - 2 * a.panel[i].x, b.panel[i].y - 2 * a.panel[i].y,
                    b.panel[i].w - 2 * a.panel[i].w, b.panel[i].h - 2 * a.panel[i].h};
        for (int k = 0; k < 4; k++) worst = d[k] < 0 ? (-d[k] > worst ? -d[k] : worst)
                                                     : (d[k] > worst ? d[k] : worst);
        CHECK(a.kind[i] == b.kind[i], "1080p and 2160p order panels differently");
    }
    printf("2160p vs 2 x 1080p: worst difference %d px (tolerance 3)\n", worst);
    CHECK(a.n == b.n && worst <= 3, "2160p layout is not 1080p scaled: %d px", worst);
    /* degenerate sizes: no crash, still inside */
    PlotLayout t;
    plot_layout(1, 1, &v, NULL, 0, &t);
    plot_layout(0, -5, NULL, NULL, 0, &t);
    CHECK(t.n >= 0, "degenerate layout");
    /* names */
    for (int k = 0; k < PANEL_COUNT; k++)
        CHECK(plot_panel_from_name(plot_panel_name((PanelKind)k)) == k, "name round trip %d", k);
    CHECK(plot_panel_from_name("nonsense") == PANEL_NONE && plot_panel_from_name(NULL) == PANEL_NONE,
          "unknown panel name accepted");
    CHECK(!strcmp(plot_panel_name(PANEL_NONE), "?"), "name of PANEL_NONE");
    return tu_finish();
}
