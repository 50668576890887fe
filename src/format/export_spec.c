/* export_spec.c - what an exported figure is (export_spec.h): a spec from a lesson
 * step, its runs trained as the window trains them, and the view that draws it. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "export_spec.h"

#include "eigen.h"
#include "lesson.h"
#include "lesson_run.h"
#include "work_limit.h"

#ifndef RNNSCOPE_VERSION
#define RNNSCOPE_VERSION "unknown"
#endif

/* ---- the spec ------------------------------------------------------------------ */

void export_spec_init(ExportSpec *s)
{
    export_spec_defaults(s);
    snprintf(s->version, sizeof s->version, "%s", RNNSCOPE_VERSION);
}

void export_spec_defaults(ExportSpec *s)
{
    memset(s, 0, sizeof *s);
    s->width = EXPORT_DEFAULT_W;
    s->height = EXPORT_DEFAULT_H;
    s->theme = PLOT_THEME_LIGHT;
    s->panel = PANEL_NONE;
    s->highlight = PANEL_NONE;
    s->grad_mode = GRAD_MODE_NORM;
    s->text_scale = 1.0;
    s->steps = EXPORT_DEFAULT_STEPS;
    s->featured = -1;
    s->shade_lo = s->shade_hi = NAN;
    s->cursor = -1;
}

void export_spec_lesson_step(ExportSpec *s, const Lesson *l, int k, long steps)
{
    const LessonStep *st = &l->steps[k - 1];
    s->n_runs = st->n_runs < EXPORT_MAX_RUNS ? st->n_runs : EXPORT_MAX_RUNS;
    for (int i = 0; i < s->n_runs; i++) {
        s->cfg[i] = st->runs[i].cfg;
        snprintf(s->cfg[i].label, sizeof s->cfg[i].label, "%s", st->runs[i].label);
        snprintf(s->label[i], sizeof s->label[i], "%s", st->runs[i].label);
    }
    s->steps = steps >= 0 ? steps : st->train;
    PlotView v;
    plot_view_default(&v);
    lesson_step_view(l, st, &v);
    s->highlight = s->panel == PANEL_NONE ? (PanelKind)v.highlight : PANEL_NONE;
    s->beside = s->panel == PANEL_NONE ? v.beside : 0;
    s->grad_mode = v.grad_mode;
    s->featured = v.featured < s->n_runs ? v.featured : -1;
    s->shade_lo = v.shade_lo;
    s->shade_hi = v.shade_hi;
    s->slopes = v.slopes;
    s->loss_scale = v.loss_scale;
    memcpy(s->color_of, v.color_of, sizeof s->color_of);
    /* a backward sweep, as the window leaves it when the walk is done: the cursor at
     * t = 0, with the value under it (a still cannot walk) */
    if (st->sweep) s->cursor = 0;
    s->n_readouts = 0;
    /* readouts keep their meaning when --steps changes the training: the step a check
     * without a when-clause measures at (the lesson step's train:) is written out */
    for (int i = 0; i < st->n_checks && s->n_readouts < PLOT_MAX_READOUTS; i++) {
        const LessonCheck *c = &st->checks[i];
        if (!c->readout) continue;
        char *out = s->readout[s->n_readouts++];
        if (strstr(c->text, " at step ") || strstr(c->text, " by step ") || strstr(c->text, " until step "))
            snprintf(out, sizeof s->readout[0], "%s", c->text);
        else snprintf(out, sizeof s->readout[0], "%.200s at step %ld", c->text, c->step);
    }
    lesson_caption(st, s->caption, sizeof s->caption);
    snprintf(s->example, sizeof s->example, "%s", st->example);
    s->has_lesson = 1;
    snprintf(s->lesson_name, sizeof s->lesson_name, "%s", l->name);
    snprintf(s->lesson_source, sizeof s->lesson_source, "%s", l->source);
    snprintf(s->lesson_title, sizeof s->lesson_title, "%s", l->title ? l->title : "");
    snprintf(s->heading, sizeof s->heading, "%s", st->title ? st->title : "");
    s->lesson_step = k;
    s->lesson_steps = l->n_steps;
}

int export_spec_work_check(const ExportSpec *s, Error *err)
{
    const Config *cfgs[EXPORT_MAX_RUNS];
    for (int i = 0; i < s->n_runs; i++) cfgs[i] = &s->cfg[i];
    return cli_work_check(cfgs, s->n_runs, s->steps, err);
}

/* ---- training and the view ------------------------------------------------------ */

int export_spec_step(const ExportSpec *s, LessonStep *st, const char *name, Error *err)
{
    memset(st, 0, sizeof *st);
    st->n_runs = s->n_runs;
    /* a readout may name a step beyond the training asked for (it then stays "not
     * measured"); one without a when-clause measures at the last step trained */
    st->train = LESSON_MAX_TRAIN;
    st->show = s->featured;
    for (int i = 0; i < s->n_runs; i++) {
        st->runs[i].cfg = s->cfg[i];
        snprintf(st->runs[i].label, sizeof st->runs[i].label, "%s", s->label[i]);
    }
    for (int k = 0; k < s->n_readouts && k < LESSON_MAX_CHECKS; k++) {
        LessonCheck *c = &st->checks[k];
        if (lesson_parse_check(c, name, s->readout[k], st, err)) return -1;
        if (c->when == LESSON_AT && c->step == LESSON_MAX_TRAIN && !strstr(c->text, " at step "))
            c->step = s->steps > 0 ? s->steps : 1;
        c->readout = 1;
        st->n_checks = k + 1;
    }
    return 0;
}

int export_train(const ExportSpec *s, Run *runs, PlotReadout *ro, int *nro, Error *err)
{
    for (int i = 0; i < s->n_runs; i++) {
        Error e2;
        Config c = s->cfg[i];
        if (run_init(&runs[i], &c, linalg_eigenvalues, &e2)) {
            for (int j = 0; j < i; j++) run_free(&runs[j]);
            return error_set(err, "run '%s': %s", s->label[i], e2.msg);
        }
        int at;
        if (s->example[0] && run_set_example(&runs[i], s->example, &at, &e2)) {
            for (int j = 0; j <= i; j++) run_free(&runs[j]);
            return error_set(err, "run '%s': %s", s->label[i], e2.msg);
        }
        snprintf(runs[i].label, sizeof runs[i].label, "%s", s->label[i]);
    }
    /* Jacobians cost time: the window computes them at the last step of a training
     * burst, or at every step while the gradient panel shows them; so does export */
    static LessonStep st; /* large: not on the stack */
    LessonEval e;
    int eval = ro && nro && s->n_readouts > 0 && s->steps > 0;
    if (eval && export_spec_step(s, &st, "readout", err)) {
        for (int i = 0; i < s->n_runs; i++) run_free(&runs[i]);
        return -1;
    }
    if (eval) lesson_eval_begin(&e, &st);
    int always = s->grad_mode == GRAD_MODE_JACOBIAN;
    int jac_checks = eval && lesson_step_needs_jacobians(&st);
    for (long k = 0; k < s->steps; k++) {
        for (int i = 0; i < s->n_runs; i++) {
            runs[i].jacobians_every = always || k == s->steps - 1 || (jac_checks && k < e.last);
            run_step(&runs[i]);
        }
        if (eval && k < e.last) lesson_eval_observe(&e, runs);
    }
    if (nro) *nro = eval ? lesson_readouts(&e, ro, PLOT_MAX_READOUTS) : 0;
    return 0;
}

void export_spec_view(const ExportSpec *s, const Run *runs, PlotView *v, char *title, size_t n)
{
    plot_view_default(v);
    v->theme = s->theme;
    v->grad_mode = s->grad_mode;
    v->focus = s->panel;
    v->highlight = s->panel == PANEL_NONE ? s->highlight : PANEL_NONE;
    v->beside = s->panel == PANEL_NONE ? s->beside : 0;
    v->text_scale = s->text_scale;
    v->caption = s->caption[0] ? s->caption : NULL;
    v->featured = s->featured;
    v->shade_lo = s->shade_lo;
    v->shade_hi = s->shade_hi;
    v->slopes = s->slopes;
    v->loss_scale = s->loss_scale;
    v->cursor = s->cursor;
    memcpy(v->color_of, s->color_of, sizeof v->color_of);
    v->title = NULL; /* the plot's own: task, T and step */
    if (s->has_lesson) {
        long k = 0;
        for (int i = 0; i < s->n_runs; i++)
            if (runs[i].step > k) k = runs[i].step;
        lesson_format_title(title, n, s->lesson_step, s->lesson_steps, s->heading, k);
        v->title = title;
    }
}
