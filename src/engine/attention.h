/* attention.h - cell=attention: a Transformer encoder in double precision, exactly
 * torch.nn.TransformerEncoder(TransformerEncoderLayer(E, heads, ff, dropout=0,
 * activation="relu"), layers) in its default post-norm, sequence-first form, fed by
 *   x0_t = embed.weight x_t + embed.bias + pos_embedding[t]          (T, B, E)
 * and, in each layer (LayerNorm eps 1e-5, biased variance as PyTorch's):
 *   q, k, v = split(x in_proj_weight^T + in_proj_bias)               (T, B, 3E)
 *   a_h = softmax(q_h k_h^T / sqrt(E/heads) + mask) v_h   per example and head
 *   y1 = LayerNorm1(x + a out_proj.weight^T + out_proj.bias)
 *   y  = LayerNorm2(y1 + relu(y1 linear1^T + b1) linear2^T + b2)
 * Activations are time-major like every other buffer of the engine: row t*B + b.
 * Lifecycle: attention_alloc (the caches), attention_carve (views into the model's
 * one parameter block), attention_init_weights, attention_forward/backward. */
#ifndef RNNSCOPE_ATTENTION_H
#define RNNSCOPE_ATTENTION_H

#include <stddef.h>

#include "config.h"
#include "error.h"
#include "rng.h"

typedef struct AttnLayer {
    double *in_w;  /* (3E, E) self_attn.in_proj_weight: q, k, v blocks */
    double *in_b;  /* (3E) */
    double *out_w; /* (E, E) self_attn.out_proj.weight */
    double *out_b; /* (E) */
    double *l1_w;  /* (F, E) linear1.weight */
    double *l1_b;  /* (F) */
    double *l2_w;  /* (E, F) linear2.weight */
    double *l2_b;  /* (E) */
    double *n1_w, *n1_b, *n2_w, *n2_b; /* (E) norm1, norm2 */
} AttnLayer;

typedef struct AttnParams {
    double *embed_w; /* (E, I) */
    double *embed_b; /* (E) */
    double *pos;     /* (T, E) pos_embedding */
    AttnLayer layer[CONFIG_MAX_LAYERS];
} AttnParams;

typedef struct AttnCache {
    double *x;     /* (N, E) the layer's input (layer 0: the embedding) */
    double *qkv;   /* (N, 3E) */
    double *att;   /* (B, heads, T, T) softmax weights, row i = query position */
    double *ctx;   /* (N, E) the heads' outputs side by side, before out_proj */
    double *xhat1; /* (N, E) norm1's normalized input */
    double *rstd1; /* (N) 1/sqrt(var + eps) */
    double *y1;    /* (N, E) norm1's output */
    double *f;     /* (N, F) relu(linear1) */
    double *xhat2; /* (N, E) */
    double *rstd2; /* (N) */
} AttnCache;

typedef struct Attention {
    int I, E, T, B, F, L, heads, causal;
    AttnParams p, dp;             /* views into the model's params and grads */
    AttnCache c[CONFIG_MAX_LAYERS];
    /* work space: transposed weights for the forward, one transposed gradient,
     * backward's running gradients */
    double *embed_wt;             /* (I, E) */
    double *in_wt[CONFIG_MAX_LAYERS], *out_wt[CONFIG_MAX_LAYERS]; /* (E, 3E), (E, E) */
    double *l1_wt[CONFIG_MAX_LAYERS], *l2_wt[CONFIG_MAX_LAYERS];  /* (E, F), (F, E) */
    double *dwt;                  /* (max(I, F, E), max(3E, F, E)) */
    double *dy, *dx, *dtmp;       /* (N, E) */
    double *dqkv;                 /* (N, 3E) */
    double *df;                   /* (N, F) */
    double *dS;                   /* (T, T) one example's and head's dL/dP, then dL/dS */
    double *head;                 /* (E/heads, T) one example's k or v of a head, transposed */
    double *mem;                  /* the one allocation behind all of it */
} Attention;

/* Number of parameters (embedding, positions, layers; not the output layer). */
size_t attention_n_params(const Config *cfg, int I);
/* Points p at its tensors inside base in state_dict order; returns the end. */
double *attention_carve(AttnParams *p, double *base, const Config *cfg, int I);
/* Allocates the caches and work space for cfg with input size I; 0, or -1 with err. */
int attention_alloc(Attention *a, const Config *cfg, int I, Error *err);
void attention_free(Attention *a);
/* PyTorch's initialization of each tensor (Xavier for in_proj and the embedding,
 * U(+-1/sqrt(fan_in)) for the Linear layers, ones and zeros for the norms,
 * N(0, 0.02^2) for the positions), drawn from rng in state_dict order. */
void attention_init_weights(Attention *a, Rng *rng);

/* out (T, B, E) = the encoder applied to x (T, B, I); caches what backward needs. */
void attention_forward(Attention *a, double *out, const double *x);
/* Adds dL/dparams into a->dp and writes dx (T, B, I) = dL/dx, given dout (T, B, E)
 * = dL/dout for the preceding attention_forward of x. */
void attention_backward(Attention *a, double *dx, const double *dout, const double *x);

/* Bytes attention_alloc allocates for cfg (I bounded by the caller). */
double attention_memory_doubles(const Config *cfg, double I);

#endif
