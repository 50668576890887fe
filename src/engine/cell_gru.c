/* cell_gru.c - the GRU cell (Cho et al. 2014), PyTorch's gate order (r, z, n):
 *   r, z = sigmoid(pre_ih + pre_hh) of their blocks
 *   n = tanh(W_in x + b_in + r*(W_hn h_{t-1} + b_hn))
 *   h_t = (1-z)*n + z*h_{t-1} */
#include "cells.h"

#include "model.h"
#include "vmath.h"

_Static_assert(GRU_Z == GRU_R + 1, "gru_forward's one sigmoid covers r and z");

/* gate = (r, z, n) activated (B, 3H); hn = pre_hh's n block (W_hn h + b_hn);
 * n = tanh(pre_ih_n + r*hn); h = (1-z)*n + z*h_prev */
static void gru_forward(double *h, double *gate, double *hn, const double *h_prev,
                        const double *pre_ih, const double *pre_hh, int B, int H)
{
    for (int b = 0; b < B; b++) {
        const double *a = pre_ih + (long)b * GRU_GATES * H, *a2 = pre_hh + (long)b * GRU_GATES * H;
        double *gt = gate + (long)b * GRU_GATES * H;
        double *gr = gt + GRU_R * H, *gz = gt + GRU_Z * H, *gn = gt + GRU_N * H;
        long o = (long)b * H;
        for (int j = 0; j < 2 * H; j++) gt[j] = a[j] + a2[j]; /* r, z: the first two blocks */
        vec_sigmoid(gr, 2 * H);
        for (int j = 0; j < H; j++) {
            hn[o + j] = a2[GRU_N * H + j];
            gn[j] = a[GRU_N * H + j] + gr[j] * hn[o + j];
        }
        vec_tanh(gn, H); /* n = tanh(W_in x + b_in + r*(W_hn h + b_hn)) */
        for (int j = 0; j < H; j++) {
            double z = gz[j], n = gn[j];
            h[o + j] = (1.0 - z) * n + z * h_prev[o + j]; /* h_t = (1-z)*n + z*h_{t-1} */
        }
    }
}

/* Out: dz_ih, dz_hh (B, 3H); dh_prev = the direct path dh*z (overwritten). */
static void gru_backward(double *dz_ih, double *dz_hh, double *dh_prev, const double *dh,
                         const double *h_prev, const double *gate, const double *hn, int B, int H)
{
    for (int b = 0; b < B; b++) {
        const double *gt = gate + (long)b * GRU_GATES * H;
        const double *gr = gt + GRU_R * H, *gz = gt + GRU_Z * H, *gn = gt + GRU_N * H;
        double *di = dz_ih + (long)b * GRU_GATES * H, *dhh = dz_hh + (long)b * GRU_GATES * H;
        long o = (long)b * H;
        for (int j = 0; j < H; j++) {
            double r = gr[j], z = gz[j], n = gn[j];
            double g = dh[o + j];
            double dn = g * (1.0 - z);
            double dzz = g * (h_prev[o + j] - n);
            double dan = dn * (1.0 - n * n);       /* through tanh */
            double dar = dan * hn[o + j] * r * (1.0 - r);
            double daz = dzz * z * (1.0 - z);
            di[GRU_R * H + j] = dar, di[GRU_Z * H + j] = daz, di[GRU_N * H + j] = dan;
            dhh[GRU_R * H + j] = dar, dhh[GRU_Z * H + j] = daz, dhh[GRU_N * H + j] = dan * r;
            dh_prev[o + j] = g * z;
        }
    }
}

/* J (H, H), row stride n: dh_t/dh_{t-1} for one example. */
static void gru_jacobian(double *J, int n, const double *w_hh, const double *h_prev, const double *gate,
                         const double *hn, int H)
{
    const double *gr = gate + GRU_R * H, *gz = gate + GRU_Z * H, *gn = gate + GRU_N * H;
    for (int i = 0; i < H; i++) {
        double r = gr[i], z = gz[i], nn = gn[i];
        /* row i of each gate block of W_hh (G*H, H) */
        const double *wr = w_hh + (long)(GRU_R * H + i) * H, *wz = w_hh + (long)(GRU_Z * H + i) * H,
                     *wn = w_hh + (long)(GRU_N * H + i) * H;
        for (int k = 0; k < H; k++) {
            double dz = z * (1 - z) * wz[k];
            double dr = r * (1 - r) * wr[k];
            double dn = (1 - nn * nn) * (hn[i] * dr + r * wn[k]);
            J[i * n + k] = (i == k ? z : 0.0) + (h_prev[i] - nn) * dz + (1 - z) * dn;
        }
    }
}

/* ---- the table's row (cells.h): the steps on a direction's cache ---- */

static void gru_step_forward(DirCache *c, int s, const double *pre_ih, const double *pre_hh,
                             Activation act, int B, int H)
{
    long BH = (long)B * H;
    (void)act;
    gru_forward(c->h + (s + 1) * BH, c->gate + (long)s * B * GRU_GATES * H, c->hn + s * BH,
                c->h + s * BH, pre_ih, pre_hh, B, H);
}

static void gru_step_backward(double *dz_ih, double *dz_hh, double *dh_prev, double *dc,
                              const double *dh, DirCache *c, int s, Activation act, int B, int H)
{
    long BH = (long)B * H;
    (void)dc, (void)act; /* no cell state */
    gru_backward(dz_ih, dz_hh, dh_prev, dh, c->h + s * BH, c->gate + (long)s * B * GRU_GATES * H,
                 c->hn + s * BH, B, H);
}

static void gru_step_jacobian(double *J, int n, const double *w_hh, const DirCache *c, int s,
                              Activation act, int B, int H)
{
    long BH = (long)B * H;
    (void)act;
    gru_jacobian(J, n, w_hh, c->h + s * BH, c->gate + (long)s * B * GRU_GATES * H, c->hn + s * BH, H);
}

const Cell cell_gru = {
    .gates = GRU_GATES, .state = 1, .caches = CELL_CACHE_HN, .split_dz = 1, .candidate = GRU_N,
    .n_plotted = 2, .plotted = {GRU_R, GRU_Z},
    .plotted_name = {"reset", "update"}, .plotted_letter = {"r", "z"}, /* z: Cho et al.'s */
    .forward = gru_step_forward, .backward = gru_step_backward, .jacobian = gru_step_jacobian,
    .act_bound = NULL, .init_bias = NULL,
};
