/* jacobian.c - the one-step Jacobians ds_t/ds_{t-1} of example 0 (each cell's
 * own, cell_*.c) and their product back from the last step (s = h for RNN/GRU,
 * s = (h, c) for LSTM), and the Pascanu bound they are compared with. */
#include <math.h>
#include <string.h>

#include "cells.h"
#include "model.h"
#include "kernels.h"
#include "vmath.h"

#define JAC_ITERS 300
#define JAC_TOL 1e-10

/* J (n, n) for step t of example 0, forward direction: each cell's own
 * (cell_*.c) from what the forward pass cached. Never for attention (jac_n 0). */
static void jacobian_at(const Model *m, int t, double *J)
{
    int n = m->jac_n;
    memset(J, 0, sizeof(double) * (size_t)n * n);
    m->cell->jacobian(J, n, m->dir[0].w_hh, &m->cache[0], t, m->cfg.activation, m->B, m->H);
}

void model_bound(const Model *m, Diag *d)
{
    /* Pascanu, Mikolov & Bengio 2013: ||dh_{T-1}/dh_t|| <= (gamma sigma_max)^(T-1-t)
     * for h_t = act(W_hh h_{t-1} + ...) with |act'| <= gamma (1/4 sigmoid, 1 otherwise) */
    double gamma = m->cell && m->cell->act_bound ? m->cell->act_bound(m->cfg.activation) : NAN;
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
        if (m->cell->state == 2) {
            /* P <- P J_t, where J_t's c-columns have two entries each (cells.h): for the
             * LSTM dh_t,j/dc_{t-1},j and dc_t,j/dc_{t-1},j = f_j; only the h-columns
             * need the product */
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
