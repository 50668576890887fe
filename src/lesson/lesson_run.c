/* lesson_run.c - build a step's runs and train them while evaluating its checks. */
#include <string.h>

#include "lesson_run.h"

int lesson_runs_init(const LessonStep *st, Run *runs, EigenFn eigen, Error *err)
{
    for (int i = 0; i < st->n_runs; i++) {
        Error e2;
        if (run_init(&runs[i], &st->runs[i].cfg, eigen, &e2)) {
            for (int j = 0; j < i; j++) run_free(&runs[j]);
            return error_set(err, "run '%s': %s", st->runs[i].label, e2.msg);
        }
        int at;
        if (st->example[0] && run_set_example(&runs[i], st->example, &at, &e2)) {
            for (int j = 0; j <= i; j++) run_free(&runs[j]);
            return error_set(err, "run '%s': %s", st->runs[i].label, e2.msg);
        }
    }
    return 0;
}

void lesson_runs_free(const LessonStep *st, Run *runs)
{
    for (int i = 0; i < st->n_runs; i++) run_free(&runs[i]);
}

int lesson_run_checks(const Lesson *l, int step, EigenFn eigen, FILE *log, int *n_failed,
                      Error *err)
{
    *n_failed = 0;
    if (step < 0 || step >= l->n_steps)
        return error_set(err, "%s: no step %d (allowed: 1..%d)", l->source, step + 1, l->n_steps);
    const LessonStep *st = &l->steps[step];
    LessonEval e;
    lesson_eval_begin(&e, st);
    if (log)
        fprintf(log, "%s: step %d/%d \"%s\": %d run%s, %d check%s\n", l->source, step + 1,
                l->n_steps, st->title, st->n_runs, st->n_runs == 1 ? "" : "s", st->n_checks,
                st->n_checks == 1 ? "" : "s");
    if (st->n_checks == 0) return 0;
    int spectral = 0; /* the eigenvalue solver costs time: only when a check reads it */
    for (int i = 0; i < st->n_checks; i++)
        if (st->checks[i].lhs.num == LESSON_Q_SPECTRAL_RADIUS ||
            st->checks[i].lhs.den == LESSON_Q_SPECTRAL_RADIUS ||
            st->checks[i].rhs.num == LESSON_Q_SPECTRAL_RADIUS ||
            st->checks[i].rhs.den == LESSON_Q_SPECTRAL_RADIUS)
            spectral = 1;
    Run runs[LESSON_MAX_RUNS];
    if (lesson_runs_init(st, runs, spectral ? eigen : NULL, err)) return -1;
    int jac = lesson_step_needs_jacobians(st);
    for (int i = 0; i < st->n_runs; i++) runs[i].jacobians_every = jac ? 1 : 0;
    int done = 0;
    while (!done) {
        for (int i = 0; i < st->n_runs; i++) run_step(&runs[i]);
        done = lesson_eval_observe(&e, runs);
    }
    for (int i = 0; i < st->n_checks; i++) {
        char line[512];
        lesson_eval_line(&e, i, runs, line, sizeof line);
        if (log) fprintf(log, "  %s\n", line);
    }
    if (log) fprintf(log, "  trained %ld of %ld steps\n", e.k, st->train);
    *n_failed = lesson_eval_failed(&e);
    lesson_runs_free(st, runs);
    return 0;
}
