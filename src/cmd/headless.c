#include "headless.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "atomic_file.h"
#include "clock.h"

const char headless_csv_header[] =
    "run,label,step,t,grad_h,grad_h_rev,grad_c,grad_x,whh_contrib,jac_norm,jac_prod,bound,"
    "gate_0,gate_1,gate_2,loss,accuracy,grad_norm,grad_norm_clipped,clipped,sigma_max,"
    "spectral_radius";

static void csv_num(AtomicFile *f, double v)
{
    if (isfinite(v)) afile_printf(f, ",%.9g", v);
    else if (isnan(v)) afile_printf(f, ",");
    else afile_printf(f, ",%s", v > 0 ? "inf" : "-inf");
}

/* The attention columns the runs need: attn_query, then attn_l<l>_h<h> for the most
 * layers and heads of any attention run (none if there is no attention run). */
static void csv_attn_size(const Run *runs, int n, int *layers, int *heads)
{
    *layers = *heads = 0;
    for (int i = 0; i < n; i++)
        if (runs[i].cfg.cell == CELL_ATTENTION) {
            if (runs[i].cfg.layers > *layers) *layers = runs[i].cfg.layers;
            if (runs[i].cfg.heads > *heads) *heads = runs[i].cfg.heads;
        }
}

static void csv_rows(AtomicFile *f, int run, const Run *r, int layers, int heads)
{
    const Diag *d = &r->diag;
    for (int t = 0; t < d->T; t++) {
        afile_printf(f, "%d,\"%s\",%ld,%d", run, r->label, r->step, t);
        csv_num(f, d->grad_h[t]);
        csv_num(f, d->grad_h_rev[t]);
        csv_num(f, d->grad_c[t]);
        csv_num(f, d->grad_x[t]);
        csv_num(f, d->whh_contrib[t]);
        csv_num(f, d->jac_norm[t]);
        csv_num(f, d->jac_prod[t]);
        csv_num(f, d->bound[t]);
        for (int k = 0; k < DIAG_MAX_GATES; k++) csv_num(f, d->gate_mean[t * DIAG_MAX_GATES + k]);
        csv_num(f, d->loss);
        csv_num(f, d->accuracy);
        csv_num(f, d->grad_norm);
        csv_num(f, d->grad_norm_clipped);
        afile_printf(f, ",%d", d->clipped);
        csv_num(f, d->sigma_max);
        csv_num(f, d->spectral_radius);
        if (layers > 0) { /* row t: the weight from the query position to word t */
            if (d->attn_layers > 0 && d->attn_t >= 0) afile_printf(f, ",%d", d->attn_t);
            else afile_printf(f, ",");
            for (int l = 0; l < layers; l++)
                for (int h = 0; h < heads; h++)
                    csv_num(f, l < d->attn_layers && h < d->attn_heads
                                   ? d->attn[(long)(l * d->attn_heads + h) * d->T + t]
                                   : NAN);
        }
        afile_printf(f, "\n");
    }
}

/* Trains each run `steps` steps, writing CSV rows to csv_path if given (all or
 * nothing) and one summary line per run to out. Without a CSV the runs skip the
 * Jacobian diagnostics (nothing shows them). Returns 0, 1 on I/O failure. */
static int train(Run *runs, int n, long steps, const char *csv_path, FILE *out, Error *err)
{
    AtomicFile f;
    int al, ah;
    csv_attn_size(runs, n, &al, &ah);
    if (csv_path) {
        if (afile_open(&f, csv_path, err)) return 1;
        afile_printf(&f, "%s", headless_csv_header);
        if (al > 0) afile_printf(&f, ",attn_query");
        for (int l = 0; l < al; l++)
            for (int h = 0; h < ah; h++) afile_printf(&f, ",attn_l%d_h%d", l, h);
        afile_printf(&f, "\n");
    }
    double secs[16] = {0}, loss[16], acc[16];
    for (int i = 0; i < n; i++) loss[i] = acc[i] = NAN;
    /* the summary line needs no Jacobians (O(T H^3) a step) and none of the other
     * diagnostics: only the CSV has them */
    if (!csv_path)
        for (int i = 0; i < n; i++) runs[i].jacobians_every = 0, runs[i].model.diag_extra = 0;
    for (long s = 0; s < steps; s++) {
        for (int i = 0; i < n; i++) {
            if (runs[i].diverged_at) continue;
            double t0 = clock_now_s();
            int diverged = run_step(&runs[i]);
            secs[i] += clock_now_s() - t0;
            if (!diverged) loss[i] = runs[i].diag.loss, acc[i] = runs[i].diag.accuracy;
            if (csv_path && !diverged) csv_rows(&f, i + 1, &runs[i], al, ah);
        }
    }
    for (int i = 0; i < n; i++) {
        const Run *r = &runs[i];
        fprintf(out, "run=%d label=\"%s\" steps=%ld", i + 1, r->label, r->step);
        if (r->step > 0) {
            fprintf(out, " loss=%.6g", loss[i]);
            if (r->task.loss == LOSS_XENT) fprintf(out, " accuracy=%.4f", acc[i]);
        }
        if (r->diverged_at) fprintf(out, " diverged_at=%ld why=\"%s\"", r->diverged_at, r->diverged_why);
        fprintf(out, " steps_per_s=%.1f\n", secs[i] > 0 ? (double)r->step / secs[i] : 0.0);
    }
    if (csv_path && afile_commit(&f, err)) return 1;
    return 0;
}

/* The configs to train headless: the lesson step's runs, or --run/--set. */
static int collect_configs(const Options *o, const Lesson *l, Config *cfgs, int *n, Error *err)
{
    if (l) {
        int k = o->step ? o->step : l->n_steps;
        if (k > l->n_steps)
            return error_set(err, "--step: %d is out of range (the lesson has %d steps)", k, l->n_steps);
        const LessonStep *st = &l->steps[k - 1];
        *n = st->n_runs;
        for (int i = 0; i < st->n_runs; i++) {
            cfgs[i] = st->runs[i].cfg;
            snprintf(cfgs[i].label, sizeof cfgs[i].label, "%s", st->runs[i].label);
        }
        return 0;
    }
    *n = o->n_runs ? o->n_runs : 1;
    for (int i = 0; i < *n; i++)
        if (cli_run_config(o, i, &cfgs[i], err)) return -1;
    return 0;
}

int headless_run(const Options *o, const Lesson *l, long steps, EigenFn eigen, FILE *out,
                 Error *err)
{
    Config cfgs[CLI_MAX_RUNS];
    Run runs[CLI_MAX_RUNS];
    int n = 0, built = 0, status = 0;
    if (collect_configs(o, l, cfgs, &n, err)) return 2;
    const Config *work[CLI_MAX_RUNS];
    for (int i = 0; i < n; i++) work[i] = &cfgs[i];
    Error e2;
    if (cli_work_check(work, n, steps, &e2)) return error_set(err, "--steps: %s", e2.msg), 2;
    for (; built < n; built++) {
        if (run_init(&runs[built], &cfgs[built], eigen, err)) {
            status = 2;
            break;
        }
    }
    const Config *named[CLI_MAX_RUNS];
    for (int i = 0; i < built; i++) named[i] = &runs[i].cfg;
    for (int i = 0; i < built; i++) /* labels tell runs apart */
        config_label_among(named, built, i, runs[i].label, sizeof runs[i].label);
    if (status == 0 && train(runs, n, steps, o->csv, out, err)) status = 1;
    for (int i = 0; i < built; i++) run_free(&runs[i]);
    return status;
}
