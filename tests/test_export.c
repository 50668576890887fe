/* test_export.c - dashboard -> PNG: decode what was written and check it; failure paths
 * leave no file behind and an existing file untouched.
 *
 * Renders (1) a TEST FIXTURE: runs whose diagnostics are synthetic (hand-made curves,
 * not training output; their labels say "fixture"), with real task data, history
 * recording and Diag buffers from the engine; and (2) real runs trained for a few
 * steps with run_step. With an argument DIR it also writes a set of pictures to DIR
 * for looking at. */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "eigen.h"
#include "export.h"
#include "plot.h"
#include "run.h"

#include "stb_image_private.h"

#include "testutil.h"

/* ---- TEST FIXTURE: synthetic diagnostics ------------------------------------- */

static int fake_eigen(double *a, int n, double *re, double *im, double *work)
{
    (void)a, (void)n, (void)re, (void)im, (void)work;
    return 0; /* marks eig_re/eig_im as valid; the fixture fills them itself */
}

typedef struct FixSpec {
    const char *label;
    CellKind cell;
    Activation act;
    int bidir;
    double decay;      /* ||dL/dh_t|| shrinks by this factor per step back */
    double radius;     /* spectral radius of the fake eigenvalues */
    long diverge_at;   /* 0 = never */
} FixSpec;

static void fix_diag(Diag *d, const FixSpec *s, long step, int gates)
{
    int T = d->T;
    double progress = 1.0 - exp(-step / 60.0);
    for (int t = 0; t < T; t++) {
        double back = T - 1 - t;
        double g = 0.8 * pow(s->decay, back) * (1 + 0.15 * sin(0.7 * t + step * 0.05));
        d->grad_h[t] = g;
        d->grad_h_rev[t] = s->bidir ? 0.8 * pow(s->decay, t) : NAN;
        d->grad_c[t] = NAN;
        d->whh_contrib[t] = g * 0.3 * (1 + 0.5 * cos(0.3 * t));
        d->jac_norm[t] = s->decay;
        d->jac_prod[t] = pow(s->decay, back);
        d->bound[t] = s->act == ACT_SIGMOID ? pow(0.25 * 1.5, back) : pow(1.3, back);
        for (int k = 0; k < DIAG_MAX_GATES; k++)
            d->gate_mean[t * DIAG_MAX_GATES + k] =
                k < gates ? 0.5 + 0.35 * sin(0.15 * t + k * 2.1) * progress : NAN;
    }
    d->n_gates = gates;
    d->loss = 2.08 * (1 - 0.9 * progress) + 0.05 * sin(step * 0.9);
    d->accuracy = 0.125 + 0.8 * progress * progress;
    d->grad_norm = 3.0 * exp(-step / 80.0) * (1 + 0.6 * sin(step * 0.37)) + 0.2;
    d->clipped = d->grad_norm > 1.0;
    d->grad_norm_clipped = d->clipped ? 1.0 : d->grad_norm;
    d->sigma_max = s->radius * 1.25;
    d->spectral_radius = s->radius;
    d->jacobians = 1;
    d->pred_t = T - 1;
    d->pred_class = step % 3 ? 0 : 2;
    d->pred_target = 0;
    d->pred_prob = 0.31 + 0.6 * progress;
    if (s->diverge_at > 0 && step >= s->diverge_at) {
        /* the blow-up: the loss becomes inf, gradients further back NaN */
        d->loss = INFINITY;
        d->accuracy = NAN;
        d->grad_norm = d->grad_norm_clipped = INFINITY;
        for (int t = 0; t < T - 6; t++) d->grad_h[t] = NAN;
        for (int t = T - 6; t < T; t++) d->grad_h[t] = 1e3 * pow(10.0, T - t);
    }
}

static int fixture_run(Run *r, const FixSpec *s, int T, long steps, uint64_t seed)
{
    Error err;
    memset(r, 0, sizeof *r);
    config_default(&r->cfg);
    r->cfg.cell = s->cell;
    r->cfg.activation = s->act;
    r->cfg.bidirectional = s->bidir;
    r->cfg.seq_len = T;
    r->cfg.hidden = 24;
    r->cfg.batch = 4;
    r->cfg.seed = seed;
    snprintf(r->label, sizeof r->label, "%s", s->label);
    if (task_init(&r->task, &r->cfg, &err) != 0) {
        printf("fixture: %s\n", err.msg);
        return -1;
    }
    if (batch_alloc(&r->batch, T, 4, r->task.I, r->task.O) != 0 || diag_alloc(&r->diag, T) != 0 ||
        history_init(&r->hist, 64, T) != 0)
        return -1;
    rng_seed(&r->data_rng, seed);
    task_batch(&r->task, &r->data_rng, &r->batch);
    int gates = s->cell == CELL_LSTM ? 3 : s->cell == CELL_GRU ? 2 : 0;
    long last = s->diverge_at > 0 && s->diverge_at < steps ? s->diverge_at : steps;
    for (long k = 1; k <= last; k++) {
        fix_diag(&r->diag, s, k, gates);
        history_record(&r->hist, k, &r->diag);
    }
    r->step = last;
    r->diverged_at = s->diverge_at > 0 && s->diverge_at <= steps ? s->diverge_at : 0;
    int H = r->cfg.hidden;
    r->eig_re = calloc((size_t)H * 2, sizeof(double));
    if (!r->eig_re) return -1;
    r->eig_im = r->eig_re + H;
    for (int i = 0; i < H; i++) {
        double ang = 2 * 3.14159265358979 * (i + 0.5) / H, m = s->radius * (0.55 + 0.45 * (i % 5) / 4.0);
        r->eig_re[i] = m * cos(ang);
        r->eig_im[i] = m * sin(ang);
    }
    r->eigen = fake_eigen;
    return 0;
}

static void fixture_free(Run *r)
{
    batch_free(&r->batch);
    diag_free(&r->diag);
    history_free(&r->hist);
    free(r->eig_re);
}

static const FixSpec fix_specs[4] = {
    {"tanh RNN (fixture)", CELL_RNN, ACT_TANH, 0, 0.82, 0.93, 0},
    {"LSTM (fixture)", CELL_LSTM, ACT_TANH, 0, 0.97, 0.85, 0},
    {"bi-GRU (fixture)", CELL_GRU, ACT_TANH, 1, 0.93, 0.7, 0},
    {"sigmoid RNN (fixture)", CELL_RNN, ACT_SIGMOID, 0, 0.6, 2.6, 140},
};

/* ---- real runs ---------------------------------------------------------------- */

static int eig(double *a, int n, double *re, double *im, double *work)
{
    return linalg_eigenvalues(a, n, re, im, work);
}

static int real_run(Run *r, const char *const *sets, long steps)
{
    Config cfg;
    Error err;
    config_default(&cfg);
    for (int i = 0; sets[i]; i++)
        if (config_set_pair(&cfg, sets[i], &err) != 0) {
            printf("real run: %s\n", err.msg);
            return -1;
        }
    if (run_init(r, &cfg, eig, &err) != 0) {
        printf("real run: %s\n", err.msg);
        return -1;
    }
    for (long k = 0; k < steps; k++)
        if (run_step(r)) break;
    return 0;
}

/* ---- checks ------------------------------------------------------------------- */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int read_file(const char *path, unsigned char **data, long *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    fseek(f, 0, SEEK_END);
    *len = ftell(f);
    fseek(f, 0, SEEK_SET);
    *data = malloc((size_t)*len + 1);
    size_t got = *data ? fread(*data, 1, (size_t)*len, f) : 0;
    fclose(f);
    return got == (size_t)*len ? 0 : -1;
}

/* Temporary files left in dir by the exporter. */
static int temp_files(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strstr(e->d_name, ".tmp-")) n++; /* AtomicFile's temporary names */
    closedir(d);
    return n;
}

/* Distinct colours inside r of an RGB image (w wide): with anti-aliased lines and
 * text there are hundreds; drawn without it, a line panel has about a dozen. */
static long distinct_colours(const unsigned char *img, int w, Rect r)
{
    static unsigned char seen[1 << 21]; /* one bit per 24-bit colour */
    memset(seen, 0, sizeof seen);
    long n = 0;
    for (int y = r.y; y < r.y + r.h; y++)
        for (int x = r.x; x < r.x + r.w; x++) {
            const unsigned char *p = img + 3 * ((size_t)y * w + x);
            unsigned k = (unsigned)p[0] << 16 | (unsigned)p[1] << 8 | p[2];
            if (!(seen[k >> 3] & (1u << (k & 7)))) {
                seen[k >> 3] |= (unsigned char)(1u << (k & 7));
                n++;
            }
        }
    return n;
}

/* Decodes path; checks size, that it is not blank, that anti-aliasing left
 * intermediate colours (in the gradient panel, which has no colour map), and that
 * it equals the canvas pixel for pixel. */
static void check_png(const char *path, const Canvas *c, const PlotView *v)
{
    int w, h, n;
    unsigned char *img = stbi_load(path, &w, &h, &n, 3);
    CHECK(img != NULL, "decode %s: %s", path, stbi_failure_reason());
    if (!img) return;
    CHECK(w == c->w && h == c->h, "%s: size %dx%d, want %dx%d", path, w, h, c->w, c->h);
    long mismatch = 0, nonbg = 0;
    unsigned char bg[3] = {img[0], img[1], img[2]};
    for (long i = 0; i < (long)w * h && w == c->w && h == c->h; i++) {
        const unsigned char *p = img + 3 * i;
        uint32_t q = c->px[i];
        if (p[0] != ((q >> 16) & 255) || p[1] != ((q >> 8) & 255) || p[2] != (q & 255)) mismatch++;
        if (memcmp(p, bg, 3)) nonbg++;
    }
    PlotLayout L;
    plot_layout(w, h, v, NULL, 0, &L);
    long colours = -1;
    for (int i = 0; i < L.n; i++)
        if (L.kind[i] == PANEL_GRADIENT) colours = distinct_colours(img, w, L.panel[i]);
    printf("  %s: %dx%d, %ld px differ from canvas, %.1f%% non-background, %ld colours in the "
           "gradient panel\n", path, w, h, mismatch, 100.0 * nonbg / ((double)w * h), colours);
    CHECK(mismatch == 0, "%s: %ld pixels differ from the canvas", path, mismatch);
    CHECK(nonbg > (long)w * h / 10, "%s: nearly blank", path);
    CHECK(colours < 0 || colours > 300, "%s: only %ld colours: no anti-aliasing?", path, colours);
    stbi_image_free(img);
}

static void render_and_export(const char *dir, Run *const *runs, int nruns, int w, int h,
                              const PlotView *v, const char *name)
{
    Canvas a, b;
    Error err;
    if (canvas_init(&a, w, h, &err) != 0 || canvas_init(&b, w, h, &err) != 0) {
        CHECK(0, "canvas_init %dx%d: %s", w, h, err.msg);
        return;
    }
    double t0 = now_ms();
    plot_dashboard(&a, runs, nruns, v);
    double t1 = now_ms();
    plot_dashboard(&a, runs, nruns, v); /* second frame: text cache warm */
    double t2 = now_ms();
    plot_dashboard(&b, runs, nruns, v);
    CHECK(!memcmp(a.px, b.px, (size_t)w * h * 4), "%s: two renders differ", name);
    char p1[512], p2[512];
    snprintf(p1, sizeof p1, "%s/%s.png", dir, name);
    snprintf(p2, sizeof p2, "%s/%s-again.png", dir, name);
    double t3 = now_ms();
    int r1 = export_png(&a, p1, &err);
    double t4 = now_ms();
    CHECK(r1 == 0, "export %s: %s", p1, err.msg);
    int r2 = export_png(&b, p2, &err);
    CHECK(r2 == 0, "export %s: %s", p2, err.msg);
    printf("  %s %dx%d: first frame %.1f ms, next frame %.1f ms, PNG %.0f ms\n", name, w, h,
           t1 - t0, t2 - t1, t4 - t3);
    if (r1 == 0) check_png(p1, &a, v);
    unsigned char *d1 = NULL, *d2 = NULL;
    long l1 = 0, l2 = 0;
    if (r1 == 0 && r2 == 0 && read_file(p1, &d1, &l1) == 0 && read_file(p2, &d2, &l2) == 0)
        CHECK(l1 == l2 && !memcmp(d1, d2, (size_t)l1), "%s: PNG files differ", name);
    free(d1);
    free(d2);
    unlink(p2);
    CHECK(canvas_text_errors(&a) == 0, "%s: %ld text render errors", name, canvas_text_errors(&a));
    canvas_free(&a);
    canvas_free(&b);
}

/* plot_pick over the gradient panel: sweeping the pointer across the data area
 * reports every timestep 0..T-1 once in order, with each visible run's value. */
static void check_pick(Run *const *runs, int nruns, const PlotView *v)
{
    Canvas c;
    Error err;
    if (canvas_init(&c, 1920, 1080, &err) != 0) {
        CHECK(0, "%s", err.msg);
        return;
    }
    PlotPick pk;
    CHECK(!plot_pick(&c, runs, nruns, v, 500, 300, &pk), "pick before drawing");
    plot_dashboard(&c, runs, nruns, v);
    PlotLayout L;
    plot_layout(c.w, c.h, v, NULL, 0, &L);
    Rect g = {0, 0, 0, 0};
    for (int i = 0; i < L.n; i++)
        if (L.kind[i] == PANEL_GRADIENT) g = L.panel[i];
    int T = runs[0]->diag.T, last = -1, order_ok = 1, hits = 0, labels_ok = 1;
    for (int x = g.x; x < g.x + g.w; x++) {
        if (!plot_pick(&c, runs, nruns, v, x, g.y + g.h / 2, &pk) || pk.kind != PANEL_GRADIENT)
            continue;
        int t = (int)floor(pk.x + 0.5);
        if (t < last || t < 0 || t >= T) order_ok = 0;
        if (t != last) {
            hits++;
            for (int i = 0; i < nruns; i++)
                if (!strstr(pk.text, runs[i]->label)) labels_ok = 0;
        }
        last = t;
    }
    printf("  pick across the gradient panel: %d distinct timesteps of %d, in order: %s\n", hits,
           T, order_ok ? "yes" : "no");
    CHECK(hits == T && order_ok && labels_ok, "plot_pick: %d timesteps, order %d, labels %d", hits,
          order_ok, labels_ok);
    CHECK(!plot_pick(&c, runs, nruns, v, 2, 2, &pk), "pick in the margin");
    canvas_free(&c);
}

static void failure_paths(const char *dir)
{
    Canvas c;
    Error err;
    if (canvas_init(&c, 320, 200, &err) != 0) {
        CHECK(0, "canvas_init: %s", err.msg);
        return;
    }
    canvas_clear(&c, 0xFF336699u);
    char path[512], keep[512];
    /* missing directory */
    snprintf(path, sizeof path, "%s/no-such-dir/x.png", dir);
    CHECK(export_png(&c, path, &err) == -1 && strstr(err.msg, "no-such-dir"),
          "missing dir: %s", err.msg);
    printf("  missing dir -> %s\n", err.msg);
    /* a directory as the file name */
    CHECK(export_png(&c, dir, &err) == -1, "directory as file name accepted");
    printf("  directory as name -> %s\n", err.msg);
    /* no permission (root ignores modes: /proc refuses new files) */
    CHECK(export_png(&c, "/proc/rnnscope-test.png", &err) == -1, "/proc accepted a file");
    printf("  /proc -> %s\n", err.msg);
    /* empty name */
    CHECK(export_png(&c, "", &err) == -1, "empty name accepted");
    /* an existing file stays untouched when writing fails half-way */
    snprintf(keep, sizeof keep, "%s/keep.png", dir);
    FILE *f = fopen(keep, "wb");
    CHECK(f && fputs("original contents", f) >= 0 && fclose(f) == 0, "cannot write %s", keep);
    long fails[3] = {0, 57, 400};
    for (int i = 0; i < 3; i++) {
        export_test_fail_after(fails[i]);
        int r = export_png(&c, keep, &err);
        export_test_fail_after(-1);
        CHECK(r == -1, "injected failure after %ld bytes not reported", fails[i]);
        printf("  write fails after %ld bytes -> %s\n", fails[i], err.msg);
        unsigned char *d = NULL;
        long len = 0;
        CHECK(read_file(keep, &d, &len) == 0 && len == 17 && !memcmp(d, "original contents", 17),
              "existing file changed by a failed export");
        free(d);
        CHECK(temp_files(dir) == 0, "temporary file left behind");
    }
    /* a half-way failure when there was no file: nothing appears */
    snprintf(path, sizeof path, "%s/never.png", dir);
    export_test_fail_after(100);
    CHECK(export_png(&c, path, &err) == -1, "injected failure not reported");
    export_test_fail_after(-1);
    CHECK(access(path, F_OK) != 0, "failed export left %s", path);
    CHECK(temp_files(dir) == 0, "temporary file left behind");
    /* export_png_new never replaces */
    CHECK(export_png_new(&c, keep, &err) == -1, "export_png_new replaced a file");
    printf("  export_png_new on existing -> %s\n", err.msg);
    /* unique names */
    char u1[600], u2[600];
    CHECK(export_unique_name(dir, "rnnscope", "png", u1, sizeof u1, &err) == 0, "%s", err.msg);
    CHECK(strstr(u1, "rnnscope-0001.png") != NULL, "first unique name %s", u1);
    CHECK(export_png_new(&c, u1, &err) == 0, "%s", err.msg);
    CHECK(export_unique_name(dir, "rnnscope", "png", u2, sizeof u2, &err) == 0, "%s", err.msg);
    CHECK(strstr(u2, "rnnscope-0002.png") != NULL, "second unique name %s", u2);
    printf("  unique names: %s, then %s\n", u1, u2);
    /* a name whose sidecar is taken is not free: the image and its sidecar go together */
    char taken[700], u3[600];
    snprintf(taken, sizeof taken, "%s/rnnscope-0002.json", dir);
    FILE *tf = fopen(taken, "w");
    CHECK(tf && fclose(tf) == 0, "create %s", taken);
    CHECK(export_unique_name(dir, "rnnscope", "png", u3, sizeof u3, &err) == 0, "%s", err.msg);
    CHECK(strstr(u3, "rnnscope-0003.png") != NULL, "with rnnscope-0002.json taken: %s", u3);
    unlink(taken);
    CHECK(export_unique_name("/no/such/dir", "x", "png", u2, sizeof u2, &err) == -1, "bad dir accepted");
    unlink(u1);
    unlink(keep);
    canvas_free(&c);
}

int main(int argc, char **argv)
{
    char dir[256];
    const char *out = argc > 1 ? argv[1] : NULL;
    snprintf(dir, sizeof dir, "/tmp/rnnscope-test-export-%ld", (long)getpid());
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        printf("cannot make %s\n", dir);
        return 1;
    }
    if (out && mkdir(out, 0755) != 0 && errno != EEXIST) {
        printf("cannot make %s: %s\n", out, strerror(errno));
        return 1;
    }
    const char *pics = out ? out : dir;

    Run fx[4];
    Run *fxp[4];
    for (int i = 0; i < 4; i++) {
        if (fixture_run(&fx[i], &fix_specs[i], 40, 300, 7 + i) != 0) return 1;
        fxp[i] = &fx[i];
    }
    PlotView v;
    plot_view_default(&v);
    v.title = "TEST FIXTURE: synthetic diagnostics (not training output)";
    printf("fixture dashboard:\n");
    render_and_export(pics, fxp, 4, 1920, 1080, &v, "fixture-1080p");
    render_and_export(pics, fxp, 4, 3840, 2160, &v, "fixture-2160p");

    static const char *const rnn[] = {"cell=rnn", NULL};
    static const char *const lstm[] = {"cell=lstm", NULL};
    static const char *const gru[] = {"cell=gru", "bidirectional=1", NULL};
    Run real[3];
    Run *realp[3] = {&real[0], &real[1], &real[2]};
    if (real_run(&real[0], rnn, 60) || real_run(&real[1], lstm, 60) || real_run(&real[2], gru, 60))
        return 1;
    PlotView rv;
    plot_view_default(&rv);
    printf("real runs (60 training steps each):\n");
    render_and_export(pics, realp, 3, 1920, 1080, &rv, "real-1080p");

    if (out) { /* pictures to look at */
        PlotView dv = rv;
        dv.theme = PLOT_THEME_DARK;
        render_and_export(out, realp, 3, 1920, 1080, &dv, "real-dark-1080p");
        render_and_export(out, realp, 3, 3840, 2160, &rv, "real-2160p");
        render_and_export(out, realp, 3, 1280, 720, &rv, "real-720p");
        render_and_export(out, realp, 3, 640, 480, &rv, "real-480p");
        render_and_export(out, realp, 3, 1080, 1350, &rv, "real-portrait");
        PlotView cv = v;
        cv.caption = "The gradient that reaches early timesteps shrinks by a constant factor per "
                     "step back for the tanh RNN, and hardly at all for the LSTM: its forget "
                     "gate keeps the error alive. Press J to show the Jacobian product instead.";
        cv.cursor = 12;
        cv.highlight = PANEL_GRADIENT;
        render_and_export(out, fxp, 4, 1920, 1080, &cv, "fixture-caption-cursor");
        PlotView fv = rv;
        for (int k = 0; k < PANEL_COUNT; k++) {
            char name[64];
            fv.focus = k;
            snprintf(name, sizeof name, "focus-%s", plot_panel_name((PanelKind)k));
            render_and_export(out, realp, 3, 1920, 1080, &fv, name);
        }
        fv.focus = PANEL_GRADIENT;
        fv.grad_mode = GRAD_MODE_JACOBIAN;
        render_and_export(out, realp, 3, 1920, 1080, &fv, "focus-jacobian");
        fv.grad_mode = GRAD_MODE_WHH;
        render_and_export(out, realp, 3, 1920, 1080, &fv, "focus-whh");
        /* other tasks, and a run that blows up */
        static const char *const add1[] = {"task=adding", "cell=lstm", "seq_len=30", NULL};
        static const char *const add2[] = {"task=adding", "cell=rnn", "seq_len=30", NULL};
        static const char *const boom[] = {"task=adding", "cell=rnn", "activation=relu",
                                           "seq_len=30", "init_scale=4", "clip=none",
                                           "optimizer=sgd", "lr=5", NULL};
        static const char *const mouse[] = {"task=mouse", "cell=gru", NULL};
        Run more[4];
        Run *morep[4] = {&more[0], &more[1], &more[2], &more[3]};
        if (real_run(&more[0], add1, 80) == 0 && real_run(&more[1], add2, 80) == 0 &&
            real_run(&more[2], boom, 80) == 0 && real_run(&more[3], mouse, 80) == 0) {
            render_and_export(out, morep, 3, 1920, 1080, &rv, "real-adding-diverged");
            render_and_export(out, morep + 3, 1, 1920, 1080, &rv, "real-mouse");
            for (int i = 0; i < 4; i++) run_free(&more[i]);
        }
    }
    check_pick(realp, 3, &rv);
    printf("failure paths:\n");
    failure_paths(dir);
    if (!out) { /* remove what this test wrote */
        const char *names[] = {"fixture-1080p", "fixture-2160p", "real-1080p"};
        for (int i = 0; i < 3; i++) {
            char path[512];
            snprintf(path, sizeof path, "%s/%s.png", dir, names[i]);
            unlink(path);
        }
    }
    CHECK(rmdir(dir) == 0 || out, "test directory %s not empty: %s", dir, strerror(errno));
    for (int i = 0; i < 4; i++) fixture_free(&fx[i]);
    for (int i = 0; i < 3; i++) run_free(&real[i]);
    return tu_finish();
}
