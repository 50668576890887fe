/* lesson_show.c - what a lesson step puts on the screen besides its runs: the view (the
 * highlighted panel, what the gradient panel plots, the run the sentence strip shows,
 * the lesson's colour scale, the slopes inset) and the readouts, the numbers its
 * `readout:` checks measured. The window and the exporter both use these, so a slide
 * shows what the class saw. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lesson_run.h"

/* 1 if a and b are the same run told in two steps: the same label, or the same
 * config under another label and perhaps another sentence length, which a step's
 * `set:` changes for all its runs (lesson 4's "clip 3" is step 2's "norm 3"; lesson
 * 6's "tanh" reads 12 words in step 1 and is "tanh seed 1" at 20 in step 2). */
static int same_run(const LessonRun *a, const LessonRun *b)
{
    if (!strcmp(a->label, b->label)) return 1;
    Config x = a->cfg, y = b->cfg;
    x.label[0] = y.label[0] = 0;
    y.seq_len = x.seq_len;
    return config_equal(&x, &y);
}

/* The most runs one lesson's colours are worked out for (else each step's own order). */
#define SLOT_RUNS 64

/* Each run of step st its colour slot in v->color_of, so that a run keeps its colour
 * and marker from step to step (lesson 7's "bias 3" was blue in step 2 and orange in
 * step 3: a class following the blue line followed another run). The runs of the whole
 * lesson, in the order they first appear, each take the lowest slot that no run shown
 * with it in any step has: the palette's first colours, the ones told apart best, go
 * to the runs seen together (lesson 4 step 3 drew "clip 3" beside "clip 1000" in
 * orange and amber, the fifth slot, while blue and green were another step's). Two
 * runs of one step never share a slot; where the slots run out, the runs' own indices. */
static void step_slots(const Lesson *l, const LessonStep *st, PlotView *v)
{
    const LessonRun *seen[SLOT_RUNS];
    uint64_t with[SLOT_RUNS] = {0}; /* bit e: shown in one step with run e */
    int n = 0, mine[PLOT_MAX_RUNS], at = -1;
    memset(v->color_of, 0, sizeof v->color_of);
    for (int k = 0; k < l->n_steps; k++) {
        const LessonStep *sk = &l->steps[k];
        uint64_t here = 0;
        int ent[PLOT_MAX_RUNS];
        for (int i = 0; i < sk->n_runs && i < PLOT_MAX_RUNS; i++) {
            int e = 0; /* (a run of this step already took a match: another run) */
            while (e < n && (!same_run(seen[e], &sk->runs[i]) || (here >> e & 1u))) e++;
            if (e == n) {
                if (n == SLOT_RUNS) return;
                seen[n++] = &sk->runs[i];
            }
            here |= (uint64_t)1 << e;
            ent[i] = e;
        }
        for (int e = 0; e < n; e++)
            if (here >> e & 1u) with[e] |= here & ~((uint64_t)1 << e);
        if (sk == st) {
            at = k;
            memcpy(mine, ent, sizeof mine);
        }
    }
    if (at < 0) return;
    int slot[SLOT_RUNS];
    for (int e = 0; e < n; e++) {
        unsigned taken = 0;
        for (int f = 0; f < e; f++)
            if (with[e] >> f & 1u) taken |= 1u << slot[f];
        slot[e] = 0;
        while (slot[e] < PLOT_MAX_RUNS && (taken >> slot[e] & 1u)) slot[e]++;
        if (slot[e] == PLOT_MAX_RUNS) return;
    }
    for (int i = 0; i < st->n_runs && i < PLOT_MAX_RUNS; i++) v->color_of[i] = (unsigned char)(slot[mine[i]] + 1);
}

void lesson_step_view(const Lesson *l, const LessonStep *st, PlotView *v)
{
    v->highlight = (int)st->panel;
    v->beside = st->beside;
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
