/* test_run.c - determinism, replay, divergence detection and bounded history. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eigen.h"
#include "run.h"
#include "testutil.h"
#include "vmath.h"

static int same_run(const Run *a, const Run *b)
{
    if (memcmp(a->model.params, b->model.params, sizeof(double) * a->model.n_params)) return 0;
    const Diag *x = &a->diag, *y = &b->diag;
    if (memcmp(x->grad_h, y->grad_h, sizeof(double) * (size_t)x->T * 10)) return 0;
    return x->loss == y->loss && a->hist.n == b->hist.n &&
           memcmp(a->hist.e, b->hist.e, sizeof(HistEntry) * (size_t)a->hist.n) == 0;
}

static void determinism(CellKind cell)
{
    Config c;
    config_default(&c);
    c.cell = cell, c.seq_len = 16, c.hidden = 12, c.batch = 8, c.seed = 42;
    Run a, b;
    Error err;
    run_init(&a, &c, linalg_eigenvalues, &err);
    run_init(&b, &c, linalg_eigenvalues, &err);
    for (int i = 0; i < 30; i++) run_step(&a), run_step(&b);
    CHECK(same_run(&a, &b), "%s: two runs of one config differ", cell_name(cell));
    /* R: reset and replay gives the same bits */
    Run snap;
    run_init(&snap, &c, linalg_eigenvalues, &err);
    for (int i = 0; i < 30; i++) run_step(&snap);
    run_reset(&a);
    CHECK(a.step == 0 && a.hist.n == 0, "reset did not clear the run");
    for (int i = 0; i < 30; i++) run_step(&a);
    CHECK(same_run(&a, &snap), "%s: replay after reset differs", cell_name(cell));
    /* another seed, another run */
    c.seed = 43;
    Run d;
    run_init(&d, &c, linalg_eigenvalues, &err);
    for (int i = 0; i < 30; i++) run_step(&d);
    CHECK(!same_run(&a, &d), "%s: seeds 42 and 43 gave identical runs", cell_name(cell));
    printf("%s: 30 steps bit-identical twice and after reset; seed 43 differs (loss %.6g vs %.6g)\n",
           cell_name(cell), a.diag.loss, d.diag.loss);
    run_free(&a), run_free(&b), run_free(&snap), run_free(&d);
}

static long train_until_divergence(ClipKind clip, long steps, Run *r)
{
    Config c;
    config_default(&c);
    c.task = TASK_ADDING, c.activation = ACT_RELU, c.init_scale = 3, c.optimizer = OPT_SGD;
    c.lr = 0.01, c.clip = clip, c.seq_len = 40, c.seed = 1;
    Error err;
    run_init(r, &c, linalg_eigenvalues, &err);
    for (long i = 0; i < steps; i++)
        if (run_step(r)) break;
    return r->diverged_at;
}

static void divergence(void)
{
    Run r;
    long k = train_until_divergence(CLIP_NONE, 200, &r);
    printf("relu RNN init_scale 3, no clipping: diverged at step %ld (%s), %ld steps completed\n", k,
           r.diverged_why, r.step);
    CHECK(k > 0 && r.step == k - 1, "expected a divergence (diverged_at %ld, step %ld)", k, r.step);
    CHECK(run_step(&r) == 1 && r.step == k - 1, "a diverged run must stay put");
    int finite = 1;
    for (long i = 0; i < r.hist.n; i++) finite &= isfinite(r.hist.e[i].loss) != 0;
    CHECK(finite, "history holds a non-finite loss");
    run_free(&r);
    long k2 = train_until_divergence(CLIP_NORM, 200, &r);
    printf("the same with norm clipping: diverged_at %ld after %ld steps\n", k2, r.step);
    CHECK(k2 == 0 && r.step == 200, "norm clipping should keep it finite for 200 steps");
    run_free(&r);
}

static void bounded_history(void)
{
    Config c;
    config_default(&c);
    c.task = TASK_ADDING, c.seq_len = 4, c.hidden = 2, c.batch = 1;
    Run r;
    Error err;
    run_init(&r, &c, NULL, &err);
    r.jacobians_every = 0;
    long clips = 0;
    for (int i = 0; i < 5000; i++) {
        run_step(&r);
        clips += r.diag.clipped;
    }
    const History *h = &r.hist;
    long sum = h->pending_clips;
    int ok = h->n >= h->cap / 2 && h->n <= h->cap;
    for (int i = 0; i < h->n; i++) {
        sum += h->e[i].clips;
        ok &= h->e[i].step == (i + 1) * h->stride;
    }
    printf("5000 steps -> %d entries every %ld steps (cap %d); clip events %ld counted %ld\n", h->n,
           h->stride, h->cap, clips, sum);
    CHECK(ok, "history entries are not every stride-th step within the cap");
    CHECK(sum == clips, "clip events lost by compaction: %ld vs %ld", sum, clips);
    run_free(&r);
}

/* model_clip_step against what it fuses, model_clip, model_grad_norm and model_step
 * one after the other, to the bit: the parameters, gradients and both moments, the
 * clipped norm and the flag, for norm clipping with Adam clipped and not (the fused
 * pass, and the separate one), a parameter count that is not a multiple of 8 (the
 * tail), and a gradient with +-0 in it. */
static void clip_step_fused(double thr)
{
    Config c;
    config_default(&c);
    c.task = TASK_ADDING, c.cell = CELL_LSTM, c.hidden = 13, c.seq_len = 9, c.batch = 2;
    c.clip = CLIP_NORM, c.clip_threshold = thr, c.optimizer = OPT_ADAM, c.lr = 0.01;
    Run a, b;
    Error err;
    if (run_init(&a, &c, NULL, &err) || run_init(&b, &c, NULL, &err)) {
        CHECK(0, "run_init: %s", err.msg);
        return;
    }
    Model *ma = &a.model, *mb = &b.model;
    long bad = 0, flags = 0;
    double worst = 0;
    for (int s = 0; s < 5; s++) {
        run_step(&a); /* a few steps, so that the moments are not zero */
        model_backward(ma, &a.batch, NULL);
        for (size_t i = 0; i < ma->n_params; i += 17) ma->grads[i] = i % 2 ? -0.0 : 0.0;
        size_t bytes = sizeof(double) * ma->n_params * 4; /* params, grads, opt_m, opt_v */
        memcpy(mb->params, ma->params, bytes);
        mb->opt_t = ma->opt_t;
        double norm = model_grad_norm(ma), after_a, after_b;
        int ca = model_clip(ma, norm);
        after_a = ca ? model_grad_norm(ma) : norm;
        model_step(ma);
        int cb = model_clip_step(mb, norm, &after_b);
        bad += memcmp(ma->params, mb->params, bytes) != 0;
        bad += memcmp(&after_a, &after_b, sizeof after_a) != 0;
        flags += ca != cb;
        worst = fmax(worst, fabs(after_a - after_b));
        if (s == 0)
            printf("clip_step thr %g: %zu parameters, norm %.6g -> %.6g, clipped %d\n", thr,
                   ma->n_params, norm, after_b, cb);
    }
    printf("clip_step thr %g: 5 steps, %ld differ, worst norm difference %.3g (tolerance: 0 bits)\n",
           thr, bad, worst);
    CHECK(ma->n_params % 8 != 0, "the parameter count %zu leaves no tail", ma->n_params);
    CHECK(bad == 0 && flags == 0, "model_clip_step differs from clip, norm and step apart: %ld, %ld",
          bad, flags);
    run_free(&a), run_free(&b);
}

/* model.diag_extra = 0 (the summary line, the benchmark) changes no bit of the
 * training, and the diagnostics it skips read NaN, not a stale step's value */
static void extras_off(CellKind cell)
{
    Config c;
    config_default(&c);
    c.cell = cell, c.seq_len = 13, c.hidden = 9, c.batch = 3, c.seed = 7, c.clip = CLIP_NORM;
    c.optimizer = OPT_ADAM;
    Run a, b;
    Error err;
    if (run_init(&a, &c, linalg_eigenvalues, &err) || run_init(&b, &c, linalg_eigenvalues, &err)) {
        CHECK(0, "run_init: %s", err.msg);
        return;
    }
    b.model.diag_extra = 0;
    int skipped = 1, kept = 1;
    for (int i = 0; i < 40; i++) {
        run_step(&a), run_step(&b);
        skipped &= isnan(b.diag.sigma_max) && isnan(b.diag.spectral_radius);
        kept &= isfinite(a.diag.sigma_max) && a.diag.sigma_max > 0;
        for (int t = 0; t < c.seq_len; t++) {
            skipped &= isnan(b.diag.whh_contrib[t]);
            kept &= isfinite(a.diag.whh_contrib[t]);
        }
    }
    int same = memcmp(a.model.params, b.model.params, sizeof(double) * a.model.n_params) == 0 &&
               memcmp(a.diag.grad_h, b.diag.grad_h, sizeof(double) * (size_t)c.seq_len) == 0 &&
               memcmp(&a.diag.loss, &b.diag.loss, sizeof a.diag.loss) == 0;
    printf("extras off, %s: 40 steps, weights %s (tolerance: 0 bits)\n", cell_name(cell),
           same ? "identical" : "differ");
    CHECK(same, "%s: diag_extra = 0 changed the training", cell_name(cell));
    CHECK(skipped, "%s: diag_extra = 0 left a sigma_max or whh_contrib that is not NaN", cell_name(cell));
    CHECK(kept, "%s: diag_extra = 1 gave a sigma_max or whh_contrib that is not finite", cell_name(cell));
    run_free(&a), run_free(&b);
}

/* Adam late in training: from t = 350 on the bias correction 1 - 0.9^t is exactly
 * 1.0 and the update leaves out the divide by it. Both passes (model_step, and the
 * clipping one of model_clip_step) against Adam written out here with the divide,
 * bit for bit, at steps on both sides of that point. */
static void adam_late(void)
{
    Config c;
    config_default(&c);
    c.task = TASK_ADDING, c.cell = CELL_GRU, c.hidden = 7, c.seq_len = 6, c.batch = 2;
    c.clip = CLIP_NORM, c.clip_threshold = 1e-3, c.optimizer = OPT_ADAM, c.lr = 0.01;
    Run a;
    Error err;
    if (run_init(&a, &c, NULL, &err)) {
        CHECK(0, "run_init: %s", err.msg);
        return;
    }
    Model *m = &a.model;
    size_t n = m->n_params;
    double *p = malloc(sizeof(double) * n * 4), *g = p + n, *s1 = g + n, *s2 = s1 + n;
    static const long ts[] = {348, 349, 350, 2000};
    long bad = 0;
    for (int k = 0; k < 4 && p; k++)
        for (int fused = 0; fused < 2; fused++) {
            run_step(&a); /* moments and a gradient that are not zero */
            model_backward(m, &a.batch, NULL);
            m->opt_t = ts[k] - 1; /* the update below is step ts[k] */
            memcpy(p, m->params, sizeof(double) * n * 4); /* params, grads, opt_m, opt_v */
            double norm = model_grad_norm(m), after;
            if (fused) model_clip_step(m, norm, &after);
            else model_step(m);
            double c1 = 1.0 - vm_powi(0.9, ts[k]), c2 = 1.0 - vm_powi(0.999, ts[k]);
            double kc = fused ? c.clip_threshold / norm : 1.0;
            for (size_t i = 0; i < n; i++) {
                double gi = fused ? g[i] * kc : g[i];
                s1[i] = 0.9 * s1[i] + (1.0 - 0.9) * gi;
                s2[i] = 0.999 * s2[i] + (1.0 - 0.999) * gi * gi;
                p[i] -= c.lr * (s1[i] / c1) / (sqrt(s2[i] / c2) + 1e-8);
            }
            bad += memcmp(p, m->params, sizeof(double) * n) != 0;
            if (fused && k == 3) CHECK(c1 == 1.0, "1 - 0.9^2000 is %.17g, not 1", c1);
        }
    printf("adam at steps 348, 349, 350, 2000, clipped and not: %ld of 8 updates differ from the "
           "written-out update (tolerance: 0 bits)\n", bad);
    CHECK(bad == 0, "Adam's update differs from its formula");
    free(p);
    run_free(&a);
}

int main(void)
{
    clip_step_fused(1e-3); /* clipped at every step: the fused pass */
    clip_step_fused(1e9);  /* never clipped */
    determinism(CELL_RNN);
    determinism(CELL_LSTM);
    determinism(CELL_GRU);
    determinism(CELL_ATTENTION);
    adam_late();
    extras_off(CELL_RNN);
    extras_off(CELL_LSTM);
    extras_off(CELL_GRU);
    divergence();
    bounded_history();
    return tu_finish();
}
