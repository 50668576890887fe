/* lesson_eval.c - evaluating a step's checks after every training step.
 *
 * Definitions (also in lessons/README.md):
 *   at step N     the comparison holds after training step N;
 *   by step N     it holds after some training step 1..N (the first one counts);
 *   until step N  it holds after every training step 1..N;
 *   no clause     at step <train>.
 * loss is the median and accuracy the mean of the last LESSON_SMOOTH steps (fewer
 * at the start), as the loss panel draws them, so one lucky minibatch cannot pass a
 * check and one exploding step does not fail it. A run that diverged has
 * no values from the step it diverged at on: comparisons on it fail.
 * "RUN diverged" holds at step k if the run diverged at a step <= k;
 * "not" negates the whole check ("not diverged by step N": not diverged at
 * any step 1..N).
 * A "by" check not decided yet also keeps its sides at the latest step (the
 * window's readout while a step plays toward N). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lesson_run.h"

static int is_jac(LessonQty q)
{
    return q == LESSON_Q_JAC_NORM || q == LESSON_Q_JAC_PROD || q == LESSON_Q_BOUND;
}

int lesson_step_needs_jacobians(const LessonStep *st)
{
    for (int i = 0; i < st->n_checks; i++) {
        const LessonCheck *c = &st->checks[i];
        if (is_jac(c->lhs.num) || is_jac(c->lhs.den) || is_jac(c->rhs.num) || is_jac(c->rhs.den))
            return 1;
    }
    return 0;
}

void lesson_eval_begin(LessonEval *e, const LessonStep *st)
{
    memset(e, 0, sizeof *e);
    e->step = st;
    for (int i = 0; i < st->n_checks; i++) {
        if (st->checks[i].step > e->last) e->last = st->checks[i].step;
        e->res[i].value = e->res[i].other = NAN;
        e->res[i].margin = NAN;
    }
}

static int diverged_by(const Run *r, long k)
{
    return r->diverged_at > 0 && r->diverged_at <= k;
}

/* Mean of the last min(k, LESSON_SMOOTH) values, summed oldest first (step
 * k is in slot (k-1) % LESSON_SMOOTH), so the result does not depend on
 * where the ring happens to start. */
static double ring_mean(const double *ring, long k)
{
    long n = k < LESSON_SMOOTH ? k : LESSON_SMOOTH;
    if (n <= 0) return NAN;
    double s = 0;
    for (long j = k - n + 1; j <= k; j++) s += ring[(j - 1) % LESSON_SMOOTH];
    return s / (double)n;
}

/* Median of the same steps (the loss panel's line). */
static double ring_median(const double *ring, long k)
{
    long n = k < LESSON_SMOOTH ? k : LESSON_SMOOTH;
    double v[LESSON_SMOOTH];
    int m = 0;
    for (long j = k - n + 1; j <= k; j++) v[m++] = ring[(j - 1) % LESSON_SMOOTH];
    return run_median(v, m);
}

static double per_t(const double *a, int T, int t)
{
    return a && t >= 0 && t < T ? a[t] : NAN;
}

static double gate(const Diag *d, int g, int t)
{
    if (!d->gate_mean || g >= d->n_gates || t < 0 || t >= d->T) return NAN;
    return d->gate_mean[t * DIAG_MAX_GATES + g];
}

/* the largest weight any head of any layer puts on word t from the scored position
 * (what the attention panel draws as the tallest bar over word t) */
static double attn_max(const Diag *d, int t)
{
    if (!d->attn || d->attn_layers <= 0 || d->attn_t < 0 || t < 0 || t >= d->T) return NAN;
    double m = NAN;
    for (int k = 0; k < d->attn_layers * d->attn_heads && k < DIAG_MAX_ATTN; k++)
        m = isnan(m) || d->attn[(long)k * d->T + t] > m ? d->attn[(long)k * d->T + t] : m;
    return m;
}

/* Quantity q (timestep t) of run i after the k observed steps. */
static double qty(const LessonEval *e, const Run *runs, int i, LessonQty q, int t)
{
    const Run *r = &runs[i];
    const Diag *d = &r->diag;
    if (diverged_by(r, e->k)) return NAN;
    switch (q) {
    case LESSON_Q_LOSS: return ring_median(e->loss[i], e->k);
    case LESSON_Q_ACCURACY: return ring_mean(e->acc[i], e->k);
    case LESSON_Q_GRAD_NORM: return d->grad_norm;
    case LESSON_Q_GRAD_NORM_CLIPPED: return d->grad_norm_clipped;
    case LESSON_Q_CLIPPED: return e->k > 0 ? (double)e->clips[i] / (double)e->k : NAN;
    case LESSON_Q_CLIP_ANGLE: return d->clip_angle;
    case LESSON_Q_SIGMA_MAX: return d->sigma_max;
    case LESSON_Q_SPECTRAL_RADIUS: return d->spectral_radius;
    case LESSON_Q_GRAD_H: return per_t(d->grad_h, d->T, t);
    case LESSON_Q_GRAD_H_REV: return per_t(d->grad_h_rev, d->T, t);
    case LESSON_Q_GRAD_C: return per_t(d->grad_c, d->T, t);
    case LESSON_Q_GRAD_X: return per_t(d->grad_x, d->T, t);
    case LESSON_Q_WHH_CONTRIB: return per_t(d->whh_contrib, d->T, t);
    case LESSON_Q_JAC_NORM: return d->jacobians ? per_t(d->jac_norm, d->T, t) : NAN;
    case LESSON_Q_JAC_PROD: return d->jacobians ? per_t(d->jac_prod, d->T, t) : NAN;
    case LESSON_Q_BOUND: return d->jacobians ? per_t(d->bound, d->T, t) : NAN;
    case LESSON_Q_INPUT_GATE: return gate(d, 0, t);
    case LESSON_Q_FORGET_GATE: return gate(d, 1, t);
    case LESSON_Q_OUTPUT_GATE: return gate(d, 2, t);
    case LESSON_Q_RESET_GATE: return gate(d, 0, t);
    case LESSON_Q_UPDATE_GATE: return gate(d, 1, t);
    case LESSON_Q_ATTN: return attn_max(d, t);
    default: return NAN;
    }
}

static int is_smoothed(LessonQty q)
{
    return q == LESSON_Q_LOSS || q == LESSON_Q_ACCURACY;
}

/* 1 if a side of c is a median or mean of the last LESSON_SMOOTH losses or accuracies. */
static int reads_smoothed(const LessonCheck *c)
{
    return is_smoothed(c->lhs.num) || is_smoothed(c->lhs.den) || is_smoothed(c->rhs.num) || is_smoothed(c->rhs.den);
}

static double operand(const LessonEval *e, const Run *runs, const LessonOperand *o)
{
    if (o->run < 0) return o->number;
    double v = qty(e, runs, o->run, o->num, o->num_t);
    if (o->den != LESSON_Q_NONE) v /= qty(e, runs, o->run, o->den, o->den_t);
    return v;
}

static int holds(LessonCmp cmp, double v, double w)
{
    switch (cmp) {
    case LESSON_LT: return v < w;
    case LESSON_LE: return v <= w;
    case LESSON_GT: return v > w;
    case LESSON_GE: return v >= w;
    }
    return 0;
}

static void record(LessonCheckResult *r, double v, double w, long k)
{
    r->value = v;
    r->other = w;
    r->at = k;
}

static void decide(LessonCheckResult *r, const LessonCheck *c, int raw, long k)
{
    r->decided = 1;
    if (c->diverged) r->at = k; /* the step the verdict is about */
    r->pass = c->negate ? !raw : raw;
}

int lesson_eval_observe(LessonEval *e, const Run *runs)
{
    const LessonStep *st = e->step;
    e->k++;
    long k = e->k, slot = (k - 1) % LESSON_SMOOTH;
    for (int i = 0; i < st->n_runs; i++) {
        const Run *r = &runs[i];
        int dead = diverged_by(r, k);
        e->loss[i][slot] = dead ? NAN : r->diag.loss;
        e->acc[i][slot] = dead ? NAN : r->diag.accuracy;
        if (!dead && r->diag.clipped) e->clips[i]++;
    }
    int all = 1;
    for (int i = 0; i < st->n_checks; i++) {
        const LessonCheck *c = &st->checks[i];
        LessonCheckResult *r = &e->res[i];
        if (r->decided) continue;
        if (k > c->step) { /* cannot happen when observe is called once per step */
            decide(r, c, 0, k);
            continue;
        }
        double v, w = NAN, margin = NAN;
        int h;
        if (c->diverged) {
            h = diverged_by(&runs[c->lhs.run], k);
            v = h;
        } else {
            v = operand(e, runs, &c->lhs);
            w = operand(e, runs, &c->rhs);
            h = holds(c->cmp, v, w);
            margin = (c->cmp == LESSON_GT || c->cmp == LESSON_GE) ? v - w : w - v;
        }
        switch (c->when) {
        case LESSON_AT:
            if (k == c->step) {
                record(r, v, w, k);
                decide(r, c, h, k);
            }
            break;
        case LESSON_BY:
            if (h) {
                record(r, v, w, k);
                decide(r, c, 1, k);
            } else {
                if (r->at == 0 || (!isnan(margin) && (isnan(r->margin) || margin > r->margin))) {
                    record(r, v, w, k);
                    r->margin = margin;
                }
                if (k == c->step) decide(r, c, 0, k);
            }
            /* what holds now, with the window the final value uses once it is full */
            if (!r->decided && !c->diverged && (k >= LESSON_SMOOTH || !reads_smoothed(c)))
                r->now_value = v, r->now_other = w, r->now_at = k;
            break;
        case LESSON_UNTIL:
            if (!h) {
                record(r, v, w, k);
                decide(r, c, 0, k);
            } else {
                if (r->at == 0 || (!isnan(margin) && margin < r->margin)) {
                    record(r, v, w, k);
                    r->margin = margin;
                }
                if (k == c->step) decide(r, c, 1, k);
            }
            break;
        }
        if (!r->decided) all = 0;
    }
    return all || k >= e->last;
}

int lesson_eval_failed(const LessonEval *e)
{
    int n = 0;
    for (int i = 0; i < e->step->n_checks; i++)
        if (!e->res[i].decided || !e->res[i].pass) n++;
    return n;
}

void lesson_eval_line(const LessonEval *e, int i, const Run *runs, char *buf, size_t n)
{
    const LessonCheck *c = &e->step->checks[i];
    const LessonCheckResult *r = &e->res[i];
    const char *verdict = !r->decided ? "...." : r->pass ? "PASS" : "FAIL";
    char what[160];
    if (c->diverged) {
        const Run *run = &runs[c->lhs.run];
        long at = r->decided ? r->at : e->k;
        if (diverged_by(run, at))
            snprintf(what, sizeof what, "diverged at step %ld (%s)", run->diverged_at,
                     run->diverged_why[0] ? run->diverged_why : "not finite");
        else
            snprintf(what, sizeof what, "not diverged in %ld steps", at);
    } else if (r->at == 0) {
        snprintf(what, sizeof what, "not measured yet");
    } else if (c->rhs.run >= 0) {
        snprintf(what, sizeof what, "measured %.4g vs %.4g at step %ld", r->value, r->other, r->at);
    } else {
        snprintf(what, sizeof what, "measured %.4g at step %ld", r->value, r->at);
    }
    snprintf(buf, n, "%s  %s  (%s)", verdict, c->text, what);
}
