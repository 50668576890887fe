/* test_lesson_eval.c - the check evaluator against a direct reference.
 * Synthetic training histories (loss, accuracy, gradient norms, clipping,
 * per-timestep gradients, divergence) are fed to lesson_eval_observe step by
 * step through hand-filled Run structs; the verdict and measured value of
 * every check are compared with a brute-force evaluation of the README's
 * definitions written out here over the whole series:
 *   at step N: holds at N; by step N: holds at some k <= N (value at the
 *   first); until step N: holds at every k <= N (value at the first failure);
 *   loss = median, accuracy = mean of the last min(k, 20) steps (the median by
 *   qsort here, an insertion sort in the engine); a diverged run has NaN
 *   values from its divergence step on; "not" negates the whole check. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"
#include "lesson_run.h"
#include "testutil.h"

#define STEPS 60
#define TT 12

static uint64_t rs = 88172645463325252ULL;
static double uni(void)
{
    rs ^= rs << 13;
    rs ^= rs >> 7;
    rs ^= rs << 17;
    return (double)(rs >> 11) / 9007199254740992.0;
}

/* one synthetic run */
typedef struct Series {
    double loss[STEPS + 1], acc[STEPS + 1], gn[STEPS + 1], gh0[STEPS + 1], ghT[STEPS + 1];
    double gx0[STEPS + 1], gx5[STEPS + 1];
    int clip[STEPS + 1];
    long div_at; /* 0: never */
} Series;

static void make_series(Series *s, int may_diverge)
{
    double l = 2.0 + uni(), a = 0.1 * uni();
    for (int k = 1; k <= STEPS; k++) {
        l *= 0.9 + 0.15 * uni();
        a += 0.05 * (uni() - 0.3);
        s->loss[k] = l;
        s->acc[k] = a < 0 ? 0 : a > 1 ? 1 : a;
        s->gn[k] = pow(10, 4 * uni() - 2);
        s->gh0[k] = pow(10, -6 * uni());
        s->ghT[k] = 0.5 + uni();
        s->gx0[k] = pow(10, -3 * uni());
        s->gx5[k] = pow(10, -3 * uni());
        s->clip[k] = uni() < 0.3;
    }
    s->div_at = may_diverge && uni() < 0.6 ? 1 + (long)(uni() * STEPS) : 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double ref_qty(const Series *s, int q, int k)
{
    if (s->div_at && s->div_at <= k) return NAN;
    int n = k < LESSON_SMOOTH ? k : LESSON_SMOOTH;
    double sum = 0;
    switch (q) {
    case 0: {
        double v[LESSON_SMOOTH];
        for (int j = k - n + 1; j <= k; j++) v[j - (k - n + 1)] = s->loss[j];
        qsort(v, (size_t)n, sizeof v[0], cmp_double);
        return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
    case 1:
        for (int j = k - n + 1; j <= k; j++) sum += s->acc[j];
        return sum / n;
    case 2: return s->gn[k];
    case 3: return s->gh0[k] / s->ghT[k];
    case 5: return s->gx5[k] / s->gx0[k];
    case 4: {
        int c = 0;
        for (int j = 1; j <= k; j++) c += s->clip[j];
        return (double)c / k;
    }
    }
    return NAN;
}

static const char *const qname[] = {"loss", "accuracy", "grad_norm", "grad_h[0] / grad_h[T-1]",
                                    "clipped", "grad_x[5] / grad_x[0]"};

typedef struct Ref {
    int pass;
    double value;
    long at;
} Ref;

static Ref reference(const Series *sa, const Series *sb, int diverged, int negate, int q, int cmp,
                     int rhs_run, double x, int when, long N)
{
    Ref r = {0, NAN, 0};
    int hold_all = 1, hold_any = 0;
    for (long k = 1; k <= N; k++) {
        int h;
        double v;
        if (diverged) {
            h = sb->div_at && sb->div_at <= k;
            v = h;
        } else {
            v = ref_qty(sa, q, (int)k);
            double w = rhs_run ? ref_qty(sb, q, (int)k) : x;
            h = cmp == 0 ? v < w : cmp == 1 ? v <= w : cmp == 2 ? v > w : v >= w;
        }
        if (h && !hold_any && when == 1) r.value = v, r.at = k;
        if (!h && hold_all && when == 2) r.value = v, r.at = k;
        hold_any |= h;
        hold_all &= h;
        if (k == N && when == 0) r.pass = h, r.value = v, r.at = k;
    }
    if (when == 1) r.pass = hold_any;
    if (when == 2) r.pass = hold_all;
    if (negate) r.pass = !r.pass;
    return r;
}

static void fill_diag(Run *r, const Series *s, long k)
{
    Diag *d = &r->diag;
    if (s->div_at && s->div_at < k) return; /* a diverged run stays put */
    d->loss = s->loss[k];
    d->accuracy = s->acc[k];
    d->grad_norm = s->gn[k];
    d->clipped = s->clip[k];
    for (int t = 0; t < TT; t++) d->grad_h[t] = 1.0;
    d->grad_h[0] = s->gh0[k];
    d->grad_h[TT - 1] = s->ghT[k];
    for (int t = 0; t < TT; t++) d->grad_x[t] = 2.0;
    d->grad_x[0] = s->gx0[k];
    d->grad_x[5] = s->gx5[k];
    r->step = k;
    if (s->div_at == k) {
        r->diverged_at = k;
        d->loss = NAN;
        snprintf(r->diverged_why, sizeof r->diverged_why, "loss is not finite");
    }
}

/* A "by step N" readout while the step still plays toward N (the window at training
 * step k < N) reads what is true at k: the 20-step mean at k, "so far" (by = N), never
 * the best mean so far, which early on is a mean of two noisy steps (lesson 9 step 2
 * showed "GRU accuracy 21.9% (at step 2)" at step 226). Before the window of the mean
 * is full it has no value. Once decided, the value it was decided on, as before. */
static void test_by_so_far(void)
{
    static const char text[] = "# E\n## S\nx\n```lesson\nset: task=kerala seq_len=12\nrun: a\n"
                               "train: 60\nreadout: a accuracy >= 0.95 by step 60\n"
                               "readout: a loss < 0.5 by step 60\n```\n";
    Lesson l;
    Error err;
    if (lesson_parse(&l, "so_far.md", text, sizeof text - 1, &err)) {
        CHECK(0, "so_far.md: %s", err.msg);
        return;
    }
    Series s;
    memset(&s, 0, sizeof s);
    for (int k = 1; k <= STEPS; k++) {
        /* step 2 a lucky batch (accuracy 0.9, loss 0.1); then slow learning that never gets
         * there: the best 20-step accuracy mean is the one of steps 1-2 */
        s.acc[k] = k == 2 ? 0.9 : 0.005 * k;
        s.loss[k] = k == 2 ? 0.1 : 2.0 - 0.02 * k;
        s.gn[k] = s.gh0[k] = s.ghT[k] = s.gx0[k] = s.gx5[k] = 1;
    }
    Run run;
    memset(&run, 0, sizeof run);
    if (diag_alloc(&run.diag, TT)) {
        CHECK(0, "out of memory");
        lesson_free(&l);
        return;
    }
    LessonEval e;
    lesson_eval_begin(&e, &l.steps[0]);
    double worst = 0;
    int seen = 0;
    for (long k = 1; k <= STEPS; k++) {
        fill_diag(&run, &s, k);
        lesson_eval_observe(&e, &run);
        PlotReadout ro[PLOT_MAX_READOUTS];
        int n = lesson_readouts(&e, ro, PLOT_MAX_READOUTS);
        CHECK(n == 2, "two readouts (%d)", n);
        for (int i = 0; i < n && k < STEPS; i++) {
            if (k < LESSON_SMOOTH) {
                CHECK(isnan(ro[i].value) && ro[i].at == 0,
                      "step %ld: no value before the mean covers 20 steps (%g at %ld)", k,
                      ro[i].value, ro[i].at);
                /* (the panel says when it will be: "… (measured at step 60)") */
                CHECK(ro[i].due == 60, "step %ld: not measured yet, due at step %ld (want 60)", k, ro[i].due);
                continue;
            }
            double want = ref_qty(&s, i == 0 ? 1 : 0, (int)k), d = fabs(ro[i].value - want);
            worst = fmax(worst, d);
            seen++;
            CHECK(ro[i].at == k && ro[i].by == 60 && d == 0 &&
                      strstr(ro[i].label, i == 0 ? "(mean of 20" : "(median of 20"),
                  "step %ld readout %d: %.17g at %ld (by %ld, '%s'), want the 20-step value now "
                  "%.17g so far", k, i, ro[i].value, ro[i].at, ro[i].by, ro[i].label, want);
        }
        if (k == 40)
            printf("step 40 of 60: readouts %s = %.4g (at %ld, by %ld), %s = %.4g (at %ld)\n",
                   ro[0].label, ro[0].value, ro[0].at, ro[0].by, ro[1].label, ro[1].value, ro[1].at);
        if (k == STEPS) {
            /* decided (failed): the value it was decided on, the best margin's (step 2) */
            const LessonCheckResult *r = &e.res[0];
            CHECK(r->decided && !r->pass && ro[0].by == 0 && ro[0].at == r->at &&
                      ro[0].value == r->value && r->at == 2,
                  "the end: the final value %.4g at %ld (by %ld; recorded %.4g at %ld)", ro[0].value,
                  ro[0].at, ro[0].by, r->value, r->at);
            /* a check that failed was never reached: its step is its best margin's, and the
             * readout must not say "reached at step 2" */
            CHECK(!ro[0].reached, "the failed check's readout says it was reached at step %ld", ro[0].at);
        }
    }
    printf("by-step readouts in play: %d values, each the 20-step median or mean at its step (worst "
           "difference %g)\n", seen, worst);
    diag_free(&run.diag);
    lesson_free(&l);
}

int main(void)
{
    test_by_so_far();
    static const char *const cmps[] = {"<", "<=", ">", ">="};
    static const char *const whens[] = {"at", "by", "until"};
    int compared = 0, passes = 0, labels = 0;
    double worst = 0;
    for (int trial = 0; trial < 300; trial++) {
        Series sa, sb;
        make_series(&sa, 0);
        make_series(&sb, 1);
        struct {
            int diverged, negate, q, cmp, rhs_run, when;
            double x;
            long N;
        } spec[LESSON_MAX_CHECKS];
        char text[8192];
        int len = snprintf(text, sizeof text,
                           "# E\n## S\nx\n```lesson\nset: task=kerala seq_len=%d\nrun: a\nrun: b\n"
                           "train: %d\n",
                           TT, STEPS);
        int nc = 12;
        for (int i = 0; i < nc; i++) {
            int kind = (int)(uni() * 10);
            spec[i].diverged = kind == 0;
            spec[i].negate = kind == 0 && uni() < 0.5;
            spec[i].q = (int)(uni() * 6);
            spec[i].cmp = (int)(uni() * 4);
            spec[i].rhs_run = kind == 1;
            spec[i].when = (int)(uni() * 3);
            spec[i].N = 1 + (long)(uni() * STEPS);
            long k = 1 + (long)(uni() * STEPS);
            spec[i].x = ref_qty(&sa, spec[i].q, (int)k); /* a threshold the series crosses */
            const char *w = whens[spec[i].when];
            if (spec[i].diverged)
                len += snprintf(text + len, sizeof text - (size_t)len, "check: b %sdiverged %s step %ld\n",
                                spec[i].negate ? "not " : "", w, spec[i].N);
            else if (spec[i].rhs_run)
                len += snprintf(text + len, sizeof text - (size_t)len, "check: a %s %s b %s %s step %ld\n",
                                qname[spec[i].q], cmps[spec[i].cmp], qname[spec[i].q], w, spec[i].N);
            else
                len += snprintf(text + len, sizeof text - (size_t)len, "check: a %s %s %.17g %s step %ld\n",
                                qname[spec[i].q], cmps[spec[i].cmp], spec[i].x, w, spec[i].N);
        }
        len += snprintf(text + len, sizeof text - (size_t)len, "```\n");
        Lesson l;
        Error err;
        if (lesson_parse(&l, "eval.md", text, (size_t)len, &err)) {
            CHECK(0, "trial %d: %s", trial, err.msg);
            continue;
        }
        const LessonStep *st = &l.steps[0];
        Run runs[2];
        memset(runs, 0, sizeof runs);
        if (diag_alloc(&runs[0].diag, TT) || diag_alloc(&runs[1].diag, TT)) {
            CHECK(0, "out of memory");
            return tu_finish();
        }
        LessonEval e;
        lesson_eval_begin(&e, st);
        int done = 0;
        long k = 0;
        while (!done) {
            k++;
            fill_diag(&runs[0], &sa, k);
            fill_diag(&runs[1], &sb, k);
            done = lesson_eval_observe(&e, runs);
        }
        CHECK(k <= STEPS, "trial %d: observed %ld steps, more than train", trial, k);
        for (int i = 0; i < nc; i++) {
            Ref r = reference(&sa, &sb, spec[i].diverged, spec[i].negate, spec[i].q, spec[i].cmp,
                              spec[i].rhs_run, spec[i].x, spec[i].when, spec[i].N);
            const LessonCheckResult *got = &e.res[i];
            CHECK(got->decided, "trial %d check '%s': not decided", trial, st->checks[i].text);
            CHECK(got->pass == r.pass, "trial %d check '%s': %s, reference says %s", trial,
                  st->checks[i].text, got->pass ? "PASS" : "FAIL", r.pass ? "PASS" : "FAIL");
            /* the measured value: at the decision step for at/by-pass/until-fail */
            int exact = !spec[i].diverged && (spec[i].when == 0 || (spec[i].when == 1 && r.pass) ||
                                              (spec[i].when == 2 && !r.pass));
            if (exact) {
                double diff = fabs(got->value - r.value);
                if (isnan(got->value) && isnan(r.value)) diff = 0;
                double rel = diff / (fabs(r.value) + 1e-300);
                if (rel > worst) worst = rel;
                CHECK(got->at == r.at && rel <= 1e-12, "trial %d check '%s': measured %.17g at %ld, "
                      "reference %.17g at %ld", trial, st->checks[i].text, got->value, got->at,
                      r.value, r.at);
            }
            if (exact && spec[i].q <= 1 && !spec[i].rhs_run) { /* the label says the span */
                char lab[160], want[64];
                int unit;
                lesson_check_label(&st->checks[i], st, 0, got->at, lab, sizeof lab, &unit);
                if (got->at == 1) snprintf(want, sizeof want, "(step 1)");
                else snprintf(want, sizeof want, "(%s of %ld steps)", spec[i].q == 0 ? "median" : "mean",
                              got->at < 20 ? got->at : 20);
                CHECK(strstr(lab, want) != NULL, "trial %d check '%s' at step %ld: label '%s' "
                      "lacks '%s'", trial, st->checks[i].text, got->at, lab, want);
                labels++;
            }
            compared++;
            passes += r.pass;
        }
        diag_free(&runs[0].diag);
        diag_free(&runs[1].diag);
        lesson_free(&l);
    }
    printf("%d checks compared with the reference (%d pass, %d fail); worst relative difference "
           "of a measured value %.3g; %d loss/accuracy labels name the steps their mean covers\n",
           compared, passes, compared - passes, worst, labels);
    CHECK(passes > compared / 5 && passes < compared * 4 / 5, "verdicts should be mixed");
    return tu_finish();
}
