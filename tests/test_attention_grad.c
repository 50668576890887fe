/* test_attention_grad.c - cell=attention's exact backward against central finite
 * differences. For causal and unmasked attention, 1 and 2 heads, 1 and 2 layers,
 * cross-entropy and MSE: every parameter's analytic gradient, every dL/dx (each
 * input of each example) and the diagnostics built on it, ||dL/dx_t|| over the
 * batch and of example 0, must match the five-point central difference
 * (-L(p+2e) + 8L(p+e) - 8L(p-e) + L(p-2e)) / 12e  (error O(e^4), e = 1e-4)
 * to relative error <= 1e-6; components below 1e-4 are compared absolutely: the
 * difference quotient's round-off is ~1e-11 here (losses of a few units, e = 1e-4),
 * and some gradients are exactly zero in exact arithmetic (the k block of
 * in_proj_bias: adding q.b_k to a whole row of scores leaves the softmax as it is).
 * Draws are kept away from ReLU's kink (|linear1 pre-activation| > 1e-2). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "rng.h"
#include "testutil.h"

#define TOL 1e-6
#define EPS 1e-4
#define FLOOR 1e-4

static double rel_err(double a, double n) { return fabs(a - n) / fmax(fmax(fabs(a), fabs(n)), FLOOR); }

static const double STENCIL[4] = {2, 1, -1, -2};
static double five_point(const double *l) { return (-l[0] + 8 * l[1] - 8 * l[2] + l[3]) / (12 * EPS); }

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

/* smallest |linear1 pre-activation| over every layer, row and unit */
static double kink_distance(const Model *m)
{
    const Attention *a = &m->attn;
    double best = INFINITY;
    for (int l = 0; l < a->L; l++) {
        const AttnLayer *y = &a->p.layer[l];
        for (long r = 0; r < (long)a->T * a->B; r++)
            for (int k = 0; k < a->F; k++) {
                double z = y->l1_b[k];
                for (int j = 0; j < a->E; j++) z += y->l1_w[(long)k * a->E + j] * a->c[l].y1[r * a->E + j];
                best = fmin(best, fabs(z));
            }
    }
    return best;
}

static double worst_param = 0, worst_input = 0;

static void check_case(int causal, int heads, int layers, LossKind loss)
{
    Config cfg;
    config_default(&cfg);
    cfg.cell = CELL_ATTENTION, cfg.hidden = 4, cfg.seq_len = 5, cfg.batch = 2;
    cfg.heads = heads, cfg.layers = layers, cfg.ff = 6;
    cfg.attention_mask = causal ? MASK_CAUSAL : MASK_NONE;
    cfg.seed = 11 + (uint64_t)(causal * 100 + heads * 10 + layers);
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
    rng_seed(&rng, 99 + cfg.seed);
    double *p0 = malloc(sizeof(double) * m.n_params);
    memcpy(p0, m.params, sizeof(double) * m.n_params);
    for (int attempt = 0;; attempt++) {
        /* every parameter random (biases, norms, positions), so that every path is exercised */
        for (size_t i = 0; i < m.n_params; i++) m.params[i] = p0[i] + 0.3 * rng_normal(&rng);
        random_batch(&b, loss, &rng);
        model_forward(&m, &b);
        if (kink_distance(&m) > 1e-2) break;
        if (attempt == 200) {
            CHECK(0, "no draw away from ReLU's kink");
            break;
        }
    }
    free(p0);

    Diag dg;
    diag_alloc(&dg, m.T);
    model_forward(&m, &b);
    model_backward(&m, &b, &dg);
    double *analytic = malloc(sizeof(double) * m.n_params);
    memcpy(analytic, m.grads, sizeof(double) * m.n_params);
    int T = m.T, B = m.B, I = m.I;
    long nx = (long)T * B * I;
    double *dx = malloc(sizeof(double) * (size_t)nx);
    memcpy(dx, m.dx, sizeof(double) * (size_t)nx);

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
    }
    worst_param = fmax(worst_param, worst);
    const char *mask = causal ? "causal" : "none";
    const char *ls = loss == LOSS_XENT ? "xent" : "mse";
    CHECK(worst <= TOL, "mask=%s heads=%d layers=%d %s: parameter %zu rel err %.3g > %g", mask, heads,
          layers, ls, worst_i, worst, TOL);

    double winput = 0;
    for (int t = 0; t < T; t++) {
        double batch = 0, ex0 = 0;
        for (long i = (long)t * B * I; i < (long)(t + 1) * B * I; i++) {
            double x = b.x[i], l[4];
            for (int k = 0; k < 4; k++) {
                b.x[i] = x + STENCIL[k] * EPS;
                l[k] = model_forward(&m, &b);
            }
            b.x[i] = x;
            double num = five_point(l);
            winput = fmax(winput, rel_err(dx[i], num));
            batch += num * num;
            if (i < (long)t * B * I + I) ex0 += num * num;
        }
        winput = fmax(winput, rel_err(dg.grad_x[t], sqrt(batch)));
        winput = fmax(winput, rel_err(dg.grad_x_ex0[t], sqrt(ex0)));
    }
    worst_input = fmax(worst_input, winput);
    CHECK(winput <= TOL, "mask=%s heads=%d layers=%d %s: dL/dx_t rel err %.3g > %g", mask, heads, layers,
          ls, winput, TOL);
    printf("attention mask=%-6s heads=%d layers=%d %-4s params %4zu  worst rel err: params %.2e  "
           "dL/dx %.2e\n", mask, heads, layers, ls, m.n_params, worst, winput);
    free(dx);
    free(analytic);
    diag_free(&dg);
    batch_free(&b);
    model_free(&m);
}

int main(void)
{
    for (int causal = 0; causal < 2; causal++)
        for (int heads = 1; heads <= 2; heads++)
            for (int layers = 1; layers <= 2; layers++)
                for (int loss = 0; loss < 2; loss++) check_case(causal, heads, layers, (LossKind)loss);
    printf("worst relative error over all cases: parameters %.3e, inputs %.3e (tolerance %g)\n",
           worst_param, worst_input, TOL);
    return tu_finish();
}
