/* test_explode.c - exploding runs: init_scale 10, no clipping, every cell and
 * activation, beside a healthy run. A run that blows up must be stopped at the
 * step where its loss, gradient or weights first become non-finite, keep only
 * finite history, and not disturb the healthy run (which must match a run
 * trained alone, bit for bit). Run under UBSan with float checks by
 * .ci/run's sanitizer build: no undefined behaviour on the way. */
#include <math.h>
#include <string.h>

#include "cells.h"
#include "eigen.h"
#include "run.h"
#include "testutil.h"

#define STEPS 150

int main(void)
{
    Config healthy;
    config_default(&healthy);
    healthy.task = TASK_ADDING, healthy.seq_len = 30, healthy.hidden = 16;
    Run solo;
    Error err;
    run_init(&solo, &healthy, linalg_eigenvalues, &err);
    for (int i = 0; i < STEPS; i++) run_step(&solo);

    int n_diverged = 0, n_cases = 0;
    for (int cell = 0; cell < CELL_COUNT; cell++) { /* every recurrent cell of cell_list.h */
        if (!cell_of((CellKind)cell)) continue;
        for (int act = 0; act < (config_cell_reads((CellKind)cell, "activation") ? 4 : 1); act++) {
            for (int opt = 0; opt < 2; opt++) {
                Config c = healthy;
                c.cell = (CellKind)cell, c.activation = (Activation)act, c.init_scale = 10;
                c.clip = CLIP_NONE, c.optimizer = opt ? OPT_SGD : OPT_ADAM, c.lr = opt ? 0.5 : 0.01;
                Run bad, good;
                if (run_init(&bad, &c, linalg_eigenvalues, &err) ||
                    run_init(&good, &healthy, linalg_eigenvalues, &err)) {
                    CHECK(0, "run_init: %s", err.msg);
                    continue;
                }
                n_cases++;
                for (int i = 0; i < STEPS; i++) {
                    run_step(&bad);
                    run_step(&good);
                }
                char label[64];
                config_label(&c, label, sizeof label);
                if (bad.diverged_at) {
                    n_diverged++;
                    printf("%-12s %-4s init_scale 10, no clip: diverged at step %ld (%s)\n", label,
                           optimizer_name(c.optimizer), bad.diverged_at, bad.diverged_why);
                    CHECK(bad.step == bad.diverged_at - 1, "%s: steps %ld vs diverged_at %ld", label,
                          bad.step, bad.diverged_at);
                } else {
                    printf("%-12s %-4s init_scale 10, no clip: finite for %d steps (loss %.4g)\n", label,
                           optimizer_name(c.optimizer), STEPS, bad.diag.loss);
                    CHECK(isfinite(bad.diag.loss) && isfinite(bad.diag.grad_norm),
                          "%s: not diverged but not finite", label);
                }
                int finite = 1;
                for (int i = 0; i < bad.hist.n; i++)
                    finite &= isfinite(bad.hist.e[i].loss) && isfinite(bad.hist.e[i].grad_norm);
                CHECK(finite, "%s: non-finite values recorded in history", label);
                CHECK(good.step == STEPS &&
                          memcmp(good.model.params, solo.model.params,
                                 sizeof(double) * solo.model.n_params) == 0,
                      "%s: the healthy run beside it changed", label);
                run_free(&bad);
                run_free(&good);
            }
        }
    }
    printf("%d of %d exploding configurations diverged and were stopped; healthy runs unaffected\n",
           n_diverged, n_cases);
    CHECK(n_diverged > 0, "no configuration diverged: the test exercises nothing");
    run_free(&solo);
    return tu_finish();
}
