/* lesson_show.c - what a lesson step puts on the screen besides its runs: the view (the
 * highlighted panel, what the gradient panel plots, the run the sentence strip shows,
 * the lesson's colour scale, the slopes inset) and the readouts, the numbers its
 * `readout:` checks measured. The window and the exporter both use these, so a slide
 * shows what the class saw. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lesson_run.h"

/* 1 if a and b are the same run told in two steps: the same label, or the same
 * config under another label (lesson 4's "clip 3" is step 2's "norm 3"). */
static int same_run(const LessonRun *a, const LessonRun *b)
{
    if (!strcmp(a->label, b->label)) return 1;
    Config x = a->cfg, y = b->cfg;
    x.label[0] = y.label[0] = 0;
    return config_equal(&x, &y);
}

/* Each run of step st its colour slot in v->color_of: the runs of the whole lesson, in
 * the order they first appear, one slot each, so that a run keeps its colour and marker
 * from step to step (lesson 7's "bias 3" was blue in step 2 and orange in step 3: a
 * class following the blue line followed another run). Two runs of one step never share
 * a slot; a lesson of more runs than slots keeps the runs' own indices. */
static void step_slots(const Lesson *l, const LessonStep *st, PlotView *v)
{
    const LessonRun *seen[PLOT_MAX_RUNS];
    int n = 0;
    memset(v->color_of, 0, sizeof v->color_of);
    for (int k = 0; k < l->n_steps; k++)
        for (int i = 0; i < l->steps[k].n_runs; i++) {
            const LessonRun *r = &l->steps[k].runs[i];
            int j = 0;
            while (j < n && !same_run(seen[j], r)) j++;
            if (j < n) continue;
            if (n == PLOT_MAX_RUNS) return;
            seen[n++] = r;
        }
    unsigned used = 0;
    for (int i = 0; i < st->n_runs && i < PLOT_MAX_RUNS; i++) {
        int j = 0;
        while (j < n && (!same_run(seen[j], &st->runs[i]) || (used >> j & 1u))) j++;
        if (j == n) /* (its slot taken in this step by a run of the same config) */
            for (j = 0; j < PLOT_MAX_RUNS && (used >> j & 1u); j++) continue;
        used |= 1u << j;
        v->color_of[i] = (unsigned char)(j + 1);
    }
}

void lesson_step_view(const Lesson *l, const LessonStep *st, PlotView *v)
{
    v->highlight = (int)st->panel;
    v->grad_mode = st->grad_view == LESSON_VIEW_JAC_PROD      ? GRAD_MODE_JACOBIAN
                   : st->grad_view == LESSON_VIEW_WHH_CONTRIB ? GRAD_MODE_WHH
                                                              : GRAD_MODE_NORM;
    v->featured = st->show;
    v->slopes = st->slopes;
    /* a step played live keeps one loss axis from its first frame to its last */
    v->loss_scale = st->loss_scale == LESSON_SCALE_LOG      ? PLOT_SCALE_LOG
                    : st->loss_scale == LESSON_SCALE_LINEAR ? PLOT_SCALE_LINEAR
                    : st->play > 0                          ? PLOT_SCALE_LINEAR
                                                            : PLOT_SCALE_AUTO;
    v->shade_lo = l ? l->shade_lo : NAN;
    v->shade_hi = l ? l->shade_hi : NAN;
    if (l) step_slots(l, st, v);
}

int lesson_readouts(const LessonEval *e, PlotReadout *out, int max)
{
    const LessonStep *st = e->step;
    int n = 0;
    for (int i = 0; i < st->n_checks; i++) {
        const LessonCheck *c = &st->checks[i];
        if (!c->readout) continue;
        const LessonCheckResult *r = &e->res[i];
        for (int side = 0; side < 2 && n < max; side++) {
            const LessonOperand *o = side ? &c->rhs : &c->lhs;
            if (o->run < 0) continue;
            PlotReadout *ro = &out[n++];
            ro->run = o->run;
            /* a "by" check still playing toward its step: the value now, so far */
            int now = c->when == LESSON_BY && !r->decided && !c->diverged;
            long at = now ? r->now_at : r->at;
            lesson_check_label(c, st, side, at, ro->label, sizeof ro->label, &ro->unit);
            ro->at = at;
            ro->by = now ? c->step : 0;
            ro->due = c->step;
            /* (held: a failed check's step is its best margin's, not a step it held at) */
            ro->reached = c->when == LESSON_BY && r->decided && !c->diverged && r->pass != c->negate;
            ro->value = at > 0 ? (now ? (side ? r->now_other : r->now_value)
                                      : (side ? r->other : r->value))
                               : NAN;
        }
    }
    return n;
}

void lesson_caption(const LessonStep *st, char *out, size_t cap)
{
    size_t o = 0;
    if (cap == 0) return;
    for (const char *s = st->narration ? st->narration : ""; *s && o + 1 < cap; s++) {
        if (*s == '\n' && (o == 0 || out[o - 1] == '\n')) continue; /* blank lines */
        out[o++] = *s;
    }
    while (o > 0 && out[o - 1] == '\n') o--;
    out[o] = 0;
}
