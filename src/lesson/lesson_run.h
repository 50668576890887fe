/* lesson_run.h - building a lesson step's runs, and evaluating its checks on
 * the engine's real numbers while they train.
 *
 * The runner and the window do the same thing: lesson_runs_init (the runs at
 * their seed), then for k = 1, 2, ...: run_step on every run, then
 * lesson_eval_observe. Checks therefore see exactly what the window shows. */
#ifndef RNNSCOPE_LESSON_RUN_H
#define RNNSCOPE_LESSON_RUN_H

#include <stdio.h>

#include "lesson.h"
#include "plot.h"
#include "run.h"

typedef struct LessonCheckResult {
    int decided;          /* the outcome can no longer change */
    int pass;             /* final outcome (valid once decided) */
    double value, other;  /* measured left side (and right side if it is a run's) */
    long at;              /* training step they were measured at; 0 = never measured */
    double margin;        /* internal: best (by) or worst (until) margin so far */
    /* a "by step N" check not decided yet: its sides at the last step observed (what is
     * true now, for a readout while the step plays toward N); now_at = 0 while a mean of
     * loss or accuracy covers fewer than LESSON_SMOOTH steps */
    double now_value, now_other;
    long now_at;
} LessonCheckResult;

typedef struct LessonEval {
    const LessonStep *step;
    long k;               /* training steps observed */
    long last;            /* the last step any check needs (0: no checks) */
    double loss[LESSON_MAX_RUNS][LESSON_SMOOTH]; /* ring of recent losses */
    double acc[LESSON_MAX_RUNS][LESSON_SMOOTH];
    long clips[LESSON_MAX_RUNS];                 /* steps that clipped */
    LessonCheckResult res[LESSON_MAX_CHECKS];
} LessonEval;

/* Builds the step's runs (runs[0..st->n_runs)) at their seed. On failure the
 * runs built so far are freed and -1 is returned. */
int lesson_runs_init(const LessonStep *st, Run *runs, EigenFn eigen, Error *err);
void lesson_runs_free(const LessonStep *st, Run *runs);

/* 1 if some check of the step reads Jacobian diagnostics (jac_norm, jac_prod,
 * bound): the runs must then compute them every step (jacobians_every = 1). */
int lesson_step_needs_jacobians(const LessonStep *st);

void lesson_eval_begin(LessonEval *e, const LessonStep *st);
/* Call once after each training step of all the step's runs. Returns 1 when
 * every check is decided (training further cannot change any outcome). */
int lesson_eval_observe(LessonEval *e, const Run *runs);
/* Checks that failed or are not decided yet. */
int lesson_eval_failed(const LessonEval *e);
/* One line for check i: "PASS  text  (measured ...)" or "....  text" if undecided. */
void lesson_eval_line(const LessonEval *e, int i, const Run *runs, char *buf, size_t n);

/* The view of lesson l's step st (l may be NULL): highlighted panel, gradient mode, the
 * run the strip shows, the colour scale, the slopes inset and the loss axis (a step
 * played live: one scale for the whole play); other fields untouched. */
void lesson_step_view(const Lesson *l, const LessonStep *st, PlotView *v);
/* The readouts of the step e evaluates (its `readout:` checks; two for a check that
 * compares two runs) with the values measured so far, into out[0..max). Returns how
 * many. A value not measured yet is NaN with at = 0. A "by step N" check not decided
 * yet reads its value now (by = N: "so far"), never its best so far, which may be an
 * early mean of a few noisy steps; once decided, the value it was decided on. */
int lesson_readouts(const LessonEval *e, PlotReadout *out, int max);
/* The narration of st as the narration box shows it, in window and export alike: each
 * paragraph and list item on a line of its own (blank lines dropped). */
void lesson_caption(const LessonStep *st, char *out, size_t cap);

/* Builds step `step`'s runs, trains them as far as its checks need (at most
 * its train: steps, stopping early once every check is decided) and prints
 * one line per check to log (may be NULL). *n_failed gets the number that
 * failed. Returns 0, or -1 if a run could not be built (err says why). */
int lesson_run_checks(const Lesson *l, int step, EigenFn eigen, FILE *log, int *n_failed,
                      Error *err);

#endif
