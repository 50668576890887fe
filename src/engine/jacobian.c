/* jacobian.c - the one-step Jacobians ds_t/ds_{t-1} of example 0 and their
 * product back from the last step (s = h for RNN/GRU, s = (h, c) for LSTM). */
#include <math.h>
#include <string.h>

#include "cells.h"
#include "model.h"
#include "kernels.h"
#include "vmath.h"

#define JAC_ITERS 300
#define JAC_TOL 1e-10

/* J (n, n) for step t of example 0, forward direction. */
static void jacobian_at(const Model *m, int t, double *J)
{
    int H = m->H, G = m->G, B = m->B, n = m->jac_n;
    const DirCache *c = &m->cache[0];
    const double *W = m->dir[0].w_hh;                   /* (G*H, H) */
    const double *hp = c->h + (long)t * B * H;          /* h_{t-1}, example 0 first */
    const double *gt = c->gate + (long)t * B * G * H;   /* example 0 */
    memset(J, 0, sizeof(double) * (size_t)n * n);
    if (m->cfg.cell == CELL_RNN) {
        const double *h = c->h + (long)(t + 1) * B * H;
        for (int i = 0; i < H; i++) {                   /* J = diag(act'(z_t)) W_hh */
            double a = rnn_act_grad(h[i], m->cfg.activation);
            for (int k = 0; k < H; k++) J[i * n + k] = a * W[(long)i * H + k];
        }
    } else if (m->cfg.cell == CELL_GRU) {
        const double *hn = c->hn + (long)t * B * H;
        for (int i = 0; i < H; i++) {
            double r = gt[i], z = gt[H + i], nn = gt[2 * H + i];
            const double *wr = W + (long)i * H, *wz = W + (long)(H + i) * H, *wn = W + (long)(2 * H + i) * H;
            for (int k = 0; k < H; k++) {
                double dz = z * (1 - z) * wz[k];
                double dr = r * (1 - r) * wr[k];
                double dn = (1 - nn * nn) * (hn[i] * dr + r * wn[k]);
                J[i * n + k] = (i == k ? z : 0.0) + (hp[i] - nn) * dz + (1 - z) * dn;
            }
        }
    } else { /* LSTM: rows/cols 0..H-1 are h, H..2H-1 are c */
        const double *cp = c->c + (long)t * B * H;
        const double *tc = c->tc + (long)t * B * H;
        for (int i = 0; i < H; i++) {
            double ig = gt[i], fg = gt[H + i], gg = gt[2 * H + i], og = gt[3 * H + i];
            double dtc = og * (1 - tc[i] * tc[i]);
            const double *wi = W + (long)i * H, *wf = W + (long)(H + i) * H;
            const double *wg = W + (long)(2 * H + i) * H, *wo = W + (long)(3 * H + i) * H;
            for (int k = 0; k < H; k++) {
                double dc = cp[i] * fg * (1 - fg) * wf[k] + gg * ig * (1 - ig) * wi[k] +
                            ig * (1 - gg * gg) * wg[k];
                J[(H + i) * n + k] = dc;                                  /* dc_t/dh_{t-1} */
                J[i * n + k] = tc[i] * og * (1 - og) * wo[k] + dtc * dc;   /* dh_t/dh_{t-1} */
            }
            J[(H + i) * n + H + i] = fg;                                   /* dc_t/dc_{t-1} */
            J[i * n + H + i] = dtc * fg;                                   /* dh_t/dc_{t-1} */
        }
    }
}

void model_bound(const Model *m, Diag *d)
{
    /* Pascanu, Mikolov & Bengio 2013: ||dh_{T-1}/dh_t|| <= (gamma sigma_max)^(T-1-t)
     * for h_t = act(W_hh h_{t-1} + ...) with |act'| <= gamma (1/4 sigmoid, 1 otherwise) */
    double gamma = NAN;
    if (m->cfg.cell == CELL_RNN) gamma = m->cfg.activation == ACT_SIGMOID ? 0.25 : 1.0;
    for (int t = 0; t < m->T; t++)
        d->bound[t] = isnan(gamma) ? NAN : vm_powi(gamma * d->sigma_max, m->T - 1 - t);
}

void model_jacobians(Model *m, Diag *d, int norms)
{
    int T = m->T, n = m->jac_n, H = m->H;
    d->jacobians = 0;
    for (int t = 0; t < T; t++) d->jac_norm[t] = d->jac_prod[t] = NAN;
    if (n == 0) return;
    double *J = m->jac, *P = m->jprod, *tmp = m->jtmp;
    double *vj = m->jtmp + (long)n * n, *vp = vj + n, *u = vp + n; /* warm starts, scratch */
    memset(vj, 0, sizeof(double) * 2 * (size_t)n); /* cold at T-1: independent of history */
    /* P = the h rows of J_{T-1} ... J_{t+1}  (H, n): only dh_{T-1}/ds_t is needed */
    memset(P, 0, sizeof(double) * (size_t)H * n);
    for (int i = 0; i < H; i++) P[i * n + i] = 1.0;
    for (int t = T - 1; t >= 0; t--) {
        jacobian_at(m, t, J);
        if (norms) d->jac_norm[t] = spectral_norm(J, n, n, JAC_ITERS, JAC_TOL, vj, u);
        /* ||dh_{T-1}/dh_t||: the (H, H) h-column block of P (row stride n) */
        for (int i = 0; i < H; i++) memcpy(tmp + (long)i * H, P + (long)i * n, sizeof(double) * (size_t)H);
        d->jac_prod[t] = spectral_norm(tmp, H, H, JAC_ITERS, JAC_TOL, vp, u);
        memset(tmp, 0, sizeof(double) * (size_t)H * n);
        if (m->cfg.cell == CELL_LSTM) {
            /* P <- P J_t, where J_t's c-columns have two entries each: dh_t,j/dc_{t-1},j
             * and dc_t,j/dc_{t-1},j = f_j; only the h-columns need the product */
            mm_add_ld(tmp, n, P, n, J, n, H, n, H);
            for (int i = 0; i < H; i++)
                for (int j = 0; j < H; j++)
                    tmp[(long)i * n + H + j] = P[(long)i * n + j] * J[(long)j * n + H + j] +
                                               P[(long)i * n + H + j] * J[(long)(H + j) * n + H + j];
        } else {
            mm_add(tmp, P, J, H, n, n); /* P <- P J_t */
        }
        memcpy(P, tmp, sizeof(double) * (size_t)H * n);
    }
    d->jacobians = 1;
}
