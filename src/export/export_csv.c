/* export_csv.c - `--export FILE.png --csv FILE.csv`: the numbers the figure plots, one
 * row per plotted value, in the figure's own coordinates (x and y as on the panel's
 * axes, z the colour of a heatmap cell). Column meanings per panel: docs/export.md.
 * What is selected here mirrors what src/plot draws for the same runs and view. */
#include <math.h>
#include <stdio.h>

#include "export_cmd.h"
#include "panels.h"

const char export_csv_header[] = "panel,run,label,series,x,y,z,text\n";

static void num(AtomicFile *f, double v)
{
    if (isnan(v)) afile_write(f, ",", 1);
    else if (isinf(v)) afile_printf(f, ",%s", v > 0 ? "inf" : "-inf");
    else afile_printf(f, ",%.9g", v);
}

static void quoted(AtomicFile *f, const char *s)
{
    afile_write(f, ",\"", 2);
    for (; s && *s; s++) {
        if (*s == '"') afile_write(f, "\"\"", 2);
        else afile_write(f, s, 1);
    }
    afile_write(f, "\"", 1);
}

/* One row; run is 0-based (-1: not a run's, e.g. a reference line). */
static void row(AtomicFile *f, PanelKind panel, int run, Run *const *runs, const char *series,
                double x, double y, double z, const char *text)
{
    afile_printf(f, "%s,", plot_panel_name(panel));
    if (run >= 0) afile_printf(f, "%d", run + 1);
    quoted(f, run >= 0 ? runs[run]->label : "");
    afile_printf(f, ",%s", series);
    num(f, x);
    num(f, y);
    num(f, z);
    quoted(f, text);
    afile_write(f, "\n", 1);
}

static int visible(Run *const *runs, int nruns, const PlotView *v, int i)
{
    return i >= 0 && i < nruns && runs[i] && v->visible[i];
}

static int first_visible(Run *const *runs, int nruns, const PlotView *v)
{
    for (int i = 0; i < nruns; i++)
        if (visible(runs, nruns, v, i)) return i;
    return -1;
}

/* gradient: x = timestep t, y = the plotted norm (from the cursor on, as drawn). */
static void csv_gradient(AtomicFile *f, Run *const *runs, int nruns, const PlotView *v)
{
    static const char *const names[3] = {"grad_h", "jac_prod", "whh_contrib"};
    for (int i = 0; i < nruns; i++) {
        if (!visible(runs, nruns, v, i)) continue;
        const Diag *d = &runs[i]->diag;
        if (d->T <= 0 || !d->grad_h) continue;
        const double *y = v->grad_mode == GRAD_MODE_JACOBIAN ? (d->jacobians ? d->jac_prod : NULL)
                          : v->grad_mode == GRAD_MODE_WHH    ? d->whh_contrib
                                                             : d->grad_h;
        if (!y) continue;
        int t0 = v->cursor < 0 ? 0 : v->cursor < d->T ? v->cursor : d->T - 1;
        for (int t = t0; t < d->T; t++) row(f, PANEL_GRADIENT, i, runs, names[v->grad_mode], t, y[t], NAN, NULL);
        if (v->grad_mode == GRAD_MODE_NORM && runs[i]->cfg.bidirectional && d->grad_h_rev)
            for (int t = t0; t < d->T; t++)
                row(f, PANEL_GRADIENT, i, runs, "grad_h_rev", t, d->grad_h_rev[t], NAN, NULL);
        /* the Pascanu bound as drawn: itself for the Jacobian product, anchored at
         * ||dL/dh_{T-1}|| for the gradient norm */
        double anchor = v->grad_mode == GRAD_MODE_JACOBIAN ? 1.0 : NAN;
        if (v->grad_mode == GRAD_MODE_NORM && isfinite(d->grad_h[d->T - 1]) && d->grad_h[d->T - 1] > 0)
            anchor = d->grad_h[d->T - 1];
        if (d->bound && isfinite(anchor))
            for (int t = t0; t < d->T; t++)
                row(f, PANEL_GRADIENT, i, runs, "bound", t, d->bound[t] * anchor, NAN, NULL);
    }
    int i = first_visible(runs, nruns, v);
    if (i >= 0 && runs[i]->task.cue_step >= 0 && runs[i]->task.cue_step < runs[i]->diag.T)
        row(f, PANEL_GRADIENT, i, runs, "cue", runs[i]->task.cue_step, NAN, NAN, NULL);
}

/* heatmap: x = training step, y = timestep t, z = ||dL/dh_t|| (colour: log10 z). */
static void csv_heatmap(AtomicFile *f, Run *const *runs, int nruns, const PlotView *v)
{
    int i = first_visible(runs, nruns, v);
    if (i < 0) return;
    const History *h = &runs[i]->hist;
    if (!h->grad_h) return;
    for (int e = 0; e < h->n; e++)
        for (int t = 0; t < h->T; t++)
            row(f, PANEL_HEATMAP, i, runs, "grad_h", (double)h->e[e].step, t,
                h->grad_h[(size_t)e * (size_t)h->T + (size_t)t], NULL);
}

/* loss: x = training step, y = loss (left axis) or accuracy (right axis). */
static void csv_loss(AtomicFile *f, Run *const *runs, int nruns, const PlotView *v)
{
    double chance = NAN, baseline = NAN;
    for (int i = 0; i < nruns; i++) {
        if (!visible(runs, nruns, v, i)) continue;
        const Run *r = runs[i];
        const History *h = &r->hist;
        int xent = r->task.loss == LOSS_XENT;
        if (xent && isnan(chance)) chance = r->task.chance_accuracy;
        if (!xent && isnan(baseline)) baseline = r->task.baseline_mse;
        for (int e = 0; e < h->n; e++) row(f, PANEL_LOSS, i, runs, "loss", (double)h->e[e].step, h->e[e].loss, NAN, NULL);
        if (xent)
            for (int e = 0; e < h->n; e++)
                row(f, PANEL_LOSS, i, runs, "accuracy", (double)h->e[e].step, h->e[e].accuracy, NAN, NULL);
    }
    if (isfinite(chance)) row(f, PANEL_LOSS, -1, runs, "chance_accuracy", NAN, chance, NAN, NULL);
    if (isfinite(baseline)) row(f, PANEL_LOSS, -1, runs, "baseline_mse", NAN, baseline, NAN, NULL);
}

/* clipping: x = training step, y = global gradient norm before / after clipping;
 * clipped_steps: y = how many steps clipped since the previous recorded entry. */
static void csv_clipping(AtomicFile *f, Run *const *runs, int nruns, const PlotView *v)
{
    for (int i = 0; i < nruns; i++) {
        if (!visible(runs, nruns, v, i)) continue;
        const Run *r = runs[i];
        const History *h = &r->hist;
        for (int e = 0; e < h->n; e++)
            row(f, PANEL_CLIPPING, i, runs, "grad_norm", (double)h->e[e].step, h->e[e].grad_norm, NAN, NULL);
        for (int e = 0; e < h->n; e++)
            row(f, PANEL_CLIPPING, i, runs, "grad_norm_clipped", (double)h->e[e].step,
                h->e[e].grad_norm_clipped, NAN, NULL);
        for (int e = 0; e < h->n; e++)
            if (h->e[e].clips > 0 || h->e[e].clipped)
                row(f, PANEL_CLIPPING, i, runs, "clipped_steps", (double)h->e[e].step,
                    h->e[e].clips > 0 ? h->e[e].clips : 1, NAN, NULL);
        if (r->cfg.clip == CLIP_NORM)
            row(f, PANEL_CLIPPING, i, runs, "clip_threshold", NAN, r->cfg.clip_threshold, NAN, NULL);
    }
}

/* spectrum: x = Re lambda, y = Im lambda per eigenvalue; sigma_max and the spectral
 * radius as y of rows without x. */
static void csv_spectrum(AtomicFile *f, Run *const *runs, int nruns, const PlotView *v)
{
    for (int i = 0; i < nruns; i++) {
        if (!visible(runs, nruns, v, i)) continue;
        const Run *r = runs[i];
        if (r->eigen && r->eig_re && r->eig_im)
            for (int k = 0; k < r->cfg.hidden; k++)
                row(f, PANEL_SPECTRUM, i, runs, "eigenvalue", r->eig_re[k], r->eig_im[k], NAN, NULL);
        row(f, PANEL_SPECTRUM, i, runs, "sigma_max", NAN, r->diag.sigma_max, NAN, NULL);
        row(f, PANEL_SPECTRUM, i, runs, "spectral_radius", NAN, r->diag.spectral_radius, NAN, NULL);
    }
}

/* sentence: example 0 (or the pinned sentence) of the first visible run; x = timestep
 * t, y = the strip's shade (panel_word_grad: its own ||dL/dx_t||), text = the word
 * (numeric tasks: z = the input). */
static void csv_sentence(AtomicFile *f, Run *const *runs, int nruns, const PlotView *v)
{
    int i = first_visible(runs, nruns, v);
    if (i < 0) return;
    const Run *r = runs[i];
    const Task *task = &r->task;
    const Batch *b = run_example_batch(r);
    const Diag *d = &r->diag;
    const double *shade = panel_word_grad(r);
    if (b->T <= 0 || !b->token || d->T <= 0 || !shade) return;
    for (int t = 0; t < b->T; t++) {
        double g = t < d->T ? shade[t] : NAN;
        if (task->words) {
            row(f, PANEL_SENTENCE, i, runs, "word", t, g, NAN,
                task_word(task, b->token[(size_t)t * (size_t)b->B]));
        } else {
            const double *xv = b->x + (size_t)t * (size_t)b->B * (size_t)b->I;
            row(f, PANEL_SENTENCE, i, runs, "input", t, g, b->I >= 1 ? xv[0] : NAN,
                b->I >= 2 && xv[1] > 0.5 ? "marked" : NULL);
        }
    }
    if (task->cue_step >= 0) row(f, PANEL_SENTENCE, i, runs, "cue", task->cue_step, NAN, NAN, NULL);
    if (task->score_step >= 0)
        row(f, PANEL_SENTENCE, i, runs, "scored_step", task->score_step, NAN, NAN, NULL);
    if (task->loss == LOSS_XENT && task->classes && d->pred_class >= 0 && d->pred_class < task->O &&
        d->pred_target >= 0 && d->pred_target < task->O) {
        row(f, PANEL_SENTENCE, i, runs, "prediction", d->pred_t, d->pred_prob, NAN,
            task->classes[d->pred_class]);
        row(f, PANEL_SENTENCE, i, runs, "target", d->pred_t, NAN, NAN, task->classes[d->pred_target]);
    } else if (task->loss == LOSS_MSE) {
        row(f, PANEL_SENTENCE, i, runs, "batch_loss", NAN, d->loss, NAN, NULL);
        row(f, PANEL_SENTENCE, i, runs, "baseline_mse", NAN, task->baseline_mse, NAN, NULL);
    }
}

/* gates: x = timestep t, y = mean activation of each gate. */
static void csv_gates(AtomicFile *f, Run *const *runs, int nruns, const PlotView *v)
{
    static const char *const lstm[3] = {"input", "forget", "output"};
    static const char *const gru[2] = {"reset", "update"};
    for (int i = 0; i < nruns; i++) {
        if (!visible(runs, nruns, v, i)) continue;
        const Run *r = runs[i];
        const Diag *d = &r->diag;
        if (d->n_gates <= 0 || !d->gate_mean || d->T <= 0) continue;
        int ng = d->n_gates > DIAG_MAX_GATES ? DIAG_MAX_GATES : d->n_gates;
        for (int g = 0; g < ng; g++) {
            const char *name = r->cfg.cell == CELL_LSTM ? lstm[g] : g < 2 ? gru[g] : "?";
            for (int t = 0; t < d->T; t++)
                row(f, PANEL_GATES, i, runs, name, t, d->gate_mean[t * DIAG_MAX_GATES + g], NAN, NULL);
        }
    }
}

void export_csv_write(AtomicFile *f, Run *const *runs, int nruns, const PlotView *v,
                      const PlotLayout *L)
{
    typedef void (*CsvFn)(AtomicFile *, Run *const *, int, const PlotView *);
    static const CsvFn fns[PANEL_COUNT] = {csv_gradient, csv_heatmap, csv_loss, csv_clipping,
                                           csv_spectrum, csv_sentence, csv_gates};
    if (nruns > PLOT_MAX_RUNS) nruns = PLOT_MAX_RUNS;
    afile_printf(f, "%s", export_csv_header);
    for (int k = 0; k < L->n; k++)
        if (L->kind[k] >= 0 && L->kind[k] < PANEL_COUNT && L->panel[k].w >= 8 && L->panel[k].h >= 8)
            fns[L->kind[k]](f, runs, nruns, v);
}
