/* model.h - a one-layer RNN/LSTM/GRU (optionally bidirectional) with a linear
 * output layer, exact BPTT, in double precision. Equations and parameter
 * layout are PyTorch's (torch.nn.RNN/LSTM/GRU + torch.nn.Linear):
 *   RNN : h_t = act(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)
 *   LSTM: gates (i, f, g, o); c_t = f*c_{t-1} + i*g; h_t = o*tanh(c_t)
 *   GRU : gates (r, z, n); n = tanh(W_in x + b_in + r*(W_hn h + b_hn));
 *         h_t = (1-z)*n + z*h_{t-1}
 * cell=attention replaces the recurrence by a Transformer encoder (attention.h)
 * whose output at t takes the place of h_t; the output layer, losses and masks
 * are shared.
 * Lifecycle: model_init, model_forward, model_backward, model_step, model_free. */
#ifndef RNNSCOPE_MODEL_H
#define RNNSCOPE_MODEL_H

#include <stddef.h>

#include "attention.h"
#include "batch.h"
#include "config.h"
#include "diag.h"
#include "error.h"
#include "task.h"

typedef struct DirParams {
    double *w_ih; /* (G*H, I) */
    double *w_hh; /* (G*H, H) */
    double *b_ih; /* (G*H) */
    double *b_hh; /* (G*H) */
} DirParams;

typedef struct DirCache {
    double *h;    /* (T+1, B, H) state by processing step s: h[0] = 0, h[s+1] = output of step s */
    double *c;    /* (T+1, B, H) LSTM cell state, same indexing */
    double *tc;   /* (T, B, H) LSTM tanh(c) */
    double *gate; /* (T, B, G*H) gate activations after their nonlinearity */
    double *hn;   /* (T, B, H) GRU W_hn h_{t-1} + b_hn */
    double *dh;   /* (T, B, H) dL/dh total derivative, by step s */
    double *dc;   /* (T, B, H) dL/dc total derivative (LSTM), by step s */
} DirCache;

struct Cell;

typedef struct Model {
    Config cfg;
    const struct Cell *cell; /* cell_of(cfg.cell) (cells.h); NULL for attention */
    LossKind loss;
    int I, H, O, G, D, T, B; /* input, hidden, output, gates, directions, time, batch */
    size_t n_params;
    double *params;          /* all parameters, one allocation */
    double *grads;           /* same layout */
    double *opt_m, *opt_v;   /* optimizer state, same layout */
    long opt_t;              /* optimizer steps taken (Adam bias correction) */
    DirParams dir[2], ddir[2];  /* views into params and grads */
    double *out_w, *dout_w;  /* (O, D*H) */
    double *out_b, *dout_b;  /* (O) */
    DirCache cache[2];       /* attention: cache[0].h holds the encoder's output, .dh its gradient */
    Attention attn;          /* cell=attention only */
    double *logits;          /* (T, B, O) */
    double *prob;            /* (T, B, O) softmax (xent) */
    double *dlogits;         /* (T, B, O) */
    double *dx;              /* (T, B, I) dL/dx_t, summed over directions (model_backward) */
    double *scratch;         /* work space, see model.c */
    double *jac, *jprod, *jtmp; /* Jacobian work space for example 0 */
    double *sigma_v;         /* (H) warm start of W_hh's sigma_max (zero = cold), then its scratch */
    int jac_n;               /* size of the Jacobian state (H, or 2H for LSTM); 0 = skip */
    int diag_extra;          /* 1 (model_init): the diagnostics of every step beyond the
                              * gradient's norms: each timestep's share of dL/dW_hh
                              * (model_backward) and sigma_max and the spectrum of W_hh
                              * (run_step); 0: NaN there, for training alone (the summary
                              * line, the engine benchmark). At B=1, H=128 they were a
                              * seventh (LSTM) to a third (tanh RNN) of a training step. */
    /* test probe: if probe_h (or probe_c) is set, model_forward adds it (B, H) to the
     * state of direction probe_dir at timestep probe_t, so tests can take finite
     * differences of the loss with respect to h_t and c_t */
    const double *probe_h, *probe_c;
    int probe_dir, probe_t;
} Model;

/* Allocates and initializes weights from cfg->seed. Sizes I, O, loss come from the task. */
int model_init(Model *m, const Config *cfg, const Task *task, Error *err);
void model_free(Model *m);
/* Bytes model_init allocates for cfg and a task of I inputs and O outputs, as requested
 * of the allocator (it may round each block up). */
double model_memory_bytes(const Config *cfg, int I, int O);
/* Back to the weights model_init drew (same seed) and a fresh optimizer; no allocation. */
void model_reset(Model *m);

/* Runs the batch forward; returns the mean loss (PyTorch's default reduction). */
double model_forward(Model *m, const Batch *b);

/* Exact BPTT: overwrites m->grads with dLoss/dparams and m->dx with dLoss/dx; fills
 * the per-timestep diagnostics in d (may be NULL). Needs the preceding model_forward. */
void model_backward(Model *m, const Batch *b, Diag *d);

/* Fraction of scored positions whose argmax is the target (xent), NaN for MSE. */
double model_accuracy(const Model *m, const Batch *b);

/* Global L2 norm of the gradient. */
double model_grad_norm(const Model *m);

/* Applies the configured clipping to m->grads; returns 1 if it changed them. */
int model_clip(Model *m, double norm);

/* One optimizer update of params from grads. */
void model_step(Model *m);

/* model_clip, then model_step, with *norm_after the clipped gradient's norm (as
 * model_grad_norm gives it; norm if nothing was clipped), in one pass over the
 * parameters for norm clipping with Adam. Returns model_clip's value. */
int model_clip_step(Model *m, double norm, double *norm_after);

/* Jacobian diagnostics for example 0 of the last forward: jac_prod, and jac_norm if
 * norms (NaN if not); NaN when the state is too large to afford (m->jac_n == 0). */
void model_jacobians(Model *m, Diag *d, int norms);

/* Pascanu bound (gamma*d->sigma_max)^(T-1-t) into d->bound (NaN for gated cells). */
void model_bound(const Model *m, Diag *d);

/* Largest singular value of W_hh (candidate block for LSTM/GRU), forward direction.
 * Warm-starts from the previous call's singular vector (m->sigma_v). */
double model_sigma_max(Model *m);

/* Copies the recurrent matrix used for the spectrum (H x H, candidate block for gated cells). */
void model_recurrent_matrix(const Model *m, double *out);

/* 1 if every parameter is finite. */
int model_params_finite(const Model *m);

#endif
