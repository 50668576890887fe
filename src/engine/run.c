/* run.c - one training run: draw a batch, forward, backward, clip, update, diagnose. */
#include "run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmath.h"

#define HISTORY_CAP 1024

static void probe_free(Run *r);

int run_init(Run *r, const Config *cfg, EigenFn eigen, Error *err)
{
    memset(r, 0, sizeof *r);
    if (config_check(cfg, err)) return -1;
    r->cfg = *cfg;
    r->eigen = eigen;
    r->jacobians_every = 1;
    r->jacobian_norms = 1;
    config_label(cfg, r->label, sizeof r->label);
    if (task_init(&r->task, cfg, err)) return -1;
    int T = cfg->seq_len, H = cfg->hidden;
    if (batch_alloc(&r->batch, T, cfg->batch, r->task.I, r->task.O)) goto oom;
    if (model_init(&r->model, cfg, &r->task, err)) {
        batch_free(&r->batch);
        return -1;
    }
    if (diag_alloc(&r->diag, T) || history_init(&r->hist, HISTORY_CAP, T)) goto oom;
    r->eig_re = calloc((size_t)H * (2 + (size_t)H) + EIGEN_WORK((size_t)H), sizeof(double));
    if (!r->eig_re) goto oom;
    r->eig_im = r->eig_re + H, r->eig_a = r->eig_im + H, r->eig_work = r->eig_a + (long)H * H;
    run_reset(r);
    return 0;
oom:
    run_free(r);
    return error_set(err, "out of memory building a run with hidden=%d seq_len=%d batch=%d", H, T,
                     cfg->batch);
}

double run_memory_bytes(const Config *cfg, int I, int O)
{
    double T = cfg->seq_len, B = cfg->batch, H = cfg->hidden;
    double cap = HISTORY_CAP + (HISTORY_CAP & 1); /* history_init: even */
    double batch = T * B * ((I + O) * sizeof(double) + 2 * sizeof(int) + 1); /* batch_alloc */
    double hist = cap * sizeof(HistEntry) + cap * T * 2 * sizeof(double);
    double eig = (H * (2 + H) + EIGEN_WORK(H)) * sizeof(double);
    return batch + model_memory_bytes(cfg, I, O) + (double)diag_doubles(cfg->seq_len) * sizeof(double) +
           hist + eig;
}

double run_example_memory_bytes(const Config *cfg, int I, int O)
{
    Config one = *cfg;
    one.batch = 1;
    double T = cfg->seq_len;
    double batch = T * ((I + O) * sizeof(double) + 2 * sizeof(int) + 1); /* batch_alloc, B = 1 */
    double tokens = T * sizeof(int);                                     /* freed once put */
    return tokens + batch + model_memory_bytes(&one, I, O) +
           (double)diag_doubles(cfg->seq_len) * sizeof(double);
}

void run_free(Run *r)
{
    batch_free(&r->batch);
    model_free(&r->model);
    diag_free(&r->diag);
    history_free(&r->hist);
    free(r->eig_re);
    probe_free(r);
    memset(r, 0, sizeof *r);
}

static void probe_free(Run *r)
{
    if (!r->has_example) return;
    model_free(&r->probe);
    batch_free(&r->probe_batch);
    diag_free(&r->probe_diag);
    r->has_example = 0;
}

int run_set_example(Run *r, const char *text, int *at, Error *err)
{
    *at = 0;
    if (!text) {
        probe_free(r);
        return 0;
    }
    const Task *t = &r->task;
    int *tok = malloc(sizeof *tok * (size_t)t->T), target;
    if (!tok) return error_set(err, "out of memory pinning an example");
    if (task_example(t, text, tok, &target, at, err)) {
        free(tok);
        return -1;
    }
    probe_free(r);
    Config one = r->cfg;
    one.batch = 1;
    if (batch_alloc(&r->probe_batch, t->T, 1, t->I, t->O)) {
        free(tok);
        return error_set(err, "out of memory pinning an example");
    }
    if (model_init(&r->probe, &one, t, err)) {
        batch_free(&r->probe_batch);
        free(tok);
        return -1;
    }
    if (diag_alloc(&r->probe_diag, t->T)) {
        model_free(&r->probe);
        batch_free(&r->probe_batch);
        free(tok);
        return error_set(err, "out of memory pinning an example");
    }
    size_t tb = (size_t)t->T;
    memset(r->probe_batch.x, 0, tb * (size_t)t->I * sizeof *r->probe_batch.x);
    memset(r->probe_batch.y, 0, tb * (size_t)t->O * sizeof *r->probe_batch.y);
    task_put_example(t, &r->probe_batch, 0, tok, target);
    free(tok);
    r->has_example = 1;
    return 0;
}

/* The pinned sentence through the weights of this step (before the update):
 * its diagnostics replace example 0's in d. Gradients are scaled by 1/B, its
 * share of the batch's mean loss had it been one of the B examples (backward is
 * linear in dL/dlogits); the Jacobians and the prediction do not depend on it. */
static void probe_step(Run *r, Diag *d, int want_jacobians)
{
    Model *p = &r->probe, *m = &r->model;
    Diag *q = &r->probe_diag;
    memcpy(p->params, m->params, sizeof(double) * m->n_params);
    model_forward(p, &r->probe_batch);
    model_backward(p, &r->probe_batch, q);
    q->jacobians = 0;
    if (want_jacobians) model_jacobians(p, q, r->jacobian_norms);
    d->jacobians = q->jacobians;
    double s = 1.0 / m->B;
    int T = d->T;
    for (int t = 0; t < T; t++) {
        d->grad_h_ex0[t] = q->grad_h_ex0[t] * s;
        d->grad_x_ex0[t] = q->grad_x_ex0[t] * s;
        d->grad_x_dir_ex0[t] = q->grad_x_dir_ex0[t] * s;
        d->grad_x_dir_ex0[T + t] = q->grad_x_dir_ex0[T + t] * s;
        d->jac_norm[t] = q->jacobians ? q->jac_norm[t] : NAN;
        d->jac_prod[t] = q->jacobians ? q->jac_prod[t] : NAN;
    }
    d->pred_t = q->pred_t, d->pred_class = q->pred_class, d->pred_target = q->pred_target;
    d->pred_prob = q->pred_prob;
    /* the pinned sentence's attention (B = 1: its rows are example 0's) */
    d->attn_t = q->attn_t, d->attn_layers = q->attn_layers, d->attn_heads = q->attn_heads;
    if (q->attn_layers > 0)
        memcpy(d->attn, q->attn, sizeof(double) * (size_t)(q->attn_layers * q->attn_heads) * (size_t)T);
}

/* |a + ib| with IEEE operations only (glibc's hypot may differ between CPUs), scaled
 * so that neither square overflows */
static double modulus(double a, double b)
{
    if (isnan(a) || isnan(b)) return NAN;
    double m = fmax(fabs(a), fabs(b));
    if (m == 0 || isinf(m)) return m;
    a /= m, b /= m;
    return m * sqrt(a * a + b * b);
}

static void spectrum(Run *r)
{
    Diag *d = &r->diag;
    d->spectral_radius = NAN;
    if (!r->model.diag_extra) {
        d->sigma_max = NAN;
        return;
    }
    d->sigma_max = model_sigma_max(&r->model);
    int H = r->model.H;
    if (r->cfg.cell == CELL_ATTENTION) { /* no recurrent matrix: no spectrum */
        for (int i = 0; i < H; i++) r->eig_re[i] = r->eig_im[i] = NAN;
        return;
    }
    if (!r->eigen) return;
    model_recurrent_matrix(&r->model, r->eig_a);
    if (r->eigen(r->eig_a, H, r->eig_re, r->eig_im, r->eig_work) != 0) return;
    double rho = 0;
    for (int i = 0; i < H; i++) rho = fmax(rho, modulus(r->eig_re[i], r->eig_im[i]));
    d->spectral_radius = rho;
}

void run_reset(Run *r)
{
    Model *m = &r->model;
    model_reset(m); /* the weights model_init drew, a fresh optimizer */
    rng_seed(&r->data_rng, r->cfg.seed ^ 0xda7ada7ada7ada7aULL);
    history_clear(&r->hist);
    r->step = 0;
    r->diverged_at = 0;
    r->diverged_why[0] = 0;
    Diag *d = &r->diag;
    diag_clear_arrays(d);
    d->loss = d->accuracy = d->grad_norm = d->grad_norm_clipped = NAN;
    d->loss_mean = d->accuracy_mean = d->loss_median = NAN;
    d->clipped = 0;
    d->clip_angle = 0;
    d->pred_t = d->pred_class = d->pred_target = -1;
    d->pred_prob = NAN;
    d->attn_t = -1;
    spectrum(r);
    model_bound(m, d);
}

/* Stops the run at this step; why names what is not finite and its value ("loss =
 * NaN", "gradient norm = inf"), which the figures and --steps repeat. */
static int diverge(Run *r, const char *what, double v)
{
    r->diverged_at = r->step + 1;
    snprintf(r->diverged_why, sizeof r->diverged_why, "%s = %s", what,
             isnan(v) ? "NaN" : v > 0 ? "inf" : "-inf");
    return 1;
}

/* Degrees between the gradient g and its elementwise clip c = clamp(g, -θ, θ), from
 * g·c = Σ_{|g|<=θ} g² + Σ_{|g|>θ} θ|g| and |c|² = Σ min(g², θ²); 0 when nothing is cut. */
static double value_clip_angle(const Model *m, double thr)
{
    double gc = 0, gg = 0, cc = 0;
    for (size_t i = 0; i < m->n_params; i++) {
        double g = m->grads[i], a = fabs(g);
        gg += g * g;
        if (a > thr) gc += thr * a, cc += thr * thr;
        else gc += g * g, cc += g * g;
    }
    if (!(gg > 0 && cc > 0)) return 0;
    double cosv = gc / (sqrt(gg) * sqrt(cc));
    return vm_acos(cosv > 1 ? 1 : cosv) * (180.0 / 3.14159265358979323846);
}

/* The first weight that is not finite (NaN or +-inf), or 0 if all are. */
static double first_bad_param(const Model *m)
{
    for (size_t i = 0; i < m->n_params; i++)
        if (!isfinite(m->params[i])) return m->params[i];
    return 0;
}

double run_median(double *v, int n)
{
    if (n <= 0) return NAN;
    for (int i = 0; i < n; i++) {
        if (isnan(v[i])) return NAN;
        double x = v[i];
        int j = i;
        for (; j > 0 && v[j - 1] > x; j--) v[j] = v[j - 1];
        v[j] = x;
    }
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* The median loss of the last n steps. */
static double recent_median(const Run *r, long n)
{
    double v[RUN_MEAN_STEPS];
    int k = 0;
    for (long s = r->step - n + 1; s <= r->step; s++) v[k++] = r->recent_loss[s % RUN_MEAN_STEPS];
    return run_median(v, k);
}

int run_step(Run *r)
{
    if (r->diverged_at) return 1;
    Model *m = &r->model;
    Diag *d = &r->diag;
    task_batch(&r->task, &r->data_rng, &r->batch);
    double loss = model_forward(m, &r->batch);
    d->loss = loss;
    if (!isfinite(loss)) return diverge(r, "loss", loss);
    d->accuracy = model_accuracy(m, &r->batch);
    model_backward(m, &r->batch, d);
    spectrum(r); /* of the weights this step used, like the Jacobians */
    model_bound(m, d);
    int want = r->jacobians_every > 0 && (r->step % r->jacobians_every) == 0;
    d->jacobians = 0;
    if (r->has_example) probe_step(r, d, want); /* the Jacobians of the pinned sentence only */
    else if (want) model_jacobians(m, d, r->jacobian_norms);
    double norm = model_grad_norm(m);
    d->grad_norm = norm;
    if (!isfinite(norm)) return diverge(r, "gradient norm", norm);
    d->clip_angle = r->cfg.clip == CLIP_VALUE ? value_clip_angle(m, r->cfg.clip_threshold) : 0;
    d->clipped = model_clip_step(m, norm, &d->grad_norm_clipped);
    if (!model_params_finite(m)) return diverge(r, "a weight", first_bad_param(m));
    r->step++;
    /* means of the last RUN_MEAN_STEPS steps, summed in step order (deterministic) */
    r->recent_loss[r->step % RUN_MEAN_STEPS] = d->loss;
    r->recent_acc[r->step % RUN_MEAN_STEPS] = d->accuracy;
    long n = r->step < RUN_MEAN_STEPS ? r->step : RUN_MEAN_STEPS;
    double sl = 0, sa = 0;
    for (long k = r->step - n + 1; k <= r->step; k++) {
        sl += r->recent_loss[k % RUN_MEAN_STEPS];
        sa += r->recent_acc[k % RUN_MEAN_STEPS];
    }
    d->loss_mean = sl / (double)n;
    d->loss_median = recent_median(r, n);
    d->accuracy_mean = sa / (double)n;
    history_record(&r->hist, r->step, d);
    return 0;
}
