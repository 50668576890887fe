/* layout.c - where the title bar, the panels and the narration box go.
 * Pure arithmetic on integers: rectangles are cut from the canvas left to right and
 * top to bottom with gaps between them, so they never overlap and stay inside.
 *   wide (w/h >= 1.45):  [gradient | heatmap | spectrum] [loss | clipping | gates] [sentence]
 *   wide or nearly (w/h >= 1.2: a 1280x720 window less its settings panel), a lesson's
 *                        highlighted panel: that panel two rows tall on the left, four
 *                        others in a 2 x 2 beside it (the gates panel left out when no
 *                        visible run has gates, else the spectrum), [sentence]; when
 *                        those four would be too small to read (presenter mode's larger
 *                        text, a small window): the highlighted panel on the left 70%
 *                        with a column of two others, then one, then alone, above the
 *                        sentence (a row of words tall for a short sentence, else two:
 *                        sentence_rows). Every tier gives the highlighted panel the largest
 *                        cell and, going down the tiers, only more of the canvas, so
 *                        larger text never makes it smaller (it once fell back to an
 *                        equal 2 x 2 at 3840x2160 in presenter mode, where 43 px ticks
 *                        asked a little more than twice 1080p's 21 px)
 *   tall or square:      [gradient | heatmap] [loss | clipping] [spectrum | gates] [sentence]
 *   when a grid would leave a panel too small to read (a small window, presenter
 *   mode's larger text): 2 x 2, then 1 x 3 or 1 x 2, then 1 panel, above the sentence,
 *   by the table's keep rank: gradient, the lesson's highlighted panel, loss, heatmap,
 *   clipping, spectrum, gates (a single panel is the highlighted one).
 *   focus:               the one panel fills the body.
 * The panels named above are today's rows of the panel table (panel_list.h): which are
 * strips, their cells in the full grids, their ranks when not all fit (keep) and beside
 * a highlighted panel (side) are its columns, read through plot_panel_place; this file
 * names no panel. A panel with no cell takes the cell of one with nothing to show for
 * the visible runs (place_extra). */
#include <math.h>
#include <string.h>

#include "canvas.h"
#include "panels.h"
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

/* One row of panels across [x, x+w); a PANEL_NONE cell stays empty. */
static void row(PlotLayout *L, int x, int y, int w, int h, int g, int n, const PanelKind *k,
                const double *wt)
{
    int pos[4], size[4];
    split(x, w, g, n, wt, pos, size);
    for (int i = 0; i < n; i++)
        if (k[i] != PANEL_NONE) add(L, k[i], pos[i], y, size[i], h);
}

/* 1 if the first visible run reads words and more than 24 of them */
static int long_sentence(const PlotView *view, Run *const *runs, int nruns)
{
    for (int i = 0; runs && i < nruns && i < PLOT_MAX_RUNS; i++)
        if (runs[i] && (!view || view->visible[i])) return runs[i]->task.words && runs[i]->task.T > 24;
    return 0;
}

/* Rows of word chips the sentence strip needs across bw px with the label font of
 * label_px (panel_sentence.c: a chip is the word and 0.8 pad, 0.35 pad apart), words
 * counted at 0.6 em a character, a wide estimate for the UI font; 2 when the run the
 * strip shows reads no words or more than 24 (a strip of cells, or rows of them). */
static int sentence_rows(const PlotView *view, Run *const *runs, int nruns, int bw, int label_px,
                         double pad)
{
    int f = view && runs ? plot_featured_run(runs, nruns, view) : runs && nruns > 0 ? 0 : -1;
    const Run *r = f >= 0 ? runs[f] : NULL;
    const Batch *b = r && r->task.words ? run_example_batch(r) : NULL;
    if (!b || !b->token || b->T <= 0 || b->T > 24 || bw <= 0) return 2;
    int rows = 1;
    double x = 0, room = bw - 2.4 * pad;
    for (int t = 0; t < b->T; t++) {
        const char *w = task_word(&r->task, b->token[(size_t)t * (size_t)b->B]);
        if (!w || !strcmp(w, "<pad>")) continue;
        double cw = 0.6 * label_px * (double)strlen(w) + 0.8 * pad;
        if (x > 0 && x + cw > room) rows++, x = 0;
        x += cw + 0.35 * pad;
    }
    return rows;
}

/* The strip below the grids: the table's first strip row, PANEL_NONE if none. */
static PanelKind strip_panel(void)
{
    for (int k = 0; k < PANEL_COUNT; k++)
        if (plot_panel_place(k).strip) return (PanelKind)k;
    return PANEL_NONE;
}

/* The strip across [x, x+w) at y, h tall, if the table has one. */
static void add_strip(PlotLayout *L, int x, int y, int w, int h)
{
    PanelKind k = strip_panel();
    if (k != PANEL_NONE) add(L, k, x, y, w, h);
}

/* The panel kept first when not all fit (keep rank 1): the one whose cell, the largest,
 * the highlighted panel takes; PANEL_NONE if no row ranks first. */
static PanelKind lead_panel(void)
{
    for (int k = 0; k < PANEL_COUNT; k++)
        if (plot_panel_place(k).keep == 1) return (PanelKind)k;
    return PANEL_NONE;
}

/* The six cells of a full grid (wide, or tall when tall is 1), left to right then top
 * to bottom, each the panel the table puts there (panel_list.h), PANEL_NONE if none. */
static void grid_cells(int tall, PanelKind cell[6])
{
    for (int c = 0; c < 6; c++) cell[c] = PANEL_NONE;
    for (int k = 0; k < PANEL_COUNT; k++) {
        int c = plot_panel_grid_cell(k, tall);
        if (c >= 0 && c < 6) cell[c] = (PanelKind)k;
    }
}

/* Rows [gradient | heatmap | spectrum] [loss | clipping | gates] [sentence] (the
 * table's cells); the sentence row takes the fraction sent of the body. */
static void grid_wide(PlotLayout *L, int bx, int by, int bw, int bh, int g, double sent)
{
    L->n = 0;
    PanelKind cell[6];
    grid_cells(0, cell);
    const double hw[3] = {0.47 / 0.82 * (1 - sent), 0.35 / 0.82 * (1 - sent), sent};
    int ys[3], hs[3];
    split(by, bh, g, 3, hw, ys, hs);
    /* the spectrum panel (the top right cell) wants to be about square */
    double spec = fmin(0.33 * bw, hs[0] * 1.45); /* square plot + a column of numbers */
    double rest = bw - spec;
    double wa[3] = {rest * 0.57, rest * 0.43, spec};
    static const double eq[3] = {1, 1, 1};
    row(L, bx, ys[0], bw, hs[0], g, 3, cell, wa);
    row(L, bx, ys[1], bw, hs[1], g, 3, cell + 3, eq);
    add_strip(L, bx, ys[2], bw, hs[2]);
}

/* Rows [gradient | heatmap] [loss | clipping] [spectrum | gates] [sentence] (the
 * table's cells). */
static void grid_tall(PlotLayout *L, int bx, int by, int bw, int bh, int g, double sent)
{
    L->n = 0;
    PanelKind cell[6];
    grid_cells(1, cell);
    const double k = (1 - sent) / 0.84;
    const double hw[4] = {0.30 * k, 0.24 * k, 0.30 * k, sent};
    static const double eq[2] = {1, 1};
    int ys[4], hs[4];
    split(by, bh, g, 4, hw, ys, hs);
    for (int r = 0; r < 3; r++) row(L, bx, ys[r], bw, hs[r], g, 2, cell + 2 * r, eq);
    add_strip(L, bx, ys[3], bw, hs[3]);
}

/* The highlighted panel hl two rows tall at the left, others[0..4) in a 2 x 2 beside
 * it, the sentence row below: the panel the narration talks about gets room for its
 * readouts, its keys and a plot that is still tall. */
static void grid_wide_hl(PlotLayout *L, int bx, int by, int bw, int bh, int g, double sent,
                         PanelKind hl, const PanelKind *others)
{
    L->n = 0;
    const double hw[2] = {1 - sent, sent}, cw[2] = {0.42, 0.58}, eq[2] = {1, 1};
    int ys[2], hs[2], xs[2], ws[2], ry[2], rh[2];
    split(by, bh, g, 2, hw, ys, hs);
    split(bx, bw, g, 2, cw, xs, ws);
    add(L, hl, xs[0], ys[0], ws[0], hs[0]);
    split(ys[0], hs[0], g, 2, eq, ry, rh);
    row(L, xs[1], ry[0], ws[1], rh[0], g, 2, others, eq);
    row(L, xs[1], ry[1], ws[1], rh[1], g, 2, others + 2, eq);
    add_strip(L, bx, ys[1], bw, hs[1]);
}

/* The highlighted panel hl on the left 70% of the panel rows, n (0..2) others[] in a
 * column beside it (hl alone across the body when n is 0), the sentence row below. At
 * 60% its readouts and keys left it a smaller plot than its neighbour's in 25 of the
 * 31 presenter steps (lesson 2 step 1 at 1080p: 500 x 170 px beside a heatmap of
 * 480 x 350); a neighbour of 30% still keeps 20 tick labels' width (fits). */
static void grid_hl_side(PlotLayout *L, int bx, int by, int bw, int bh, int g, double sent,
                         PanelKind hl, const PanelKind *others, int n)
{
    L->n = 0;
    const double hw[2] = {1 - sent, sent}, cw[2] = {0.70, 0.30}, eq[2] = {1, 1};
    int ys[2], hs[2], xs[2], ws[2], ry[2], rh[2];
    split(by, bh, g, 2, hw, ys, hs);
    if (n <= 0) {
        add(L, hl, bx, ys[0], bw, hs[0]);
    } else {
        split(bx, bw, g, 2, cw, xs, ws);
        add(L, hl, xs[0], ys[0], ws[0], hs[0]);
        split(ys[0], hs[0], g, n, eq, ry, rh);
        for (int i = 0; i < n; i++) add(L, others[i], xs[1], ry[i], ws[1], rh[i]);
    }
    add_strip(L, bx, ys[1], bw, hs[1]);
}

/* The panels of the grid (every panel but the strips) other than skip, ordered by the
 * table's keep rank (side 0) or side rank (side 1); with side, the panels the lesson
 * step names `beside:` first, whatever the runs (lesson 5 step 1 speaks of the
 * eigenvalues, which presenter mode left out for the loss), and a panel that shows
 * something only for some runs (its PanelDef's applies) and for none of the visible
 * ones after those that show something, by keep rank (with no run visible the
 * spectrum, not the gates panel, stands beside a highlighted one). Returns how many. */
static int ranked(PanelKind *out, int side, PanelKind skip, const PlotView *view,
                  Run *const *runs, int nruns)
{
    int key[PANEL_COUNT], n = 0;
    for (int k = 0; k < PANEL_COUNT; k++) {
        PlotPanelPlace pl = plot_panel_place(k);
        if (pl.strip || k == (int)skip) continue;
        const PanelDef *d = panel_def((PanelKind)k);
        int empty = side && d && d->applies && !plot_panel_applies((PanelKind)k, view, runs, nruns);
        int asked = side && view && (view->beside >> k & 1u);
        int kk = (asked ? pl.side - 50 : empty ? 100 + pl.keep : side ? pl.side : pl.keep) * PANEL_COUNT + k;
        int i = n++;
        for (; i > 0 && key[i - 1] > kk; i--) key[i] = key[i - 1], out[i] = out[i - 1];
        key[i] = kk, out[i] = (PanelKind)k;
    }
    return n;
}

/* The panels in the order they are kept when not all fit: the table's first by keep
 * rank (the gradient panel), the lesson's highlighted one, those its step names
 * `beside:`, then the rest by keep rank (the loss next: whether the network learns;
 * presenter mode showed lesson 1 step 4's "the network learns the task" and lesson 8
 * step 2's runs beside a heatmap, no loss curve). */
static int priority(const PlotView *view, PanelKind *out)
{
    int hl = view ? view->highlight : PANEL_NONE;
    unsigned asked = view ? view->beside : 0;
    if (hl <= PANEL_NONE || hl >= PANEL_COUNT || plot_panel_is_strip((PanelKind)hl)) hl = PANEL_NONE;
    PanelKind all[PANEL_COUNT];
    int na = ranked(all, 0, PANEL_NONE, NULL, NULL, 0), n = 0;
    for (int i = 0; i < na; i++) {
        if (all[i] != (PanelKind)hl && !(i > 0 && (asked >> all[i] & 1u))) out[n++] = all[i];
        if (i == 0 && hl != PANEL_NONE) out[n++] = (PanelKind)hl;
        if (i == 0)
            for (int j = 1; j < na; j++)
                if ((asked >> all[j] & 1u) && all[j] != (PanelKind)hl) out[n++] = all[j];
    }
    return n;
}

/* rows x cols panels from pick[] above a sentence strip of at least sent_h pixels
 * (two rows of word chips and the prediction line) and the fraction lo of the body,
 * at most the fraction hi. */
static void grid_n(PlotLayout *L, int bx, int by, int bw, int bh, int g, int rows, int cols,
                   const PanelKind *pick, int np, int sent_h, double lo, double hi)
{
    L->n = 0;
    double sent = fmin(hi, fmax(fmax(lo, rows == 1 ? 0.25 : 0.18), (double)sent_h / (bh > 1 ? bh : 1)));
    double hw[3] = {(1 - sent) / rows, (1 - sent) / rows, sent};
    if (rows == 1) hw[1] = sent;
    int ys[3], hs[3];
    split(by, bh, g, rows + 1, hw, ys, hs);
    static const double eq[3] = {1, 1, 1};
    for (int r = 0; r < rows; r++) {
        int n = cols;
        if (r * cols + n > np) n = np - r * cols;
        if (n > 0) row(L, bx, ys[r], bw, hs[r], g, n, pick + r * cols, eq);
    }
    add_strip(L, bx, ys[rows], bw, hs[rows]);
}

/* The lesson's highlighted panel takes the largest cell (the lead panel's, first in the
 * grid), and the lead panel its place: the panel the narration talks about is the one
 * the back row must read. */
static void highlight_first(PlotLayout *L, const PlotView *view)
{
    int hl = view ? view->highlight : PANEL_NONE;
    PanelKind lead = lead_panel();
    if (hl <= PANEL_NONE || hl >= PANEL_COUNT || hl == (int)lead ||
        plot_panel_is_strip((PanelKind)hl))
        return;
    for (int i = 0; i < L->n; i++)
        if (L->kind[i] == (PanelKind)hl)
            for (int j = 0; j < L->n; j++)
                if (L->kind[j] == lead) {
                    L->kind[j] = (PanelKind)hl;
                    L->kind[i] = lead;
                    return;
                }
}

/* A panel with no cell in the full grids (panel_list.h) takes the cell of a placed panel
 * that has nothing to show for the visible runs, if it has something to show itself;
 * the lesson's highlighted panel takes the last cell but the lead panel's if none is
 * free. The panels with a cell (left out on purpose when a layout does not place them)
 * and the strips never move here. */
static void place_extra(PlotLayout *L, const PlotView *view, Run *const *runs, int nruns)
{
    int placed[PANEL_COUNT] = {0}, hl = view ? view->highlight : PANEL_NONE;
    for (int k = 0; k < PANEL_COUNT; k++)
        placed[k] = plot_panel_grid_cell(k, 0) >= 0 || plot_panel_grid_cell(k, 1) >= 0;
    for (int i = 0; i < L->n; i++) placed[L->kind[i]] = 1;
    for (int k = 0; k < PANEL_COUNT; k++) {
        PanelKind pk = (PanelKind)k;
        if (placed[k] || plot_panel_is_strip(pk)) continue;
        if (k != hl && !plot_panel_applies(pk, view, runs, nruns)) continue;
        int cell = -1;
        for (int i = L->n - 1; i >= 0 && cell < 0; i--)
            if (!plot_panel_is_strip(L->kind[i]) && (int)L->kind[i] != hl &&
                !plot_panel_applies(L->kind[i], view, runs, nruns))
                cell = i;
        for (int i = L->n - 1; i >= 0 && cell < 0 && k == hl; i--)
            if (!plot_panel_is_strip(L->kind[i]) && L->kind[i] != lead_panel()) cell = i;
        if (cell < 0) continue;
        placed[L->kind[cell]] = 0;
        L->kind[cell] = pk;
        placed[k] = 1;
    }
}

/* 1 if every panel but the strips is at least min_w x min_h. */
static int fits(const PlotLayout *L, int min_w, int min_h)
{
    for (int i = 0; i < L->n; i++)
        if (!plot_panel_is_strip(L->kind[i]) && (L->panel[i].w < min_w || L->panel[i].h < min_h))
            return 0;
    return 1;
}

/* The title bar and the narration box of a w x h canvas in L, with margin m and gap g;
 * returns the body between them, where the panels go. */
static Rect frame(int w, int h, const PlotView *view, double s, double k, int m, int g, PlotLayout *L)
{
    /* text larger than the design's for this height (presenter mode: 1.5 times) */
    int big = s * k * 1080.0 / h > 1.25;
    /* title bar: one line of the title font, about 2 font sizes tall; 1.5 with larger
     * text, whose 45 px title at 1080p keeps a quarter of its size above and below it
     * (the highlighted panel below gets the 22 px) */
    int title_h = (int)floor((big ? 1.5 : 2.0) * style_px(30, s * k) + 0.5);
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
        /* at most a third of the height; with text larger than the design's for this
         * height (presenter mode: 1.5 times) a quarter, six lines of its 33 px at 1080p
         * (every built-in step needs five at most, tests/test_figures.c), the rest on
         * pages PageDown turns, so the highlighted panel keeps room for its plot under
         * its readouts (a fifth, four lines, paged 14 of the 31 built-in steps) */
        if (cap_h > h / (big ? 4 : 3)) cap_h = h / (big ? 4 : 3);
        L->caption = (Rect){m, body_end - cap_h, inner_w, cap_h};
        body_end -= cap_h + g;
    }
    int bh = body_end - body_y;
    return (Rect){m, body_y, inner_w, bh < 0 ? 0 : bh};
}

/* What the panel grids of a body need to know. */
typedef struct Body {
    int bx, by, bw, bh, g;
    int ts_px, min_w, min_h; /* tick font; the least panel that keeps a readable plot */
    int hl, hl_sent;         /* the lesson's highlighted panel; 1 if it is a strip */
    double more;             /* more height for the sentence strip of a long sentence */
    double s, k;             /* canvas and text scale */
} Body;

/* A wide canvas with a highlighted panel other than a strip: that panel two rows tall
 * beside a 2 x 2 of the first four others by side rank (in the table's order), else on
 * the left 70% beside the first two, one, or none (the last always placed). */
static void layout_hl(PlotLayout *L, const Body *b, const PlotView *view, Run *const *runs, int nruns)
{
    int bx = b->bx, by = b->by, bw = b->bw, bh = b->bh, g = b->g, hl = b->hl;
    PanelKind side[PANEL_COUNT], others[4];
    int ns = ranked(side, 1, (PanelKind)hl, view, runs, nruns), no = 0;
    for (int k = 0; k < PANEL_COUNT; k++)
        for (int i = 0; i < ns && i < 4; i++)
            if (side[i] == (PanelKind)k) others[no++] = (PanelKind)k;
    for (; no < 4; no++) others[no] = PANEL_NONE;
    grid_wide_hl(L, bx, by, bw, bh, g, 0.18 + b->more, (PanelKind)hl, others);
    place_extra(L, view, runs, nruns);
    if (fits(L, b->min_w, b->min_h)) return;
    /* fewer others, the highlighted one wider, by side rank: the loss first (lesson 4
     * step 1's "the clipped network learns the task" was drawn beside the gradient
     * panel alone) */
    /* the strip: its title, its chips and its footer (colour bar, prediction): 9 tick
     * heights for two rows of chips, 7.2 for one (a short sentence in presenter mode:
     * 22 px more for the highlighted panel at 1080p) */
    int rows = sentence_rows(view, runs, nruns, bw, style_px(19, b->s * b->k), fmax(3, 10 * b->s));
    double need = (rows <= 1 ? 7.2 : 9.0) * b->ts_px;
    double sent = fmin(0.30, fmax(0.18 + b->more, need / (bh > 1 ? bh : 1)));
    for (int n = ns < 2 ? ns : 2; n >= 0; n--) {
        grid_hl_side(L, bx, by, bw, bh, g, sent, (PanelKind)hl, side, n);
        if (fits(L, b->min_w, b->min_h) || n == 0) return;
    }
}

/* The full grids, wide then tall, when every panel keeps a readable data area (1: L
 * placed); else 0. */
static int layout_full(PlotLayout *L, const Body *b, int w, int h, const PlotView *view,
                       Run *const *runs, int nruns)
{
    if ((double)w / h >= 1.45 && w >= 900 && h >= 560) {
        grid_wide(L, b->bx, b->by, b->bw, b->bh, b->g, b->hl_sent ? 0.32 : 0.18 + b->more);
        place_extra(L, view, runs, nruns);
        highlight_first(L, view);
        if (fits(L, b->min_w, b->min_h)) return 1;
    }
    if (w >= 900 && h >= 560) {
        grid_tall(L, b->bx, b->by, b->bw, b->bh, b->g, b->hl_sent ? 0.30 : 0.16 + b->more);
        place_extra(L, view, runs, nruns);
        highlight_first(L, view);
        if (fits(L, b->min_w, b->min_h)) return 1;
    }
    return 0;
}

/* Fewer, larger panels by priority: 2 x 2, then a row of three or two, then one. */
static void layout_few(PlotLayout *L, const Body *b, const PlotView *view)
{
    PanelKind pick[PANEL_COUNT];
    int np = priority(view, pick);
    int wide = b->bw >= 3 * b->min_w + 2 * b->g;
    struct { int rows, cols; } tries[3] = {{2, 2}, {1, wide ? 3 : 2}, {1, 1}};
    for (int i = 0; i < 3; i++) {
        /* one panel only: the highlighted one, if the lesson names one */
        int skip = i == 2 && np > 1 && pick[1] == (view ? view->highlight : PANEL_NONE);
        grid_n(L, b->bx, b->by, b->bw, b->bh, b->g, tries[i].rows, tries[i].cols, pick + skip,
               np - skip, 9 * b->ts_px, b->hl_sent ? 0.36 : 0, b->hl_sent ? 0.45 : 0.30);
        if (fits(L, b->min_w, b->min_h) || i == 2) return;
    }
}

void plot_layout(int w, int h, const PlotView *view, Run *const *runs, int nruns, PlotLayout *L)
{
    memset(L, 0, sizeof *L);
    if (w < 1) w = 1;
    if (h < 1) h = 1;
    double s = canvas_scale_for(w, h);
    double k = view && view->text_scale > 0 ? fmin(3.0, fmax(0.5, view->text_scale)) : 1.0;
    int m = (int)fmax(2, floor(12 * s + 0.5)); /* outer margin */
    int g = (int)fmax(2, floor(12 * s + 0.5)); /* gap between panels */
    Rect body = frame(w, h, view, s, k, m, g, L);
    if (view && view->focus >= 0 && view->focus < PANEL_COUNT) {
        add(L, (PanelKind)view->focus, body.x, body.y, body.w, body.h);
        return;
    }
    /* The full grids, when every panel keeps a readable data area; else fewer, larger
     * panels, chosen by priority with the lesson's highlighted panel always among them. */
    Body b = {body.x, body.y, body.w, body.h, g, 0, 0, 0, 0, 0, 0, s, k};
    b.ts_px = style_px(17, s * k);                  /* tick font at this size */
    b.min_h = 15 * b.ts_px, b.min_w = 20 * b.ts_px; /* title, legend, axes, data area */
    /* a highlighted sentence strip is what the narration talks about: it gets room for
     * its readouts and two or three rows of words */
    b.hl_sent = view && plot_panel_is_strip(view->highlight);
    b.hl = view ? view->highlight : PANEL_NONE;
    /* a sentence of more than 24 words needs two rows of readable words: a little more
     * height for the strip */
    b.more = long_sentence(view, runs, nruns) ? 0.05 : 0;
    if ((double)w / h >= 1.2 && w >= 900 && h >= 560 && b.hl > PANEL_NONE && b.hl < PANEL_COUNT &&
        !b.hl_sent) {
        layout_hl(L, &b, view, runs, nruns);
        return;
    }
    if (layout_full(L, &b, w, h, view, runs, nruns)) return;
    layout_few(L, &b, view);
}
