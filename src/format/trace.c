#include "trace.h"

#include <math.h>
#include <string.h>

#include "atomic_file.h"
#include "cells.h"
#include "run.h"

static void num(AtomicFile *f, double v)
{
    if (isfinite(v)) afile_printf(f, "%.17g", v);
    else afile_printf(f, "null");
}

static void array(AtomicFile *f, const double *v, long n)
{
    afile_printf(f, "[");
    for (long i = 0; i < n; i++) {
        if (i) afile_printf(f, ",");
        num(f, v[i]);
    }
    afile_printf(f, "]");
}

/* "name": {"shape": [..], "data": [..]} */
static void tensor(AtomicFile *f, const char *name, const double *v, int r, int c, int last)
{
    afile_printf(f, "    \"%s\": {\"shape\": [%d", name, r);
    if (c > 0) afile_printf(f, ", %d", c);
    afile_printf(f, "], \"data\": ");
    array(f, v, (long)r * (c > 0 ? c : 1));
    afile_printf(f, "}%s\n", last ? "" : ",");
}

/* cell=attention: the names of torch.nn.TransformerEncoder's state_dict under encoder. */
static void attention_tensors(AtomicFile *f, const Model *m, const AttnParams *p)
{
    const Attention *a = &m->attn;
    int E = a->E, F = a->F;
    tensor(f, "embed.weight", p->embed_w, E, a->I, 0);
    tensor(f, "embed.bias", p->embed_b, E, 0, 0);
    tensor(f, "pos_embedding", p->pos, a->T, E, 0);
    static const char *const names[] = {
        "self_attn.in_proj_weight", "self_attn.in_proj_bias", "self_attn.out_proj.weight",
        "self_attn.out_proj.bias", "linear1.weight", "linear1.bias", "linear2.weight",
        "linear2.bias", "norm1.weight", "norm1.bias", "norm2.weight", "norm2.bias"};
    for (int l = 0; l < a->L; l++) {
        const AttnLayer *y = &p->layer[l];
        const struct { const double *v; int r, c; } t[] = {
            {y->in_w, 3 * E, E}, {y->in_b, 3 * E, 0}, {y->out_w, E, E}, {y->out_b, E, 0},
            {y->l1_w, F, E}, {y->l1_b, F, 0}, {y->l2_w, E, F}, {y->l2_b, E, 0},
            {y->n1_w, E, 0}, {y->n1_b, E, 0}, {y->n2_w, E, 0}, {y->n2_b, E, 0}};
        _Static_assert(sizeof t / sizeof *t == sizeof names / sizeof *names, "one name a tensor");
        for (size_t k = 0; k < sizeof t / sizeof *t; k++) {
            char name[96];
            snprintf(name, sizeof name, "encoder.layers.%d.%s", l, names[k]);
            tensor(f, name, t[k].v, t[k].r, t[k].c, 0);
        }
    }
}

static void tensors(AtomicFile *f, const Model *m, const DirParams *dp, const double *ow, const double *ob)
{
    int GH = m->G * m->H;
    if (m->cfg.cell == CELL_ATTENTION) attention_tensors(f, m, dp == m->dir ? &m->attn.p : &m->attn.dp);
    for (int d = 0; d < m->D && m->cfg.cell != CELL_ATTENTION; d++) {
        const char *suf = d ? "_reverse" : "";
        char name[64];
        snprintf(name, sizeof name, "weight_ih_l0%s", suf);
        tensor(f, name, dp[d].w_ih, GH, m->I, 0);
        snprintf(name, sizeof name, "weight_hh_l0%s", suf);
        tensor(f, name, dp[d].w_hh, GH, m->H, 0);
        snprintf(name, sizeof name, "bias_ih_l0%s", suf);
        tensor(f, name, dp[d].b_ih, GH, 0, 0);
        snprintf(name, sizeof name, "bias_hh_l0%s", suf);
        tensor(f, name, dp[d].b_hh, GH, 0, 0);
    }
    tensor(f, "out.weight", ow, m->O, m->D * m->H, 0);
    tensor(f, "out.bias", ob, m->O, 0, 1);
}

/* The run's settings and sizes: what PyTorch needs to build the same model. */
static void header(AtomicFile *f, const Config *cfg, const Model *m)
{
    afile_printf(f, "{\n  \"rnnscope_version\": \"%s\",\n", RNNSCOPE_VERSION);
    afile_printf(f, "  \"cell\": \"%s\",\n  \"activation\": \"%s\",\n  \"bidirectional\": %d,\n",
                 cell_name(cfg->cell), activation_name(cfg->activation), cfg->bidirectional);
    if (cfg->cell == CELL_ATTENTION)
        afile_printf(f, "  \"heads\": %d,\n  \"layers\": %d,\n  \"ff\": %d,\n  \"attention_mask\": \"%s\",\n",
                     cfg->heads, cfg->layers, cfg->ff, mask_name(cfg->attention_mask));
    afile_printf(f, "  \"loss\": \"%s\",\n  \"config\": {", m->loss == LOSS_XENT ? "xent" : "mse");
    for (int k = 0; config_table[k].name; k++) {
        char v[128];
        config_get(cfg, config_table[k].name, v, sizeof v);
        afile_printf(f, "%s\"%s\": \"%s\"", k ? ", " : "", config_table[k].name, v);
    }
    afile_printf(f, "},\n  \"sizes\": {\"T\": %d, \"B\": %d, \"I\": %d, \"H\": %d, \"O\": %d},\n", m->T,
                 m->B, m->I, m->H, m->O);
}

/* The batch: inputs (T, B, I), the target mask (T, B), targets (T, B) or (T, B, O). */
static void batch(AtomicFile *f, const Model *m, const Batch *b)
{
    int T = m->T, B = m->B;
    afile_printf(f, "  \"inputs\": {\"shape\": [%d, %d, %d], \"data\": ", T, B, m->I);
    array(f, b->x, (long)T * B * m->I);
    afile_printf(f, "},\n  \"target_mask\": {\"shape\": [%d, %d], \"data\": [", T, B);
    for (long i = 0; i < (long)T * B; i++) afile_printf(f, "%s%d", i ? "," : "", b->mask[i] ? 1 : 0);
    afile_printf(f, "]},\n");
    if (m->loss == LOSS_XENT) {
        afile_printf(f, "  \"targets\": {\"shape\": [%d, %d], \"data\": [", T, B);
        for (long i = 0; i < (long)T * B; i++) afile_printf(f, "%s%d", i ? "," : "", b->target[i]);
        afile_printf(f, "]},\n");
    } else {
        afile_printf(f, "  \"targets\": {\"shape\": [%d, %d, %d], \"data\": ", T, B, m->O);
        array(f, b->y, (long)T * B * m->O);
        afile_printf(f, "},\n");
    }
}

/* The diagnostics of the pass: the gradient norms over time (each direction's too). */
static void norms(AtomicFile *f, const Config *cfg, const Model *m, const Diag *d)
{
    int T = m->T;
    afile_printf(f, ",\n  \"grad_h_norm\": ");
    array(f, d->grad_h, T);
    if (m->D == 2) {
        afile_printf(f, ",\n  \"grad_h_norm_reverse\": ");
        array(f, d->grad_h_rev, T);
    }
    afile_printf(f, ",\n  \"grad_x_norm\": ");
    array(f, d->grad_x, T);
    if (m->D == 2) {
        afile_printf(f, ",\n  \"grad_x_norm_forward\": ");
        array(f, d->grad_x_dir, T);
        afile_printf(f, ",\n  \"grad_x_norm_reverse\": ");
        array(f, d->grad_x_dir + T, T);
    }
    const Cell *cell = cell_of(cfg->cell);
    if (cell && (cell->caches & CELL_CACHE_C)) { /* a cell state c (LSTM) */
        afile_printf(f, ",\n  \"grad_c_norm\": ");
        array(f, d->grad_c, T);
    }
}

/* Example 0's softmax weights: the scored position's row (L, H, T), and every row
 * (L, H, T, T). */
static void attention_maps(AtomicFile *f, const Model *m, const Diag *d)
{
    int T = m->T, L = d->attn_layers, H = d->attn_heads;
    afile_printf(f, ",\n  \"attn_query\": %d", d->attn_t);
    afile_printf(f, ",\n  \"attn_weights\": {\"shape\": [%d, %d, %d], \"data\": ", L, H, T);
    array(f, d->attn, (long)L * H * T);
    afile_printf(f, "},\n  \"attn_map\": {\"shape\": [%d, %d, %d, %d], \"data\": [", L, H, T, T);
    for (int l = 0; l < L; l++)
        for (int h = 0; h < H; h++) {
            const double *P = m->attn.c[l].att + (long)h * T * T; /* b = 0 */
            for (long i = 0; i < (long)T * T; i++) {
                if (l + h + i > 0) afile_printf(f, ",");
                num(f, P[i]);
            }
        }
    afile_printf(f, "]}");
}

int trace_write(const Config *cfg, const char *path, Error *err)
{
    Run r;
    if (run_init(&r, cfg, NULL, err)) return -1;
    Model *m = &r.model;
    Batch *b = &r.batch;
    task_batch(&r.task, &r.data_rng, b);
    double loss = model_forward(m, b);
    model_backward(m, b, &r.diag);

    AtomicFile f;
    if (afile_open(&f, path, err)) {
        run_free(&r);
        return -1;
    }
    header(&f, cfg, m);
    afile_printf(&f, "  \"params\": {\n");
    tensors(&f, m, m->dir, m->out_w, m->out_b);
    afile_printf(&f, "  },\n");
    batch(&f, m, b);
    afile_printf(&f, "  \"loss_value\": ");
    num(&f, loss);
    norms(&f, cfg, m, &r.diag);
    if (cfg->cell == CELL_ATTENTION) attention_maps(&f, m, &r.diag);
    afile_printf(&f, ",\n  \"grads\": {\n");
    tensors(&f, m, m->ddir, m->dout_w, m->dout_b);
    afile_printf(&f, "  }\n}\n");
    run_free(&r);
    return afile_commit(&f, err);
}
