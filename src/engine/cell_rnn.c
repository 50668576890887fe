/* cell_rnn.c - the Elman cell: h_t = act(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh). */
#include "cells.h"

#include <math.h>

#include "vmath.h"

double rnn_act_grad(double h, Activation act)
{
    switch (act) {
    case ACT_SIGMOID: return h * (1.0 - h);   /* sigma' = sigma (1 - sigma) <= 1/4 */
    case ACT_TANH: return 1.0 - h * h;        /* tanh' = 1 - tanh^2 <= 1 */
    case ACT_RELU: return h > 0 ? 1.0 : 0.0;  /* relu'(0) = 0 as in PyTorch */
    case ACT_LINEAR: return 1.0;
    }
    return 1.0;
}

void rnn_forward(double *h, const double *pre_ih, const double *pre_hh, Activation act,
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

void rnn_backward(double *dz, const double *dh, const double *h, Activation act, int B, int H)
{
    long n = (long)B * H;
    for (long i = 0; i < n; i++) dz[i] = dh[i] * rnn_act_grad(h[i], act);
}

void rnn_jacobian(double *J, int n, const double *w_hh, const double *h, Activation act, int H)
{
    for (int i = 0; i < H; i++) {                   /* J = diag(act'(z_t)) W_hh */
        double a = rnn_act_grad(h[i], act);
        for (int k = 0; k < H; k++) J[i * n + k] = a * w_hh[(long)i * H + k];
    }
}
