/* test_panel_table.c - the panel table (docs/panels.md): every row of panel_list.h has a
 * definition that draws, a name that reads back, a one-line description; what the CSV
 * and the tooltips ask of a panel comes from its own row (rows carry that panel's name,
 * a panel's description of a run names the run); exactly one panel is the strip; each
 * cell of the full grids is one row's, and the layout puts that row there; the keep
 * and side ranks order the grid's panels 1..n, and the layout keeps panels in that
 * order; layout.c names no panel (adding a panel is one row); and every name is one
 * lessons, --panel and the sidecar accept. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "eigen.h"
#include "panels.h"
#include "testutil.h"

typedef struct Count {
    PanelKind want;
    int rows, wrong;
} Count;

static void count_row(void *ctx, PanelKind panel, int run, const char *series, double x, double y,
                      double z, const char *text)
{
    (void)run, (void)x, (void)y, (void)z, (void)text;
    Count *c = ctx;
    c->rows++;
    if (panel != c->want || !series || !*series) c->wrong++;
}

static int train(Run *r, const char *const *sets, long steps)
{
    Config cfg;
    Error err;
    config_default(&cfg);
    for (int i = 0; sets[i]; i++)
        if (config_set_pair(&cfg, sets[i], &err) != 0) {
            printf("config: %s\n", err.msg);
            return -1;
        }
    if (run_init(r, &cfg, linalg_eigenvalues, &err) != 0) {
        printf("run: %s\n", err.msg);
        return -1;
    }
    for (long k = 0; k < steps; k++)
        if (run_step(r)) break;
    return 0;
}

/* layout.c reads what it needs of a panel from the table: it names no PANEL_ constant
 * but PANEL_NONE and PANEL_COUNT (it named five, 25 times, before the ranks and the
 * strip were columns of panel_list.h). */
static void layout_names_no_panel(void)
{
    FILE *f = fopen(SOURCE_ROOT "/src/plot/layout.c", "rb");
    CHECK(f != NULL, "open %s", SOURCE_ROOT "/src/plot/layout.c");
    if (!f) return;
    static char src[1 << 17];
    size_t n = fread(src, 1, sizeof src - 1, f);
    fclose(f);
    src[n] = 0;
    int named = 0;
    for (const char *p = src; (p = strstr(p, "PANEL_")); p += 6) {
        const char *q = p + 6;
        if (p > src && (p[-1] == '_' || (p[-1] >= 'A' && p[-1] <= 'Z'))) continue;
        if (!strncmp(q, "NONE", 4) || !strncmp(q, "COUNT", 5)) continue;
        if (*q >= 'A' && *q <= 'Z') {
            if (named++ < 3) printf("layout.c names %.20s\n", p);
        }
    }
    CHECK(named == 0, "layout.c names a panel %d times", named);
}

int main(void)
{
    int strips = 0;
    char joined[256];
    plot_panel_names_joined(joined, sizeof joined, ",");
    for (int k = 0; k < PANEL_COUNT; k++) {
        const PanelDef *d = panel_def((PanelKind)k);
        const char *name = plot_panel_name((PanelKind)k);
        CHECK(d && d->draw, "panel %d (%s): a definition that draws", k, name);
        CHECK(plot_panel_from_name(name) == k && plot_panel_find(name, strlen(name)) == k,
              "panel %d: name '%s' reads back", k, name);
        CHECK(strstr(joined, name) != NULL, "'%s' in the joined names '%s'", name, joined);
        size_t hl = strlen(plot_panel_help((PanelKind)k));
        CHECK(hl > 20 && hl <= 90 && !strchr(plot_panel_help((PanelKind)k), '\n'),
              "%s: one line of help (%zu bytes, allowed 21..90)", name, hl);
        strips += plot_panel_is_strip((PanelKind)k);
    }
    CHECK(strips == 1 && plot_panel_is_strip(PANEL_SENTENCE), "one strip, the sentence (%d)", strips);
    /* each full grid's six cells: each named by one row, none by a strip */
    for (int tall = 0; tall < 2; tall++) {
        int named[6] = {0};
        for (int k = 0; k < PANEL_COUNT; k++) {
            int c = plot_panel_grid_cell(k, tall);
            CHECK(c >= -1 && c < 6, "%s: %s cell %d in -1..5", plot_panel_name((PanelKind)k),
                  tall ? "tall" : "wide", c);
            CHECK(c < 0 || !plot_panel_is_strip((PanelKind)k), "%s: a strip with a grid cell",
                  plot_panel_name((PanelKind)k));
            if (c >= 0 && c < 6) named[c]++;
        }
        for (int c = 0; c < 6; c++)
            CHECK(named[c] == 1, "%s grid: cell %d named by %d rows, want 1", tall ? "tall" : "wide", c,
                  named[c]);
    }
    /* the ranks: among the grid's panels (every row but the strips) keep and side each
     * number them 1..n once; a strip has no rank and no cell */
    int ng = 0, keep_seen[PANEL_COUNT + 1] = {0}, side_seen[PANEL_COUNT + 1] = {0};
    for (int k = 0; k < PANEL_COUNT; k++) ng += !plot_panel_is_strip((PanelKind)k);
    for (int k = 0; k < PANEL_COUNT; k++) {
        PlotPanelPlace pl = plot_panel_place(k);
        const char *name = plot_panel_name((PanelKind)k);
        if (pl.strip) {
            CHECK(pl.keep == 0 && pl.side == 0 && pl.cell[0] < 0 && pl.cell[1] < 0,
                  "%s: a strip with a rank or a cell", name);
            continue;
        }
        CHECK(pl.keep >= 1 && pl.keep <= ng && pl.side >= 1 && pl.side <= ng,
              "%s: keep %d, side %d, want 1..%d", name, pl.keep, pl.side, ng);
        if (pl.keep >= 1 && pl.keep <= ng) keep_seen[pl.keep]++;
        if (pl.side >= 1 && pl.side <= ng) side_seen[pl.side]++;
    }
    for (int r = 1; r <= ng; r++)
        CHECK(keep_seen[r] == 1 && side_seen[r] == 1, "rank %d: %d rows keep it, %d side it", r,
              keep_seen[r], side_seen[r]);
    layout_names_no_panel();
    CHECK(plot_panel_list_name(PANEL_COUNT) == NULL && !strcmp(plot_panel_name(PANEL_COUNT), "?") &&
              panel_def(PANEL_NONE) == NULL,
          "past the last row: nothing");

    /* an LSTM, a tanh RNN and an attention run, trained a few steps */
    static Run runs[3];
    static const char *const lstm[] = {"cell=lstm", "seq_len=12", "hidden=8", "batch=4", NULL};
    static const char *const rnn[] = {"activation=tanh", "seq_len=12", "hidden=8", "batch=4", NULL};
    static const char *const attn[] = {"cell=attention", "seq_len=12", "hidden=8", "batch=4", NULL};
    if (train(&runs[0], lstm, 5) || train(&runs[1], rnn, 5) || train(&runs[2], attn, 5)) return 1;
    Run *rp[3] = {&runs[0], &runs[1], &runs[2]};
    PlotView v;
    plot_view_default(&v);
    for (int k = 0; k < PANEL_COUNT; k++) {
        const PanelDef *d = panel_def((PanelKind)k);
        const char *name = plot_panel_name((PanelKind)k);
        Count c = {(PanelKind)k, 0, 0};
        PlotRows out = {count_row, &c};
        plot_panel_csv((PanelKind)k, &out, rp, 3, &v);
        printf("%-9s %4d CSV rows, applies: lstm %d, rnn %d\n", name, c.rows,
               plot_panel_applies((PanelKind)k, NULL, rp, 1), plot_panel_applies((PanelKind)k, NULL, rp + 1, 1));
        CHECK(!d->csv || c.rows > 0, "%s: a CSV writer writes rows (%d)", name, c.rows);
        CHECK(c.wrong == 0, "%s: %d rows not the panel's own", name, c.wrong);
        char buf[512];
        PlotLines l = {buf, sizeof buf, 0, 0, 8};
        buf[0] = 0;
        int who = k == PANEL_ATTENTION ? 2 : 0; /* a run the panel has something to say of */
        plot_panel_describe((PanelKind)k, &l, rp, 3, &v, who);
        CHECK(!d->describe || (l.count >= 1 && strstr(buf, runs[who].label)),
              "%s: describes the %s run by its label ('%s')", name, who ? "attention" : "LSTM", buf);
        if (k == PANEL_ATTENTION)
            CHECK(plot_panel_applies((PanelKind)k, NULL, rp + 2, 1) &&
                      !plot_panel_applies((PanelKind)k, NULL, rp, 2),
                  "attention: applies to the attention run alone");
        else CHECK(plot_panel_applies((PanelKind)k, NULL, rp, 1), "%s applies to an LSTM run", name);
    }
    CHECK(!plot_panel_applies(PANEL_GATES, NULL, rp + 1, 1), "gates: nothing to show for a plain RNN");
    v.visible[0] = 0;
    CHECK(!plot_panel_applies(PANEL_GATES, &v, rp, 2), "gates: the LSTM hidden, nothing to show");
    /* the full grids put each panel in its table cell: cells read by rows (top, then
     * left) of the placed boxes, the LSTM and the RNN visible (every grid panel applies) */
    v.visible[0] = 1, v.visible[2] = 0;
    static const struct { int w, h, tall; } grids[2] = {{1920, 1080, 0}, {1200, 1200, 1}};
    for (int gi = 0; gi < 2; gi++) {
        PlotLayout L;
        plot_layout(grids[gi].w, grids[gi].h, &v, rp, 3, &L);
        int cols = grids[gi].tall ? 2 : 3, seen = 0;
        for (int i = 0; i < L.n; i++) {
            if (plot_panel_is_strip(L.kind[i])) continue;
            int r = 0, c = 0; /* rows above and boxes to the left in the same row */
            for (int j = 0; j < L.n; j++) {
                if (plot_panel_is_strip(L.kind[j])) continue;
                r += L.panel[j].y + L.panel[j].h <= L.panel[i].y;
                c += L.panel[j].y == L.panel[i].y && L.panel[j].x < L.panel[i].x;
            }
            r = r / cols; /* every row above is full */
            int want = plot_panel_grid_cell(L.kind[i], grids[gi].tall);
            CHECK(want == r * cols + c, "%dx%d: %s at cell %d, the table says %d", grids[gi].w,
                  grids[gi].h, plot_panel_name(L.kind[i]), r * cols + c, want);
            seen++;
        }
        CHECK(seen == 6, "%dx%d: six grid panels placed (%d)", grids[gi].w, grids[gi].h, seen);
    }
    /* lines stop at their maximum */
    char small[64];
    PlotLines l = {small, sizeof small, 0, 0, 2};
    for (int i = 0; i < 5; i++) plot_lines_add(&l, "line %d", i);
    CHECK(l.count == 2 && !strcmp(small, "line 0\nline 1"), "two lines at most: '%s'", small);
    run_free(&runs[0]);
    run_free(&runs[1]);
    run_free(&runs[2]);
    return tu_finish();
}
