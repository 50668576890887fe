/* attention.c - the Transformer encoder of cell=attention: forward/backward pairs
 * for the embedding, multi-head self-attention, LayerNorm and the feed-forward
 * layer, and the encoder built from them (equations in attention.h). */
#include "attention.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"
#include "vmath.h"

#define LN_EPS 1e-5 /* torch.nn.LayerNorm's default */

/* ---- sizes ---------------------------------------------------------------- */

static size_t layer_n_params(long E, long F) { return (size_t)(3 * E * E + 3 * E + E * E + E + F * E + F + E * F + E + 4 * E); }

size_t attention_n_params(const Config *cfg, int I)
{
    long E = cfg->hidden, T = cfg->seq_len;
    return (size_t)(E * I + E + T * E) + (size_t)cfg->layers * layer_n_params(E, cfg->ff);
}

double *attention_carve(AttnParams *p, double *base, const Config *cfg, int I)
{
    long E = cfg->hidden, F = cfg->ff;
    double *q = base;
    p->embed_w = q, q += E * I;
    p->embed_b = q, q += E;
    p->pos = q, q += (long)cfg->seq_len * E;
    for (int l = 0; l < cfg->layers; l++) {
        AttnLayer *y = &p->layer[l];
        y->in_w = q, q += 3 * E * E;
        y->in_b = q, q += 3 * E;
        y->out_w = q, q += E * E;
        y->out_b = q, q += E;
        y->l1_w = q, q += F * E;
        y->l1_b = q, q += F;
        y->l2_w = q, q += E * F;
        y->l2_b = q, q += E;
        y->n1_w = q, q += E;
        y->n1_b = q, q += E;
        y->n2_w = q, q += E;
        y->n2_b = q, q += E;
    }
    return q;
}

static long max3(long a, long b, long c) { return a > b ? (a > c ? a : c) : (b > c ? b : c); }

/* doubles of work space and caches, in the order attention_alloc carves them */
double attention_memory_doubles(const Config *cfg, double I)
{
    double E = cfg->hidden, F = cfg->ff, T = cfg->seq_len, B = cfg->batch, L = cfg->layers;
    double N = T * B, H = cfg->heads;
    double cache = L * (N * E * 6 + N * 3 * E + B * H * T * T + N * F + 2 * N);
    double wt = I * E + L * (3 * E * E + E * E + 2 * E * F);
    double mx = I > F ? (I > E ? I : E) : (F > E ? F : E);
    double my = 3 * E > F ? 3 * E : F;
    double work = mx * my + 3 * N * E + N * 3 * E + N * F + T * T + T * E;
    return cache + wt + work;
}

int attention_alloc(Attention *a, const Config *cfg, int I, Error *err)
{
    memset(a, 0, sizeof *a);
    a->I = I, a->E = cfg->hidden, a->T = cfg->seq_len, a->B = cfg->batch, a->F = cfg->ff;
    a->L = cfg->layers, a->heads = cfg->heads, a->causal = cfg->attention_mask == MASK_CAUSAL;
    long E = a->E, F = a->F, T = a->T, B = a->B, N = T * B;
    double n = attention_memory_doubles(cfg, I);
    a->mem = calloc((size_t)n, sizeof(double));
    if (!a->mem)
        return error_set(err, "out of memory building an attention model with hidden=%ld "
                              "seq_len=%ld batch=%ld", E, T, B);
    double *q = a->mem;
    for (int l = 0; l < a->L; l++) {
        AttnCache *c = &a->c[l];
        c->x = q, q += N * E;
        c->qkv = q, q += N * 3 * E;
        c->att = q, q += B * a->heads * T * T;
        c->ctx = q, q += N * E;
        c->xhat1 = q, q += N * E;
        c->rstd1 = q, q += N;
        c->y1 = q, q += N * E;
        c->f = q, q += N * F;
        c->xhat2 = q, q += N * E;
        c->rstd2 = q, q += N;
    }
    a->embed_wt = q, q += (long)I * E;
    for (int l = 0; l < a->L; l++) {
        a->in_wt[l] = q, q += 3 * E * E;
        a->out_wt[l] = q, q += E * E;
        a->l1_wt[l] = q, q += E * F;
        a->l2_wt[l] = q, q += F * E;
    }
    a->dwt = q, q += max3(I, F, E) * (3 * E > F ? 3 * E : F);
    a->dy = q, q += N * E;
    a->dx = q, q += N * E;
    a->dtmp = q, q += N * E;
    a->dqkv = q, q += N * 3 * E;
    a->df = q, q += N * F;
    a->dS = q, q += T * T;
    a->head = q, q += T * E;
    return 0;
}

void attention_free(Attention *a)
{
    free(a->mem);
    memset(a, 0, sizeof *a);
}

static void init_uniform(double *w, long n, double bound, Rng *rng)
{
    for (long i = 0; i < n; i++) w[i] = (2.0 * rng_uniform(rng) - 1.0) * bound;
}

static void fill(double *w, long n, double v)
{
    for (long i = 0; i < n; i++) w[i] = v;
}

void attention_init_weights(Attention *a, Rng *rng)
{
    long E = a->E, F = a->F, I = a->I;
    AttnParams *p = &a->p;
    init_uniform(p->embed_w, E * I, sqrt(6.0 / (double)(I + E)), rng); /* like W_ih */
    fill(p->embed_b, E, 0.0);
    for (long i = 0; i < (long)a->T * E; i++) p->pos[i] = 0.02 * rng_normal(rng); /* BERT's */
    for (int l = 0; l < a->L; l++) {
        AttnLayer *y = &p->layer[l];
        /* torch.nn.MultiheadAttention._reset_parameters */
        init_uniform(y->in_w, 3 * E * E, sqrt(6.0 / (double)(E + 3 * E)), rng);
        fill(y->in_b, 3 * E, 0.0);
        init_uniform(y->out_w, E * E, 1.0 / sqrt((double)E), rng);
        fill(y->out_b, E, 0.0);
        /* torch.nn.Linear: kaiming_uniform(a = sqrt 5) = U(+-1/sqrt(fan_in)) */
        init_uniform(y->l1_w, F * E, 1.0 / sqrt((double)E), rng);
        init_uniform(y->l1_b, F, 1.0 / sqrt((double)E), rng);
        init_uniform(y->l2_w, E * F, 1.0 / sqrt((double)F), rng);
        init_uniform(y->l2_b, E, 1.0 / sqrt((double)F), rng);
        fill(y->n1_w, E, 1.0), fill(y->n1_b, E, 0.0);
        fill(y->n2_w, E, 1.0), fill(y->n2_b, E, 0.0);
    }
}

/* ---- the pieces: forward/backward pairs ---------------------------------- */

/* out (N, K) = x (N, J) w^T + b, with wt = w^T (J, K) */
static void linear_forward(double *out, const double *x, const double *wt, const double *b, int N,
                           int J, int K)
{
    for (int r = 0; r < N; r++) memcpy(out + (long)r * K, b, sizeof(double) * (size_t)K);
    mm_add(out, x, wt, N, J, K);
}

/* dw (K, J) += dout^T x, db (K) += sum_r dout, and dx (N, J) += dout w if dx;
 * dwt is (J, K) scratch */
static void linear_backward(double *dx, double *dw, double *db, double *dwt, const double *dout,
                            const double *x, const double *w, int N, int J, int K)
{
    memset(dwt, 0, sizeof(double) * (size_t)J * K);
    mm_add_xt_d(dwt, x, dout, N, J, K);
    transpose_add(dw, dwt, J, K);
    for (int r = 0; r < N; r++)
        for (int k = 0; k < K; k++) db[k] += dout[(long)r * K + k];
    if (dx) mm_add_w(dx, dout, w, N, K, J);
}

/* y = (x - mean) rstd g + b per row of E; keeps xhat and rstd */
static void layernorm_forward(double *y, double *xhat, double *rstd, const double *x, const double *g,
                              const double *b, int N, int E)
{
    for (int r = 0; r < N; r++) {
        const double *xr = x + (long)r * E;
        double *hr = xhat + (long)r * E, *yr = y + (long)r * E;
        double mean = 0, var = 0;
        for (int j = 0; j < E; j++) mean += xr[j];
        mean /= E;
        for (int j = 0; j < E; j++) var += (xr[j] - mean) * (xr[j] - mean);
        var /= E; /* biased, as torch.nn.LayerNorm */
        double s = 1.0 / sqrt(var + LN_EPS);
        rstd[r] = s;
        for (int j = 0; j < E; j++) {
            hr[j] = (xr[j] - mean) * s;
            yr[j] = hr[j] * g[j] + b[j];
        }
    }
}

/* dx (N, E) = rstd (dxhat - mean(dxhat) - xhat mean(dxhat xhat)), dxhat = dy g;
 * dg += dy xhat, db += dy */
static void layernorm_backward(double *dx, double *dg, double *db, const double *dy, const double *xhat,
                               const double *rstd, const double *g, int N, int E)
{
    for (int r = 0; r < N; r++) {
        const double *dr = dy + (long)r * E, *hr = xhat + (long)r * E;
        double m1 = 0, m2 = 0;
        for (int j = 0; j < E; j++) {
            double dh = dr[j] * g[j];
            m1 += dh;
            m2 += dh * hr[j];
            dg[j] += dr[j] * hr[j];
            db[j] += dr[j];
        }
        m1 /= E, m2 /= E;
        double *xr = dx + (long)r * E;
        for (int j = 0; j < E; j++) xr[j] = rstd[r] * (dr[j] * g[j] - m1 - hr[j] * m2);
    }
}

/* kt (dk, T) = the rows t of one example's block at x (rows ld doubles apart), transposed */
static void transpose_head(double *kt, const double *x, long ld, int T, int dk)
{
    for (int t = 0; t < T; t++)
        for (int d = 0; d < dk; d++) kt[(long)d * T + t] = x[t * ld + d];
}

/* ctx (N, E): per example b and head h, ctx_i = sum_j P_ij v_j with
 * P_i = softmax_j(q_i . k_j / sqrt(dk)) over j <= i (causal) or all j.
 * S = Q K^T and P V are products of the kernels (each sum in order d, or j, from 0:
 * the bits of the loops they replace); a head's rows of qkv and ctx are read in
 * place, 3E*B and E*B doubles apart. */
static void self_attention_forward(const Attention *a, double *ctx, double *att, const double *qkv)
{
    int T = a->T, B = a->B, E = a->E, nh = a->heads, dk = E / nh;
    long ld = 3L * E * B;
    double scale = 1.0 / sqrt((double)dk);
    double *kt = a->head; /* (dk, T) */
    memset(ctx, 0, sizeof(double) * (size_t)T * B * E);
    for (int b = 0; b < B; b++)
        for (int h = 0; h < nh; h++) {
            const double *q = qkv + (long)b * 3 * E + h * dk, *k = q + E, *v = q + 2 * E;
            double *P = att + ((long)b * nh + h) * T * T;
            transpose_head(kt, k, ld, T, dk);
            memset(P, 0, sizeof(double) * (size_t)T * T);
            mm_add_ld(P, T, q, (int)ld, kt, T, T, dk, T); /* S_ij = q_i . k_j */
            for (int i = 0; i < T; i++) {
                double *pr = P + (long)i * T;
                int n = a->causal ? i + 1 : T;
                double mx = -INFINITY;
                for (int j = 0; j < n; j++) {
                    pr[j] *= scale;
                    mx = pr[j] > mx ? pr[j] : mx;
                }
                for (int j = 0; j < n; j++) pr[j] -= mx;
                vec_exp(pr, n);
                double z = 0;
                for (int j = 0; j < n; j++) z += pr[j];
                for (int j = 0; j < n; j++) pr[j] /= z;
                for (int j = n; j < T; j++) pr[j] = 0.0; /* masked: e^-inf */
            }
            /* ctx_i += sum_j P_ij v_j (masked P_ij = 0 add +-0: the same bits) */
            mm_add_ld(ctx + (long)b * E + h * dk, E * B, P, T, v, (int)ld, T, T, dk);
        }
}

/* dqkv (N, 3E) = dL/d(q, k, v) from dctx (N, E), overwritten; dS is (T, T) scratch.
 * Per example and head, in kernel products (each sum in order from 0, as the loops
 * they replace): dP = dctx V^T, dV = P^T dctx, dS = P (dP - rowsum(P dP)) / sqrt(dk)
 * through the softmax, dQ = dS K, dK = dS^T Q. */
static void self_attention_backward(const Attention *a, double *dqkv, double *dS, const double *dctx,
                                    const double *att, const double *qkv)
{
    int T = a->T, B = a->B, E = a->E, nh = a->heads, dk = E / nh;
    long ld = 3L * E * B;
    double scale = 1.0 / sqrt((double)dk);
    double *vt = a->head; /* (dk, T) */
    memset(dqkv, 0, sizeof(double) * (size_t)T * B * 3 * E);
    for (int b = 0; b < B; b++)
        for (int h = 0; h < nh; h++) {
            long off = (long)b * 3 * E + h * dk;
            const double *q = qkv + off, *k = q + E, *v = q + 2 * E;
            double *dq = dqkv + off, *dkk = dq + E, *dv = dq + 2 * E;
            const double *dc = dctx + (long)b * E + h * dk;
            const double *P = att + ((long)b * nh + h) * T * T;
            transpose_head(vt, v, ld, T, dk);
            memset(dS, 0, sizeof(double) * (size_t)T * T);
            mm_add_ld(dS, T, dc, E * B, vt, T, T, dk, T); /* dP_ij = dctx_i . v_j */
            mm_add_at_ld(dv, (int)ld, P, T, dc, E * B, T, T, dk); /* dv_j = sum_i P_ij dctx_i */
            for (int i = 0; i < T; i++) {
                const double *pr = P + (long)i * T;
                double *dr = dS + (long)i * T;
                int n = a->causal ? i + 1 : T;
                double dot = 0;
                for (int j = 0; j < n; j++) dot += pr[j] * dr[j];
                for (int j = 0; j < n; j++) dr[j] = pr[j] * (dr[j] - dot) * scale;
                for (int j = n; j < T; j++) dr[j] = 0.0;
            }
            mm_add_ld(dq, (int)ld, dS, T, k, (int)ld, T, T, dk);      /* dq_i = sum_j dS_ij k_j */
            mm_add_at_ld(dkk, (int)ld, dS, T, q, (int)ld, T, T, dk);  /* dk_j = sum_i dS_ij q_i */
        }
}

/* ---- the encoder ----------------------------------------------------------- */

static void transpose_weights(Attention *a)
{
    int E = a->E, F = a->F;
    transpose(a->embed_wt, a->p.embed_w, E, a->I);
    for (int l = 0; l < a->L; l++) {
        const AttnLayer *y = &a->p.layer[l];
        transpose(a->in_wt[l], y->in_w, 3 * E, E);
        transpose(a->out_wt[l], y->out_w, E, E);
        transpose(a->l1_wt[l], y->l1_w, F, E);
        transpose(a->l2_wt[l], y->l2_w, E, F);
    }
}

void attention_forward(Attention *a, double *out, const double *x)
{
    int E = a->E, F = a->F, T = a->T, B = a->B, N = T * B;
    transpose_weights(a);
    /* x0 = x embed_w^T + embed_b + pos[t] */
    double *x0 = a->c[0].x;
    for (int t = 0; t < T; t++)
        for (int b = 0; b < B; b++) {
            double *r = x0 + ((long)t * B + b) * E;
            for (int j = 0; j < E; j++) r[j] = a->p.embed_b[j] + a->p.pos[(long)t * E + j];
        }
    mm_add_sparse(x0, x, a->embed_wt, N, a->I, E);
    for (int l = 0; l < a->L; l++) {
        AttnCache *c = &a->c[l];
        const AttnLayer *y = &a->p.layer[l];
        double *res = a->dtmp; /* pre-norm sums, not needed by backward */
        linear_forward(c->qkv, c->x, a->in_wt[l], y->in_b, N, E, 3 * E);
        self_attention_forward(a, c->ctx, c->att, c->qkv);
        linear_forward(res, c->ctx, a->out_wt[l], y->out_b, N, E, E);
        for (long i = 0; i < (long)N * E; i++) res[i] += c->x[i]; /* x + attention */
        layernorm_forward(c->y1, c->xhat1, c->rstd1, res, y->n1_w, y->n1_b, N, E);
        linear_forward(c->f, c->y1, a->l1_wt[l], y->l1_b, N, E, F);
        for (long i = 0; i < (long)N * F; i++) c->f[i] = c->f[i] > 0 ? c->f[i] : 0.0; /* relu */
        linear_forward(res, c->f, a->l2_wt[l], y->l2_b, N, F, E);
        for (long i = 0; i < (long)N * E; i++) res[i] += c->y1[i]; /* y1 + feed-forward */
        double *o = l + 1 < a->L ? a->c[l + 1].x : out;
        layernorm_forward(o, c->xhat2, c->rstd2, res, y->n2_w, y->n2_b, N, E);
    }
}

void attention_backward(Attention *a, double *dx, const double *dout, const double *x)
{
    int E = a->E, F = a->F, T = a->T, B = a->B, N = T * B;
    long NE = (long)N * E;
    memcpy(a->dy, dout, sizeof(double) * (size_t)NE);
    for (int l = a->L - 1; l >= 0; l--) {
        AttnCache *c = &a->c[l];
        const AttnLayer *y = &a->p.layer[l];
        AttnLayer *g = &a->dp.layer[l];
        /* norm2: dres = dL/d(y1 + ff) */
        double *dres = a->dtmp;
        layernorm_backward(dres, g->n2_w, g->n2_b, a->dy, c->xhat2, c->rstd2, y->n2_w, N, E);
        /* feed-forward: dy1 = dres + d(ff)/dy1 */
        memset(a->df, 0, sizeof(double) * (size_t)N * F);
        linear_backward(a->df, g->l2_w, g->l2_b, a->dwt, dres, c->f, y->l2_w, N, F, E);
        for (long i = 0; i < (long)N * F; i++) a->df[i] = c->f[i] > 0 ? a->df[i] : 0.0; /* relu'(0) = 0 */
        memcpy(a->dx, dres, sizeof(double) * (size_t)NE);
        linear_backward(a->dx, g->l1_w, g->l1_b, a->dwt, a->df, c->y1, y->l1_w, N, E, F);
        /* norm1: dres = dL/d(x + attention) */
        layernorm_backward(dres, g->n1_w, g->n1_b, a->dx, c->xhat1, c->rstd1, y->n1_w, N, E);
        /* out_proj: dctx (into dy, free now) */
        double *dctx = a->dy;
        memset(dctx, 0, sizeof(double) * (size_t)NE);
        linear_backward(dctx, g->out_w, g->out_b, a->dwt, dres, c->ctx, y->out_w, N, E, E);
        self_attention_backward(a, a->dqkv, a->dS, dctx, c->att, c->qkv);
        /* dL/dx of the layer: the residual plus through in_proj */
        memcpy(a->dy, dres, sizeof(double) * (size_t)NE);
        linear_backward(a->dy, g->in_w, g->in_b, a->dwt, a->dqkv, c->x, y->in_w, N, E, 3 * E);
    }
    /* embedding: dpos[t] += sum_b dx0, d embed_b += sum, d embed_w += dx0^T x, dx = dx0 embed_w */
    const double *dx0 = a->dy;
    for (int t = 0; t < T; t++)
        for (int b = 0; b < B; b++)
            for (int j = 0; j < E; j++) {
                double v = dx0[((long)t * B + b) * E + j];
                a->dp.pos[(long)t * E + j] += v;
                a->dp.embed_b[j] += v;
            }
    memset(a->dwt, 0, sizeof(double) * (size_t)a->I * E);
    mm_add_xt_d_sparse(a->dwt, x, dx0, N, a->I, E);
    transpose_add(a->dp.embed_w, a->dwt, a->I, E);
    memset(dx, 0, sizeof(double) * (size_t)N * a->I);
    mm_add_w(dx, dx0, a->p.embed_w, N, E, a->I);
}
