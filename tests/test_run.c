/* test_run.c - determinism, replay, divergence detection and bounded history. */
#include <math.h>
#include <string.h>

#include "eigen.h"
#include "run.h"
#include "testutil.h"

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

int main(void)
{
    determinism(CELL_RNN);
    determinism(CELL_LSTM);
    determinism(CELL_GRU);
    determinism(CELL_ATTENTION);
    divergence();
    bounded_history();
    return tu_finish();
}
