/* test_plot_extremes.c - the figures of runs that blew up, and of diagnostics at the
 * edges of double precision, drawn without undefined behaviour.
 *
 * Built into the sanitizer CI build (.ci/run: -fsanitize=address,undefined plus
 * float-divide-by-zero and float-cast-overflow), where any NaN or inf that reaches
 * an int conversion, or any out-of-bounds pixel, stops the test. Checks in every build:
 *   - real diverging runs (ReLU/tanh RNN, LSTM, bi-GRU at init_scale 10 without
 *     clipping, and one that is non-finite at its first step) really diverged;
 *   - real runs whose latest diagnostics and history are overwritten with NaN, +-inf,
 *     +-DBL_MAX, 1e300, denormals, zeros and mixtures of them;
 *   - for each: the dashboard, every panel alone, every gradient mode, both themes,
 *     a cursor, and plot_pick on a grid of points;
 *   - the canvas stays opaque (alpha 0xFF everywhere), the data areas left for
 *     plot_pick have finite ranges with lo < hi, pick texts are one NUL-terminated
 *     string without control characters other than '\n', and drawing twice gives
 *     the same bytes. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eigen.h"
#include "plot.h"
#include "run.h"
#include "testutil.h"

#define CANVAS_W 960
#define CANVAS_H 540

static int build(Run *r, const char *const *sets, int max_steps)
{
    Config c;
    Error err;
    config_default(&c);
    for (int i = 0; sets[i]; i++) {
        if (config_set_pair(&c, sets[i], &err)) {
            CHECK(0, "%s: %s", sets[i], err.msg);
            return -1;
        }
    }
    if (run_init(r, &c, linalg_eigenvalues, &err)) {
        CHECK(0, "run_init: %s", err.msg);
        return -1;
    }
    for (int i = 0; i < max_steps && !r->diverged_at; i++) run_step(r);
    return 0;
}

/* Fills every diagnostic of r (latest step, history, eigenvalues) from pattern k. */
static double pattern(int k, int i)
{
    static const double v[] = {NAN, INFINITY, -INFINITY, DBL_MAX, -DBL_MAX, 1e300, 4.9e-324,
                               DBL_MIN, 0.0, -0.0, 1.0, 1e-300};
    const int nv = (int)(sizeof v / sizeof v[0]);
    switch (k) {
    case 0: return NAN;
    case 1: return INFINITY;
    case 2: return DBL_MAX;
    case 3: return 4.9e-324;
    case 4: return 0.0;
    case 5: return -DBL_MAX;
    case 6: return v[i % nv];              /* everything mixed */
    case 7: return i % 2 ? 1e300 : 1e-300; /* the widest finite log range */
    default: return i % 3 ? 1.0 : NAN;     /* mostly fine, with holes */
    }
}

#define N_PATTERNS 9

static void poison(Run *r, int k)
{
    Diag *d = &r->diag;
    int i = 0;
    for (int t = 0; t < d->T; t++) {
        d->grad_h[t] = pattern(k, i++);
        d->grad_h_rev[t] = pattern(k, i++);
        d->grad_h_ex0[t] = pattern(k, i++);
        d->grad_c[t] = pattern(k, i++);
        d->whh_contrib[t] = pattern(k, i++);
        d->jac_norm[t] = pattern(k, i++);
        d->jac_prod[t] = pattern(k, i++);
        d->bound[t] = pattern(k, i++);
        for (int g = 0; g < DIAG_MAX_GATES; g++) d->gate_mean[t * DIAG_MAX_GATES + g] = pattern(k, i++);
    }
    d->loss = pattern(k, i++);
    d->accuracy = pattern(k, i++);
    d->grad_norm = pattern(k, i++);
    d->grad_norm_clipped = pattern(k, i++);
    d->sigma_max = pattern(k, i++);
    d->spectral_radius = pattern(k, i++);
    d->pred_prob = pattern(k, i++);
    History *h = &r->hist;
    for (int e = 0; e < h->n; e++) {
        h->e[e].loss = pattern(k, i++);
        h->e[e].accuracy = pattern(k, i++);
        h->e[e].grad_norm = pattern(k, i++);
        h->e[e].grad_norm_clipped = pattern(k, i++);
        h->e[e].sigma_max = pattern(k, i++);
        h->e[e].spectral_radius = pattern(k, i++);
        for (int t = 0; t < h->T; t++) h->grad_h[(size_t)e * (size_t)h->T + (size_t)t] = pattern(k, i++);
    }
    if (r->eig_re)
        for (int j = 0; j < r->model.H; j++) r->eig_re[j] = pattern(k, i++), r->eig_im[j] = pattern(k, i++);
}

static int opaque(const Canvas *c)
{
    for (long p = 0; p < (long)c->w * c->h; p++)
        if ((c->px[p] >> 24) != 0xFF) return 0;
    return 1;
}

static long n_draws, n_picks;

static void check_canvas(Canvas *c, const char *what)
{
    n_draws++;
    CHECK(opaque(c), "%s: canvas not opaque", what);
    for (int a = 0; a < c->nareas; a++) {
        const CanvasArea *ar = &c->areas[a];
        CHECK(isfinite(ar->x_lo) && isfinite(ar->x_hi) && ar->x_lo < ar->x_hi && isfinite(ar->y_lo) &&
                  isfinite(ar->y_hi) && ar->y_lo < ar->y_hi,
              "%s: panel %s has axis ranges x %g..%g y %g..%g", what,
              plot_panel_name((PanelKind)ar->tag), ar->x_lo, ar->x_hi, ar->y_lo, ar->y_hi);
    }
}

static void picks(Canvas *c, Run *const *runs, int n, const PlotView *v, const char *what)
{
    for (int y = 2; y < c->h; y += 27) {
        for (int x = 3; x < c->w; x += 31) {
            PlotPick pk;
            memset(&pk, 0x55, sizeof pk); /* no NUL unless pick writes one */
            if (!plot_pick(c, runs, n, v, x, y, &pk)) continue;
            n_picks++;
            size_t len = strnlen(pk.text, sizeof pk.text);
            int ok = len < sizeof pk.text;
            for (size_t i = 0; ok && i < len; i++)
                ok = (unsigned char)pk.text[i] >= 0x20 || pk.text[i] == '\n';
            CHECK(ok, "%s: pick at (%d,%d) gave a bad text", what, x, y);
        }
    }
}

static void draw_all(Canvas *c, Run *const *runs, int n, const char *what)
{
    PlotView v;
    plot_view_default(&v);
    v.caption = "A run that blew up: its values are not finite from the step it diverged at.";
    plot_dashboard(c, runs, n, &v);
    check_canvas(c, what);
    uint32_t *first = malloc(sizeof(uint32_t) * (size_t)c->w * (size_t)c->h);
    if (first) {
        memcpy(first, c->px, sizeof(uint32_t) * (size_t)c->w * (size_t)c->h);
        plot_dashboard(c, runs, n, &v);
        CHECK(memcmp(first, c->px, sizeof(uint32_t) * (size_t)c->w * (size_t)c->h) == 0,
              "%s: drawing twice gave different pixels", what);
        free(first);
    }
    picks(c, runs, n, &v, what);
    for (int m = 0; m < 3; m++) {
        v.grad_mode = (GradMode)m;
        v.cursor = m == 1 ? 0 : m == 2 ? runs[0]->diag.T - 1 : -1;
        v.theme = m == 2 ? PLOT_THEME_DARK : PLOT_THEME_LIGHT;
        for (int k = 0; k < PANEL_COUNT; k++) {
            v.focus = k;
            v.highlight = k;
            plot_dashboard(c, runs, n, &v);
            check_canvas(c, what);
            if (m == 0) picks(c, runs, n, &v, what);
        }
    }
}

int main(void)
{
    Canvas c;
    Error err;
    if (canvas_init(&c, CANVAS_W, CANVAS_H, &err)) {
        printf("canvas_init: %s\n", err.msg);
        return 1;
    }
    /* real runs that blow up */
    static const char *const relu[] = {"task=adding", "activation=relu", "init_scale=10", "clip=none",
                                       "optimizer=sgd", "lr=0.5", NULL};
    static const char *const tanh_[] = {"task=adding", "activation=tanh", "init_scale=10",
                                        "clip=none", "optimizer=sgd", "lr=0.5", NULL};
    static const char *const lstm[] = {"task=adding", "cell=lstm", "init_scale=100", "clip=none",
                                       "optimizer=sgd", "lr=10", "hidden=16", NULL};
    /* does not diverge: a finite loss near 1e228 */
    static const char *const gru[] = {"task=adding", "cell=gru", "init_scale=10", "clip=none",
                                      "optimizer=sgd", "lr=0.5", "hidden=16", "seq_len=30", NULL};
    static const char *const first[] = {"task=adding", "activation=linear", "init_scale=100",
                                        "clip=none", "optimizer=sgd", "lr=10", "seq_len=400",
                                        "hidden=64", NULL};
    static const char *const healthy[] = {"task=adding", "hidden=8", NULL};
    const char *const *sets[6] = {relu, tanh_, lstm, first, gru, healthy};
    Run runs[6];
    Run *rp[6];
    int built = 0;
    for (; built < 6; built++) {
        if (build(&runs[built], sets[built], built == 4 ? 150 : 200)) break;
        rp[built] = &runs[built];
    }
    if (built == 6) {
        for (int i = 0; i < 4; i++) {
            printf("%-14s diverged at step %ld (%s)\n", runs[i].label, runs[i].diverged_at,
                   runs[i].diverged_why);
            CHECK(runs[i].diverged_at > 0, "%s did not diverge: nothing to draw", runs[i].label);
        }
        printf("%-14s finite after %ld steps, loss %.3g\n", runs[4].label, runs[4].step,
               runs[4].diag.loss);
        CHECK(runs[4].diverged_at == 0 && runs[4].diag.loss > 1e100, "the GRU run: loss %g",
              runs[4].diag.loss);
        CHECK(runs[5].diverged_at == 0, "the healthy run diverged");
        for (int i = 0; i < 6; i++) draw_all(&c, rp + i, 1, runs[i].label);
        draw_all(&c, rp, 6, "all six runs");
    }
    /* diagnostics at the edges of double precision */
    for (int k = 0; k < N_PATTERNS && built == 6; k++) {
        static const char *const s1[] = {"task=kerala", "cell=lstm", "hidden=8", "seq_len=12", NULL};
        static const char *const s2[] = {"task=mouse", "cell=gru", "bidirectional=1", "hidden=8", NULL};
        Run a, b;
        if (build(&a, s1, 3) || build(&b, s2, 3)) break;
        poison(&a, k);
        poison(&b, k + 1);
        Run *ab[3] = {&a, &b, &runs[5]};
        char what[64];
        snprintf(what, sizeof what, "pattern %d", k);
        draw_all(&c, ab, 3, what);
        run_free(&a);
        run_free(&b);
    }
    printf("%ld drawings and %ld picks of diverged and extreme runs\n", n_draws, n_picks);
    for (int i = 0; i < built; i++) run_free(&runs[i]);
    canvas_free(&c);
    return tu_finish();
}
