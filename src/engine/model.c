/* model.c - parameters, forward pass, loss and exact BPTT for RNN/LSTM/GRU, and
 * the shared output layer under cell=attention's encoder (attention.c). */
#include "model.h"

#include <assert.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cells.h"
#include "clones.h"
#include "kernels.h"
#include "rng.h"
#include "vmath.h"

/* scratch layout (offsets into m->scratch), all sized at init */
typedef struct Work {
    double *wih_t[2], *whh_t[2];   /* (I, GH), (H, GH) transposed weights */
    double *dwih_t[2];             /* (I, GH) gradient accumulator, transposed */
    double *wout_t;                /* (D*H, O) */
    double *dwout_t;               /* (D*H, O) */
    double *pre_ih, *pre_hh;       /* (B, GH) */
    double *dz_ih;                 /* (B, GH) the GRU's dz for W_ih */
    double *dh_next, *dc_next;     /* (B, H) */
    double *dx_step;               /* (B, I) one direction's dL/dx_t */
    double *dz_steps;              /* (T, B, GH) every step's dz for W_hh, summed after the loop */
    double *whh_sq;                /* (T) ||step t's dW_hh^T||^2 */
    double *steps_work;            /* MM_STEPS_WORK(T, B) */
    unsigned char *scored;         /* (T) any example scored at t */
} Work;

static Work *work_of(Model *m) { return (Work *)m->scratch; }

static int time_of(const Model *m, int d, int s) { return d == 0 ? s : m->T - 1 - s; }

static void init_uniform(double *w, long n, double a, Rng *rng)
{
    for (long i = 0; i < n; i++) w[i] = (2.0 * rng_uniform(rng) - 1.0) * a;
}

/* W_hh gate block (H, H) by the configured scheme, times init_scale. */
static void init_recurrent_block(double *w, int H, const Config *cfg, Rng *rng)
{
    long n = (long)H * H;
    switch (cfg->init) {
    case INIT_UNIFORM: init_uniform(w, n, 1.0 / sqrt(H), rng); break; /* PyTorch's default */
    case INIT_NORMAL:
        for (long i = 0; i < n; i++) w[i] = rng_normal(rng) / sqrt(H);
        break;
    case INIT_XAVIER: init_uniform(w, n, sqrt(6.0 / (2.0 * H)), rng); break;
    case INIT_ORTHOGONAL: random_orthogonal(w, H, rng); break;
    case INIT_IDENTITY:
        memset(w, 0, sizeof *w * (size_t)n);
        for (int i = 0; i < H; i++) w[(long)i * H + i] = 1.0;
        break;
    }
    for (long i = 0; i < n; i++) w[i] *= cfg->init_scale;
}

static void carve(Model *m, double *base, DirParams dp[2], double **ow, double **ob)
{
    long GH = (long)m->G * m->H;
    double *p = base;
    if (m->cfg.cell == CELL_ATTENTION) {
        p = attention_carve(base == m->params ? &m->attn.p : &m->attn.dp, base, &m->cfg, m->I);
        *ow = p, p += (long)m->O * m->H;
        *ob = p;
        return;
    }
    for (int d = 0; d < m->D; d++) {
        dp[d].w_ih = p, p += GH * m->I;
        dp[d].w_hh = p, p += GH * m->H;
        dp[d].b_ih = p, p += GH;
        dp[d].b_hh = p, p += GH;
    }
    *ow = p, p += (long)m->O * m->D * m->H;
    *ob = p, p += m->O;
}

static void init_weights(Model *m)
{
    Rng rng;
    rng_seed(&rng, m->cfg.seed ^ 0x5eed0f5eed0f5eedULL);
    int H = m->H, G = m->G;
    if (m->cfg.cell == CELL_ATTENTION) attention_init_weights(&m->attn, &rng);
    for (int d = 0; d < m->D && m->cfg.cell != CELL_ATTENTION; d++) {
        DirParams *p = &m->dir[d];
        /* input weights: Xavier uniform per gate block, fan_in I, fan_out H */
        init_uniform(p->w_ih, (long)G * H * m->I, sqrt(6.0 / (m->I + H)), &rng);
        for (int g = 0; g < G; g++) init_recurrent_block(p->w_hh + (long)g * H * H, H, &m->cfg, &rng);
        memset(p->b_ih, 0, sizeof(double) * (size_t)(G * H));
        memset(p->b_hh, 0, sizeof(double) * (size_t)(G * H));
        if (m->cell->init_bias) m->cell->init_bias(p->b_ih, &m->cfg, m->T, &rng, H);
    }
    init_uniform(m->out_w, (long)m->O * m->D * H, sqrt(6.0 / (m->D * H + m->O)), &rng);
    memset(m->out_b, 0, sizeof(double) * (size_t)m->O);
}

/* Each direction's per-timestep cache (model.h's DirCache); 0, or -1 out of memory
 * (model_free releases what was allocated). */
static int alloc_caches(Model *m)
{
    long H = m->H, T = m->T, B = m->B, GH = (long)m->G * H;
    for (int d = 0; d < m->D; d++) {
        DirCache *c = &m->cache[d];
        c->h = calloc((size_t)((T + 1) * B * H), sizeof(double));
        c->gate = calloc((size_t)(T * B * GH), sizeof(double));
        c->dh = calloc((size_t)(T * B * H), sizeof(double));
        if (!c->h || !c->gate || !c->dh) return -1;
        int keep = m->cell ? m->cell->caches : 0;
        if (keep & CELL_CACHE_C) {
            c->c = calloc((size_t)((T + 1) * B * H), sizeof(double));
            c->tc = calloc((size_t)(T * B * H), sizeof(double));
            c->dc = calloc((size_t)(T * B * H), sizeof(double));
            if (!c->c || !c->tc || !c->dc) return -1;
        }
        if (keep & CELL_CACHE_HN) {
            c->hn = calloc((size_t)(T * B * H), sizeof(double));
            if (!c->hn) return -1;
        }
    }
    return 0;
}

/* Points the Work's buffers into m->scratch, sized as model_init counted them. */
static void carve_work(Model *m)
{
    long I = m->I, H = m->H, O = m->O, D = m->D, T = m->T, B = m->B, GH = (long)m->G * H;
    Work *w = work_of(m);
    double *p = (double *)(w + 1);
    for (int d = 0; d < D; d++) {
        w->wih_t[d] = p, p += I * GH;
        w->whh_t[d] = p, p += H * GH;
        w->dwih_t[d] = p, p += I * GH;
    }
    w->wout_t = p, p += D * H * O;
    w->dwout_t = p, p += D * H * O;
    w->pre_ih = p, p += B * GH;
    w->pre_hh = p, p += B * GH;
    w->dz_ih = p, p += B * GH;
    w->dh_next = p, p += B * H;
    w->dc_next = p, p += B * H;
    w->dx_step = p, p += B * I;
    w->dz_steps = p, p += T * B * GH;
    w->whh_sq = p, p += T;
    w->steps_work = p, p += MM_STEPS_WORK(T, B);
    w->scored = (unsigned char *)p;
}

/* The sizes model_init allocates by, for model_init and model_memory_bytes alike. */
typedef struct ModelSizes {
    long n_params;  /* parameters (the block holds four copies) */
    long caches;    /* doubles of each direction's DirCache buffers, all of them */
    long work;      /* doubles of Work's buffers in m->scratch */
    long jac_n;     /* Jacobian state size; 0: the diagnostics are skipped */
} ModelSizes;

static ModelSizes model_sizes(const Config *cfg, long I, long O)
{
    const Cell *cell = cell_of(cfg->cell);
    long H = cfg->hidden, T = cfg->seq_len, B = cfg->batch, G = cell ? cell->gates : 1;
    long D = cfg->bidirectional ? 2 : 1, GH = G * H;
    ModelSizes z;
    z.n_params = D * (GH * I + GH * H + 2 * GH) + O * D * H + O;
    if (cfg->cell == CELL_ATTENTION) z.n_params = (long)attention_n_params(cfg, (int)I) + O * H + O;
    int keep = cell ? cell->caches : 0; /* alloc_caches */
    long per_dir = (T + 1) * B * H + T * B * GH + T * B * H;
    if (keep & CELL_CACHE_C) per_dir += (T + 1) * B * H + 2 * T * B * H;
    if (keep & CELL_CACHE_HN) per_dir += T * B * H;
    z.caches = D * per_dir;
    z.work = D * (2 * I * GH + H * GH) + 2 * D * H * O + 3 * B * GH + 2 * B * H + B * I +
             T * B * GH + T + MM_STEPS_WORK(T, B); /* carve_work */
    /* Jacobian diagnostics for example 0: state n = H (2H for LSTM); skipped when
     * n^3 T would cost more than a few hundred million flops per step, and for
     * attention: no recurrence to differentiate. */
    long n = cell ? cell->state * H : 0;
    z.jac_n = cell && (double)n * n * n * T <= 4e8 ? n : 0;
    return z;
}

double model_memory_bytes(const Config *cfg, int I, int O)
{
    ModelSizes z = model_sizes(cfg, I, O);
    double H = cfg->hidden, T = cfg->seq_len, B = cfg->batch, n = (double)z.jac_n;
    double doubles = 4.0 * (double)z.n_params + (double)z.caches + 3 * T * B * O + T * B * I + H +
                     (double)spectral_norm_krylov_work(cfg->hidden, cfg->hidden) + (double)z.work +
                     (n ? 3 * n * n + 4 * n : 0);
    if (cfg->cell == CELL_ATTENTION) doubles += attention_memory_doubles(cfg, I);
    return 8 * doubles + (double)sizeof(Work) + T + 16;
}

int model_init(Model *m, const Config *cfg, const Task *task, Error *err)
{
    memset(m, 0, sizeof *m);
    m->cfg = *cfg;
    m->diag_extra = 1;
    m->loss = task->loss;
    m->I = task->I, m->O = task->O, m->H = cfg->hidden, m->T = cfg->seq_len, m->B = cfg->batch;
    m->cell = cell_of(cfg->cell);
    m->G = m->cell ? m->cell->gates : 1;
    m->D = cfg->bidirectional ? 2 : 1;
    long I = m->I, H = m->H, O = m->O, T = m->T, B = m->B;
    ModelSizes z = model_sizes(cfg, I, O);
    m->n_params = (size_t)z.n_params;
    if (cfg->cell == CELL_ATTENTION && attention_alloc(&m->attn, cfg, m->I, err)) return -1;
    size_t np = m->n_params;
    m->params = calloc(np * 4, sizeof(double));
    if (!m->params) goto oom;
    m->grads = m->params + np, m->opt_m = m->grads + np, m->opt_v = m->opt_m + np;
    carve(m, m->params, m->dir, &m->out_w, &m->out_b);
    carve(m, m->grads, m->ddir, &m->dout_w, &m->dout_b);

    if (alloc_caches(m)) goto oom;
    m->logits = calloc((size_t)(3 * T * B * O), sizeof(double));
    m->dx = calloc((size_t)(T * B * I), sizeof(double));
    m->sigma_v = calloc((size_t)(H + spectral_norm_krylov_work(H, H)), sizeof(double));
    if (!m->logits || !m->dx || !m->sigma_v) goto oom;
    m->prob = m->logits + T * B * O, m->dlogits = m->prob + T * B * O;

    m->scratch = calloc(1, sizeof(Work) + (size_t)z.work * sizeof(double) + (size_t)T + 16);
    if (!m->scratch) goto oom;
    carve_work(m);

    long n = z.jac_n;
    if (n) {
        m->jac_n = (int)n;
        m->jac = calloc((size_t)(3 * n * n + 4 * n), sizeof(double));
        if (!m->jac) goto oom;
        m->jprod = m->jac + n * n, m->jtmp = m->jprod + n * n;
    }
    init_weights(m);
    return 0;
oom:
    model_free(m);
    return error_set(err, "out of memory building a model with hidden=%ld seq_len=%ld batch=%ld",
                     H, T, B);
}

void model_reset(Model *m)
{
    init_weights(m);
    memset(m->opt_m, 0, sizeof(double) * m->n_params * 2);
    memset(m->grads, 0, sizeof(double) * m->n_params);
    memset(m->sigma_v, 0, sizeof(double) * (size_t)m->H); /* the start vector: cold */
    m->opt_t = 0;
}

void model_free(Model *m)
{
    free(m->params);
    for (int d = 0; d < 2; d++) {
        DirCache *c = &m->cache[d];
        free(c->h), free(c->c), free(c->tc), free(c->gate), free(c->hn), free(c->dh), free(c->dc);
    }
    free(m->logits);
    free(m->dx);
    free(m->sigma_v);
    free(m->scratch);
    free(m->jac);
    attention_free(&m->attn);
    memset(m, 0, sizeof *m);
}

/* The kernels read the weights transposed: W_ih^T (I, GH), W_hh^T (H, GH), W_out^T. */
static void forward_transpose(Model *m)
{
    Work *w = work_of(m);
    int GH = m->G * m->H;
    for (int d = 0; d < m->D && m->cfg.cell != CELL_ATTENTION; d++) {
        transpose(w->wih_t[d], m->dir[d].w_ih, GH, m->I);
        transpose(w->whh_t[d], m->dir[d].w_hh, GH, m->H);
    }
    transpose(w->wout_t, m->out_w, m->O, m->D * m->H);
}

/* Step s of direction d (timestep t = time_of(d, s)): state s+1 from state s and x_t. */
static void forward_step(Model *m, const Batch *bt, int d, int s)
{
    Work *w = work_of(m);
    int I = m->I, H = m->H, B = m->B, GH = m->G * H;
    long BH = (long)B * H;
    const DirParams *p = &m->dir[d];
    DirCache *c = &m->cache[d];
    const double *x = bt->x + (long)time_of(m, d, s) * B * I;
    const double *hp = c->h + s * BH;
    for (int b = 0; b < B; b++) {
        memcpy(w->pre_ih + (long)b * GH, p->b_ih, sizeof(double) * (size_t)GH);
        memcpy(w->pre_hh + (long)b * GH, p->b_hh, sizeof(double) * (size_t)GH);
    }
    mm_add_sparse(w->pre_ih, x, w->wih_t[d], B, I, GH);  /* x_t W_ih^T + b_ih */
    mm_add(w->pre_hh, hp, w->whh_t[d], B, H, GH); /* h_{t-1} W_hh^T + b_hh */
    m->cell->forward(c, s, w->pre_ih, w->pre_hh, m->cfg.activation, B, H);
}

/* The test probe (model.h): adds probe_c to the cell state c_t, then the cell makes
 * h_t from it again (Cell.output), and probe_h to h_t, of step s just computed. */
static void forward_probe(Model *m, int d, int s)
{
    long BH = (long)m->B * m->H;
    DirCache *c = &m->cache[d];
    double *hs = c->h + (s + 1) * BH;
    if (m->probe_c && c->c) {
        assert(m->cell->output);
        double *cs = c->c + (s + 1) * BH;
        for (long i = 0; i < BH; i++) cs[i] += m->probe_c[i]; /* c_t += probe */
        m->cell->output(c, s, m->B, m->H);
    }
    if (m->probe_h)
        for (long i = 0; i < BH; i++) hs[i] += m->probe_h[i];
}

/* Direction d's recurrence, s = 0 .. T-1 (the reverse direction reads x from
 * t = T-1 down); the test probe, if set for this direction, between two runs of
 * the loop. */
static void forward_direction(Model *m, const Batch *bt, int d)
{
    int T = m->T, s = 0;
    int probe = (m->probe_h || m->probe_c) && d == m->probe_dir && m->probe_t >= 0 && m->probe_t < T;
    if (probe) {
        int ps = time_of(m, d, m->probe_t); /* time_of is its own inverse */
        for (; s <= ps; s++) forward_step(m, bt, d, s);
        forward_probe(m, d, ps);
    }
    for (; s < T; s++) forward_step(m, bt, d, s);
}

/* y_t = W_out [h_fwd_t ; h_rev_t] + b_out into m->logits at the timesteps where
 * any example is scored (w->scored), zeros elsewhere */
static void forward_output(Model *m, const Batch *bt)
{
    Work *w = work_of(m);
    int H = m->H, T = m->T, B = m->B, O = m->O;
    long BH = (long)B * H;
    for (int t = 0; t < T; t++) {
        w->scored[t] = 0;
        for (int b = 0; b < B; b++) w->scored[t] |= bt->mask[(long)t * B + b];
    }
    for (int t = 0; t < T; t++) {
        double *lg = m->logits + (long)t * B * O;
        if (!w->scored[t]) {
            memset(lg, 0, sizeof(double) * (size_t)(B * O));
            continue;
        }
        for (int b = 0; b < B; b++) memcpy(lg + (long)b * O, m->out_b, sizeof(double) * (size_t)O);
        for (int d = 0; d < m->D; d++) {
            int s = time_of(m, d, t);
            mm_add(lg, m->cache[d].h + (s + 1) * BH, w->wout_t + (long)d * H * O, B, H, O);
        }
    }
}

/* The mean loss over the scored positions, and the softmax into m->prob (xent). */
static double forward_loss(Model *m, const Batch *bt)
{
    int T = m->T, B = m->B, O = m->O;
    long n_scored = 0;
    double total = 0;
    for (int t = 0; t < T; t++) {
        if (!work_of(m)->scored[t]) continue;
        for (int b = 0; b < B; b++) {
            if (!bt->mask[(long)t * B + b]) continue;
            const double *l = m->logits + ((long)t * B + b) * O;
            double *pr = m->prob + ((long)t * B + b) * O;
            n_scored++;
            if (m->loss == LOSS_XENT) {
                double mx = l[0];
                for (int k = 1; k < O; k++) mx = l[k] > mx ? l[k] : mx;
                /* the engine's own e^x and ln: the same bits on every machine */
                for (int k = 0; k < O; k++) pr[k] = l[k] - mx;
                vec_exp(pr, O);
                double z = 0;
                for (int k = 0; k < O; k++) z += pr[k];
                for (int k = 0; k < O; k++) pr[k] /= z;
                total += mx + vm_log(z) - l[bt->target[(long)t * B + b]]; /* -log softmax */
            } else {
                const double *y = bt->y + ((long)t * B + b) * O;
                for (int k = 0; k < O; k++) total += (l[k] - y[k]) * (l[k] - y[k]);
            }
        }
    }
    if (n_scored == 0) return 0.0;
    /* PyTorch's default 'mean': over scored positions (xent) or over their elements (mse) */
    return m->loss == LOSS_XENT ? total / (double)n_scored : total / ((double)n_scored * O);
}

/* The mirror of model_backward: each direction's recurrence (or the attention
 * encoder), the output layer, the loss. */
double model_forward(Model *m, const Batch *bt)
{
    forward_transpose(m);
    if (m->cfg.cell == CELL_ATTENTION)
        attention_forward(&m->attn, m->cache[0].h + (long)m->B * m->H, bt->x);
    else
        for (int d = 0; d < m->D; d++) forward_direction(m, bt, d);
    forward_output(m, bt);
    return forward_loss(m, bt);
}

double model_accuracy(const Model *m, const Batch *bt)
{
    if (m->loss != LOSS_XENT) return NAN;
    long n = 0, right = 0;
    int T = m->T, B = m->B, O = m->O;
    for (int t = 0; t < T; t++) {
        for (int b = 0; b < B; b++) {
            if (!bt->mask[(long)t * B + b]) continue;
            const double *l = m->logits + ((long)t * B + b) * O;
            int best = 0;
            for (int k = 1; k < O; k++) best = l[k] > l[best] ? k : best;
            n++;
            right += best == bt->target[(long)t * B + b];
        }
    }
    return n ? (double)right / (double)n : NAN;
}

static void backward_output(Model *m, const Batch *bt)
{
    Work *w = work_of(m);
    int H = m->H, T = m->T, B = m->B, O = m->O, D = m->D;
    long BH = (long)B * H;
    long n_scored = 0;
    for (long i = 0; i < (long)T * B; i++) n_scored += bt->mask[i] != 0;
    double scale = n_scored == 0 ? 0.0
                 : m->loss == LOSS_XENT ? 1.0 / (double)n_scored
                 : 2.0 / ((double)n_scored * O);
    memset(w->dwout_t, 0, sizeof(double) * (size_t)(D * H * O));
    for (int d = 0; d < D; d++) memset(m->cache[d].dh, 0, sizeof(double) * (size_t)(T * BH));
    for (int t = 0; t < T; t++) {
        double *dl = m->dlogits + (long)t * B * O;
        memset(dl, 0, sizeof(double) * (size_t)(B * O));
        if (!w->scored[t]) continue;
        for (int b = 0; b < B; b++) {
            if (!bt->mask[(long)t * B + b]) continue;
            double *g = dl + (long)b * O;
            const double *l = m->logits + ((long)t * B + b) * O;
            if (m->loss == LOSS_XENT) {
                const double *pr = m->prob + ((long)t * B + b) * O;
                for (int k = 0; k < O; k++) g[k] = pr[k] * scale;
                g[bt->target[(long)t * B + b]] -= scale; /* (softmax - onehot) / N */
            } else {
                const double *y = bt->y + ((long)t * B + b) * O;
                for (int k = 0; k < O; k++) g[k] = (l[k] - y[k]) * scale;
            }
            for (int k = 0; k < O; k++) m->dout_b[k] += g[k];
        }
        for (int d = 0; d < D; d++) {
            int s = time_of(m, d, t);
            const double *h = m->cache[d].h + (s + 1) * BH;
            mm_add_xt_d(w->dwout_t + (long)d * H * O, h, dl, B, H, O); /* dW_out^T += h^T dy */
            /* dh_t += dy W_out[:, dH:(d+1)H] */
            double *dh = m->cache[d].dh + s * BH;
            for (int b = 0; b < B; b++)
                for (int k = 0; k < O; k++) {
                    double gk = dl[(long)b * O + k];
                    if (gk == 0.0) continue;
                    const double *wr = m->out_w + (long)k * D * H + (long)d * H;
                    for (int j = 0; j < H; j++) dh[(long)b * H + j] += gk * wr[j];
                }
        }
    }
    transpose_add(m->dout_w, w->dwout_t, D * H, O);
}

static void backward_direction(Model *m, const Batch *bt, int d, Diag *dg)
{
    Work *w = work_of(m);
    int I = m->I, H = m->H, G = m->G, T = m->T, B = m->B, GH = G * H;
    long BH = (long)B * H;
    DirCache *c = &m->cache[d];
    DirParams *dp = &m->ddir[d];
    const DirParams *p = &m->dir[d];
    const Cell *cell = m->cell;
    memset(w->dwih_t[d], 0, sizeof(double) * (size_t)(I * GH));
    memset(w->dh_next, 0, sizeof(double) * (size_t)BH);
    memset(w->dc_next, 0, sizeof(double) * (size_t)BH);
    for (int s = T - 1; s >= 0; s--) {
        int t = time_of(m, d, s);
        double *dh = c->dh + s * BH;
        /* total derivative: from the output at this step + from step s+1 */
        for (long i = 0; i < BH; i++) dh[i] += w->dh_next[i];
        /* this step's dz for W_hh, kept for dW_hh after the loop; one dz for both
         * affine parts unless the cell splits them (GRU). The cell writes dh_next's
         * paths to h_{t-1} other than W_hh, and turns dc_next into dL/dc_{t-1}. */
        double *dz_hh = w->dz_steps + (long)s * B * GH, *dz_ih = cell->split_dz ? w->dz_ih : dz_hh;
        cell->backward(dz_ih, dz_hh, w->dh_next, w->dc_next, dh, c, s, m->cfg.activation, B, H);
        const double *x = bt->x + (long)t * B * I;
        mm_add_xt_d_sparse(w->dwih_t[d], x, dz_ih, B, I, GH); /* dW_ih^T += x^T dz */
        /* this direction's share of dL/dx_t = dz W_ih (B, I): the forward direction
         * writes dx_t, the reverse one adds its share */
        double *dx = m->dx + (long)t * B * I, *share = d == 0 ? dx : w->dx_step;
        memset(share, 0, sizeof(double) * (size_t)B * I);
        mm_add_w(share, dz_ih, p->w_ih, B, GH, I);
        if (d) for (long i = 0; i < (long)B * I; i++) dx[i] += share[i];
        for (int b = 0; b < B; b++)
            for (int j = 0; j < GH; j++) {
                dp->b_ih[j] += dz_ih[(long)b * GH + j];
                dp->b_hh[j] += dz_hh[(long)b * GH + j];
            }
        /* dL/dh_{t-1} through this step: dz_hh W_hh (+ the cell's other paths) */
        mm_add_w(w->dh_next, dz_hh, p->w_hh, B, GH, H);
        /* truncated BPTT: no gradient crosses a chunk boundary */
        if (m->cfg.bptt > 0 && s % m->cfg.bptt == 0) {
            memset(w->dh_next, 0, sizeof(double) * (size_t)BH);
            memset(w->dc_next, 0, sizeof(double) * (size_t)BH);
        }
        if (dg) {
            double n = norm_diag(dh, BH);
            dg->grad_x_dir[d * T + t] = norm_diag(share, (long)B * I);
            dg->grad_x_dir_ex0[d * T + t] = norm_diag(share, I);
            if (d == 0) {
                dg->grad_h[t] = n;
                dg->grad_h_ex0[t] = norm_diag(dh, H); /* example 0 is the first row */
                if (c->dc) dg->grad_c[t] = norm_diag(c->dc + s * BH, BH);
            } else {
                dg->grad_h_rev[t] = n;
            }
        }
    }
    /* dW_hh = (sum of h_{t-1}^T dz_t)^T, step by step from t = T-1, from +0 straight
     * into the gradient (one pass over dW_hh, which model_backward leaves as it was),
     * with each step's share's norm for the diagnostics */
    double *sq = dg && d == 0 && m->diag_extra ? w->whh_sq : NULL;
    mm_add_xt_d_steps(dp->w_hh, sq, w->steps_work, c->h, w->dz_steps, T, B, H, GH);
    for (int s = 0; dg && d == 0 && s < T; s++)
        dg->whh_contrib[time_of(m, d, s)] = sq ? sqrt(sq[s]) : NAN;
    transpose_add(dp->w_ih, w->dwih_t[d], I, GH);
}

_Static_assert(CONFIG_MAX_LAYERS * CONFIG_MAX_HEADS <= DIAG_MAX_ATTN, "diag.attn holds every head");

/* dg->attn: example 0's attention weights from its last scored timestep, the row
 * the forward pass cached in each layer's softmax (B, heads, T, T) */
static void attention_row(const Attention *a, Diag *dg, const Batch *bt)
{
    int T = a->T, B = a->B, nh = a->heads, q = -1;
    for (int t = T - 1; t >= 0 && q < 0; t--)
        if (bt->mask[(long)t * B]) q = t;
    dg->attn_t = q, dg->attn_layers = a->L, dg->attn_heads = nh;
    for (int l = 0; l < a->L; l++)
        for (int h = 0; h < nh; h++) {
            double *row = dg->attn + (long)(l * nh + h) * T;
            const double *P = a->c[l].att + ((long)h * T + q) * T; /* example 0: b = 0 */
            for (int j = 0; j < T; j++) row[j] = q >= 0 ? P[j] : NAN;
        }
}

/* the encoder's backward from dL/d(output) in cache[0].dh; the diagnostics it has:
 * ||dL/dx_t|| and ||dL/d(output_t)|| in place of ||dL/dh_t|| (no W_hh, no cell state) */
static void backward_attention(Model *m, const Batch *bt, Diag *dg)
{
    int T = m->T, B = m->B, H = m->H, I = m->I;
    const DirCache *c = &m->cache[0];
    attention_backward(&m->attn, m->dx, c->dh, bt->x);
    if (!dg) return;
    attention_row(&m->attn, dg, bt);
    for (int t = 0; t < T; t++) {
        const double *dx = m->dx + (long)t * B * I, *dh = c->dh + (long)t * B * H;
        dg->grad_x_dir[t] = norm_diag(dx, (long)B * I);
        dg->grad_x_dir_ex0[t] = norm_diag(dx, I);
        dg->grad_h[t] = norm_diag(dh, (long)B * H);
        dg->grad_h_ex0[t] = norm_diag(dh, H);
        dg->whh_contrib[t] = NAN;
    }
}

static void gate_means(const Model *m, Diag *dg)
{
    int H = m->H, G = m->G, T = m->T, B = m->B;
    const int *blocks = m->cell ? m->cell->plotted : NULL;
    dg->n_gates = m->cell ? m->cell->n_plotted : 0;
    for (int t = 0; t < T; t++) {
        for (int k = 0; k < DIAG_MAX_GATES; k++) {
            double v = NAN;
            if (k < dg->n_gates) {
                v = 0;
                const double *gt = m->cache[0].gate + (long)t * B * G * H;
                for (int b = 0; b < B; b++)
                    for (int j = 0; j < H; j++) v += gt[(long)b * G * H + blocks[k] * H + j];
                v /= (double)B * H;
            }
            dg->gate_mean[t * DIAG_MAX_GATES + k] = v;
        }
    }
}

static void prediction(const Model *m, const Batch *bt, Diag *dg)
{
    dg->pred_t = -1, dg->pred_class = -1, dg->pred_target = -1, dg->pred_prob = NAN;
    if (m->loss != LOSS_XENT) return;
    for (int t = m->T - 1; t >= 0; t--) {
        if (!bt->mask[(long)t * m->B]) continue;
        const double *pr = m->prob + (long)t * m->B * m->O;
        int best = 0;
        for (int k = 1; k < m->O; k++) best = pr[k] > pr[best] ? k : best;
        dg->pred_t = t, dg->pred_class = best, dg->pred_prob = pr[best];
        dg->pred_target = bt->target[(long)t * m->B];
        return;
    }
}

void model_backward(Model *m, const Batch *bt, Diag *dg)
{
    int T = m->T;
    long BI = (long)m->B * m->I;
    if (m->cfg.cell == CELL_ATTENTION) {
        memset(m->grads, 0, sizeof(double) * m->n_params);
    } else { /* all but dW_hh, which backward_direction writes whole (most of the gradient) */
        size_t GH = (size_t)m->G * (size_t)m->H;
        for (int d = 0; d < m->D; d++) {
            memset(m->ddir[d].w_ih, 0, sizeof(double) * GH * (size_t)m->I);
            memset(m->ddir[d].b_ih, 0, sizeof(double) * GH);
            memset(m->ddir[d].b_hh, 0, sizeof(double) * GH);
        }
        memset(m->dout_w, 0, sizeof(double) * (size_t)(m->O * m->D * m->H));
        memset(m->dout_b, 0, sizeof(double) * (size_t)m->O);
    }
    backward_output(m, bt);
    if (dg) {
        for (int t = 0; t < T; t++) dg->grad_h_rev[t] = dg->grad_c[t] = NAN;
        for (int t = T; t < 2 * T; t++) dg->grad_x_dir[t] = dg->grad_x_dir_ex0[t] = NAN;
    }
    if (m->cfg.cell == CELL_ATTENTION) backward_attention(m, bt, dg);
    else
        for (int d = 0; d < m->D; d++) backward_direction(m, bt, d, dg);
    if (dg) {
        if (m->D == 1) { /* the forward direction's share is all of dL/dx_t */
            memcpy(dg->grad_x, dg->grad_x_dir, sizeof(double) * (size_t)T);
            memcpy(dg->grad_x_ex0, dg->grad_x_dir_ex0, sizeof(double) * (size_t)T);
        } else {
            for (int t = 0; t < T; t++) {
                dg->grad_x[t] = norm_diag(m->dx + t * BI, BI);
                dg->grad_x_ex0[t] = norm_diag(m->dx + t * BI, m->I); /* example 0: row 0 */
            }
        }
        gate_means(m, dg);
        prediction(m, bt, dg);
    }
}

double model_grad_norm(const Model *m) { return sqrt(sumsq(m->grads, (long)m->n_params)); }

int model_clip(Model *m, double norm)
{
    double thr = m->cfg.clip_threshold;
    size_t n = m->n_params;
    int changed = 0;
    if (m->cfg.clip == CLIP_NORM) {
        /* Pascanu, Mikolov & Bengio (2013), Algorithm 1: if |g| >= thr, g <- thr/|g| g */
        if (norm > thr) {
            double k = thr / norm;
            for (size_t i = 0; i < n; i++) m->grads[i] *= k;
            changed = 1;
        }
    } else if (m->cfg.clip == CLIP_VALUE) {
        for (size_t i = 0; i < n; i++) {
            double g = m->grads[i];
            if (g > thr) m->grads[i] = thr, changed = 1;
            else if (g < -thr) m->grads[i] = -thr, changed = 1;
        }
    }
    return changed;
}

/* Kingma & Ba 2015, PyTorch defaults betas (0.9, 0.999), eps 1e-8; c1, c2: the bias
 * corrections 1 - 0.9^t and 1 - 0.999^t. A kernel (clones.h): its divides and square
 * roots, 8 at a time, and the divider is most of its time. From t = 350 on, 0.9^t is
 * below half an ulp of 1 and c1 is exactly 1.0, so m / c1 is m, bit for bit: unit1
 * leaves that divide out (one of three). */
static inline __attribute__((always_inline)) double adam_delta(double m, double v, double lr,
                                                               double c1, double c2, int unit1)
{
    return lr * (unit1 ? m : m / c1) / (sqrt(v / c2) + 1e-8);
}

static inline __attribute__((always_inline)) void adam_loop(double *restrict p, const double *restrict g,
                                                            double *restrict s1, double *restrict s2,
                                                            size_t n, double lr, double c1, double c2,
                                                            int unit1)
{
    double b1 = 0.9, b2 = 0.999;
    for (size_t i = 0; i < n; i++) {
        s1[i] = b1 * s1[i] + (1.0 - b1) * g[i];
        s2[i] = b2 * s2[i] + (1.0 - b2) * g[i] * g[i];
        p[i] -= adam_delta(s1[i], s2[i], lr, c1, c2, unit1);
    }
}

KERNEL
static void adam_update(double *restrict p, const double *restrict g, double *restrict s1,
                        double *restrict s2, size_t n, double lr, double c1, double c2)
{
    if (c1 == 1.0) adam_loop(p, g, s1, s2, n, lr, c1, c2, 1);
    else adam_loop(p, g, s1, s2, n, lr, c1, c2, 0);
}

/* Duchi et al. 2011, PyTorch eps 1e-10 */
KERNEL
static void adagrad_update(double *restrict p, const double *restrict g, double *restrict s2, size_t n,
                           double lr)
{
    for (size_t i = 0; i < n; i++) {
        s2[i] += g[i] * g[i];
        p[i] -= lr * g[i] / (sqrt(s2[i]) + 1e-10);
    }
}

/* Adam's bias corrections for step m->opt_t: 1 - 0.9^t, 1 - 0.999^t */
static void adam_corrections(const Model *m, double *c1, double *c2)
{
    *c1 = 1.0 - vm_powi(0.9, m->opt_t), *c2 = 1.0 - vm_powi(0.999, m->opt_t);
}

/* Norm clipping's g <- k g, the sum of squares of the clipped g left to right
 * (sumsq's bits: the clipping norm's chain of dependent adds), and Adam's
 * update from it, in one pass: eight values at a time, whose multiplies, divides
 * and square roots vectorize while the adds of the chain wait on each other.
 * Three passes over the gradient before (the clip, the norm, Adam), and the chain
 * alone, 2-3 cycles an add, kept the other units idle. The same operations on
 * every value in the same order: the bits of model_clip, model_grad_norm's sum
 * and adam_update. Returns the sum of squares. */
static inline __attribute__((always_inline)) double clip_sumsq_adam_loop(
    double *restrict p, double *restrict g, double *restrict s1, double *restrict s2, size_t n,
    double k, double lr, double c1, double c2, int unit1)
{
    double b1 = 0.9, b2 = 0.999, sum = 0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        double q[8];
        for (int l = 0; l < 8; l++) {
            double gi = g[i + l] * k;
            g[i + l] = gi;
            q[l] = gi * gi;
            s1[i + l] = b1 * s1[i + l] + (1.0 - b1) * gi;
            s2[i + l] = b2 * s2[i + l] + (1.0 - b2) * gi * gi;
            p[i + l] -= adam_delta(s1[i + l], s2[i + l], lr, c1, c2, unit1);
        }
        for (int l = 0; l < 8; l++) sum += q[l];
    }
    for (; i < n; i++) {
        double gi = g[i] * k;
        g[i] = gi;
        sum += gi * gi;
        s1[i] = b1 * s1[i] + (1.0 - b1) * gi;
        s2[i] = b2 * s2[i] + (1.0 - b2) * gi * gi;
        p[i] -= adam_delta(s1[i], s2[i], lr, c1, c2, unit1);
    }
    return sum;
}

KERNEL
static double clip_sumsq_adam(double *restrict p, double *restrict g, double *restrict s1,
                              double *restrict s2, size_t n, double k, double lr, double c1, double c2)
{
    if (c1 == 1.0) return clip_sumsq_adam_loop(p, g, s1, s2, n, k, lr, c1, c2, 1);
    return clip_sumsq_adam_loop(p, g, s1, s2, n, k, lr, c1, c2, 0);
}

int model_clip_step(Model *m, double norm, double *norm_after)
{
    double thr = m->cfg.clip_threshold;
    if (m->cfg.clip == CLIP_NORM && m->cfg.optimizer == OPT_ADAM && norm > thr) {
        m->opt_t++;
        double c1, c2;
        adam_corrections(m, &c1, &c2);
        double sum = clip_sumsq_adam(m->params, m->grads, m->opt_m, m->opt_v, m->n_params,
                                     thr / norm, m->cfg.lr, c1, c2);
        *norm_after = sqrt(sum);
        return 1;
    }
    int changed = model_clip(m, norm);
    *norm_after = changed ? model_grad_norm(m) : norm;
    model_step(m);
    return changed;
}

void model_step(Model *m)
{
    size_t n = m->n_params;
    double lr = m->cfg.lr;
    double *p = m->params, *g = m->grads, *s1 = m->opt_m, *s2 = m->opt_v;
    m->opt_t++;
    switch (m->cfg.optimizer) {
    case OPT_SGD:
        for (size_t i = 0; i < n; i++) p[i] -= lr * g[i];
        break;
    case OPT_MOMENTUM: { /* PyTorch SGD(momentum=mu): buf = mu*buf + g; p -= lr*buf */
        double mu = m->cfg.momentum;
        for (size_t i = 0; i < n; i++) {
            s1[i] = mu * s1[i] + g[i];
            p[i] -= lr * s1[i];
        }
        break;
    }
    case OPT_ADAM: {
        double c1, c2;
        adam_corrections(m, &c1, &c2);
        adam_update(p, g, s1, s2, n, lr, c1, c2);
        break;
    }
    case OPT_ADAGRAD: adagrad_update(p, g, s2, n, lr); break;
    }
}

/* 1 if no p[i] is NaN or +-inf: a comparison per value and no early exit, so
 * that it vectorizes (run_step asks after every update) */
KERNEL
static int all_finite(const double *restrict p, size_t n)
{
    int ok = 1;
    for (size_t i = 0; i < n; i++) ok &= fabs(p[i]) <= DBL_MAX; /* false for NaN */
    return ok;
}

int model_params_finite(const Model *m) { return all_finite(m->params, m->n_params); }

/* W_hh's block that multiplies h_{t-1} inside the candidate (H, H): all of it for
 * the RNN, the g block for the LSTM, the n block for the GRU */
static const double *recurrent_block(const Model *m)
{
    int H = m->H, block = m->cell->candidate;
    return m->dir[0].w_hh + (long)block * H * H;
}

void model_recurrent_matrix(const Model *m, double *out)
{
    int H = m->H;
    if (m->cfg.cell == CELL_ATTENTION) { /* none: NaN, which no eigen solver is given */
        for (long i = 0; i < (long)H * H; i++) out[i] = NAN;
        return;
    }
    memcpy(out, recurrent_block(m), sizeof(double) * (size_t)H * H);
}

double model_sigma_max(Model *m)
{
    if (m->cfg.cell == CELL_ATTENTION) return NAN; /* no recurrent matrix */
    int H = m->H;
    return spectral_norm_krylov(recurrent_block(m), H, H, 1000, 1e-13, m->sigma_v, m->sigma_v + H);
}
