/* test_tasks.c - the data generators against independent references:
 * closed-form moments of the adding problem (Monte-Carlo with standard
 * errors), binomial tolerances for class and word frequencies, and the
 * sentence layouts written out here by hand (docs/tasks.md).
 * Prints one line per check, then "N passed, N failed"; exits 1 on failure. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "batch.h"
#include "config.h"
#include "error.h"
#include "rng.h"
#include "task.h"

static int n_pass, n_fail;

static void check(int ok, const char *name, const char *fmt, ...)
{
    va_list ap;
    printf("%s %-44s ", ok ? "PASS" : "FAIL", name);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    if (ok) n_pass++;
    else n_fail++;
}

/* Sets up task k at seq_len T with a batch of B; exits on failure. */
static void make(Task *t, Batch *b, TaskKind k, int T, int B)
{
    Config c;
    Error err = {{0}};
    config_default(&c);
    c.task = k;
    c.seq_len = T;
    if (task_init(t, &c, &err)) {
        fprintf(stderr, "task_init(%s, %d): %s\n", task_name(k), T, err.msg);
        exit(2);
    }
    if (batch_alloc(b, T, B, t->I, t->O)) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
}

static const char *word(const Task *t, const Batch *b, int s, int col)
{
    return task_word(t, b->token[(size_t)s * b->B + col]);
}

static int tgt(const Batch *b, int s, int col) { return b->target[(size_t)s * b->B + col]; }

/* |observed - p| in units of the binomial standard error sqrt(p(1-p)/n). */
static double zscore(double count, double n, double p)
{
    return fabs(count / n - p) / sqrt(p * (1 - p) / n);
}

#define Z_TOL 5.0 /* binomial tolerance: 5 standard errors (two-sided p ~ 6e-7 each) */

/* ---- setup and errors ----------------------------------------------------- */

static void test_min_len(void)
{
    /* minima from the layouts in docs/tasks.md, counted by hand */
    static const struct { TaskKind k; int min; } want[] = {
        {TASK_ADDING, 2},  /* one step per half */
        {TASK_KERALA, 12}, /* NAME was born in PLACE . NAME is very fluent in ___ */
        {TASK_MOUSE, 12},  /* the mouse is used to ___ + 6 (for the easy use of computers) */
        {TASK_CLOUDS, 6},  /* the clouds are in the ___ */
    };
    for (int i = 0; i < 4; i++) {
        TaskKind k = want[i].k;
        int min = task_min_seq_len(k);
        char name[64];
        snprintf(name, sizeof name, "min_seq_len %s", task_name(k));
        check(min == want[i].min, name, "%d (expected %d)", min, want[i].min);

        Config c;
        Task t;
        Error err = {{0}};
        char msg[128];
        config_default(&c);
        c.task = k;
        c.seq_len = min - 1;
        int rc = task_init(&t, &c, &err);
        snprintf(msg, sizeof msg, "seq_len: %d is too short for task %s (minimum %d)", min - 1,
                 task_name(k), min);
        snprintf(name, sizeof name, "rejects seq_len %d for %s", min - 1, task_name(k));
        check(rc == -1 && strcmp(err.msg, msg) == 0, name, "\"%s\"", err.msg);

        c.seq_len = min;
        rc = task_init(&t, &c, &err);
        snprintf(name, sizeof name, "accepts seq_len %d for %s", min, task_name(k));
        check(rc == 0 && t.T == min && t.min_seq_len == min, name, "rc %d", rc);

        c.seq_len = CONFIG_MAX_SEQ_LEN + 1;
        err.msg[0] = 0;
        rc = task_init(&t, &c, &err);
        snprintf(name, sizeof name, "rejects seq_len %d for %s", c.seq_len, task_name(k));
        check(rc == -1 && err.msg[0], name, "\"%s\"", err.msg);
    }
    Config c;
    Task t;
    Error err = {{0}};
    config_default(&c);
    c.task = (TaskKind)17;
    check(task_init(&t, &c, &err) == -1 && err.msg[0], "rejects unknown task 17", "\"%s\"",
          err.msg);
    c.task = TASK_KERALA;
    c.seq_len = -5;
    check(task_init(&t, &c, &err) == -1, "rejects seq_len -5", "\"%s\"", err.msg);
}

/* Sizes, distinct words, and the bounds config_memory_bytes assumes (I <= 64, O <= 16). */
static void test_sizes(void)
{
    for (int k = 0; k < 4; k++) {
        Task t;
        Batch b;
        make(&t, &b, (TaskKind)k, 40, 1);
        char name[64];
        int ok = t.I >= 1 && t.I <= 64 && t.O >= 1 && t.O <= 16;
        int dup = 0, nulls = 0;
        if (t.words) {
            for (int i = 0; i < t.I; i++) {
                if (!t.words[i]) { nulls++; continue; }
                for (int j = 0; j < i; j++)
                    if (t.words[j] && strcmp(t.words[i], t.words[j]) == 0) dup++;
            }
        }
        if (t.classes)
            for (int i = 0; i < t.O; i++)
                for (int j = 0; j < i; j++)
                    if (strcmp(t.classes[i], t.classes[j]) == 0) dup++;
        int kind_ok = k == TASK_ADDING
                          ? t.loss == LOSS_MSE && t.I == 2 && t.O == 1 && !t.words && !t.classes &&
                                fabs(t.baseline_mse - 1.0 / 6) < 1e-15
                          : t.loss == LOSS_XENT && t.words && t.classes &&
                                fabs(t.chance_accuracy - 1.0 / t.O) < 1e-15;
        snprintf(name, sizeof name, "sizes %s", task_name((TaskKind)k));
        check(ok && !dup && !nulls && kind_ok, name,
              "I %d O %d, %d duplicate words, chance %.4f, baseline_mse %.6f", t.I, t.O, dup,
              t.chance_accuracy, t.baseline_mse);
        batch_free(&b);
    }
}

/* ---- determinism ---------------------------------------------------------- */

static int same_batch(const Batch *a, const Batch *b)
{
    size_t tb = (size_t)a->T * a->B;
    return memcmp(a->x, b->x, tb * a->I * sizeof *a->x) == 0 &&
           memcmp(a->target, b->target, tb * sizeof *a->target) == 0 &&
           memcmp(a->y, b->y, tb * a->O * sizeof *a->y) == 0 &&
           memcmp(a->mask, b->mask, tb) == 0 &&
           memcmp(a->token, b->token, tb * sizeof *a->token) == 0;
}

static void test_determinism(void)
{
    for (int k = 0; k < 4; k++) {
        Task t;
        Batch a, b, c;
        Rng r1, r2, r3;
        make(&t, &a, (TaskKind)k, 30, 64);
        make(&t, &b, (TaskKind)k, 30, 64);
        make(&t, &c, (TaskKind)k, 30, 64);
        /* b is dirtied by another seed first: a reused batch must not keep stale data */
        rng_seed(&r2, 8);
        task_batch(&t, &r2, &b);
        rng_seed(&r1, 7);
        rng_seed(&r2, 7);
        rng_seed(&r3, 8);
        task_batch(&t, &r1, &a);
        task_batch(&t, &r2, &b);
        task_batch(&t, &r3, &c);
        char name[64];
        snprintf(name, sizeof name, "determinism %s", task_name((TaskKind)k));
        int same = same_batch(&a, &b), differ = !same_batch(&a, &c);
        /* the next batch from the same stream differs from the first */
        task_batch(&t, &r2, &b);
        int next = !same_batch(&a, &b);
        check(same && differ && next, name,
              "seed 7 twice (one reused batch): %s; seed 8: %s; next batch: %s",
              same ? "identical" : "DIFFERENT", differ ? "differs" : "SAME",
              next ? "differs" : "SAME");
        batch_free(&a);
        batch_free(&b);
        batch_free(&c);
    }
}

/* ---- layout common to all tasks ------------------------------------------- */

/* One-hot x matching token, target/mask only at score_step, y zero for xent. */
static void test_layout(TaskKind k, int T, int B)
{
    Task t;
    Batch b;
    Rng r;
    make(&t, &b, k, T, B);
    rng_seed(&r, 11);
    task_batch(&t, &r, &b);
    long bad_x = 0, bad_mask = 0, bad_y = 0;
    for (int s = 0; s < T; s++)
        for (int col = 0; col < B; col++) {
            size_t tb = (size_t)s * B + col;
            const double *x = b.x + tb * t.I;
            int scored = s == t.score_step;
            if (b.mask[tb] != scored) bad_mask++;
            if (t.loss == LOSS_XENT) {
                int w = b.token[tb];
                double sum = 0;
                for (int i = 0; i < t.I; i++) sum += x[i];
                if (w < 0 || w >= t.I || x[w] != 1.0 || sum != 1.0) bad_x++;
                if (scored ? b.target[tb] < 0 || b.target[tb] >= t.O : b.target[tb] != -1)
                    bad_mask++;
                if (b.y[tb * t.O] != 0) bad_y++;
                for (int o = 1; o < t.O; o++)
                    if (b.y[tb * t.O + o] != 0) bad_y++;
            } else {
                if (b.token[tb] != -1 || b.target[tb] != -1) bad_x++;
                if (x[0] < 0 || x[0] >= 1 || (x[1] != 0 && x[1] != 1)) bad_x++;
                if (!scored && b.y[tb] != 0) bad_y++;
            }
        }
    char name[64];
    snprintf(name, sizeof name, "layout %s T=%d", task_name(k), T);
    check(!bad_x && !bad_mask && !bad_y, name,
          "mask/target only at t=%d; bad x %ld, bad mask/target %ld, bad y %ld", t.score_step,
          bad_x, bad_mask, bad_y);
    batch_free(&b);
}

/* ---- adding --------------------------------------------------------------- */

static void test_adding_halves(int T)
{
    Task t;
    Batch b;
    Rng r;
    int B = 2000, half = T / 2, bad = 0;
    double worst = 0;
    make(&t, &b, TASK_ADDING, T, B);
    rng_seed(&r, 3);
    task_batch(&t, &r, &b);
    int seen1[16] = {0}, seen2[16] = {0};
    for (int col = 0; col < B; col++) {
        int n1 = 0, n2 = 0;
        double sum = 0;
        for (int s = 0; s < T; s++) {
            const double *x = b.x + ((size_t)s * B + col) * 2;
            if (x[1] == 1) {
                sum += x[0];
                if (s < half) n1++, seen1[s]++;
                else n2++, seen2[s]++;
            }
        }
        double d = fabs(b.y[(size_t)(T - 1) * B + col] - sum);
        if (d > worst) worst = d;
        if (n1 != 1 || n2 != 1) bad++;
    }
    int all = 1;
    for (int s = 0; s < T && T <= 16; s++) all &= s < half ? seen1[s] > 0 : seen2[s] > 0;
    char name[64];
    snprintf(name, sizeof name, "adding T=%d: one marker per half", T);
    check(!bad && all && worst == 0, name,
          "%d of %d samples wrong; every position used: %s; worst |y - sum| %.3g", bad, B,
          all ? "yes" : "NO", worst);
    batch_free(&b);
}

static void test_adding_montecarlo(void)
{
    enum { T = 50, B = 1000, NB = 100 };
    const double N = (double)B * NB;
    Task t;
    Batch b;
    Rng r;
    make(&t, &b, TASK_ADDING, T, B);
    rng_seed(&r, 2016);
    double se_sum = 0, se_sq = 0, y_sum = 0, u_sum = 0;
    long bad_markers = 0, pos[T] = {0};
    double worst_sum = 0;
    for (int it = 0; it < NB; it++) {
        task_batch(&t, &r, &b);
        for (int col = 0; col < B; col++) {
            int n1 = 0, n2 = 0;
            double sum = 0;
            for (int s = 0; s < T; s++) {
                const double *x = b.x + ((size_t)s * B + col) * 2;
                u_sum += x[0];
                if (x[1] == 1) {
                    sum += x[0];
                    pos[s]++;
                    if (s < T / 2) n1++;
                    else n2++;
                }
            }
            if (n1 != 1 || n2 != 1) bad_markers++;
            double y = b.y[(size_t)(T - 1) * B + col];
            if (fabs(y - sum) > worst_sum) worst_sum = fabs(y - sum);
            double e = (y - 1) * (y - 1); /* squared error of predicting the mean, 1 */
            se_sum += e;
            se_sq += e * e;
            y_sum += y;
        }
    }
    /* MSE of predicting 1: E[(U1+U2-1)^2] = Var(U1+U2) = 1/6.
     * Its Monte-Carlo standard error uses the sample variance of (y-1)^2;
     * in closed form Var((S-1)^2) = E[D^4] - E[D^2]^2 = 1/15 - 1/36 = 7/180. */
    double mse = se_sum / N;
    double se = sqrt((se_sq / N - mse * mse) / N);
    double se_closed = sqrt(7.0 / 180 / N);
    check(fabs(mse - 1.0 / 6) < 4 * se, "adding: MSE of predicting 1 = 1/6",
          "%.6f vs %.6f, |diff| %.2e = %.2f SE (tol 4 SE, SE %.2e; closed-form SE %.2e), N %.0f",
          mse, 1.0 / 6, fabs(mse - 1.0 / 6), fabs(mse - 1.0 / 6) / se, se, se_closed, N);
    check(fabs(se / se_closed - 1) < 0.02, "adding: SE matches closed form sqrt(7/180/N)",
          "ratio %.4f (tol 2%%)", se / se_closed);
    double ymean = y_sum / N, yse = sqrt(1.0 / 6 / N);
    check(fabs(ymean - 1) < 4 * yse, "adding: mean target = 1", "%.6f, %.2f SE (tol 4)", ymean,
          fabs(ymean - 1) / yse);
    double umean = u_sum / (N * T), use = sqrt(1.0 / 12 / (N * T));
    check(fabs(umean - 0.5) < 4 * use, "adding: mean value = 1/2", "%.6f, %.2f SE (tol 4)",
          umean, fabs(umean - 0.5) / use);
    check(bad_markers == 0 && worst_sum == 0, "adding: two markers, one per half, y = sum",
          "%ld bad samples of %.0f, worst |y - sum| %.3g", bad_markers, N, worst_sum);
    /* each position of a half holds its marker with probability 1/(T/2) */
    double worst_z = 0;
    for (int s = 0; s < T; s++) {
        double z = zscore((double)pos[s], N, 1.0 / (T / 2));
        if (z > worst_z) worst_z = z;
    }
    check(worst_z < Z_TOL, "adding: marker positions uniform in each half",
          "worst position %.2f SE from 1/%d (tol %.0f)", worst_z, T / 2, Z_TOL);
    batch_free(&b);
}

/* ---- class frequencies ---------------------------------------------------- */

static void test_class_freq(TaskKind k, int T)
{
    enum { B = 1000, NB = 100 };
    Task t;
    Batch b;
    Rng r;
    long count[64] = {0};
    make(&t, &b, k, T, B);
    rng_seed(&r, 99);
    for (int it = 0; it < NB; it++) {
        task_batch(&t, &r, &b);
        for (int col = 0; col < B; col++) count[tgt(&b, t.score_step, col)]++;
    }
    double worst = 0;
    int wc = 0;
    for (int c = 0; c < t.O; c++) {
        double z = zscore((double)count[c], (double)B * NB, 1.0 / t.O);
        if (z > worst) worst = z, wc = c;
    }
    char name[64];
    snprintf(name, sizeof name, "%s: classes uniform (1/%d)", task_name(k), t.O);
    check(worst < Z_TOL, name, "worst class '%s' %.5f vs %.5f, %.2f SE (tol %.0f), N %d",
          t.classes[wc], count[wc] / (double)(B * NB), 1.0 / t.O, worst, Z_TOL, B * NB);
    batch_free(&b);
}

/* ---- filler independence --------------------------------------------------
 * The filler is made of clauses, so its words are not independent within one
 * sentence; but sentences are. Per class c and word w, the mean number of w
 * per sentence is compared with the mean over all classes, in units of the
 * standard error from the per-sentence counts' variance (a two-sample z on
 * independent sentences). */
typedef struct Indep {
    double s1[16][64], s2[16][64]; /* sum of counts and of squares, per class/word */
    long n[16];                    /* sentences per class */
    int cnt[64];                   /* this sentence's counts */
} Indep;

static void indep_add(Indep *d, int cls)
{
    for (int w = 0; w < 64; w++) {
        d->s1[cls][w] += d->cnt[w];
        d->s2[cls][w] += (double)d->cnt[w] * d->cnt[w];
        d->cnt[w] = 0;
    }
    d->n[cls]++;
}

/* Worst z over (class, word); *nwords = words seen at all. */
static double indep_worst(const Indep *d, int O, int *nwords)
{
    double worst = 0;
    *nwords = 0;
    for (int w = 0; w < 64; w++) {
        double S1 = 0, S2 = 0, N = 0;
        for (int c = 0; c < O; c++) S1 += d->s1[c][w], S2 += d->s2[c][w], N += d->n[c];
        if (S1 == 0) continue;
        (*nwords)++;
        double mean = S1 / N, var = S2 / N - mean * mean;
        for (int c = 0; c < O; c++) {
            if (!d->n[c]) continue;
            double z = fabs(d->s1[c][w] / d->n[c] - mean) / sqrt(var / d->n[c]);
            if (var > 0 && z > worst) worst = z;
        }
    }
    return worst;
}

/* ---- kerala --------------------------------------------------------------- */

/* the true place -> language pairs, written out independently of task.c */
static const char *const truth[][2] = {
    {"Kerala", "Malayalam"}, {"Bavaria", "German"},     {"Tuscany", "Italian"},
    {"Hokkaido", "Japanese"}, {"Bahia", "Portuguese"},  {"Provence", "French"},
    {"Andalusia", "Spanish"}, {"Bengal", "Bengali"},
};
#define N_TRUTH (int)(sizeof truth / sizeof *truth)

static const char *language_of(const char *place)
{
    for (int i = 0; i < N_TRUTH; i++)
        if (strcmp(truth[i][0], place) == 0) return truth[i][1];
    return NULL;
}

/* words that name a place, language, subject or answer, or belong to the
 * frame around the filler: never allowed as filler ("in", "the" and "." are
 * allowed: the filler's clauses use them, and so does every frame) */
static int is_informative(const char *w)
{
    static const char *const bad[] = {
        "clouds", "fish", "bees", "cars", "cows", "sky", "sea", "hive", "garage", "field",
        "born", "fluent", "was", "is", "very", "are", "___",
    };
    for (int i = 0; i < N_TRUTH; i++)
        if (!strcasecmp(w, truth[i][0]) || !strcasecmp(w, truth[i][1])) return 1;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (!strcasecmp(w, bad[i])) return 1;
    return 0;
}

static const char *const names[] = {"Jane", "Sam", "Robin", "Kim",
                                    "Jordan", "Chris", "Taylor", "Morgan"};
#define N_NAMES (int)(sizeof names / sizeof *names)

/* A filler at [from, to) ends a clause: its last word is ".", or "now" after
 * "." or after "and" after "." (docs/tasks.md). */
static int filler_ends_well(const Task *t, const Batch *b, int from, int to, int col)
{
    int n = to - from;
    const char *last = word(t, b, to - 1, col);
    if (!strcmp(last, ".")) return 1;
    if (strcmp(last, "now")) return 0;
    if (n == 1) return 1;
    const char *before = word(t, b, to - 2, col);
    if (!strcmp(before, ".")) return 1;
    return !strcmp(before, "and") && (n == 2 || !strcmp(word(t, b, to - 3, col), "."));
}

static void test_kerala(int T, int B, int NB)
{
    Task t;
    Batch b;
    Rng r;
    make(&t, &b, TASK_KERALA, T, B);
    rng_seed(&r, 1997);
    static const char *const head[] = {NULL, "was", "born", "in", NULL, "."};
    static const char *const tail[] = {NULL, "is", "very", "fluent", "in", "___"};
    long bad_layout = 0, bad_lang = 0, place_in_tail = 0, bad_filler = 0;
    int place_of_class[64], conflicts = 0;
    for (int c = 0; c < 64; c++) place_of_class[c] = -1;
    /* counts for the independence of everything after the '.' from the class */
    static long name0[64][64], ncls[64];
    static Indep fill;
    memset(name0, 0, sizeof name0), memset(ncls, 0, sizeof ncls), memset(&fill, 0, sizeof fill);
    long other_name = 0, bad_end = 0;
    int nf = T - 12;
    for (int it = 0; it < NB; it++) {
        task_batch(&t, &r, &b);
        for (int col = 0; col < B; col++) {
            int cls = tgt(&b, T - 1, col);
            const char *place = word(&t, &b, 4, col);
            const char *lang = language_of(place);
            if (!lang || strcmp(lang, t.classes[cls]) != 0) bad_lang++;
            int p = b.token[4 * B + col];
            if (place_of_class[cls] < 0) place_of_class[cls] = p;
            else if (place_of_class[cls] != p) conflicts++;
            for (int s = 0; s < 6; s++)
                if (head[s] && strcmp(word(&t, &b, s, col), head[s])) bad_layout++;
            for (int s = 0; s < 6; s++)
                if (tail[s] && strcmp(word(&t, &b, T - 6 + s, col), tail[s])) bad_layout++;
            int name = b.token[col];
            if (b.token[(size_t)(T - 6) * B + col] != name) bad_layout++;
            if (language_of(word(&t, &b, 0, col)) || is_informative(word(&t, &b, 0, col)))
                bad_layout++;
            for (int s = 6; s < T; s++)
                if (language_of(word(&t, &b, s, col))) place_in_tail++;
            ncls[cls]++;
            name0[cls][name]++;
            for (int s = 6; s < T - 6; s++) {
                const char *w = word(&t, &b, s, col);
                int id = b.token[(size_t)s * B + col];
                bad_filler += is_informative(w);
                if (id == name) continue; /* the clauses' subject */
                fill.cnt[id]++;
                for (int k = 0; k < N_NAMES; k++) other_name += !strcmp(w, names[k]);
            }
            if (nf > 0) bad_end += !filler_ends_well(&t, &b, 6, T - 6, col);
            indep_add(&fill, cls);
        }
    }
    char name[80];
    snprintf(name, sizeof name, "kerala T=%d: layout", T);
    check(!bad_layout, name, "NAME was born in PLACE . <%d fillers> NAME is very fluent in ___: "
          "%ld wrong tokens", nf, bad_layout);
    if (T == 12)
        check(!strcmp(t.classes[0], "Malayalam") && !strcmp(t.words[place_of_class[0]], "Kerala")
                  && t.O >= 8, "kerala: Kerala -> Malayalam first", "classes[0] = %s, O = %d",
              t.classes[0], t.O);
    snprintf(name, sizeof name, "kerala T=%d: the cue is one word, PLACE", T);
    check(t.cue_step == 4 && !t.cue_span && task_cue_end(&t, &b, 0) == 4, name,
          "cue_step %d, cue_span %d, cue end %d", t.cue_step, t.cue_span, task_cue_end(&t, &b, 0));
    snprintf(name, sizeof name, "kerala T=%d: PLACE determines the target", T);
    check(!bad_lang && !conflicts, name,
          "%ld targets not the language of PLACE, %d classes with two places", bad_lang,
          conflicts);
    if ((long)B * NB < 10000) { /* too few samples for the statistics below */
        batch_free(&b);
        return;
    }
    /* Independence: within every class, names are uniform over the names and
     * fillers uniform over the filler words; so nothing after t=5 (and the
     * name at t=0) tells the class: it can be reached only through PLACE. */
    int nnames = 0, nwords = 0;
    long name_tot[64] = {0};
    for (int c = 0; c < t.O; c++)
        for (int w = 0; w < t.I; w++) name_tot[w] += name0[c][w];
    for (int w = 0; w < t.I; w++) nnames += name_tot[w] > 0;
    double wz_name = 0, wz_fill = indep_worst(&fill, t.O, &nwords);
    for (int c = 0; c < t.O; c++)
        for (int w = 0; w < t.I; w++)
            if (name_tot[w]) {
                double z = zscore((double)name0[c][w], (double)ncls[c], 1.0 / nnames);
                if (z > wz_name) wz_name = z;
            }
    snprintf(name, sizeof name, "kerala T=%d: no place/language after the '.'", T);
    check(!place_in_tail && !bad_filler && !other_name, name,
          "%ld place tokens after t=5, %ld informative filler words, %ld other names",
          place_in_tail, bad_filler, other_name);
    snprintf(name, sizeof name, "kerala T=%d: filler is whole clauses", T);
    check(!bad_end, name, "%ld fillers not ending in '.', 'now' or '. and now'", bad_end);
    snprintf(name, sizeof name, "kerala T=%d: names independent of class", T);
    check(wz_name < Z_TOL && nnames >= 4, name, "%d names, worst (class, name) %.2f SE from 1/%d "
          "(tol %.0f)", nnames, wz_name, nnames, Z_TOL);
    if (nf > 0) {
        snprintf(name, sizeof name, "kerala T=%d: fillers independent of class", T);
        check(wz_fill < Z_TOL && nwords >= 20 && nwords <= 40, name,
              "%d filler words, worst (class, word) %.2f SE from the mean over classes "
              "(tol %.0f)", nwords, wz_fill, Z_TOL);
    }
    batch_free(&b);
}

/* ---- mouse ---------------------------------------------------------------- */

static void test_mouse(int T, int B, int NB)
{
    enum { MAXS = 64 };
    Task t;
    Batch b;
    Rng r;
    make(&t, &b, TASK_MOUSE, T, B);
    rng_seed(&r, 5);
    static const char *const prefix[] = {"the", "mouse", "is", "used", "to", "___"};
    long bad_prefix = 0, bad_pad = 0, bad_cue = 0;
    char suffixes[MAXS][80];
    int suffix_cls[MAXS], nsuf = 0, conflicts = 0, longest = 0;
    int first_word_classes[64] = {0}; /* bit set of classes seen after the blank */
    for (int it = 0; it < NB; it++) {
        task_batch(&t, &r, &b);
        for (int col = 0; col < B; col++) {
            for (int s = 0; s <= 5; s++) {
                if (strcmp(word(&t, &b, s, col), prefix[s])) bad_prefix++;
                if (b.token[(size_t)s * B + col] != b.token[(size_t)s * B]) bad_prefix++;
            }
            int cls = tgt(&b, 5, col), s = 6;
            char text[80] = "";
            while (s < T && strcmp(word(&t, &b, s, col), "<pad>")) {
                if (strlen(text) + strlen(word(&t, &b, s, col)) + 2 < sizeof text) {
                    if (text[0]) strcat(text, " ");
                    strcat(text, word(&t, &b, s, col));
                }
                s++;
            }
            if (s - 6 > longest) longest = s - 6;
            /* the cue the strip underlines is this whole ending, t = 6 .. s-1 */
            if (t.cue_step != 6 || task_cue_end(&t, &b, col) != s - 1) bad_cue++;
            for (; s < T; s++)
                if (strcmp(word(&t, &b, s, col), "<pad>")) bad_pad++;
            first_word_classes[b.token[6 * B + col]] |= 1 << cls;
            int i = 0;
            while (i < nsuf && strcmp(suffixes[i], text)) i++;
            if (i == nsuf && nsuf < MAXS) {
                snprintf(suffixes[nsuf], sizeof suffixes[nsuf], "%s", text);
                suffix_cls[nsuf++] = cls;
            } else if (i < nsuf && suffix_cls[i] != cls) {
                conflicts++;
            }
        }
    }
    char name[80];
    snprintf(name, sizeof name, "mouse T=%d: prefix identical for every class", T);
    check(!bad_prefix, name, "\"the mouse is used to ___\" at t=0..5: %ld differing tokens",
          bad_prefix);
    snprintf(name, sizeof name, "mouse T=%d: suffix determines class, then pads", T);
    check(!conflicts && !bad_pad, name, "%d suffixes, %d seen with two classes, %ld non-pad "
          "tokens after a pad", nsuf, conflicts, bad_pad);
    snprintf(name, sizeof name, "mouse T=%d: the cue is the whole ending", T);
    check(!bad_cue, name, "%ld of %ld examples whose task_cue_end is not the ending's last word",
          bad_cue, (long)B * NB);
    if ((long)B * NB < 10000) { /* too few samples to see every suffix */
        batch_free(&b);
        return;
    }
    int per_class[16] = {0}, shared_first = 0;
    for (int i = 0; i < nsuf; i++) per_class[suffix_cls[i]]++;
    int minper = 1 << 30;
    for (int c = 0; c < t.O; c++) minper = per_class[c] < minper ? per_class[c] : minper;
    for (int w = 0; w < 64; w++) {
        int m = first_word_classes[w], bits = 0;
        for (; m; m >>= 1) bits += m & 1;
        shared_first += bits >= 2;
    }
    check(t.O >= 4 && minper >= 3 && shared_first >= 2, "mouse: several suffixes per class",
          "O %d, fewest suffixes in a class %d, %d first words shared by classes", t.O, minper,
          shared_first);
    snprintf(name, sizeof name, "mouse T=%d: min_seq_len = 6 + longest suffix", T);
    check(longest + 6 == t.min_seq_len, name, "longest suffix seen %d, min_seq_len %d", longest,
          t.min_seq_len);
    batch_free(&b);
}

/* ---- clouds --------------------------------------------------------------- */

static void test_clouds(int T, int B, int NB)
{
    static const char *const pairs[][2] = {
        {"clouds", "sky"}, {"fish", "sea"}, {"bees", "hive"}, {"cars", "garage"}, {"cows", "field"},
    };
    Task t;
    Batch b;
    Rng r;
    make(&t, &b, TASK_CLOUDS, T, B);
    rng_seed(&r, 6);
    long bad_layout = 0, bad_answer = 0, bad_filler = 0;
    static Indep fill;
    memset(&fill, 0, sizeof fill);
    long bad_end = 0;
    static const char *const tail[] = {"the", NULL, "are", "in", "the", "___"};
    for (int it = 0; it < NB; it++) {
        task_batch(&t, &r, &b);
        for (int col = 0; col < B; col++) {
            int cls = tgt(&b, T - 1, col);
            for (int s = 0; s < 6; s++)
                if (tail[s] && strcmp(word(&t, &b, T - 6 + s, col), tail[s])) bad_layout++;
            const char *subj = word(&t, &b, T - 5, col), *want = NULL;
            for (int i = 0; i < 5; i++)
                if (!strcmp(pairs[i][0], subj)) want = pairs[i][1];
            if (!want || strcmp(want, t.classes[cls])) bad_answer++;
            for (int s = 0; s < T - 6; s++) {
                bad_filler += is_informative(word(&t, &b, s, col));
                fill.cnt[b.token[(size_t)s * B + col]]++;
            }
            if (T > 6) bad_end += !filler_ends_well(&t, &b, 0, T - 6, col);
            indep_add(&fill, cls);
        }
    }
    char name[80];
    snprintf(name, sizeof name, "clouds T=%d: layout and answers", T);
    check(!bad_layout && !bad_answer && !bad_filler && t.O >= 5, name,
          "<%d fillers> the SUBJECT are in the ___: %ld wrong tokens, %ld wrong answers, "
          "%ld informative fillers", T - 6, bad_layout, bad_answer, bad_filler);
    snprintf(name, sizeof name, "clouds T=%d: filler is whole clauses", T);
    check(!bad_end, name, "%ld fillers not ending in '.', 'now' or '. and now'", bad_end);
    if (T > 6 && (long)B * NB >= 10000) {
        int nwords = 0;
        double worst = indep_worst(&fill, t.O, &nwords);
        snprintf(name, sizeof name, "clouds T=%d: fillers independent of class", T);
        check(worst < Z_TOL && nwords >= 20, name,
              "%d filler words, worst (class, word) %.2f SE from the mean over classes "
              "(tol %.0f)", nwords, worst, Z_TOL);
    }
    batch_free(&b);
}

/* ---- text ----------------------------------------------------------------- */

static void test_format(void)
{
    char buf[512];
    for (int k = 0; k < 4; k++) {
        Task t;
        Batch b;
        Rng r;
        int T = k == TASK_ADDING ? 10 : k == TASK_MOUSE ? 14 : 16;
        make(&t, &b, (TaskKind)k, T, 3);
        rng_seed(&r, 42);
        task_batch(&t, &r, &b);
        for (int col = 0; col < 3; col++) {
            int n = task_format(&t, &b, col, buf, sizeof buf);
            printf("  example %-6s T=%d: %s\n", task_name((TaskKind)k), T, buf);
            if (n != (int)strlen(buf)) check(0, "task_format length", "%d vs %zu", n, strlen(buf));
        }
        int n = task_format(&t, &b, 0, buf, 20);
        char name[64];
        snprintf(name, sizeof name, "task_format truncates %s", task_name((TaskKind)k));
        check(n == (int)strlen(buf) && n >= 3 && n <= 19 && !strcmp(buf + n - 3, "..."), name,
              "\"%s\"", buf);
        batch_free(&b);
    }
    Task t;
    Batch b;
    make(&t, &b, TASK_KERALA, 12, 1);
    Rng r;
    rng_seed(&r, 1);
    task_batch(&t, &r, &b);
    int n = task_format(&t, &b, 0, buf, 1);
    check(n == 0 && buf[0] == 0, "task_format with n=1", "\"%s\"", buf);
    check(!strcmp(task_word(&t, -1), "?") && !strcmp(task_word(&t, t.I), "?") &&
              !strcmp(task_word(&t, 0), t.words[0]),
          "task_word range", "ok");
    batch_free(&b);
}

/* ---- pinned examples ------------------------------------------------------ */

/* Every drawn sentence, written out as text, reads back as the same tokens
 * and answer. */
static void test_example_roundtrip(TaskKind k, int T)
{
    enum { B = 200 };
    Task t;
    Batch b;
    Rng r;
    make(&t, &b, k, T, B);
    rng_seed(&r, 321);
    task_batch(&t, &r, &b);
    int *tok = malloc(sizeof *tok * (size_t)T), bad = 0, errors = 0, target, at;
    char *text = malloc((size_t)T * 16 + 1);
    for (int col = 0; col < B; col++) {
        text[0] = 0;
        for (int s = 0; s < T; s++) {
            if (s) strcat(text, " ");
            strcat(text, word(&t, &b, s, col));
        }
        Error err = {{0}};
        if (task_example(&t, text, tok, &target, &at, &err)) {
            if (!errors++) printf("  %s: %s\n", text, err.msg);
            continue;
        }
        for (int s = 0; s < T; s++) bad += tok[s] != b.token[(size_t)s * B + col];
        bad += target != tgt(&b, t.score_step, col);
    }
    char name[64];
    snprintf(name, sizeof name, "%s T=%d: drawn sentences read back", task_name(k), T);
    check(!bad && !errors, name, "%d sentences: %d refused, %d tokens/answers differ", B, errors,
          bad);
    free(tok), free(text);
    batch_free(&b);
}

/* The article's sentences, with their answers named in the article. */
static void test_example_article(void)
{
    static const struct {
        TaskKind k;
        int T;
        const char *text, *answer;
    } cases[] = {
        {TASK_KERALA, 12, "Jane was born in Kerala. Jane is very fluent in ___", "Malayalam"},
        {TASK_KERALA, 29, "Jane was born in Kerala. Jane used to play for the women's football "
                          "team and has also topped at state-level examinations. Jane is very "
                          "fluent in ___", "Malayalam"},
        {TASK_MOUSE, 14, "The mouse is used to ___ for the easy use of computers", "scroll"},
        {TASK_CLOUDS, 6, "The clouds are in the ___", "sky"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        Task t;
        Batch b;
        Rng r;
        make(&t, &b, cases[i].k, cases[i].T, 3);
        rng_seed(&r, 8);
        task_batch(&t, &r, &b);
        int tok[64], target = -1, at;
        Error err = {{0}};
        int rc = task_example(&t, cases[i].text, tok, &target, &at, &err);
        /* only column 1 changes */
        Batch before;
        batch_alloc(&before, b.T, b.B, b.I, b.O);
        size_t tb = (size_t)b.T * b.B;
        memcpy(before.x, b.x, tb * b.I * sizeof *b.x);
        memcpy(before.token, b.token, tb * sizeof *b.token);
        memcpy(before.target, b.target, tb * sizeof *b.target);
        memcpy(before.mask, b.mask, tb);
        long other = 0, mine = 0;
        if (!rc) task_put_example(&t, &b, 1, tok, target);
        for (int s = 0; s < b.T; s++)
            for (int col = 0; col < b.B; col++) {
                size_t k = (size_t)s * b.B + col;
                int diff = b.token[k] != before.token[k] || b.target[k] != before.target[k] ||
                           b.mask[k] != before.mask[k] ||
                           memcmp(b.x + k * b.I, before.x + k * b.I, b.I * sizeof *b.x);
                if (col != 1) other += diff;
                else {
                    double sum = 0;
                    for (int w = 0; w < b.I; w++) sum += b.x[k * b.I + w];
                    mine += b.token[k] != tok[s] || b.x[k * b.I + tok[s]] != 1 || sum != 1 ||
                            b.mask[k] != (s == t.score_step);
                }
            }
        char buf[512];
        task_format(&t, &b, 1, buf, sizeof buf);
        char name[64];
        snprintf(name, sizeof name, "article: %s T=%d -> %s", task_name(cases[i].k),
                 cases[i].T, cases[i].answer);
        check(!rc && !strcmp(t.classes[target], cases[i].answer) && !other && !mine, name,
              "%s; %ld changes in other columns, %ld wrong in its own: %s",
              rc ? err.msg : "read", other, mine, buf);
        batch_free(&before);
        batch_free(&b);
    }
}

/* Sentences the task cannot take: one message each, at the right byte. */
static void test_example_errors(void)
{
    static const struct {
        TaskKind k;
        int T;
        const char *text;
        int at;
        const char *says;
    } cases[] = {
        {TASK_KERALA, 12, "Jane was born in Atlantis. Jane is very fluent in ___", 17,
         "'Atlantis' is not a word"},
        {TASK_KERALA, 12, "Jane was born in Kerala. Jane is very fluent at ___", 45,
         "word 11 'at' should be in"},
        {TASK_KERALA, 12, "Jane was born in Kerala. Sam is very fluent in ___", 25,
         "should be the same name"},
        {TASK_KERALA, 13, "Jane was born in Kerala. Jane is very fluent in ___", 0,
         "12 words, but seq_len is 13"},
        {TASK_KERALA, 12, "Jane was born in Kerala. now Jane is very fluent in ___", 52,
         "more than seq_len = 12"},
        {TASK_KERALA, 15, "Jane was born in Kerala. Sam laughed. Jane is very fluent in ___", 25,
         "should be a filler word or the name"},
        {TASK_MOUSE, 14, "the mouse is used to ___ for the easy use of the cat", 25,
         "word 7 'for' should be one of the task's endings"},
        {TASK_MOUSE, 14, "the mouse is used for ___", 18, "word 5 'for' should be to"},
        {TASK_CLOUDS, 6, "the sky are in the ___", 4, "'sky' is not a word"},
        {TASK_CLOUDS, 6, "the clouds are in a ___", 18, "word 5 'a' should be the"},
        {TASK_ADDING, 10, "1 2 3", 0, "task adding has no sentences"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        Task t;
        Batch b;
        make(&t, &b, cases[i].k, cases[i].T, 1);
        int tok[64], target, at = -1;
        Error err = {{0}};
        int rc = task_example(&t, cases[i].text, tok, &target, &at, &err);
        char name[64];
        snprintf(name, sizeof name, "example refused: %.30s", cases[i].text);
        check(rc && at == cases[i].at && strstr(err.msg, cases[i].says), name,
              "at byte %d (want %d): %s", at, cases[i].at, rc ? err.msg : "accepted");
        batch_free(&b);
    }
}

/* The longest sequences the config allows, a few samples each. */
static void test_long(void)
{
    for (int k = 0; k < 4; k++) test_layout((TaskKind)k, CONFIG_MAX_SEQ_LEN, 4);
    test_kerala(CONFIG_MAX_SEQ_LEN, 4, 1);
    test_mouse(CONFIG_MAX_SEQ_LEN, 4, 1);
    test_clouds(CONFIG_MAX_SEQ_LEN, 4, 1);
}

int main(void)
{
    test_min_len();
    test_sizes();
    test_determinism();
    for (int k = 0; k < 4; k++) {
        test_layout((TaskKind)k, task_min_seq_len((TaskKind)k), 50);
        test_layout((TaskKind)k, 37, 50);
    }
    test_adding_halves(2);
    test_adding_halves(7);
    test_adding_montecarlo();
    test_class_freq(TASK_KERALA, 20);
    test_class_freq(TASK_MOUSE, 20);
    test_class_freq(TASK_CLOUDS, 20);
    test_kerala(12, 1000, 10);
    test_kerala(40, 1000, 100);
    test_mouse(12, 1000, 50);
    test_mouse(30, 1000, 50);
    test_clouds(6, 1000, 50);
    test_clouds(30, 1000, 50);
    test_format();
    for (int k = 1; k < 4; k++) {
        test_example_roundtrip((TaskKind)k, task_min_seq_len((TaskKind)k));
        test_example_roundtrip((TaskKind)k, 41);
    }
    test_example_roundtrip(TASK_KERALA, 500);
    test_example_article();
    test_example_errors();
    test_long();
    printf("%d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
