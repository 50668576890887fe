/* test_gradcheck.c - exact BPTT against central finite differences.
 * For every cell x activation x direction x loss, every parameter's analytic
 * gradient must match the five-point central difference
 * (-L(p+2e) + 8L(p+e) - 8L(p-e) + L(p-2e)) / 12e  (error O(e^4))
 * to relative error <= 1e-6, and so
 * must dL/dh_t (and dL/dc_t for LSTM) for every timestep, probed in the forward,
 * and dL/dx_t (every input of every example), with the diagnostics built on it:
 * ||dL/dx_t|| over the batch (diag.grad_x) and of example 0 (diag.grad_x_ex0). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cells.h"
#include "model.h"
#include "rng.h"
#include "testutil.h"

#define TOL 1e-6
#define EPS 1e-4

/* |a - n| / max(|a|, |n|, FLOOR): components below FLOOR (where the difference
 * quotient's round-off, ~1e-12, would dominate) are compared absolutely */
#define FLOOR 1e-5
static double rel_err(double a, double n) { return fabs(a - n) / fmax(fmax(fabs(a), fabs(n)), FLOOR); }

/* a random batch with a random mask (at least one scored position) */
static void random_batch(Batch *b, LossKind loss, Rng *rng)
{
    int T = b->T, B = b->B, I = b->I, O = b->O;
    for (long i = 0; i < (long)T * B * I; i++) b->x[i] = rng_normal(rng);
    for (long i = 0; i < (long)T * B; i++) {
        b->mask[i] = rng_uniform(rng) < 0.5;
        b->target[i] = -1;
        b->token[i] = -1;
    }
    b->mask[(long)(T - 1) * B] = 1;
    for (long i = 0; i < (long)T * B; i++) {
        if (!b->mask[i]) continue;
        if (loss == LOSS_XENT) b->target[i] = rng_int(rng, O);
        else
            for (int k = 0; k < O; k++) b->y[i * O + k] = rng_normal(rng);
    }
}

static const double STENCIL[4] = {2, 1, -1, -2};

/* l = L at p + (2, 1, -1, -2) e */
static double five_point(const double *l) { return (-l[0] + 8 * l[1] - 8 * l[2] + l[3]) / (12 * EPS); }

/* smallest |pre-activation| of a forward-direction... any-direction RNN step:
 * finite differences are only valid away from ReLU's kink at 0 */
static double kink_distance(const Model *m, const Batch *b)
{
    double best = INFINITY;
    int H = m->H, I = m->I, B = m->B, T = m->T;
    for (int d = 0; d < m->D; d++)
        for (int s = 0; s < T; s++) {
            int t = d == 0 ? s : T - 1 - s;
            for (int bb = 0; bb < B; bb++)
                for (int j = 0; j < H; j++) {
                    const DirParams *p = &m->dir[d];
                    double z = p->b_ih[j] + p->b_hh[j];
                    for (int k = 0; k < I; k++) z += p->w_ih[j * I + k] * b->x[((long)t * B + bb) * I + k];
                    for (int k = 0; k < H; k++)
                        z += p->w_hh[j * H + k] * m->cache[d].h[((long)s * B + bb) * H + k];
                    best = fmin(best, fabs(z));
                }
        }
    return best;
}

static double worst_param = 0, worst_state = 0, worst_input = 0;

/* dL/dx by five-point differences of the input itself, against m->dx and the
 * norms in dg (both from the model_backward just run); returns the worst error */
static double check_input(Model *m, Batch *b, const Diag *dg)
{
    int T = m->T, B = m->B, I = m->I;
    long n = (long)T * B * I;
    double *dx = malloc(sizeof(double) * (size_t)n);
    memcpy(dx, m->dx, sizeof(double) * (size_t)n);
    double worst = 0;
    for (int t = 0; t < T; t++) {
        double batch = 0, ex0 = 0; /* sums of squared numeric derivatives */
        for (long i = (long)t * B * I; i < (long)(t + 1) * B * I; i++) {
            double x = b->x[i], l[4];
            for (int k = 0; k < 4; k++) {
                b->x[i] = x + STENCIL[k] * EPS;
                l[k] = model_forward(m, b);
            }
            b->x[i] = x;
            double num = five_point(l);
            worst = fmax(worst, rel_err(dx[i], num));
            batch += num * num;
            if (i < (long)t * B * I + I) ex0 += num * num;
        }
        worst = fmax(worst, rel_err(dg->grad_x[t], sqrt(batch)));
        worst = fmax(worst, rel_err(dg->grad_x_ex0[t], sqrt(ex0)));
    }
    free(dx);
    return worst;
}

static void check_case(CellKind cell, Activation act, int bi, LossKind loss)
{
    Config cfg;
    config_default(&cfg);
    cfg.cell = cell, cfg.activation = act, cfg.bidirectional = bi;
    cfg.hidden = 4, cfg.seq_len = 5, cfg.batch = 2, cfg.init = INIT_NORMAL;
    cfg.init_scale = 1.0, cfg.seed = 7 + (uint64_t)cell * 10 + (uint64_t)act;
    cfg.forget_bias = 0.5;
    Task task = {0};
    task.loss = loss, task.I = 3, task.O = 3, task.T = cfg.seq_len;
    Model m;
    Error err;
    if (model_init(&m, &cfg, &task, &err)) {
        CHECK(0, "model_init: %s", err.msg);
        return;
    }
    Batch b;
    batch_alloc(&b, cfg.seq_len, cfg.batch, task.I, task.O);
    Rng rng;
    rng_seed(&rng, 99);
    double *p0 = malloc(sizeof(double) * m.n_params);
    memcpy(p0, m.params, sizeof(double) * m.n_params);
    for (int attempt = 0;; attempt++) {
        /* biases random too, so that every path is exercised */
        for (size_t i = 0; i < m.n_params; i++) m.params[i] = p0[i] + 0.3 * rng_normal(&rng);
        random_batch(&b, loss, &rng);
        model_forward(&m, &b);
        if (!(cell == CELL_RNN && act == ACT_RELU) || kink_distance(&m, &b) > 1e-2) break;
        if (attempt == 100) CHECK(0, "no ReLU draw away from the kink");
    }
    free(p0);

    model_forward(&m, &b);
    model_backward(&m, &b, NULL);
    double *analytic = malloc(sizeof(double) * m.n_params);
    memcpy(analytic, m.grads, sizeof(double) * m.n_params);
    double worst = 0;
    size_t worst_i = 0;
    for (size_t i = 0; i < m.n_params; i++) {
        double p = m.params[i], l[4];
        for (int k = 0; k < 4; k++) {
            m.params[i] = p + STENCIL[k] * EPS;
            l[k] = model_forward(&m, &b);
        }
        m.params[i] = p;
        double e = rel_err(analytic[i], five_point(l));
        if (e > worst) worst = e, worst_i = i;
        if (e > TOL) printf("  param %zu analytic %.12g numeric %.12g\n", i, analytic[i], five_point(l));
    }
    worst_param = fmax(worst_param, worst);
    CHECK(worst <= TOL, "%s %s bi=%d %s: parameter %zu rel err %.3g > %g", cell_name(cell),
          activation_name(act), bi, loss == LOSS_XENT ? "xent" : "mse", worst_i, worst, TOL);

    /* dL/dh_t and dL/dc_t: the backward pass keeps them per step in the cache */
    Diag dg;
    diag_alloc(&dg, m.T);
    model_forward(&m, &b);
    model_backward(&m, &b, &dg);
    double *ex0 = calloc((size_t)m.T, sizeof(double)); /* sum of squared FD dL/dh_t, example 0 */
    int T = m.T, BH = m.B * m.H;
    double *dh = malloc(sizeof(double) * (size_t)(2 * T * BH));
    double *dc = dh + T * BH;
    double *probe = calloc((size_t)BH, sizeof(double));
    double wstate = 0;
    for (int d = 0; d < m.D; d++) {
        memcpy(dh, m.cache[d].dh, sizeof(double) * (size_t)(T * BH));
        int states = cell_of(cell)->state; /* 2: h and c */
        if (states == 2) memcpy(dc, m.cache[d].dc, sizeof(double) * (size_t)(T * BH));
        for (int which = 0; which < states; which++) {
            for (int t = 0; t < T; t++) {
                int s = d == 0 ? t : T - 1 - t;
                for (int i = 0; i < BH; i++) {
                    m.probe_dir = d, m.probe_t = t;
                    if (which == 0) m.probe_h = probe;
                    else m.probe_c = probe;
                    double l[4];
                    for (int k = 0; k < 4; k++) {
                        probe[i] = STENCIL[k] * EPS;
                        l[k] = model_forward(&m, &b);
                    }
                    probe[i] = 0;
                    m.probe_h = m.probe_c = NULL;
                    double a = (which == 0 ? dh : dc)[s * BH + i];
                    wstate = fmax(wstate, rel_err(a, five_point(l)));
                    if (d == 0 && which == 0 && i < m.H) ex0[t] += five_point(l) * five_point(l);
                }
            }
        }
    }
    for (int t = 0; t < T; t++) /* the diagnostic ||dL/dh_t|| of example 0 */
        wstate = fmax(wstate, rel_err(dg.grad_h_ex0[t], sqrt(ex0[t])));
    free(ex0);
    model_forward(&m, &b);
    model_backward(&m, &b, &dg);
    double winput = check_input(&m, &b, &dg);
    worst_input = fmax(worst_input, winput);
    CHECK(winput <= TOL, "%s %s bi=%d: dL/dx_t rel err %.3g > %g", cell_name(cell),
          activation_name(act), bi, winput, TOL);
    diag_free(&dg);
    worst_state = fmax(worst_state, wstate);
    CHECK(wstate <= TOL, "%s %s bi=%d: dL/dh_t (or dL/dc_t) rel err %.3g > %g", cell_name(cell),
          activation_name(act), bi, wstate, TOL);
    printf("%-4s %-7s bi=%d %-4s params %4zu  worst rel err: params %.2e  dL/dh,dL/dc %.2e  "
           "dL/dx %.2e\n", cell_name(cell),
           config_cell_reads(cell, "activation") ? activation_name(act) : "-", bi,
           loss == LOSS_XENT ? "xent" : "mse", m.n_params, worst, wstate, winput);
    free(probe);
    free(dh);
    free(analytic);
    batch_free(&b);
    model_free(&m);
}

int main(void)
{
    /* every recurrent cell of cell_list.h; every activation where the cell reads one */
    for (int cell = 0; cell < CELL_COUNT; cell++) {
        if (!cell_of((CellKind)cell)) continue;
        int acts = config_cell_reads((CellKind)cell, "activation");
        for (int act = 0; act < (acts ? 4 : 1); act++)
            for (int bi = 0; bi < 2; bi++)
                for (int loss = 0; loss < 2; loss++)
                    check_case((CellKind)cell, acts ? (Activation)act : ACT_TANH, bi, (LossKind)loss);
    }
    printf("worst relative error over all cases: parameters %.3e, states %.3e, inputs %.3e "
           "(tolerance %g)\n", worst_param, worst_state, worst_input, TOL);
    return tu_finish();
}
