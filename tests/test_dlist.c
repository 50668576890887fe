/* test_dlist.c - the drawing list (src/plot/dlist.h) against direct drawing.
 *
 * For a set of figures (every lesson's last step as a dashboard, every panel alone in
 * both themes, a portrait and a tiny size, a diverged run), each exactly as
 * `rnnscope --export` draws it:
 *   1. the figure drawn directly (no list) gives pixels D;
 *   2. drawn again while recording a list gives pixels R: recording changes nothing,
 *      R == D byte for byte;
 *   3. the list replayed (dlist_replay) onto a second canvas that held the same pixels
 *      before gives pixels P == D byte for byte: the list holds the whole figure.
 * Also: every kind of command a figure uses is in some list (the heatmap is one image
 * command, not pixels written behind the list's back), and a list emptied and recorded
 * again gives the same commands. Prints the commands and the differing pixels per figure
 * (the tolerance is 0 pixels) and exits 1 on any failure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dlist.h"
#include "export_cmd.h"
#include "testutil.h"

typedef struct Figure {
    const char *args[12];
} Figure;

static const Figure figures[] = {
    {{"1"}}, {{"2"}}, {{"3"}}, {{"4"}}, {{"5"}}, {{"6"}}, {{"7"}}, {{"8"}}, {{"9"}},
    {{"kerala", "--step", "3", "--panel", "heatmap"}},
    {{"kerala", "--step", "3", "--panel", "heatmap", "--theme", "dark", "--size", "1280x720"}},
    {{"remedies", "--step", "2", "--panel", "gradient", "--theme", "dark"}},
    {{"clipping", "--step", "1", "--panel", "clipping", "--size", "800x600"}},
    {{"mouse", "--step", "2", "--panel", "sentence"}},
    {{"lstm", "--step", "2", "--panel", "gates", "--theme", "dark"}},
    {{"remedies", "--step", "2", "--panel", "spectrum"}},
    {{"bptt", "--step", "2", "--panel", "loss", "--size", "2560x1440"}},
    {{"mouse", "--step", "2", "--size", "1080x1920", "--presenter"}},
    {{"--run", "cell=lstm", "--run", "cell=gru", "--steps", "30", "--size", "320x240"}},
    {{"--set", "init_scale=8", "--set", "lr=5", "--steps", "40", "--size", "1280x720"}},
};

static long differing(const Canvas *a, const uint32_t *b)
{
    long n = 0;
    for (size_t i = 0; i < (size_t)a->w * (size_t)a->h; i++) n += a->px[i] != b[i];
    return n;
}

int main(void)
{
    static ExportSpec s;
    Error err;
    int kinds[DCMD_IMAGE + 1] = {0};
    DList l, l2;
    dlist_init(&l);
    dlist_init(&l2);
    for (size_t f = 0; f < sizeof figures / sizeof figures[0]; f++) {
        char *argv[16] = {"rnnscope", "--export", "x.png"};
        int argc = 3;
        for (int k = 0; figures[f].args[k]; k++) argv[argc++] = (char *)figures[f].args[k];
        char name[160] = "";
        for (int k = 3; k < argc; k++)
            snprintf(name + strlen(name), sizeof name - strlen(name), "%s%s", k > 3 ? " " : "", argv[k]);
        Options o;
        Run runs[EXPORT_MAX_RUNS], *rp[EXPORT_MAX_RUNS];
        PlotReadout ro[PLOT_MAX_READOUTS];
        int nro = 0;
        if (cli_parse(&o, argc, argv, &err) || export_spec_from_options(&s, &o, &err) ||
            export_train(&s, runs, ro, &nro, &err)) {
            printf("FAIL %s: %s\n", name, err.msg);
            return 1;
        }
        for (int i = 0; i < s.n_runs; i++) rp[i] = &runs[i];
        PlotView v;
        char title[512];
        export_spec_view(&s, runs, &v, title, sizeof title);
        v.readouts = ro;
        v.nreadouts = nro;

        Canvas c, c2;
        if (canvas_init(&c, s.width, s.height, &err) || canvas_init(&c2, s.width, s.height, &err)) {
            printf("FAIL canvas: %s\n", err.msg);
            return 1;
        }
        size_t npx = (size_t)c.w * (size_t)c.h;
        uint32_t *direct = malloc(npx * sizeof *direct);
        CHECK(direct != NULL, "out of memory");
        if (!direct) return 1;
        plot_caption_size(&c, &v);
        plot_dashboard(&c, rp, s.n_runs, &v);
        memcpy(direct, c.px, npx * sizeof *direct);

        memcpy(c2.px, c.px, npx * sizeof *c2.px); /* the replay starts from the same pixels */
        canvas_record(&c, &l);
        plot_dashboard(&c, rp, s.n_runs, &v);
        canvas_record(&c, NULL);
        long rec_diff = differing(&c, direct);
        dlist_replay(&l, &c2);
        long rep_diff = differing(&c2, direct);

        /* recorded again into a reused list: the same commands */
        canvas_record(&c, &l2);
        plot_dashboard(&c, rp, s.n_runs, &v);
        canvas_record(&c, NULL);
        int same = l2.n == l.n && l2.used == l.used && !memcmp(l.data, l2.data, l.used);
        for (size_t i = 0; same && i < l.n; i++) same = l.cmd[i].kind == l2.cmd[i].kind;

        for (size_t i = 0; i < l.n; i++) kinds[l.cmd[i].kind]++;
        printf("%-62s %7zu commands, %8zu data bytes: recorded %ld, replayed %ld differing pixels\n",
               name, l.n, l.used, rec_diff, rep_diff);
        CHECK(!l.failed, "%s: the list ran out of memory", name);
        CHECK(l.n > 10, "%s: only %zu commands", name, l.n);
        CHECK(rec_diff == 0, "%s: recording changed %ld pixels", name, rec_diff);
        CHECK(rep_diff == 0, "%s: the replay differs from direct drawing in %ld pixels", name, rep_diff);
        CHECK(same, "%s: recording again gave other commands", name);
        CHECK(canvas_text_errors(&c) == 0 && canvas_text_errors(&c2) == 0, "%s: drawing errors", name);
        free(direct);
        canvas_free(&c);
        canvas_free(&c2);
        for (int i = 0; i < s.n_runs; i++) run_free(&runs[i]);
    }
    static const char *const kind_names[] = {"clip", "clear", "rect", "path", "move", "line", "end",
                                             "circle", "disc", "convex", "marker", "text", "image"};
    for (int k = 0; k <= DCMD_IMAGE; k++) {
        printf("  %-7s %d\n", kind_names[k], kinds[k]);
        /* no figure fills a polygon or a disc of its own today (markers are marker
         * commands; a lone point of a line is a marker since the loss panel told loss
         * from accuracy by shape) */
        if (k != DCMD_CONVEX && k != DCMD_DISC)
            CHECK(kinds[k] > 0, "no figure recorded a %s command", kind_names[k]);
    }
    dlist_free(&l);
    dlist_free(&l2);
    return tu_finish();
}
