/* diag.h - the diagnostics of one training step, per timestep.
 * Timestep t = 0..T-1 is PyTorch's output[t]; the initial state is zero.
 * Norms over a batch are Frobenius norms over batch and units. */
#ifndef RNNSCOPE_DIAG_H
#define RNNSCOPE_DIAG_H

#include <stddef.h>

#define DIAG_MAX_GATES 3
#define DIAG_MAX_ATTN 32 /* attention rows: layers x heads, at most 4 x 8 (config.h) */

typedef struct Diag {
    int T;
    double *grad_h;       /* (T) ||dL/dh_t|| total derivative, forward direction */
    double *grad_h_rev;   /* (T) the same for the reverse direction (NaN if unidirectional) */
    double *grad_h_ex0;   /* (T) ||dL/dh_t|| of example 0 alone (forward direction) */
    double *grad_c;       /* (T) ||dL/dc_t|| (LSTM; NaN otherwise) */
    double *grad_x;       /* (T) ||dL/dx_t||, the gradient reaching the input at t: both
                           * directions summed (dx_t = sum_d dz_t,d W_ih,d), over batch and inputs */
    double *grad_x_ex0;   /* (T) the same for example 0 alone */
    double *grad_x_dir;   /* (2, T) each direction's share ||dz_t,d W_ih,d||: row 0 forward,
                           * row 1 reverse (NaN if unidirectional) */
    double *grad_x_dir_ex0; /* (2, T) the same for example 0 alone */
    double *whh_contrib;  /* (T) ||timestep t's contribution to dL/dW_hh|| (forward direction) */
    double *jac_norm;     /* (T) ||ds_t/ds_{t-1}||_2 of example 0; s = h, or (h, c) for LSTM */
    double *jac_prod;     /* (T) ||dh_{T-1}/dh_t||_2 of example 0 (product of the factors) */
    double *bound;        /* (T) Pascanu bound (gamma*sigma_max)^(T-1-t); NaN if none applies */
    double *gate_mean;    /* (T, DIAG_MAX_GATES) mean gate activation: LSTM i,f,o; GRU r,z,NaN */
    int n_gates;          /* 3 for LSTM, 2 for GRU, 0 for RNN */
    double *attn;         /* (DIAG_MAX_ATTN, T) cell=attention: example 0's attention weights
                           * from the scored position attn_t to every position j (the row
                           * attn_t of softmax(QK^T/sqrt(d_k) + mask)), row l*attn_heads + h
                           * for layer l and head h; 0 where the mask hides j; NaN otherwise */
    int attn_t;           /* the query position: example 0's last scored timestep; -1 if none */
    int attn_layers, attn_heads; /* rows in use: attn_layers * attn_heads (0 for RNNs) */
    double loss;
    double accuracy;      /* NaN for MSE tasks */
    double loss_mean;     /* mean loss of the last RUN_MEAN_STEPS steps (fewer at the start) */
    double loss_median;   /* their median: one huge step does not lift it for RUN_MEAN_STEPS steps */
    double accuracy_mean; /* the same for accuracy (what lesson checks measure) */
    double grad_norm;     /* global gradient norm before clipping */
    double grad_norm_clipped; /* after clipping */
    int clipped;          /* 1 if clipping changed the gradient this step */
    double clip_angle;    /* degrees between the gradient and the step taken: 0 unless
                           * elementwise clipping (clip=value) turned it */
    double sigma_max;     /* largest singular value of W_hh (candidate block for LSTM/GRU) */
    double spectral_radius; /* filled by the caller that has an eigen solver, else NaN */
    int jacobians;        /* 1 if jac_norm/jac_prod were computed this step */
    /* example 0's prediction at its last scored timestep (xent tasks) */
    int pred_t, pred_class, pred_target;
    double pred_prob;
} Diag;

/* Allocates the per-timestep arrays for T steps (one block), all NaN; returns 0 or -1. */
int diag_alloc(Diag *d, int T);
void diag_free(Diag *d);
/* Doubles diag_alloc allocates for T steps (one block). */
size_t diag_doubles(int T);
/* Every array value back to NaN. */
void diag_clear_arrays(Diag *d);

/* the 2-norm of n values for diagnostics, sqrt(sumsq_diag) where the squares neither
 * overflow nor underflow, else the values scaled by a power of two first (as LAPACK's
 * dnrm2 scales): values of 1e-200 have the norm 1e-200, not 0, and of 1e200 not inf.
 * inf if a value is infinite, NaN if one is NaN. */
double norm_diag(const double *restrict a, long n);

#endif
