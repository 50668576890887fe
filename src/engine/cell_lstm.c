/* cell_lstm.c - the LSTM cell (Hochreiter & Schmidhuber 1997, forget gate by Gers
 * et al. 2000), PyTorch's gate order (i, f, g, o):
 *   i, f, o = sigmoid(pre_ih + pre_hh) of their blocks, g = tanh(...)
 *   c_t = f*c_{t-1} + i*g;  h_t = o*tanh(c_t) */
#include "cells.h"

#include <string.h>

#include "model.h"
#include "vmath.h"

_Static_assert(LSTM_F == LSTM_I + 1, "lstm_forward's one sigmoid covers i and f");

/* gate = (i, f, g, o) activated (B, 4H); c = f*c_prev + i*g; tc = tanh(c); h = o*tc */
static void lstm_forward(double *h, double *c, double *tc, double *gate, const double *c_prev,
                         const double *pre_ih, const double *pre_hh, int B, int H)
{
    for (int b = 0; b < B; b++) {
        const double *a = pre_ih + (long)b * LSTM_GATES * H, *a2 = pre_hh + (long)b * LSTM_GATES * H;
        double *gt = gate + (long)b * LSTM_GATES * H;
        const double *gi = gt + LSTM_I * H, *gf = gt + LSTM_F * H, *gg = gt + LSTM_G * H,
                     *go = gt + LSTM_O * H;
        long o = (long)b * H;
        for (int j = 0; j < LSTM_GATES * H; j++) gt[j] = a[j] + a2[j];
        vec_sigmoid(gt + LSTM_I * H, 2 * H); /* i, f */
        vec_tanh(gt + LSTM_G * H, H);        /* g */
        vec_sigmoid(gt + LSTM_O * H, H);     /* o */
        for (int j = 0; j < H; j++) {
            c[o + j] = gf[j] * c_prev[o + j] + gi[j] * gg[j]; /* c_t = f*c_{t-1} + i*g */
            tc[o + j] = c[o + j];
        }
        vec_tanh(tc + o, H);
        for (int j = 0; j < H; j++) h[o + j] = go[j] * tc[o + j]; /* h_t = o*tanh(c_t) */
    }
}

/* In: dh (total dL/dh_t); dc_carry: dL/dc_t through c_{t+1} (or zeros).
 * Out: dc = total dL/dc_t; dc_carry = dL/dc_{t-1} through this step; dz (B, 4H). */
static void lstm_backward(double *dz, double *dc, double *dc_carry, const double *dh,
                          const double *c_prev, const double *tc, const double *gate, int B, int H)
{
    for (int b = 0; b < B; b++) {
        const double *gt = gate + (long)b * LSTM_GATES * H;
        const double *gi = gt + LSTM_I * H, *gf = gt + LSTM_F * H, *gg = gt + LSTM_G * H,
                     *go = gt + LSTM_O * H;
        double *d = dz + (long)b * LSTM_GATES * H;
        double *di = d + LSTM_I * H, *df = d + LSTM_F * H, *dg = d + LSTM_G * H, *dout = d + LSTM_O * H;
        long o = (long)b * H;
        for (int j = 0; j < H; j++) {
            double i_ = gi[j], f_ = gf[j], g_ = gg[j], o_ = go[j];
            double t = tc[o + j];
            double dct = dc_carry[o + j] + dh[o + j] * o_ * (1.0 - t * t);
            dc[o + j] = dct;
            dc_carry[o + j] = dct * f_; /* dc_{t-1} = dc_t * f */
            /* through the products, then through each gate's nonlinearity */
            double dgi = dct * g_, dgf = dct * c_prev[o + j], dgg = dct * i_, dgo = dh[o + j] * t;
            di[j] = dgi * i_ * (1.0 - i_);
            df[j] = dgf * f_ * (1.0 - f_);
            dg[j] = dgg * (1.0 - g_ * g_);
            dout[j] = dgo * o_ * (1.0 - o_);
        }
    }
}

/* J (2H, 2H), row stride n, of s_t = (h_t, c_t) by s_{t-1} for one example: rows
 * and columns 0..H-1 are h, H..2H-1 are c. Writes the h columns of every row and
 * the diagonal of the c columns; the other c-column entries are zero and left as
 * they are (the caller clears J). */
static void lstm_jacobian(double *J, int n, const double *w_hh, const double *c_prev, const double *tc,
                          const double *gate, int H)
{
    const double *gi = gate + LSTM_I * H, *gf = gate + LSTM_F * H, *gg = gate + LSTM_G * H,
                 *go = gate + LSTM_O * H;
    for (int i = 0; i < H; i++) {
        double ig = gi[i], fg = gf[i], g = gg[i], og = go[i];
        double dtc = og * (1 - tc[i] * tc[i]);
        /* row i of each gate block of W_hh (G*H, H) */
        const double *wi = w_hh + (long)(LSTM_I * H + i) * H, *wf = w_hh + (long)(LSTM_F * H + i) * H;
        const double *wg = w_hh + (long)(LSTM_G * H + i) * H, *wo = w_hh + (long)(LSTM_O * H + i) * H;
        for (int k = 0; k < H; k++) {
            double dc = c_prev[i] * fg * (1 - fg) * wf[k] + g * ig * (1 - ig) * wi[k] +
                        ig * (1 - g * g) * wg[k];
            J[(H + i) * n + k] = dc;                                  /* dc_t/dh_{t-1} */
            J[i * n + k] = tc[i] * og * (1 - og) * wo[k] + dtc * dc;   /* dh_t/dh_{t-1} */
        }
        J[(H + i) * n + H + i] = fg;                                   /* dc_t/dc_{t-1} */
        J[i * n + H + i] = dtc * fg;                                   /* dh_t/dc_{t-1} */
    }
}

/* ---- the table's row (cells.h): the steps on a direction's cache ---- */

static void lstm_step_forward(DirCache *c, int s, const double *pre_ih, const double *pre_hh,
                              Activation act, int B, int H)
{
    long BH = (long)B * H;
    (void)act;
    lstm_forward(c->h + (s + 1) * BH, c->c + (s + 1) * BH, c->tc + s * BH,
                 c->gate + (long)s * B * LSTM_GATES * H, c->c + s * BH, pre_ih, pre_hh, B, H);
}

static void lstm_step_backward(double *dz_ih, double *dz_hh, double *dh_prev, double *dc,
                               const double *dh, DirCache *c, int s, Activation act, int B, int H)
{
    long BH = (long)B * H;
    (void)dz_hh, (void)act; /* dz_hh is dz_ih */
    lstm_backward(dz_ih, c->dc + s * BH, dc, dh, c->c + s * BH, c->tc + s * BH,
                  c->gate + (long)s * B * LSTM_GATES * H, B, H);
    memset(dh_prev, 0, sizeof(double) * (size_t)BH); /* h_{t-1} only through W_hh */
}

/* h_{s+1} = o*tanh(c_{s+1}) again, and tc, after c_{s+1} changed (the test probe) */
static void lstm_step_output(DirCache *c, int s, int B, int H)
{
    long BH = (long)B * H;
    const double *gate = c->gate + (long)s * B * LSTM_GATES * H, *cs = c->c + (s + 1) * BH;
    double *h = c->h + (s + 1) * BH, *tc = c->tc + s * BH;
    for (int b = 0; b < B; b++)
        for (int j = 0; j < H; j++) {
            long i = (long)b * H + j;
            tc[i] = cs[i];
            vec_tanh(tc + i, 1);
            h[i] = gate[(long)b * LSTM_GATES * H + LSTM_O * H + j] * tc[i]; /* h_t = o*tanh(c_t) */
        }
}

static void lstm_step_jacobian(double *J, int n, const double *w_hh, const DirCache *c, int s,
                               Activation act, int B, int H)
{
    long BH = (long)B * H;
    (void)act;
    lstm_jacobian(J, n, w_hh, c->c + s * BH, c->tc + s * BH, c->gate + (long)s * B * LSTM_GATES * H, H);
}

/* the forget gate's bias: cfg->forget_bias, or (chrono) Tallec & Ollivier 2018:
 * b_f ~ log U(1, T-1), b_i = -b_f */
static void lstm_init_bias(double *b_ih, const Config *cfg, int T, Rng *rng, int H)
{
    for (int j = 0; j < H; j++) {
        if (cfg->forget_chrono) {
            double tmax = T > 2 ? T - 1 : 2;
            double bf = vm_log(1.0 + rng_uniform(rng) * (tmax - 1.0));
            b_ih[LSTM_F * H + j] = bf;
            b_ih[LSTM_I * H + j] = -bf;
        } else {
            b_ih[LSTM_F * H + j] = cfg->forget_bias;
        }
    }
}

const Cell cell_lstm = {
    .gates = LSTM_GATES, .state = 2, .caches = CELL_CACHE_C, .split_dz = 0, .candidate = LSTM_G,
    .n_plotted = 3, .plotted = {LSTM_I, LSTM_F, LSTM_O},
    .plotted_name = {"input", "forget", "output"}, .plotted_letter = {"i", "f", "o"},
    .forward = lstm_step_forward, .backward = lstm_step_backward, .output = lstm_step_output,
    .jacobian = lstm_step_jacobian,
    .act_bound = NULL, .init_bias = lstm_init_bias,
};
