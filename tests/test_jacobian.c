/* test_jacobian.c - the Jacobian diagnostics against independent references.
 * ||dh_{T-1}/dh_t|| (diag.jac_prod) of example 0 is compared with the spectral
 * norm (LAPACK dgesvd) of the Jacobian measured by five-point finite differences
 * through the forward pass (perturbing h_t of example 0, c_t held for LSTM);
 * sigma_max with dgesvd of W_hh; eigenvalues with the trace and determinant. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cells.h"
#include "eigen.h"
#include "run.h"
#define TU_LAPACK /* tu_svd_max */
#include "testutil.h"

#define EPS 1e-4

static void check_cell(CellKind cell, Activation act)
{
    Config c;
    config_default(&c);
    c.task = TASK_ADDING, c.cell = cell, c.activation = act, c.hidden = 6, c.seq_len = 8;
    c.batch = 3, c.init = INIT_NORMAL, c.init_scale = 1.5, c.seed = 5;
    Run r;
    Error err;
    if (run_init(&r, &c, linalg_eigenvalues, &err)) {
        CHECK(0, "run_init: %s", err.msg);
        return;
    }
    for (int i = 0; i < 3; i++) run_step(&r); /* trained a little: not at init */
    run_step(&r); /* the step whose diagnostics are checked */
    /* replay a second run to just before that step: same weights, same batch */
    Run q;
    run_init(&q, &c, linalg_eigenvalues, &err);
    for (int i = 0; i < 3; i++) run_step(&q);
    task_batch(&q.task, &q.data_rng, &q.batch);
    Model *qm = &q.model;
    model_forward(qm, &q.batch);
    int T = c.seq_len, H = c.hidden, B = c.batch;
    double *J = malloc(sizeof(double) * (size_t)H * H);
    double *probe = calloc((size_t)B * H, sizeof(double));
    double *hs[4];
    for (int k = 0; k < 4; k++) hs[k] = malloc(sizeof(double) * (size_t)H);
    static const double st[4] = {2, 1, -1, -2};
    double worst = 0;
    for (int t = 0; t < T - 1; t++) {
        for (int j = 0; j < H; j++) {
            for (int k = 0; k < 4; k++) {
                probe[j] = st[k] * EPS; /* example 0 only */
                qm->probe_h = probe, qm->probe_dir = 0, qm->probe_t = t;
                model_forward(qm, &q.batch);
                memcpy(hs[k], qm->cache[0].h + (long)T * B * H, sizeof(double) * (size_t)H);
            }
            probe[j] = 0;
            qm->probe_h = NULL;
            for (int i = 0; i < H; i++)
                J[i * H + j] = (-hs[0][i] + 8 * hs[1][i] - 8 * hs[2][i] + hs[3][i]) / (12 * EPS);
        }
        double ref = tu_svd_max(J, H, H);
        double got = r.diag.jac_prod[t];
        double rel = fabs(got - ref) / fmax(ref, 1e-12);
        worst = fmax(worst, rel);
    }
    printf("%-4s %-7s ||dh_T-1/dh_t|| vs finite differences + dgesvd: worst rel err %.2e\n",
           cell_name(cell), config_cell_reads(cell, "activation") ? activation_name(act) : "", worst);
    CHECK(worst <= 1e-6, "%s: jac_prod rel err %.3g > 1e-6", cell_name(cell), worst);

    /* sigma_max and the spectrum of the matrix that step used */
    double *W = malloc(sizeof(double) * (size_t)H * H);
    model_recurrent_matrix(qm, W);
    double smax = tu_svd_max(W, H, H);
    double rel_s = fabs(r.diag.sigma_max - smax) / smax;
    double tr = 0, sum_re = 0, sum_im = 0;
    for (int i = 0; i < H; i++) tr += W[i * H + i];
    for (int i = 0; i < H; i++) sum_re += r.eig_re[i], sum_im += r.eig_im[i];
    double rho = 0;
    for (int i = 0; i < H; i++) rho = fmax(rho, hypot(r.eig_re[i], r.eig_im[i]));
    printf("     sigma_max %.12g vs dgesvd %.12g (rel %.1e); sum of eigenvalues %.12g vs trace %.12g; "
           "rho %.6g <= sigma_max\n", r.diag.sigma_max, smax, rel_s, sum_re, tr, rho);
    CHECK(rel_s <= 1e-9, "sigma_max rel err %.3g", rel_s);
    CHECK(fabs(sum_re - tr) <= 1e-9 * (1 + fabs(tr)) && fabs(sum_im) <= 1e-9, "eigenvalues do not sum to the trace");
    CHECK(rho <= smax * (1 + 1e-12) && fabs(rho - r.diag.spectral_radius) <= 1e-15 * rho + 1e-300,
          "spectral radius %.17g inconsistent (sigma_max %.17g)", rho, smax);
    free(W), free(J), free(probe);
    for (int k = 0; k < 4; k++) free(hs[k]);
    run_free(&q);
    run_free(&r);
}

int main(void)
{
    /* every recurrent cell of cell_list.h; tanh, sigmoid and ReLU where it reads one */
    static const Activation acts[] = {ACT_TANH, ACT_SIGMOID, ACT_RELU};
    for (int cell = 0; cell < CELL_COUNT; cell++) {
        if (!cell_of((CellKind)cell)) continue;
        int n = config_cell_reads((CellKind)cell, "activation") ? 3 : 1;
        for (int a = 0; a < n; a++) check_cell((CellKind)cell, acts[a]);
    }
    return tu_finish();
}
