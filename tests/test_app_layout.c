/* test_app_layout.c - the window's own rectangles at many window sizes: the settings
 * panel's controls (inside their canvas, not overlapping, every text fitting its box),
 * the overlays (help, message, tooltip) inside the dashboard, and text sizes at
 * 1920x1080 (nothing under 16 px, as the dashboard's plot_layout/style promise for a
 * full-width canvas); and the back row (back_row below). Needs SDL_ttf for text widths,
 * no display. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_ui.h"
#include "dlist.h"
#include "lesson_run.h"
#include "style.h"
#include "app_cmd.h"
#include "testutil.h"

static void options(Options *o, int nruns)
{
    static const char *const runs[8] = {
        "activation=tanh", "activation=sigmoid", "cell=lstm", "cell=gru",
        "activation=relu,init=identity", "clip=none", "bidirectional=1,cell=lstm", "lr=0.1",
    };
    static char bufs[8][256];
    char *argv[40];
    int argc = 0;
    argv[argc++] = "rnnscope";
    for (int i = 0; i < nruns; i++) {
        argv[argc++] = "--run";
        snprintf(bufs[i], sizeof bufs[i], "task=kerala,seq_len=12,hidden=4,batch=2,%s", runs[i]);
        argv[argc++] = bufs[i];
    }
    Error err;
    if (cli_parse(o, argc, argv, &err)) printf("cli_parse: %s\n", err.msg);
}

static int overlaps(const Ui *ui, int *a, int *b)
{
    for (int i = 0; i < ui->n; i++)
        for (int j = i + 1; j < ui->n; j++)
            if (rect_overlap(ui->item[i].r, ui->item[j].r)) {
                *a = i, *b = j;
                return 1;
            }
    return 0;
}

static const char *const long_tip =
    "gradient at step 123456\n"
    "bi-LSTM (run 7): t=0: 1.234e-05   t=39: 0.1234   ratio 0.0001\n"
    "sigmoid RNN: t=0: 1.234e-05   t=39: 0.1234   ratio 0.0001\n"
    "tanh RNN: t=0: 1.234e-05   t=39: 0.1234   ratio 0.0001";

/* The least share of its panel's height the plot of a highlighted loss or clipping
 * panel keeps under its readouts and keys: normal at 1920x1080 (1280x720 reported), and
 * presenter at 1280x720, 1920x1080 and 3840x2160, whose 1.5 times larger readouts leave
 * less (panel_keys_plot puts the keys, or the readouts and keys, beside the plot when
 * that leaves it taller). [presenter][0: loss, 1: clipping]. Presenter loss: 0.40 at
 * lesson 7 step 3 until the loss keys were shortened ("loss", not "solid: loss"; the
 * 20-step mean in one key) so that they fit in the column under the readouts, now
 * 0.45 or more in every step. The clipping panel keeps its plot 0.55 of the panel wide
 * for its notes (PANEL_PLOT_MIN_W_NOTES): lesson 3 step 2 is 0.42 at 1080p. */
static const double plot_floor[2][2] = {{0.45, 0.45}, {0.45, 0.42}};

/* The least height of a timestep's row in a highlighted heatmap in presenter mode, in
 * px at 1080p (in proportion elsewhere): 2.75 px, so lesson 6 step 3's 40 rows make a
 * map of 110 px, nearly four lines of the presenter's tick labels, in which the tanh
 * map's fade from the blank down to the first word reads from the back row; it was
 * 79 px (1.98 px a row) while each map had a title line of its own. 3 px would need
 * the five readouts above the maps to give up another line. */
static const double heat_row_floor = 2.75;

/* A highlighted attention panel in presenter mode (lesson 10 step 2): its bands (the
 * registered data area) at least this share of the panel's height, and the words under
 * them, at least five, at least the tick labels' size. It was 0.22 (108 px at 1080p,
 * two bands of 40 px) with 40 rotated words of 14 px under them; the readouts now go
 * beside the bands and every fourth word is written at the tick size, the named ones
 * (the cue, each head's strongest word, the query) in bold. */
static const double attn_floor = 0.40;

/* Area of panel kind k in L, 0 if it is not there. */
static long area_of(const PlotLayout *L, int k)
{
    for (int i = 0; i < L->n; i++)
        if (L->kind[i] == (PanelKind)k) return (long)L->panel[i].w * L->panel[i].h;
    return 0;
}

/* Built-in lesson n opened in a (0), or a failed check (1). */
static int lesson_open(AppCore *a, int n)
{
    Error err;
    char arg[16];
    snprintf(arg, sizeof arg, "%d", n);
    char *argv[] = {"rnnscope", arg, NULL};
    Options o;
    if (cli_parse(&o, 2, argv, &err) || app_core_init(a, tu_spec(&o), &err)) {
        CHECK(0, "lesson %s: %s", arg, err.msg);
        return 1;
    }
    return 0;
}

/* Lesson n's step k (from 0) entered in a (0), or a failed check (1). */
static int step_enter(AppCore *a, int n, int k)
{
    Error err;
    if (k > 0 && app_core_enter(a, k, &err)) {
        CHECK(0, "lesson %d step %d: %s", n, k + 1, err.msg);
        return 1;
    }
    return 0;
}

/* In presenter mode the highlighted panel's plot (the data areas it registered, summed:
 * a heatmap of two runs registers two) is the largest of the dashboard's plots: the
 * largest cell is worth little when keys and readouts leave it a smaller plot than its
 * neighbour's (lesson 2 step 1 at 1080p: the Jacobian plot 500 x 170 px beside a
 * heatmap of 480 x 350); it was smaller in 25 of the 31 steps with a highlighted plot.
 * The sentence strip, a row of words, is not compared, nor a highlighted heatmap: it
 * registers the featured run's map only, of up to four side by side (its rows have a
 * floor of their own, heat_row_floor). */
static void plot_largest(const Canvas *c, int hl, int W, int H, int lesson, int step)
{
    if (hl <= PANEL_NONE || hl >= PANEL_COUNT || hl == PANEL_SENTENCE || hl == PANEL_HEATMAP)
        return;
    long sum[PANEL_COUNT] = {0};
    for (int i = 0; i < c->nareas; i++)
        if (c->areas[i].tag >= 0 && c->areas[i].tag < PANEL_COUNT)
            sum[c->areas[i].tag] += (long)c->areas[i].area.w * c->areas[i].area.h;
    int other = -1;
    for (int k = 0; k < PANEL_COUNT; k++)
        if (k != hl && k != PANEL_SENTENCE && (other < 0 || sum[k] > sum[other])) other = k;
    CHECK(other < 0 || sum[hl] >= sum[other], "%dx%d presenter lesson %d step %d: the highlighted "
          "%s plot has %ld px², the %s plot %ld px²", W, H, lesson, step,
          plot_panel_name((PanelKind)hl), sum[hl], plot_panel_name((PanelKind)other), sum[other]);
}

/* The back row of a classroom (issue 12), measured from what the window really uses:
 * the settings panel's width (app_ui_panel_width with the core's own sidebar flag after
 * P), the dashboard's text sizes (style_init: the tick labels' and the narration's font
 * size in pixels, i.e. the em size the text is rendered at) and plot_layout with every
 * built-in lesson step's highlighted panel and narration, at 1280x720, 1920x1080 and
 * 3840x2160, normal and presenter. Thresholds, from the issue, at 1080p and in
 * proportion to the window's height elsewhere (the same size on the same screen):
 *   presenter: the sidebar hidden (a strip of at most 40 px at 1080p), tick labels
 *              >= 24 px, narration >= 32 px, the highlighted panel the largest cell,
 *              and its share of the window no smaller at a larger size (within 1%);
 *   normal:    tick labels >= 16 px;
 *   both:      no legend or key drawn cut short (PlotFacts.legend_cut) in any lesson
 *              step's dashboard at 1280x720 and 1920x1080 after 30 training steps, and
 *              its narration whole on the first page (the window's width: the dashboard
 *              beside the settings panel, or beside presenter mode's strip). */
static void back_row(void)
{
    static const int sizes[3][2] = {{1280, 720}, {1920, 1080}, {3840, 2160}};
    Error err;
    int nl = lesson_builtin_count();
    static Canvas dash[3][2];
    double share[3][2] = {{1, 1}, {1, 1}, {1, 1}}; /* the smallest highlighted share */
    int worst_tick[3][2], worst_narr[3][2], cuts = 0, drawn = 0, paged = 0, pages[3][2] = {{0}};
    /* the lowest highlighted plot, [size][presenter][other, loss, clipping] */
    int data_h[3][2][3] = {{{0}}}, data_at[3][2][3][2] = {{{{0}}}};
    double data_sh[3][2][3];
    for (int q = 0; q < 3 * 2 * 3; q++) data_sh[q / 6][q / 3 % 2][q % 3] = 9;
    double heat_min_row[3] = {1e9, 1e9, 1e9}; /* in px at 1080p */
    int heat_h[3] = {0, 0, 0};
    int attn_seen = 0;
    for (int si = 0; si < 3; si++)
        for (int pres = 0; pres < 2; pres++) worst_tick[si][pres] = worst_narr[si][pres] = 1000;
    for (int li = 0; li < nl; li++) {
        static AppCore a;
        if (lesson_open(&a, li + 1)) continue;
        for (int k = 0; k < a.lesson.n_steps; k++) {
            if (step_enter(&a, li + 1, k)) continue;
            app_core_train(&a, 30);
            app_core_texts(&a);
            for (int si = 0; si < 3; si++)
                for (int pres = 0; pres < 2; pres++) {
                    int W = sizes[si][0], H = sizes[si][1];
                    if (a.presenter != pres) app_core_act(&a, ACT_PRESENTER, 0);
                    int sw = app_ui_panel_width(W, H, a.presenter, a.sidebar), dw = W - sw;
                    if (pres)
                        CHECK(sw <= 40.0 * H / 1080 + 1, "%dx%d presenter: the settings panel "
                              "is %d px wide (sidebar %d)", W, H, sw, a.sidebar);
                    Canvas *c = &dash[si][pres];
                    if (!c->w && canvas_init(c, dw, H, &err)) {
                        CHECK(0, "canvas: %s", err.msg);
                        return;
                    }
                    CHECK(c->w == dw, "the dashboard width changed with the step");
                    PlotView v = a.view;
                    v.text_scale = app_ui_text_scale(W, H, dw, pres);
                    plot_caption_size(c, &v);
                    Style st;
                    style_init(&st, c, &v);
                    if (st.px_tick < worst_tick[si][pres]) worst_tick[si][pres] = st.px_tick;
                    if (st.px_narration < worst_narr[si][pres])
                        worst_narr[si][pres] = st.px_narration;
                    PlotLayout L;
                    plot_layout(dw, H, &v, a.rp, a.n, &L);
                    int hl = v.highlight;
                    if (hl > PANEL_NONE && hl < PANEL_COUNT && hl != PANEL_SENTENCE) {
                        long mine = area_of(&L, hl), other = 0;
                        for (int i = 0; i < L.n; i++)
                            if (L.kind[i] != (PanelKind)hl && L.kind[i] != PANEL_SENTENCE &&
                                (long)L.panel[i].w * L.panel[i].h > other)
                                other = (long)L.panel[i].w * L.panel[i].h;
                        if (pres)
                            CHECK(mine > other, "%dx%d presenter, lesson %d step %d: the "
                                  "highlighted %s panel has %ld px², another %ld px²", W, H,
                                  li + 1, k + 1, plot_panel_name((PanelKind)hl), mine, other);
                        /* the panels the step names `beside:` are kept beside the
                         * highlighted one first; else the loss curve (whether the network
                         * learns, what most steps say) is among them (lessons 1/4 and 8/2
                         * in presenter mode showed a heatmap instead) */
                        int beside = 0, asked_in = 0;
                        for (int i = 0; i < L.n; i++) {
                            beside += L.kind[i] != (PanelKind)hl && !plot_panel_is_strip(L.kind[i]);
                            asked_in += (int)(v.beside >> L.kind[i] & 1u);
                        }
                        if (beside > 0 && v.beside)
                            CHECK(asked_in > 0, "%dx%d %s, lesson %d step %d: %d panel(s) beside the "
                                  "highlighted %s, none of those it names beside:", W, H,
                                  pres ? "presenter" : "normal", li + 1, k + 1, beside,
                                  plot_panel_name((PanelKind)hl));
                        else if (beside > 0)
                            CHECK(area_of(&L, PANEL_LOSS) > 0, "%dx%d %s, lesson %d step %d: %d panel(s) "
                                  "beside the highlighted %s, not the loss", W, H, pres ? "presenter" : "normal",
                                  li + 1, k + 1, beside, plot_panel_name((PanelKind)hl));
                        double f = (double)mine / ((double)W * H);
                        if (f < share[si][pres]) share[si][pres] = f;
                    }
                    /* drawing at 4K (presenter only: normal mode's layout is 1080p's doubled) */
                    if (si == 2 && !pres) continue;
                    PlotFacts facts;
                    v.facts = &facts;
                    plot_dashboard(c, a.rp, a.n, &v);
                    drawn++;
                    if (pres) plot_largest(c, hl, W, H, li + 1, k + 1);
                    /* the highlighted panel's plot (its data area, under its readouts and
                     * keys) as a share of the panel's height: the loss and clipping panels'
                     * (panel_keys_plot) checked against PLOT_FLOOR, the others reported */
                    for (int i = 0; i < c->nareas; i++) {
                        if (c->areas[i].tag != hl || hl == PANEL_SENTENCE) continue;
                        int ph = 0;
                        for (int q = 0; q < L.n; q++)
                            if (L.kind[q] == (PanelKind)hl) ph = L.panel[q].h;
                        double sh = ph > 0 ? (double)c->areas[i].area.h / ph : 0;
                        int mine = hl == PANEL_LOSS ? 1 : hl == PANEL_CLIPPING ? 2 : 0;
                        if (hl == PANEL_HEATMAP && pres) {
                            int fr = plot_featured_run(a.rp, a.n, &v);
                            int T = fr >= 0 ? a.rp[fr]->hist.T : 0;
                            double row = T > 0 ? (double)c->areas[i].area.h / T : 0;
                            if (row * 1080.0 / H < heat_min_row[si])
                                heat_min_row[si] = row * 1080.0 / H, heat_h[si] = c->areas[i].area.h;
                            CHECK(row >= heat_row_floor * H / 1080.0, "%dx%d presenter lesson %d step %d: "
                                  "the heatmap's rows are %.2f px (%d px for %d timesteps)", W, H,
                                  li + 1, k + 1, row, c->areas[i].area.h, T);
                        }
                        if (hl == PANEL_ATTENTION && pres) {
                            attn_seen++;
                            printf("  %dx%d presenter lesson %d step %d: the attention bands %d px = %.2f "
                                   "of the panel (must be >= %.2f), %d words under them, the smallest "
                                   "%d px (ticks %d)\n", W, H, li + 1, k + 1, c->areas[i].area.h, sh,
                                   attn_floor, facts.attn_words, facts.attn_word_px, st.px_tick);
                            CHECK(sh >= attn_floor, "%dx%d presenter lesson %d step %d: the attention "
                                  "bands are %d px, %.2f of the panel's %d px", W, H, li + 1, k + 1,
                                  c->areas[i].area.h, sh, ph);
                        }
                        /* the sentence under the bars, highlighted, in both modes (at 1280x720
                         * the window named only "Kerala" and "blank" under 40 bars), at the
                         * tick labels' size (normal mode's were 11 px at 1080p) */
                        if (hl == PANEL_ATTENTION)
                            CHECK(facts.attn_words >= 5 && facts.attn_word_px >= st.px_tick,
                                  "%dx%d%s lesson %d step %d: %d words under the attention "
                                  "bands, the smallest %d px (tick labels %d px)", W, H,
                                  pres ? " presenter" : "", li + 1, k + 1, facts.attn_words,
                                  facts.attn_word_px, st.px_tick);
                        if (sh < data_sh[si][pres][mine]) {
                            data_sh[si][pres][mine] = sh;
                            data_h[si][pres][mine] = c->areas[i].area.h;
                            data_at[si][pres][mine][0] = li + 1, data_at[si][pres][mine][1] = k + 1;
                        }
                        if (mine && (si == 1 || pres))
                            CHECK(sh >= plot_floor[pres][mine - 1], "%dx%d %s lesson %d step %d: the highlighted "
                                  "%s plot is %d px, %.2f of its panel's %d px", W, H,
                                  pres ? "presenter" : "normal", li + 1, k + 1,
                                  plot_panel_name((PanelKind)hl), c->areas[i].area.h, sh, ph);
                    }
                    /* the narration whole on its first page: the class reads every
                     * claim with the figure (issue 10), in presenter mode too; a "try
                     * this" the hidden settings panel hands to the box may go on page 2 */
                    if (facts.caption_pages > pages[si][pres]) pages[si][pres] = facts.caption_pages;
                    /* a first page of several ends where a paragraph or a sentence does,
                     * not mid-sentence (the class reads it, then the clicker turns it) */
                    if (facts.caption_pages > 1) {
                        const char *t = v.caption;
                        size_t e = facts.caption_shown;
                        int whole = e > 0 && (t[e - 1] == '\n' ||
                                              (e >= 2 && t[e - 1] == ' ' && strchr(".?!", t[e - 2])));
                        paged++;
                        CHECK(whole, "%dx%d %s lesson %d step %d: page 1 of %d ends mid-sentence: "
                              "'...%.24s|%.24s...'", W, H, pres ? "presenter" : "normal", li + 1,
                              k + 1, facts.caption_pages, t + (e > 24 ? e - 24 : 0), t + e);
                    }
                    CHECK(facts.caption_shown >= a.narration_len, "%dx%d %s lesson %d step %d: "
                          "page 1 shows %zu of the narration's %zu bytes", W, H,
                          pres ? "presenter" : "normal", li + 1, k + 1, facts.caption_shown,
                          (size_t)a.narration_len);
                    /* the settings panel's run list names every run whole (lesson 3 step
                     * 3 read "tanh scal…", lesson 10 step 3 "no mask (BE…") */
                    if (!pres && si < 2) {
                        static Canvas side;
                        static DList sl;
                        static Ui ui;
                        if ((side.w != sw || side.h != H) &&
                            (side.w ? canvas_resize(&side, sw, H, &err) : canvas_init(&side, sw, H, &err))) {
                            CHECK(0, "canvas: %s", err.msg);
                            return;
                        }
                        memset(&ui, 0, sizeof ui);
                        canvas_record(&side, &sl);
                        app_ui_panel(&ui, &side, &a);
                        canvas_record(&side, NULL);
                        for (size_t q = 0; q < sl.n; q++) {
                            const char *t = sl.cmd[q].kind == DCMD_TEXT ? dlist_text(&sl, &sl.cmd[q]) : "";
                            size_t tl = strlen(t);
                            int num = 0, at = 0;
                            if (sscanf(t, "%d  %n", &num, &at) < 1 || at == 0 || num < 1 || num > a.n) continue;
                            CHECK(!(tl >= 3 && !strcmp(t + tl - 3, "\xE2\x80\xA6")), "%dx%d lesson %d step %d: "
                                  "the run list writes '%s' for run '%s'", W, H, li + 1, k + 1, t,
                                  a.run[num - 1].label);
                        }
                    }
                    if (facts.legend_cut) {
                        cuts += facts.legend_cut;
                        printf("  %dx%d %s lesson %d step %d: %d legend entries cut ('%s')\n", W,
                               H, pres ? "presenter" : "normal", li + 1, k + 1, facts.legend_cut,
                               facts.legend_cut_text);
                    }
                }
        }
        app_core_free(&a);
    }
    printf("back row (font sizes in px; threshold in brackets):\n");
    for (int si = 0; si < 3; si++) {
        int W = sizes[si][0], H = sizes[si][1];
        double u = H / 1080.0;
        printf("  %4dx%-4d normal: ticks %d (>= %.1f)  presenter: ticks %d (>= %.1f), narration "
               "%d (>= %.1f); smallest highlighted share %.3f normal, %.3f presenter\n",
               W, H, worst_tick[si][0], 16 * u, worst_tick[si][1], 24 * u, worst_narr[si][1],
               32 * u, share[si][0], share[si][1]);
        CHECK(worst_tick[si][0] >= 16 * u, "%dx%d normal: tick labels %d px", W, H,
              worst_tick[si][0]);
        CHECK(worst_tick[si][1] >= 24 * u, "%dx%d presenter: tick labels %d px", W, H,
              worst_tick[si][1]);
        CHECK(worst_narr[si][1] >= 32 * u, "%dx%d presenter: narration %d px", W, H,
              worst_narr[si][1]);
        if (si > 0)
            CHECK(share[si][1] >= share[si - 1][1] - 0.01, "presenter: the highlighted panel "
                  "takes %.3f of %dx%d but %.3f of the smaller %dx%d", share[si][1], W, H,
                  share[si - 1][1], sizes[si - 1][0], sizes[si - 1][1]);
    }
    for (int si = 0; si < 3; si++)
        for (int pres = !!(si == 2); pres < 2; pres++)
            for (int m = 1; m < 3; m++)
                printf("  %4dx%-4d %-9s the lowest highlighted %s plot %d px = %.2f of its panel "
                       "(lesson %d step %d; %s %.2f)\n", sizes[si][0], sizes[si][1],
                       pres ? "presenter" : "normal", m == 1 ? "loss" : "clipping", data_h[si][pres][m],
                       data_sh[si][pres][m], data_at[si][pres][m][0], data_at[si][pres][m][1],
                       si == 1 || pres ? "must be >=" : "reported; 1080p's floor", plot_floor[pres][m - 1]);
    for (int si = 0; si < 3; si++)
        for (int pres = !!(si == 2); pres < 2; pres++)
            printf("  %4dx%-4d %-9s the lowest highlighted plot of another panel %d px = %.2f "
                   "(lesson %d step %d; reported)\n", sizes[si][0], sizes[si][1],
                   pres ? "presenter" : "normal", data_h[si][pres][0], data_sh[si][pres][0],
                   data_at[si][pres][0][0], data_at[si][pres][0][1]);
    for (int si = 0; si < 3; si++)
        printf("  %4dx%-4d presenter: the highlighted heatmap is %d px tall, its rows %.2f px "
               "at 1080p's scale (must be >= %.2f)\n", sizes[si][0], sizes[si][1], heat_h[si],
               heat_min_row[si], heat_row_floor);
    for (int si = 0; si < 2; si++)
        printf("  %4dx%-4d the most pages (narration and a \"try this\"): %d normal, %d presenter; "
               "the narration on page 1 (checked)\n",
               sizes[si][0], sizes[si][1], pages[si][0], pages[si][1]);
    printf("  %d dashboards drawn, %d legend entries cut (must be 0); %d with the narration on "
           "pages, page 1 ending at a paragraph or sentence (checked)\n", drawn, cuts, paged);
    CHECK(attn_seen > 0, "no highlighted attention panel drawn in presenter mode");
    CHECK(cuts == 0, "%d legend entries drawn cut short", cuts);
    for (int si = 0; si < 3; si++)
        for (int pres = 0; pres < 2; pres++)
            if (dash[si][pres].w) canvas_free(&dash[si][pres]);
}

/* A taller panel never draws a shorter plot (issue 12): each built-in step's highlighted
 * loss, clipping or gradient panel drawn alone (focus, no narration box) 760 px wide at
 * the text size of presenter mode at 1280x720 (the canvas's scale stays that of 760 px
 * wide from 428 px tall), 430 to 640 px tall, for as long as the panel is wide (w >= 1.5 h: keys and
 * readouts may go beside the plot). The plot's height (its registered data area) may
 * fall by at most 3 px from the tallest seen at a smaller height (tick labels laid out
 * again); keys or readouts that moved beside the plot only under a floor made lesson 9
 * step 3's plot fall from 203 to 145 px as its panel grew past that floor. */
static void taller_panel_taller_plot(void)
{
    Error err;
    int nl = lesson_builtin_count(), worst = 0, worst_l = 0, worst_k = 0, worst_h = 0, tried = 0, cue_rows = 0;
    for (int li = 0; li < nl; li++) {
        static AppCore a;
        if (lesson_open(&a, li + 1)) continue;
        for (int k = 0; k < a.lesson.n_steps; k++) {
            if (step_enter(&a, li + 1, k)) continue;
            int hl = a.view.highlight;
            if (hl != PANEL_LOSS && hl != PANEL_CLIPPING && hl != PANEL_GRADIENT) continue;
            app_core_train(&a, 30);
            app_core_texts(&a);
            if (!a.presenter) app_core_act(&a, ACT_PRESENTER, 0);
            PlotView v = a.view;
            v.focus = hl;
            v.caption = NULL;
            /* presenter's tick size at 1280x720: scale times text scale as there */
            v.text_scale = canvas_scale_for(1280, 720) * app_ui_text_scale(1280, 720, 1280 - 40, 1) /
                           canvas_scale_for(760, 640);
            int tallest[2] = {0, 0}; /* the cue's label on the plot, or a key */
            for (int H = 430; H <= 640; H += 2) {
                PlotLayout L;
                plot_layout(760, H, &v, a.rp, a.n, &L);
                if (L.n < 1 || L.panel[0].w < 1.5 * L.panel[0].h) break;
                Canvas c;
                if (canvas_init(&c, 760, H, &err)) {
                    CHECK(0, "canvas: %s", err.msg);
                    return;
                }
                static PlotFacts facts;
                memset(&facts, 0, sizeof facts);
                v.facts = &facts;
                plot_dashboard(&c, a.rp, a.n, &v);
                v.facts = NULL;
                int cue_keyed = 0; /* the cue's label found no place on the plot: a row of keys */
                for (int i = 0; i < facts.nlabels; i++)
                    cue_keyed |= facts.label[i].how == PLOT_LABEL_KEY && !strcmp(facts.label[i].text, "cue");
                int ph = -1, top = 0; /* (a plot in two bands: from the top of one to the foot of the other) */
                for (int i = 0; i < c.nareas; i++) {
                    Rect ar = c.areas[i].area;
                    if (c.areas[i].tag != hl) continue;
                    if (ph < 0) top = ar.y, ph = ar.h;
                    else {
                        int t = ar.y < top ? ar.y : top, b = ar.y + ar.h > top + ph ? ar.y + ar.h : top + ph;
                        top = t, ph = b - t;
                    }
                }
                canvas_free(&c);
                tried++;
                if (ph < 0) continue;
                /* compared with the drawings whose cue is drawn as this one's: where no
                 * place on the plot is left for its label, a key takes a row (what the
                 * plot holds decides that, not the layout) */
                int *tall = &tallest[cue_keyed];
                if (cue_keyed && ph < tallest[0] - 3) cue_rows++;
                if (*tall - ph > worst)
                    worst = *tall - ph, worst_l = li + 1, worst_k = k + 1, worst_h = H;
                CHECK(ph >= *tall - 3, "lesson %d step %d, the %s panel 760 px wide: the plot is %d px "
                      "at a canvas %d px tall, %d px at a smaller one", li + 1, k + 1,
                      plot_panel_name((PanelKind)hl), ph, H, *tall);
                if (ph > *tall) *tall = ph;
            }
        }
        app_core_free(&a);
    }
    printf("taller panel, the cue's label a key where a smaller one drew it on the plot: %d drawings\n",
           cue_rows);
    printf("taller panel, taller plot: %d drawings; the largest fall %d px (lesson %d step %d at "
           "760x%d; at most 3)\n", tried, worst, worst_l, worst_k, worst_h);
}

/* The run list is the plots' legend: with three or more runs shown, each run's row
 * carries the marker, in the run's colour, that the dashboard draws for it (read from
 * the dashboard's own drawing list: its title-bar legend); with fewer, no row has one. */
static void run_list_markers(AppCore *a)
{
    Error err;
    Canvas side, dash;
    int sw = app_ui_panel_width(1920, 1080, 0, 1);
    if (canvas_init(&side, sw, 1080, &err) || canvas_init(&dash, 1920 - sw, 1080, &err)) {
        printf("canvas: %s\n", err.msg);
        exit(1);
    }
    a->sidebar = 1, a->settings_page = 0, a->presenter = 0, a->sel = -1;
    static Ui ui;
    static DList ls, ld;
    dlist_init(&ls);
    dlist_init(&ld);
    memset(&ui, 0, sizeof ui);
    canvas_record(&side, &ls);
    app_ui_panel(&ui, &side, a);
    canvas_record(&side, NULL);
    Run *rp[PLOT_MAX_RUNS];
    int n = a->n < PLOT_MAX_RUNS ? a->n : PLOT_MAX_RUNS, nvis = 0;
    for (int i = 0; i < n; i++) rp[i] = &a->run[i], nvis += a->view.visible[i] != 0;
    canvas_record(&dash, &ld);
    plot_dashboard(&dash, rp, n, &a->view);
    canvas_record(&dash, NULL);
    for (int i = 0; i < n; i++) {
        uint32_t col = plot_run_color(a->view.theme, plot_run_slot(&a->view, i));
        int in_list = -1, in_plots = -1;
        for (size_t q = 0; q < ls.n; q++)
            if (ls.cmd[q].kind == DCMD_MARKER && ls.cmd[q].color == col) in_list = (int)ls.cmd[q].u.marker.kind;
        /* the title bar's legend: the first marker of the run's colour the dashboard draws */
        for (size_t q = 0; q < ld.n && in_plots < 0; q++)
            if (ld.cmd[q].kind == DCMD_MARKER && ld.cmd[q].color == col) in_plots = (int)ld.cmd[q].u.marker.kind;
        if (nvis >= 3)
            CHECK(in_list >= 0 && in_list == in_plots, "%d runs: run %d's row shows marker %d, the plots %d",
                  a->n, i + 1, in_list, in_plots);
        else /* (the plots draw a lone point as a marker: only the list is checked) */
            CHECK(in_list < 0, "%d runs: run %d's row shows marker %d (none with fewer than three)",
                  a->n, i + 1, in_list);
    }
    printf("run list: %d runs, %s\n", n, nvis >= 3 ? "each row with its plots' marker" : "no markers");
    dlist_free(&ls);
    dlist_free(&ld);
    canvas_free(&side);
    canvas_free(&dash);
}

int main(void)
{
    back_row();
    taller_panel_taller_plot();
    static const int sizes[][2] = {
        {1920, 1080}, {1280, 720}, {3840, 2160}, {2560, 1440}, {1366, 768},
        {1024, 768},  {800, 600},  {1024, 600},  {1080, 1920},
    };
    int nsizes = (int)(sizeof sizes / sizeof sizes[0]);
    static const int nruns[3] = {1, 4, 8};
    AppCore cores[4];
    Error err;
    for (int r = 0; r < 3; r++) {
        Options o;
        options(&o, nruns[r]);
        if (app_core_init(&cores[r], tu_spec(&o), &err)) {
            printf("init: %s\n", err.msg);
            return 1;
        }
    }
    /* lesson 1's last step: a lesson row, a caption and a long "try this" */
    Options ol;
    char *argv[] = {"rnnscope", "1", "--step", "4", NULL};
    cli_parse(&ol, 4, argv, &err);
    if (app_core_init(&cores[3], tu_spec(&ol), &err)) {
        printf("lesson: %s\n", err.msg);
        return 1;
    }
    CHECK(cores[3].try_this != NULL, "lesson 1 step 4 has a 'try this'");
    run_list_markers(&cores[0]);
    run_list_markers(&cores[1]);
    run_list_markers(&cores[2]);
    static Ui ui;
    int worst_px_1080 = 1000;
    double worst_dash_px_1080 = 1000;
    int checked = 0;
    for (int s = 0; s < nsizes; s++) {
        int W = sizes[s][0], H = sizes[s][1];
        for (int pres = 0; pres <= 1; pres++)
            for (int shown = 0; shown <= 2; shown++) /* 2: the settings' second page */
                for (int ci = 0; ci < 4; ci++) {
                    AppCore *a = &cores[ci];
                    a->settings_page = shown == 2;
                    a->presenter = pres;
                    a->sidebar = shown != 0;
                    a->sel = ci == 1 ? 2 : -1;
                    int sw = app_ui_panel_width(W, H, pres, shown != 0);
                    int dw = W - sw;
                    CHECK(sw > 0 && dw >= W * 0.55, "%dx%d: panel %d px leaves %d", W, H, sw, dw);
                    Canvas side, dash;
                    if (canvas_init(&side, sw, H, &err) || canvas_init(&dash, dw, H, &err)) {
                        printf("canvas: %s\n", err.msg);
                        return 1;
                    }
                    memset(&ui, 0, sizeof ui);
                    app_ui_panel(&ui, &side, a);
                    int i, j;
                    const char *what = ci == 3 ? "lesson" : "free play";
                    CHECK(ui.cut == 0, "%dx%d pres=%d shown=%d %s %d runs: %d items cut off", W, H,
                          pres, shown, what, a->n, ui.cut);
                    CHECK(ui.text_over == 0, "%dx%d pres=%d shown=%d %s %d runs: %d texts too wide "
                          "('%s')", W, H, pres, shown, what, a->n, ui.text_over, ui.over_text);
                    CHECK(ui.bottom <= H, "%dx%d: panel ends at %d", W, H, ui.bottom);
                    if (ci == 3 && shown && W >= 1920 && H >= 1080 && !pres)
                        CHECK(ui.showed_try, "%dx%d: the panel has room for the 'try this'", W, H);
                    if (overlaps(&ui, &i, &j))
                        CHECK(0, "%dx%d %s: controls %d (%d,%d %dx%d) and %d (%d,%d %dx%d) overlap",
                              W, H, what, ui.item[i].id, ui.item[i].r.x, ui.item[i].r.y,
                              ui.item[i].r.w, ui.item[i].r.h, ui.item[j].id, ui.item[j].r.x,
                              ui.item[j].r.y, ui.item[j].r.w, ui.item[j].r.h);
                    /* every control can be hit at its centre */
                    for (int k = 0; k < ui.n; k++) {
                        Rect r = ui.item[k].r;
                        int arg, id = app_ui_hit(&ui, r.x + r.w / 2, r.y + r.h / 2, &arg);
                        CHECK(id == ui.item[k].id && arg == ui.item[k].arg, "hit control %d", k);
                    }
                    /* the overlays on the dashboard */
                    double k = app_ui_text_scale(W, H, dw, pres);
                    int over = 0;
                    Rect rh = app_ui_help(&dash, a, k, &over);
                    CHECK(over == 0 && rect_inside(rh, canvas_rect(&dash)),
                          "%dx%d pres=%d: help does not fit (%d lines over, %dx%d)", W, H, pres,
                          over, rh.w, rh.h);
                    Rect rmu = app_ui_menu(&dash, a, k, NULL, &over);
                    CHECK(over == 0 && rect_inside(rmu, canvas_rect(&dash)),
                          "%dx%d pres=%d: the lesson menu does not fit (%dx%d)", W, H, pres,
                          rmu.w, rmu.h);
                    if (a->has_lesson) {
                        Rect ri = app_ui_intro(&dash, a, k, &over);
                        CHECK(over == 0 && rect_inside(ri, canvas_rect(&dash)),
                              "%dx%d pres=%d: the title card does not fit (%dx%d)", W, H, pres,
                              ri.w, ri.h);
                    }
                    Rect rm = app_ui_message(&dash, a,
                                             "saved /home/teacher/lessons/rnnscope-0001.png (1570x1080)",
                                             k, &over);
                    CHECK(rect_inside(rm, canvas_rect(&dash)), "%dx%d: message outside (%d,%d %dx%d)",
                          W, H, rm.x, rm.y, rm.w, rm.h);
                    /* the tooltip: inside the dashboard, and never over the pointer (it
                     * goes off the line the pointer moved along) */
                    const int at[3][2] = {{dw - 3, H - 3}, {3, 3}, {dw / 2, H / 2}};
                    for (int p = 0; p < 3; p++)
                        for (int dir = 0; dir < 2; dir++) {
                            int x = at[p][0], y = at[p][1];
                            Rect rt = app_ui_tooltip(&dash, a, x, y, dir ? 0 : 4, dir ? 4 : 0,
                                                     long_tip, k, &over);
                            CHECK(rect_inside(rt, canvas_rect(&dash)),
                                  "%dx%d: tooltip outside (%d,%d %dx%d)", W, H, rt.x, rt.y, rt.w,
                                  rt.h);
                            CHECK(!(x >= rt.x && x < rt.x + rt.w && y >= rt.y && y < rt.y + rt.h),
                                  "%dx%d: the tooltip covers the pointer at %d,%d", W, H, x, y);
                        }
                    CHECK(over == 0, "%dx%d pres=%d: overlays larger than the canvas", W, H, pres);
                    /* the dashboard's smallest text (17 px ticks at 1920x1080 full width) */
                    double tick = 17 * dash.scale * k;
                    if (W == 1920 && H == 1080 && !pres) {
                        if (shown && ui.px_min < worst_px_1080) worst_px_1080 = ui.px_min;
                        if (tick < worst_dash_px_1080) worst_dash_px_1080 = tick;
                    }
                    if (pres) {
                        double k0 = app_ui_text_scale(W, H, dw, 0);
                        CHECK(k > k0 * 1.2, "presenter mode makes text larger (%g vs %g)", k, k0);
                    }
                    PlotView v = a->view;
                    v.text_scale = k;
                    PlotLayout L;
                    plot_layout(dw, H, &v, NULL, 0, &L);
                    for (int p = 0; p < L.n; p++)
                        CHECK(rect_inside(L.panel[p], canvas_rect(&dash)), "panel inside");
                    canvas_free(&side);
                    canvas_free(&dash);
                    checked++;
                }
    }
    printf("checked %d layouts (%d sizes x presenter x panel hidden/page 1/page 2 x 1/4/8 runs and a "
           "lesson)\n", checked, nsizes);
    printf("at 1920x1080: smallest settings-panel text %d px, smallest dashboard text %.1f px "
           "(must be >= 16)\n", worst_px_1080, worst_dash_px_1080);
    CHECK(worst_px_1080 >= 16, "panel text at 1920x1080: %d px", worst_px_1080);
    CHECK(worst_dash_px_1080 >= 16, "dashboard text at 1920x1080: %.1f px", worst_dash_px_1080);
    for (int c = 0; c < 4; c++) app_core_free(&cores[c]);
    return tu_finish();
}
