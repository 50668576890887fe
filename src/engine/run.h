/* run.h - one training run: config, task data, model, latest diagnostics, history.
 * Runs built from the same seed, task, seq_len and batch see identical data. */
#ifndef RNNSCOPE_RUN_H
#define RNNSCOPE_RUN_H

#include "batch.h"
#include "config.h"
#include "diag.h"
#include "error.h"
#include "history.h"
#include "model.h"
#include "rng.h"
#include "task.h"

/* Optional eigenvalue solver supplied by the caller (the engine has none):
 * fills re/im (n each) with the eigenvalues of the n x n row-major matrix a
 * (which it may overwrite), using work (EIGEN_WORK(n) doubles); returns 0 or -1. */
#define EIGEN_WORK(n) (8 * (n) + 64)
typedef int (*EigenFn)(double *a, int n, double *re, double *im, double *work);

#define RUN_MEAN_STEPS 20 /* loss_mean / accuracy_mean window (lesson checks use the same) */

typedef struct Run {
    Config cfg;
    char label[64];
    Task task;
    Model model;
    Batch batch;
    Rng data_rng;
    Diag diag;          /* diagnostics of the latest step */
    History hist;
    long step;          /* training steps taken */
    long diverged_at;   /* step at which it diverged, 0 if it has not */
    char diverged_why[64];
    EigenFn eigen;      /* may be NULL */
    double *eig_re, *eig_im;  /* (H) eigenvalues of the recurrent matrix this step used */
    double *eig_a, *eig_work; /* (H, H) and EIGEN_WORK(H) scratch */
    int jacobians_every; /* compute Jacobian diagnostics every k steps (1 = always, 0 = never) */
    int jacobian_norms;  /* 1 (default): with them each step's ||ds_t/ds_{t-1}||_2 (jac_norm),
                          * which the CSV and lesson checks use; 0: only the product (jac_prod),
                          * all the window draws, in about half the time */
    double recent_loss[RUN_MEAN_STEPS], recent_acc[RUN_MEAN_STEPS]; /* ring, by step */
    /* A pinned sentence (run_set_example) is not trained on: each step it goes
     * forward and back alone through the weights that step used (probe, B = 1),
     * and what the diagnostics say of example 0 (the _ex0 arrays, the Jacobians,
     * the prediction) is then said of it, as its share of a batch of B. */
    int has_example;
    Model probe;         /* same config with batch 1: its params are copied each step */
    Batch probe_batch;   /* (T, 1) the sentence */
    Diag probe_diag;
} Run;

/* Builds a run (allocates everything it will ever need). */
int run_init(Run *r, const Config *cfg, EigenFn eigen, Error *err);
/* Bytes run_init allocates for cfg and a task of I inputs and O outputs, as requested of
 * the allocator (config_memory_bytes adds its rounding, at every task's bounds); not
 * the pinned example's model (run_example_memory_bytes). */
double run_memory_bytes(const Config *cfg, int I, int O);
/* Bytes run_set_example allocates at most on top of run_init's for the same sizes: the
 * second model (cfg at batch 1) that carries the pinned sentence, its batch and
 * diagnostics, and the sentence's tokens while it is read. */
double run_example_memory_bytes(const Config *cfg, int I, int O);
void run_free(Run *r);
/* Back to step 0 with the same seed: bit-identical replay. */
void run_reset(Run *r);
/* Pins the sentence text (task_example) as the example the diagnostics
 * describe in place of the batch's example 0, without training on it; NULL
 * unpins. The batches are drawn as before. On error returns -1 with err and
 * *at (byte offset in text); the run is then unchanged. */
int run_set_example(Run *r, const char *text, int *at, Error *err);
/* The batch whose example 0 the diagnostics describe: the pinned sentence's
 * (B = 1) if there is one, else the training batch. */
static inline const Batch *run_example_batch(const Run *r)
{
    return r->has_example ? &r->probe_batch : &r->batch;
}
/* One training step: batch, forward, backward, clip, update, diagnostics.
 * Returns 0, or 1 if the run has diverged (now or before; it then stays put). */
int run_step(Run *r);

/* The median of v[0..n-1] (n <= a few dozen: an insertion sort, v is reordered); NaN if
 * any value is NaN or n <= 0. The loss line and the lesson checks' loss both use it. */
double run_median(double *v, int n);

#endif
