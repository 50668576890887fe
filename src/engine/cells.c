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

void lstm_forward(double *h, double *c, double *tc, double *gate, const double *c_prev,
                  const double *pre_ih, const double *pre_hh, int B, int H)
{
    for (int b = 0; b < B; b++) {
        const double *a = pre_ih + (long)b * 4 * H, *a2 = pre_hh + (long)b * 4 * H;
        double *gt = gate + (long)b * 4 * H;
        long o = (long)b * H;
        for (int j = 0; j < 4 * H; j++) gt[j] = a[j] + a2[j];
        vec_sigmoid(gt, 2 * H);     /* i, f */
        vec_tanh(gt + 2 * H, H);    /* g */
        vec_sigmoid(gt + 3 * H, H); /* o */
        for (int j = 0; j < H; j++) {
            double i_ = gt[j], f_ = gt[H + j], g_ = gt[2 * H + j];
            c[o + j] = f_ * c_prev[o + j] + i_ * g_; /* c_t = f*c_{t-1} + i*g */
            tc[o + j] = c[o + j];
        }
        vec_tanh(tc + o, H);
        for (int j = 0; j < H; j++) h[o + j] = gt[3 * H + j] * tc[o + j]; /* h_t = o*tanh(c_t) */
    }
}

void lstm_backward(double *dz, double *dc, double *dc_prev, const double *dh,
                   const double *dc_next, const double *c_prev, const double *tc,
                   const double *gate, int B, int H)
{
    for (int b = 0; b < B; b++) {
        const double *gt = gate + (long)b * 4 * H;
        double *d = dz + (long)b * 4 * H;
        long o = (long)b * H;
        for (int j = 0; j < H; j++) {
            double i_ = gt[j], f_ = gt[H + j], g_ = gt[2 * H + j], o_ = gt[3 * H + j];
            double t = tc[o + j];
            double dct = dc_next[o + j] + dh[o + j] * o_ * (1.0 - t * t);
            dc[o + j] = dct;
            dc_prev[o + j] = dct * f_;
            double di = dct * g_, df = dct * c_prev[o + j], dg = dct * i_, dout = dh[o + j] * t;
            d[j] = di * i_ * (1.0 - i_);
            d[H + j] = df * f_ * (1.0 - f_);
            d[2 * H + j] = dg * (1.0 - g_ * g_);
            d[3 * H + j] = dout * o_ * (1.0 - o_);
        }
    }
}

void gru_forward(double *h, double *gate, double *hn, const double *h_prev,
                 const double *pre_ih, const double *pre_hh, int B, int H)
{
    for (int b = 0; b < B; b++) {
        const double *a = pre_ih + (long)b * 3 * H, *a2 = pre_hh + (long)b * 3 * H;
        double *gt = gate + (long)b * 3 * H;
        long o = (long)b * H;
        for (int j = 0; j < 2 * H; j++) gt[j] = a[j] + a2[j];
        vec_sigmoid(gt, 2 * H); /* r, z */
        for (int j = 0; j < H; j++) {
            hn[o + j] = a2[2 * H + j];
            gt[2 * H + j] = a[2 * H + j] + gt[j] * hn[o + j];
        }
        vec_tanh(gt + 2 * H, H); /* n = tanh(W_in x + b_in + r*(W_hn h + b_hn)) */
        for (int j = 0; j < H; j++) {
            double z = gt[H + j], n = gt[2 * H + j];
            h[o + j] = (1.0 - z) * n + z * h_prev[o + j]; /* h_t = (1-z)*n + z*h_{t-1} */
        }
    }
}

void gru_backward(double *dz_ih, double *dz_hh, double *dh_prev, const double *dh,
                  const double *h_prev, const double *gate, const double *hn, int B, int H)
{
    for (int b = 0; b < B; b++) {
        const double *gt = gate + (long)b * 3 * H;
        double *di = dz_ih + (long)b * 3 * H, *dhh = dz_hh + (long)b * 3 * H;
        long o = (long)b * H;
        for (int j = 0; j < H; j++) {
            double r = gt[j], z = gt[H + j], n = gt[2 * H + j];
            double g = dh[o + j];
            double dn = g * (1.0 - z);
            double dzz = g * (h_prev[o + j] - n);
            double dan = dn * (1.0 - n * n);       /* through tanh */
            double dar = dan * hn[o + j] * r * (1.0 - r);
            double daz = dzz * z * (1.0 - z);
            di[j] = dar, di[H + j] = daz, di[2 * H + j] = dan;
            dhh[j] = dar, dhh[H + j] = daz, dhh[2 * H + j] = dan * r;
            dh_prev[o + j] = g * z;
        }
    }
}
