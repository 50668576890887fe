/* cell_rnn.c - the Elman cell: h_t = act(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh). */
#include "cells.h"

#include <math.h>
#include <string.h>

#include "model.h"

#include "vmath.h"

/* derivative of the activation from its output value */
static double rnn_act_grad(double h, Activation act)
{
    switch (act) {
    case ACT_SIGMOID: return h * (1.0 - h);   /* sigma' = sigma (1 - sigma) <= 1/4 */
    case ACT_TANH: return 1.0 - h * h;        /* tanh' = 1 - tanh^2 <= 1 */
    case ACT_RELU: return h > 0 ? 1.0 : 0.0;  /* relu'(0) = 0 as in PyTorch */
    case ACT_LINEAR: return 1.0;
    }
    return 1.0;
}

/* h = act(pre_ih + pre_hh)                                   (B, H) */
static void rnn_forward(double *h, const double *pre_ih, const double *pre_hh, Activation act,
                        int B, int H)
{
    long n = (long)B * H;
    for (long i = 0; i < n; i++) h[i] = pre_ih[i] + pre_hh[i];
    switch (act) {
    case ACT_SIGMOID: vec_sigmoid(h, n); break;
    case ACT_TANH: vec_tanh(h, n); break;
    case ACT_RELU:
        for (long i = 0; i < n; i++) h[i] = h[i] > 0 ? h[i] : 0.0;
        break;
    case ACT_LINEAR: break;
    }
}

/* dz = dh * act'(.) computed from the output h                 (B, H) */
static void rnn_backward(double *dz, const double *dh, const double *h, Activation act, int B, int H)
{
    long n = (long)B * H;
    for (long i = 0; i < n; i++) dz[i] = dh[i] * rnn_act_grad(h[i], act);
}

/* J (H, H), row stride n: dh_t/dh_{t-1} = diag(act'(z_t)) W_hh for one example,
 * from its output h (H). J's other entries are left as they are. */
static void rnn_jacobian(double *J, int n, const double *w_hh, const double *h, Activation act, int H)
{
    for (int i = 0; i < H; i++) {                   /* J = diag(act'(z_t)) W_hh */
        double a = rnn_act_grad(h[i], act);
        for (int k = 0; k < H; k++) J[i * n + k] = a * w_hh[(long)i * H + k];
    }
}

/* ---- the table's row (cells.h): the steps on a direction's cache ---- */

static void rnn_step_forward(DirCache *c, int s, const double *pre_ih, const double *pre_hh,
                             Activation act, int B, int H)
{
    rnn_forward(c->h + (s + 1) * (long)B * H, pre_ih, pre_hh, act, B, H);
}

static void rnn_step_backward(double *dz_ih, double *dz_hh, double *dh_prev, double *dc,
                              const double *dh, DirCache *c, int s, Activation act, int B, int H)
{
    (void)dz_hh, (void)dc; /* dz_hh is dz_ih; no cell state */
    rnn_backward(dz_ih, dh, c->h + (s + 1) * (long)B * H, act, B, H);
    memset(dh_prev, 0, sizeof(double) * (size_t)B * H); /* h_{t-1} only through W_hh */
}

static void rnn_step_jacobian(double *J, int n, const double *w_hh, const DirCache *c, int s,
                              Activation act, int B, int H)
{
    rnn_jacobian(J, n, w_hh, c->h + (long)(s + 1) * B * H, act, H);
}

/* sigma' <= 1/4; tanh', relu', linear' <= 1 */
static double rnn_act_bound(Activation act) { return act == ACT_SIGMOID ? 0.25 : 1.0; }

const Cell cell_rnn = {
    .gates = 1, .state = 1, .caches = 0, .split_dz = 0, .candidate = 0, .n_plotted = 0,
    .forward = rnn_step_forward, .backward = rnn_step_backward, .jacobian = rnn_step_jacobian,
    .act_bound = rnn_act_bound, .init_bias = NULL,
};
