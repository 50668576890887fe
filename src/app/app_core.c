/* app_core.c - the window's state: building runs from a lesson step or the command
 * line, actions, the training pace, and the texts the dashboard shows. No SDL. */
#include "app_core.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_job.h"
#include "eigen.h"
#include "lesson_run.h"

const double app_speeds[] = {1, 2, 5, 10, 20, 50, 100, 200, 0};
const int app_nspeeds = (int)(sizeof app_speeds / sizeof app_speeds[0]);

/* The settings panel's rows: the config table's rows with a place in it (ConfigSetting,
 * config.c), in that order, built once. */
static AppSetting settings[32];
static int nsettings = -1;

static int count_names(const char *const *v)
{
    int n = 0;
    while (v && v[n]) n++;
    return n;
}

static void settings_build(void)
{
    int n = 0;
    for (int order = 1; order < 100; order++)
        for (const ConfigKey *k = config_table; k->name; k++) {
            const ConfigSetting *u = &k->ui;
            if (u->order != order) continue;
            assert(n < (int)(sizeof settings / sizeof settings[0]));
            settings[n++] = (AppSetting){k->name, u->label, count_names(u->choices), u->choices,
                                         u->choice_labels ? u->choice_labels : u->choices,
                                         u->segments, u->nladder, u->ladder};
        }
    nsettings = n;
}

const AppSetting *app_setting(int s)
{
    if (nsettings < 0) settings_build();
    assert(s >= 0 && s < nsettings);
    return &settings[s];
}

int app_settings_count(void)
{
    if (nsettings < 0) settings_build();
    return nsettings;
}

void app_core_msg(AppCore *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->msg, sizeof a->msg, fmt, ap);
    va_end(ap);
    a->msg_gen++;
    a->gen++;
}

/* ---- building runs ---- */

/* Builds run i from cfg; on success replaces what was there (if i < a->n). */
static int build_run(AppCore *a, int i, const Config *cfg, Error *err)
{
    if (a->threaded) { /* the next job builds it (app_core_kick) */
        if (config_check(cfg, err)) return -1;
        a->cfg[i] = *cfg;
        a->pend[i] = JOB_BUILD;
        a->norms[i] = 0;
        a->rp[i] = &a->run[i];
        a->cost[i] = 0;
        a->lesson_labels = 0;
        return 0;
    }
    Run tmp;
    if (run_init(&tmp, cfg, linalg_eigenvalues, err)) return -1;
    /* the step's sentence stays while it fits the run (a new seq_len may not) */
    const char *ex = a->has_lesson ? a->lesson.steps[a->step].example : "";
    int at;
    Error e2;
    if (ex[0]) (void)run_set_example(&tmp, ex, &at, &e2);
    if (i < a->n && a->live[i]) run_free(&a->run[i]);
    tmp.jacobian_norms = 0; /* the window draws the Jacobian product only */
    a->run[i] = tmp;
    a->cfg[i] = tmp.cfg;
    a->live[i] = 1;
    a->norms[i] = 0;
    a->rp[i] = &a->run[i];
    a->cost[i] = 0;
    return 0;
}

static void free_runs(AppCore *a)
{
    for (int i = 0; i < a->n; i++) {
        if (a->live[i]) run_free(&a->run[i]);
        a->live[i] = 0;
        a->pend[i] = JOB_KEEP;
    }
    a->n = 0;
}

/* Run labels must tell runs apart: where two would read the same, each says the
 * settings that differ (config_label_among). Called after any run changes. */
static void relabel(AppCore *a)
{
    if (a->job) return; /* done when the job is taken in */
    const Config *cfgs[APP_MAX_RUNS];
    for (int j = 0; j < a->n; j++) cfgs[j] = &a->cfg[j];
    for (int j = 0; j < a->n; j++)
        if (a->live[j]) config_label_among(cfgs, a->n, j, a->run[j].label, sizeof a->run[j].label);
}

/* The step's checks from training step 0 on (after the runs were reset to their seed);
 * their readouts go into the view. */
static void eval_begin(AppCore *a)
{
    a->eval_on = 0;
    a->view.readouts = NULL;
    a->view.nreadouts = 0;
    if (!a->has_lesson) return;
    const LessonStep *st = &a->lesson.steps[a->step];
    lesson_eval_begin(&a->eval, st);
    a->eval_on = a->n == st->n_runs;
    if (!a->eval_on) return;
    a->view.readouts = a->readouts;
    a->view.nreadouts = lesson_readouts(&a->eval, a->readouts, PLOT_MAX_READOUTS);
}

static void rewind_runs(AppCore *a)
{
    a->rate = a->rate_t = 0;
    a->rate_k = 0;
    a->rush = 0;
    a->behind = 0;
    a->next = 0;
    a->credit = 0;
    a->sweep = 0;
    a->view.cursor = -1;
    a->loss_hold.valid = 0;
    eval_begin(a);
}

/* 1 if step i only goes on talking about what step i - 1 (shown now) trained: the same
 * runs, training and sentence, and no checks of its own. Entering it keeps the runs where
 * they are instead of training them again from their seed. */
static int step_continues(const AppCore *a, int i)
{
    if (i != a->step + 1 || i < 1) return 0;
    const LessonStep *st = &a->lesson.steps[i], *prev = &a->lesson.steps[i - 1];
    if (st->n_checks || st->sweep || st->n_runs != prev->n_runs || a->n != st->n_runs)
        return 0;
    if (st->train != prev->train || st->play != prev->play || strcmp(st->example, prev->example))
        return 0;
    for (int k = 0; k < st->n_runs; k++)
        if (!config_equal(&st->runs[k].cfg, &prev->runs[k].cfg) ||
            strcmp(st->runs[k].label, prev->runs[k].label) || !a->live[k])
            return 0;
    return 1;
}

int app_core_enter(AppCore *a, int i, Error *err)
{
    if (!a->has_lesson || i < 0 || i >= a->lesson.n_steps)
        return error_set(err, "no lesson step %d", i + 1);
    const LessonStep *st = &a->lesson.steps[i];
    int n = st->n_runs < APP_MAX_RUNS ? st->n_runs : APP_MAX_RUNS;
    int keep = step_continues(a, i);
    if (keep) {
        if (a->job) app_core_settle(a, 1e9); /* its checks are the old step's */
    } else if (a->threaded) { /* the next job builds them (app_core_kick) */
        free_runs(a);
        for (int k = 0; k < n; k++) a->pend[k] = JOB_BUILD;
        a->lesson_labels = 1;
    } else {
        Run tmp[LESSON_MAX_RUNS];
        LessonStep cut = *st; /* at most APP_MAX_RUNS runs are shown */
        cut.n_runs = n;
        if (lesson_runs_init(&cut, tmp, linalg_eigenvalues, err)) return -1;
        free_runs(a);
        for (int k = 0; k < n; k++) {
            a->run[k] = tmp[k];
            a->live[k] = 1;
            snprintf(a->run[k].label, sizeof a->run[k].label, "%s", st->runs[k].label);
        }
    }
    for (int k = 0; k < n; k++) {
        a->rp[k] = &a->run[k];
        if (!keep) a->cost[k] = 0;
        a->cfg[k] = st->runs[k].cfg;
        a->norms[k] = 1; /* lesson_runs_init's runs: as the checks compute them */
    }
    a->n = n;
    a->step = i;
    for (int k = 0; k < PLOT_MAX_RUNS; k++) a->view.visible[k] = 1;
    lesson_step_view(&a->lesson, st, &a->view);
    a->view.loss_hold = st->play > 0 ? &a->loss_hold : NULL;
    a->sel = -1;
    if (keep) {
        eval_begin(a); /* (the step has no checks) */
    } else {
        rewind_runs(a);
        a->target = st->train;
        a->playing = st->train > 0;
    }
    /* caption: the narration as the exporter shows it too, then the "try this" */
    char *c = a->caption;
    size_t cap = sizeof a->caption;
    lesson_caption(st, c, cap);
    size_t o = strlen(c);
    a->narration_len = o;
    a->try_this = st->try_this && st->try_this[0] ? st->try_this : NULL;
    if (a->try_this) snprintf(c + o, cap - o, "%sTry this: %s", o ? "\n" : "", a->try_this);
    a->view.caption = a->caption[0] ? a->caption : NULL;
    a->view.caption_page = 0;
    a->caption_pages = 1;
    a->gen++;
    app_core_texts(a);
    return 0;
}

/* Index of the built-in lesson l was parsed from, or -1 (a lesson file of one's own). */
static int builtin_index(const Lesson *l)
{
    for (int i = 0; i < lesson_builtin_count(); i++) {
        size_t len;
        const char *file = NULL;
        lesson_builtin_text(i, &len, &file);
        if (file && strcmp(file, l->source) == 0) return i;
    }
    return -1;
}

/* Shows lesson l (taking it over) at its title card and first step, or (last) at its
 * last step. On failure l is freed and the lesson and step shown stay as they were. */
static int open_lesson(AppCore *a, Lesson *l, int last, Error *err)
{
    Lesson old = a->lesson;
    int had = a->has_lesson;
    if (l->n_steps < 1) {
        lesson_free(l);
        return error_set(err, "lesson '%s' has no steps", l->name);
    }
    a->lesson = *l;
    a->has_lesson = 1;
    if (app_core_enter(a, last ? l->n_steps - 1 : 0, err)) {
        lesson_free(&a->lesson);
        a->lesson = old;
        a->has_lesson = had;
        return -1;
    }
    if (had) lesson_free(&old);
    a->intro = !last && a->lesson.intro && a->lesson.intro[0];
    return 0;
}

/* Opens built-in lesson i (see open_lesson). */
static int open_builtin(AppCore *a, int i, int last, Error *err)
{
    Lesson l;
    if (lesson_builtin(i, &l, err)) return -1;
    return open_lesson(a, &l, last, err);
}

/* The lesson menu's entries: every built-in lesson, numbered as `rnnscope --list`
 * numbers them, then the lesson file of the command line. */
static void menu_init(AppCore *a, const AppSpec *s)
{
    Error err;
    int nb = lesson_builtin_count();
    a->menu_n = 0;
    for (int i = 0; i < nb && a->menu_n < APP_MENU_MAX - 1; i++) {
        Lesson l;
        if (lesson_builtin(i, &l, &err)) continue; /* (the built-in lessons parse: tested) */
        snprintf(a->menu_label[a->menu_n++], sizeof a->menu_label[0], "%d. %s", i + 1,
                 l.title ? l.title : l.name);
        lesson_free(&l);
    }
    const char *file = s ? s->lesson_file : NULL;
    if (file && a->has_lesson) {
        const char *base = strrchr(file, '/');
        snprintf(a->menu_file, sizeof a->menu_file, "%s", file);
        snprintf(a->menu_label[a->menu_n++], sizeof a->menu_label[0], "%s (%s)",
                 a->lesson.title ? a->lesson.title : a->lesson.name, base ? base + 1 : file);
    }
}

int app_core_menu_current(const AppCore *a)
{
    if (!a->has_lesson) return -1;
    int b = builtin_index(&a->lesson);
    if (b >= 0) return b;
    return a->menu_file[0] ? a->menu_n - 1 : -1;
}

void app_core_window_title(const AppCore *a, char *buf, size_t n)
{
    int m = app_core_menu_current(a);
    if (!a->has_lesson) {
        snprintf(buf, n, "rnnscope — free play");
    } else if (a->intro) {
        snprintf(buf, n, "rnnscope — %s — title card",
                 m >= 0 ? a->menu_label[m] : a->lesson.title ? a->lesson.title : a->lesson.name);
    } else {
        snprintf(buf, n, "rnnscope — %s — step %d/%d",
                 m >= 0 ? a->menu_label[m] : a->lesson.title ? a->lesson.title : a->lesson.name,
                 a->step + 1, a->lesson.n_steps);
    }
}

int app_core_init(AppCore *a, const AppSpec *s, Error *err)
{
    return app_core_open(a, s, 0, err);
}

static int open_core(AppCore *a, const AppSpec *s, int threaded, Error *err);

int app_core_open(AppCore *a, const AppSpec *s, int threaded, Error *err)
{
    memset(a, 0, sizeof *a);
    if (open_core(a, s, threaded, err) == 0) return 0;
    app_core_free(a); /* (safe twice) */
    return -1;
}

static int open_core(AppCore *a, const AppSpec *s, int threaded, Error *err)
{
    a->run = calloc(APP_MAX_RUNS, sizeof *a->run);
    a->spare = calloc(1, sizeof *a->spare);
    if (!a->run || !a->spare) {
        app_core_free(a);
        return error_set(err, "out of memory");
    }
    a->threaded = threaded && app_job_threads();
    plot_view_default(&a->view);
    for (int i = 0; i < app_nspeeds; i++)
        if (app_speeds[i] == APP_CLASS_SPEED) a->speed = i;
    a->speed_back = a->speed;
    a->tips = -1;
    a->sel = -1;
    a->presenter = s->presenter;
    a->sidebar_back = 1;
    a->sidebar = !a->presenter; /* presenter mode: the dashboard takes the whole window */
    if (s->dark) a->view.theme = PLOT_THEME_DARK;
    if (s->lesson && s->free_play)
        return error_set(err, "--run/--set configure free play; a lesson sets its own runs "
                              "(give either a lesson or --run/--set)");
    if (s->lesson || !s->free_play) {
        if (s->lesson ? lesson_resolve(&a->lesson, s->lesson, err)
                      : lesson_builtin(0, &a->lesson, err))
            return -1;
        a->has_lesson = 1;
        if (a->lesson.n_steps < 1) {
            app_core_free(a);
            return error_set(err, "lesson '%s' has no steps", s->lesson ? s->lesson : "1");
        }
        int k = s->step > 0 ? s->step - 1 : 0;
        if (k >= a->lesson.n_steps) {
            int ns = a->lesson.n_steps;
            app_core_free(a);
            return error_set(err, "--step %d: the lesson has %d step%s (allowed: 1..%d)", s->step,
                             ns, ns == 1 ? "" : "s", ns);
        }
        if (app_core_enter(a, k, err)) {
            app_core_free(a);
            return -1;
        }
        /* a lesson opened at its start shows its title card first */
        a->intro = k == 0 && a->lesson.intro && a->lesson.intro[0];
        menu_init(a, s);
        return 0;
    }
    menu_init(a, s);
    if (s->step > 0) return error_set(err, "--step needs a lesson (see rnnscope --list)");
    int n = s->n_runs ? s->n_runs : 1;
    if (n > APP_MAX_RUNS) n = APP_MAX_RUNS;
    for (int i = 0; i < n; i++) {
        if (build_run(a, i, &s->cfg[i], err)) {
            app_core_free(a);
            return -1;
        }
        a->n = i + 1;
    }
    relabel(a);
    app_core_texts(a);
    return 0;
}

void app_core_free(AppCore *a)
{
    if (a->job) { /* it frees its runs when its engine call returns */
        app_job_abandon(a->job);
        a->job = NULL;
        a->run = NULL;
        a->n = 0;
    }
    if (a->run) free_runs(a);
    free(a->run);
    free(a->spare);
    a->run = NULL;
    a->spare = NULL;
    if (a->has_lesson) lesson_free(&a->lesson);
    a->has_lesson = 0;
}

/* ---- texts ---- */

void app_core_caption_try(AppCore *a, int with_try)
{
    if (!a->has_lesson || !a->try_this) return;
    if (with_try) {
        size_t o = a->narration_len;
        snprintf(a->caption + o, sizeof a->caption - o, "%sTry this: %s", o ? "\n" : "",
                 a->try_this);
    } else {
        a->caption[a->narration_len] = 0;
    }
    a->view.caption = a->caption[0] ? a->caption : NULL;
}

long app_core_max_step(const AppCore *a)
{
    if (a->job) return a->shown_step;
    long m = 0;
    for (int i = 0; i < a->n; i++)
        if (a->live[i] && a->run[i].step > m) m = a->run[i].step;
    return m;
}

int app_core_max_T(const AppCore *a)
{
    int T = 0; /* a run's diagnostics have T = seq_len timesteps */
    for (int i = 0; i < a->n; i++)
        if (a->view.visible[i] && a->cfg[i].seq_len > T) T = a->cfg[i].seq_len;
    if (T == 0)
        for (int i = 0; i < a->n; i++)
            if (a->cfg[i].seq_len > T) T = a->cfg[i].seq_len;
    return T;
}

void app_core_texts(AppCore *a)
{
    long k = app_core_max_step(a);
    if (a->has_lesson) {
        const LessonStep *st = &a->lesson.steps[a->step];
        lesson_format_title(a->title_plain, sizeof a->title_plain, a->step + 1, a->lesson.n_steps,
                            st->title, k);
        memcpy(a->title, a->title_plain, sizeof a->title);
        if (app_core_playing_live(a)) { /* how far the play is, how long is left */
            size_t len = strlen(a->title);
            double left = app_core_play_left(a);
            if (isnan(left))
                snprintf(a->title + len, sizeof a->title - len, " of %ld", a->target);
            else
                snprintf(a->title + len, sizeof a->title - len, " of %ld, ~%.0f s left", a->target,
                         fmax(1, ceil(left)));
        }
        a->view.title = a->title;
    } else {
        a->view.title = NULL; /* the plot's own: task, T and step */
    }
}

/* ---- training ---- */

static int need_jacobians(const AppCore *a)
{
    return a->view.grad_mode == GRAD_MODE_JACOBIAN;
}

/* Steps a second the runs train at now (0: as fast as the budget allows). */
static double pace(const AppCore *a)
{
    double speed = app_speeds[a->speed];
    /* a lesson step written "train: N over S s" plays live at N/S steps a second
     * (the class watches it learn), unless End asked for the rest at once */
    const LessonStep *st = a->has_lesson ? &a->lesson.steps[a->step] : NULL;
    if (st && st->play > 0 && a->target > 0 && !a->rush) speed = st->train / st->play;
    else if (st && a->target > 0) speed = 0; /* a step shown trained: prepared at once */
    if (a->rush) speed = 0;
    return speed;
}

/* 1 while a lesson step sets the pace (live at its own, or prepared at once), not the
 * speed keys. */
static int lesson_paced(const AppCore *a)
{
    return a->has_lesson && a->target > 0;
}

double app_core_pace(const AppCore *a)
{
    return lesson_paced(a) ? pace(a) : app_speeds[a->speed];
}

int app_core_lesson_paced(const AppCore *a)
{
    return lesson_paced(a);
}

static int held(const AppCore *a);

int app_core_playing_live(const AppCore *a)
{
    const LessonStep *st = a->has_lesson ? &a->lesson.steps[a->step] : NULL;
    return st && st->play > 0 && a->playing && a->target > 0 && !a->rush && !held(a);
}

double app_core_play_left(const AppCore *a)
{
    if (!app_core_playing_live(a) || !(a->rate > 0)) return NAN;
    long k = app_core_max_step(a);
    return k < a->target ? (double)(a->target - k) / a->rate : 0;
}

/* Measures the rate a live play goes at (steps per wall-clock second, over spans of a
 * second or more, the latest counting half): what "~12 s left" is worked out from. A
 * slow machine or a big run plays slower than the step's pace. */
static void measure_rate(AppCore *a, double dt)
{
    if (!app_core_playing_live(a)) {
        a->rate_t = 0, a->rate_k = app_core_max_step(a);
        return;
    }
    a->rate_t += dt;
    if (a->rate_t < 1) return;
    long k = app_core_max_step(a);
    double r = (double)(k - a->rate_k) / a->rate_t;
    a->rate = a->rate > 0 ? 0.5 * a->rate + 0.5 * r : r;
    a->rate_t = 0, a->rate_k = k;
}

/* A step played live waits behind its lesson's title card: the class is to watch it
 * learn, not to find it learnt when the card goes (a step shown trained is prepared
 * behind the card, End trains the rest at once even there). */
static int held(const AppCore *a)
{
    const LessonStep *st = a->has_lesson ? &a->lesson.steps[a->step] : NULL;
    return a->intro && st && st->play > 0 && a->target > 0 && !a->rush;
}

/* A lesson's training that the class waits for (a step shown trained being prepared,
 * End's rest at once, a live play fallen behind its pace) is trained in bursts of this
 * long: frames then come about 20 times a second instead of 60, and the worker trains
 * most of the time instead of what drawing leaves of each frame (a third of it at
 * 1080p). Free play keeps its frames (M, as fast as it goes, included). */
#define CATCH_UP_MS 45.0

static double burst_budget(const AppCore *a, double budget_ms)
{
    if (!a->has_lesson || a->target <= 0 || !a->playing || held(a)) return budget_ms;
    if (pace(a) > 0 && !a->behind) return budget_ms;
    return fmax(budget_ms, CATCH_UP_MS);
}

static void add_credit(AppCore *a, double dt)
{
    double speed = pace(a);
    if (speed > 0) a->credit = fmin(a->credit + dt * speed, 1.0 + 0.25 * speed);
}

/* Hands the runs and their training state to job j (what app_job_run reads). */
static void job_fill(AppCore *a, AppJob *j, double budget_ms, double (*clock)(void))
{
    j->run = a->run;
    j->n = a->n;
    for (int i = 0; i < a->n; i++) {
        j->op[i] = a->pend[i];
        j->live[i] = a->live[i];
        j->cfg[i] = a->cfg[i];
        j->norms[i] = a->norms[i];
        j->cost[i] = a->cost[i];
        a->pend[i] = JOB_KEEP;
    }
    j->nbuild = 0;
    for (int i = 0; i < a->n; i++) j->nbuild += j->op[i] != JOB_KEEP;
    snprintf(j->example, sizeof j->example, "%s",
             a->has_lesson ? a->lesson.steps[a->step].example : "");
    j->once = 0;
    j->even = 0;
    j->train = a->playing && !held(a);
    j->budget_ms = burst_budget(a, budget_ms);
    j->speed = pace(a);
    j->credit = a->credit;
    j->target = a->target;
    j->jac = need_jacobians(a);
    j->eval_jac = a->has_lesson && lesson_step_needs_jacobians(&a->lesson.steps[a->step]);
    j->eval_on = a->eval_on;
    j->eval = a->eval;
    memcpy(j->readouts, a->readouts, sizeof j->readouts);
    j->nreadouts = a->view.nreadouts;
    j->next = a->next;
    j->clock = clock;
    j->started_ms = clock ? clock() : 0;
    atomic_store(&j->round, app_core_max_step(a));
    atomic_store(&j->stop, 0);
    atomic_store(&j->building, 0);
}

/* 1 if the lesson step checks that run i diverges ("scale 8" diverged by step 1): its
 * narration says so and the panels mark it (a cross, a key), and a message would cover
 * the title bar's run legend for seconds (lesson 3 step 3). */
static int lesson_tells_divergence(const AppCore *a, int i)
{
    if (!a->has_lesson || a->step < 0 || a->step >= a->lesson.n_steps) return 0;
    const LessonStep *st = &a->lesson.steps[a->step];
    for (int k = 0; k < st->n_checks; k++)
        if (st->checks[k].diverged && !st->checks[k].negate && st->checks[k].lhs.run == i) return 1;
    return 0;
}

static void finish_playing(AppCore *a);

/* Takes back what job j did (it has finished). Returns 1 if anything visible changed. */
static int job_adopt(AppCore *a, AppJob *j)
{
    int built = 0;
    for (int i = 0; i < j->n; i++) {
        built |= a->live[i] != j->live[i] || j->op[i] != JOB_KEEP;
        a->live[i] = j->live[i];
        a->cost[i] = j->cost[i];
    }
    a->credit = j->credit;
    a->behind = j->train && j->speed > 0 && !j->done && j->credit >= 1;
    a->next = j->next;
    a->eval = j->eval;
    memcpy(a->readouts, j->readouts, sizeof a->readouts);
    if (a->view.readouts) a->view.nreadouts = j->nreadouts;
    int changed = j->steps > 0 || j->once || j->done;
    a->trained += j->steps;
    if (j->failed) { /* runs that could not be built are dropped */
        int k = 0;
        for (int i = 0; i < a->n; i++) {
            if (!a->live[i]) continue;
            a->run[k] = a->run[i], a->cfg[k] = a->cfg[i], a->live[k] = 1;
            a->norms[k] = a->norms[i], a->cost[k] = a->cost[i], a->rp[k] = &a->run[k];
            a->view.visible[k] = a->view.visible[i], a->view.color_of[k] = a->view.color_of[i];
            k++;
        }
        for (int i = k; i < a->n; i++) a->live[i] = 0, a->view.visible[i] = 1, a->view.color_of[i] = 0;
        a->n = k;
        a->next = 0;
        a->eval_on = 0;
        a->lesson_labels = 0;
        app_core_msg(a, "%s", j->err.msg);
        changed = 1;
    }
    for (int i = 0; i < a->n; i++) a->rp[i] = &a->run[i];
    if (j->failed || built) {
        if (a->lesson_labels && a->has_lesson) {
            const LessonStep *st = &a->lesson.steps[a->step];
            for (int k = 0; k < a->n && k < st->n_runs; k++)
                snprintf(a->run[k].label, sizeof a->run[k].label, "%s", st->runs[k].label);
        } else {
            relabel(a);
        }
        changed = 1;
    }
    if (j->diverged >= 0 && j->diverged < a->n && !lesson_tells_divergence(a, j->diverged)) {
        const Run *r = &a->run[j->diverged];
        app_core_msg(a, "%s diverged at step %ld (%s); the other runs go on", r->label,
                     r->diverged_at, r->diverged_why);
    }
    if (j->done && a->playing) finish_playing(a);
    a->shown_step = app_core_max_step(a);
    return changed;
}

/* Runs job j in the caller and takes it back (no thread: tests, the browser). */
static int job_inline(AppCore *a, AppJob *j)
{
    j->thread = NULL;
    app_job_run(j);
    return job_adopt(a, j);
}

void app_core_train(AppCore *a, long steps)
{
    if (a->job && !app_core_settle(a, 1e9)) return;
    for (long k = 0; k < steps; k++) {
        AppJob *j = a->spare;
        job_fill(a, j, 0, NULL);
        j->once = 1;
        j->train = 0;
        job_inline(a, j);
    }
    a->next = 0;
    a->gen++;
    app_core_texts(a);
}

int app_core_even(AppCore *a)
{
    if (a->job && !app_core_settle(a, 1e9)) return 0;
    long top = app_core_max_step(a), lo = top;
    for (int i = 0; i < a->n; i++)
        if (a->live[i] && !a->run[i].diverged_at && a->run[i].step < lo) lo = a->run[i].step;
    if (lo == top) return 1;
    if (lo < top - 1) return 0;
    AppJob *j = a->spare;
    job_fill(a, j, 0, NULL);
    j->train = 0;
    j->even = 1;
    job_inline(a, j);
    a->next = 0;
    a->gen++;
    app_core_texts(a);
    return 1;
}

static void finish_playing(AppCore *a)
{
    int reached = a->target > 0;
    a->playing = 0;
    a->rush = 0;
    a->behind = 0;
    a->target = 0;
    a->credit = 0;
    a->next = 0;
    int alive = 0;
    for (int i = 0; i < a->n; i++) alive += !a->run[i].diverged_at;
    if (!alive) app_core_msg(a, "every run has diverged: press R to start again");
    if (reached && a->has_lesson && a->lesson.steps[a->step].sweep && app_core_max_T(a) > 0) {
        a->sweep = 1;
        a->sweep_acc = 0;
        a->view.cursor = app_core_max_T(a) - 1;
    }
}

int app_core_settle(AppCore *a, double wait_ms)
{
    AppJob *j = a->job;
    if (!j) return 1;
    if (!app_job_settle(j, wait_ms)) return 0;
    app_job_finish(j);
    a->job = NULL;
    a->spare = j;
    if (job_adopt(a, j)) a->gen++;
    app_core_texts(a);
    return 1;
}

void app_core_debug_settle(AppCore *a)
{
    if (!a->threaded) return;
    int pending = a->step_once;
    for (int i = 0; i < a->n; i++) pending |= a->pend[i] != JOB_KEEP;
    if (!a->job && pending && a->clock) { /* the work the action asked for, not more */
        int play = a->playing;
        a->playing = 0;
        app_core_kick(a, 0, a->clock);
        a->playing = play;
    }
    if (a->job) app_core_settle(a, 10000);
}

int app_core_ready(const AppCore *a)
{
    if (a->job) return 0;
    for (int i = 0; i < a->n; i++)
        if (a->pend[i] != JOB_KEEP || !a->live[i]) return 0;
    return 1;
}

void app_core_kick(AppCore *a, double budget_ms, double (*clock)(void))
{
    if (!a->threaded || a->job) return;
    int pending = 0;
    for (int i = 0; i < a->n; i++) pending |= a->pend[i] != JOB_KEEP;
    if (!pending && (!a->playing || held(a)) && !a->step_once) return;
    AppJob *j = a->spare ? a->spare : calloc(1, sizeof *j);
    if (!j) {
        app_core_msg(a, "out of memory");
        return;
    }
    a->spare = NULL;
    add_credit(a, a->owed_dt);
    a->owed_dt = 0;
    a->clock = clock;
    job_fill(a, j, budget_ms, clock);
    j->once = a->step_once;
    j->train = a->playing && !a->step_once && !held(a);
    a->step_once = 0;
    a->job = j;
    if (app_job_start(j) != 0) { /* no thread: do it here */
        a->job = NULL;
        a->spare = j;
        if (job_inline(a, j)) a->gen++;
        app_core_texts(a);
    }
}

int app_core_tick(AppCore *a, double dt, double budget_ms, double (*clock)(void))
{
    int changed = 0;
    if (!(dt >= 0)) dt = 0;
    measure_rate(a, dt); /* (the frame's whole time: a slow frame is slow play) */
    if (dt > 0.25) dt = 0.25;
    if (a->threaded) {
        if (a->job) {
            /* a burst due to end within its budget is waited for (frames stay short:
             * the budget is what drawing leaves of one); a longer job, or one that
             * overruns, is not: the frame shows the last picture and the job goes on */
            AppJob *jb = a->job;
            double left = clock ? jb->started_ms + jb->budget_ms - clock() : 0;
            if (jb->train && jb->nbuild == 0 && left > 0) app_job_wait(jb, fmin(left, 25));
            if (!app_job_finished(a->job)) {
                if (a->playing && !held(a)) a->owed_dt += dt;
                return 0;
            }
            AppJob *j = a->job;
            app_job_finish(j);
            a->job = NULL;
            a->spare = j;
            changed = job_adopt(a, j);
        }
    }
    if (a->sweep && !a->intro && !a->help) { /* not behind the title card or the help */
        /* the error signal walks back from T-1 to 0 at 3 timesteps a second, at most
         * 8 seconds in all: slow enough to follow each multiplication by a Jacobian */
        int T = app_core_max_T(a);
        a->sweep_acc += dt * fmax(3.0, T / 8.0);
        while (a->sweep_acc >= 1 && a->view.cursor > 0) {
            a->view.cursor--;
            a->sweep_acc -= 1;
            changed = 1;
        }
        if (a->view.cursor <= 0) a->sweep = 0;
    }
    if (a->playing && held(a)) {
        /* behind the title card: the play starts when it goes */
    } else if (a->playing && a->threaded) {
        a->owed_dt += dt; /* app_core_kick trains */
    } else if (a->playing) {
        add_credit(a, dt);
        AppJob *j = a->spare;
        job_fill(a, j, budget_ms, clock);
        changed |= job_inline(a, j);
    }
    if (changed) {
        a->gen++;
        app_core_texts(a);
    }
    return changed;
}

/* What the engine is busy with, for the window. */
void app_core_progress(const AppCore *a, double now_ms, char *buf, size_t n)
{
    buf[0] = 0;
    const AppJob *j = a->job;
    char what[64] = "";
    if (a->has_lesson) snprintf(what, sizeof what, "step %d", a->step + 1);
    else snprintf(what, sizeof what, "the runs");
    int building = j ? atomic_load(&((AppJob *)j)->building) : 0;
    double secs = j && a->clock ? (now_ms - j->started_ms) / 1000 : 0;
    if (building > 0) {
        snprintf(buf, n, "preparing %s: building run %d of %d (%.0f s)", what, building, j->nbuild,
                 secs);
        return;
    }
    int pending = 0;
    for (int i = 0; i < a->n; i++) pending |= a->pend[i] != JOB_KEEP;
    if (pending) {
        snprintf(buf, n, "preparing %s: building the runs", what);
        return;
    }
    long k = j ? atomic_load(&((AppJob *)j)->round) : app_core_max_step(a);
    if (a->playing && a->target > 0 && pace(a) == 0) {
        snprintf(buf, n, "preparing %s: %ld of %ld training steps", what, k, a->target);
        if (secs >= 2)
            snprintf(buf + strlen(buf), n - strlen(buf), " (step %ld under way for %.0f s)", k + 1,
                     secs);
        return;
    }
    if (j && secs >= 1)
        snprintf(buf, n, "training step %ld: %.0f s so far (one step of these runs is slow)", k + 1, secs);
}

/* ---- actions ---- */

static void reset_all(AppCore *a)
{
    for (int i = 0; i < a->n; i++) {
        if (a->threaded && a->pend[i] == JOB_KEEP) /* (a run to build starts at its seed) */
            a->pend[i] = a->live[i] ? JOB_RESET : JOB_BUILD;
        else if (!a->threaded) run_reset(&a->run[i]);
    }
    rewind_runs(a);
    if (a->has_lesson) { /* replay the step's training */
        a->target = a->lesson.steps[a->step].train;
        a->playing = a->target > 0;
    }
}

/* Threaded: the runs are the caller's (after waiting briefly for the job under way to
 * stop after its engine call), 1; else, when let_go, the job is abandoned with its
 * runs (they are built again from their settings, from their seed), 1; otherwise a
 * message says why the action waits, 0. */
static int own_runs(AppCore *a, int let_go)
{
    if (!a->job || app_core_settle(a, 30)) return 1;
    if (!let_go) {
        double secs = a->clock ? (a->clock() - a->job->started_ms) / 1000 : 0;
        app_core_msg(a, "%s (%.0f s so far): this waits for it; R, PageDown and Q do not",
                     a->job->nbuild ? "the runs are being built" : "a training step is under way",
                     secs);
        return 0;
    }
    Run *block = calloc(APP_MAX_RUNS, sizeof *block);
    if (!block) {
        app_core_msg(a, "out of memory");
        return 0;
    }
    app_job_abandon(a->job);
    a->job = NULL;
    a->run = block;
    for (int i = 0; i < a->n; i++) {
        a->live[i] = 0;
        a->pend[i] = JOB_BUILD;
        a->rp[i] = &a->run[i];
        a->cost[i] = 0;
    }
    a->next = 0;
    a->credit = 0;
    a->shown_step = 0;
    return 1;
}

static void speed_msg(AppCore *a)
{
    if (lesson_paced(a)) { /* the speed keys set free play's speed, not a lesson's pace */
        app_core_msg(a, "this step plays at its lesson's pace, %.3g steps a second (End: the rest "
                        "at once; the speed keys are for free play)", pace(a));
        return;
    }
    double s = app_speeds[a->speed];
    if (s > 0) app_core_msg(a, "speed: %g step%s per second (M: as fast as it goes)", s, s == 1 ? "" : "s");
    else app_core_msg(a, "speed: as fast as the window allows (M: back to %g a second)",
                      app_speeds[a->speed_back != a->speed ? a->speed_back : a->speed - 1]);
}

int app_core_tips(const AppCore *a)
{
    return a->tips < 0 ? !a->presenter : a->tips;
}

/* One handler per action (see AppAction; arg for the run and menu actions). */
typedef void ActFn(AppCore *a, AppAction act, int arg);

/* ---- training and the backward cursor ---- */

static void act_play(AppCore *a, AppAction act, int arg)
{
    (void)act, (void)arg;
    if (a->playing) {
        a->playing = 0;
        if (a->job) atomic_store(&a->job->stop, 1);
        return;
    }
    int alive = a->job != NULL; /* (then the job knows) */
    for (int i = 0; i < a->n && !a->job; i++) alive += !a->live[i] || !a->run[i].diverged_at;
    if (!alive) {
        app_core_msg(a, "every run has diverged: press R to start again");
        return;
    }
    a->playing = 1;
    a->sweep = 0;
    a->view.cursor = -1;
}

static void act_step(AppCore *a, AppAction act, int arg)
{
    (void)act, (void)arg;
    if (!own_runs(a, 0)) return;
    a->playing = 0;
    a->target = 0;
    a->sweep = 0;
    if (a->threaded) a->step_once = 1; /* app_core_kick */
    else app_core_train(a, 1);
}

static void act_backward(AppCore *a, AppAction act, int arg)
{
    (void)act, (void)arg;
    if (a->playing && lesson_paced(a) && !held(a)) {
        /* a class watching a step learn keeps watching: B (a clicker's "blank" button
         * sends it) does not stop the play that only Space or R could restart */
        app_core_msg(a, "B walks the backward pass once the step has played (Space pauses it)");
        return;
    }
    a->playing = 0;
    a->sweep = 0;
    int T = app_core_max_T(a);
    if (app_core_max_step(a) == 0) app_core_msg(a, "no backward pass yet: train a step first (N)");
    if (a->view.cursor < 0) a->view.cursor = T - 1;
    else if (a->view.cursor == 0) a->view.cursor = -1;
    else a->view.cursor--;
}

static void act_end(AppCore *a, AppAction act, int arg)
{
    (void)act, (void)arg;
    if (a->target > 0 && a->playing) {
        a->rush = 1;
        a->loss_hold.valid = 0; /* (the step's end drawn as its export draws it) */
        app_core_msg(a, "training the rest of the step at once");
    } else {
        app_core_msg(a, "End: nothing left to train in this step (R replays it)");
    }
}

static void act_reset(AppCore *a, AppAction act, int arg)
{
    (void)act, (void)arg;
    own_runs(a, 1);
    reset_all(a);
    app_core_msg(a, "reset to seed %llu: the same numbers again",
                 (unsigned long long)(a->n ? a->cfg[0].seed : 0));
}

static void act_new_seed(AppCore *a, AppAction act, int arg)
{
    (void)act, (void)arg;
    Error err;
    own_runs(a, 1);
    for (int i = 0; i < a->n; i++) {
        Config c = a->cfg[i];
        c.seed++;
        /* a name that mentions a seed ("tanh seed 1") would now be wrong: the
         * label is rebuilt from the settings instead */
        if (strstr(c.label, "seed")) c.label[0] = 0;
        if (build_run(a, i, &c, &err)) {
            app_core_msg(a, "%s", err.msg);
            break;
        }
    }
    relabel(a);
    reset_all(a);
    if (a->n) app_core_msg(a, "new seed %llu", (unsigned long long)a->cfg[0].seed);
}

/* ---- the pace ---- */

static void act_faster_slower(AppCore *a, AppAction act, int arg)
{
    (void)arg;
    int s = a->speed + (act == ACT_FASTER ? 1 : -1);
    a->speed = s < 0 ? 0 : s >= app_nspeeds ? app_nspeeds - 1 : s;
    a->credit = 0;
    speed_msg(a);
}

static void act_max_speed(AppCore *a, AppAction act, int arg)
{
    (void)act, (void)arg;
    int fastest = app_nspeeds - 1;
    if (a->speed == fastest) {
        a->speed = a->speed_back != fastest ? a->speed_back : fastest - 1;
    } else {
        a->speed_back = a->speed;
        a->speed = fastest;
    }
    a->credit = 0;
    speed_msg(a);
}

/* ---- the lesson menu and the lesson's steps ---- */

static void act_menu(AppCore *a, AppAction act, int arg)
{
    (void)act, (void)arg;
    a->menu = !a->menu && a->menu_n > 0;
    if (a->menu) {
        int m = app_core_menu_current(a);
        a->menu_sel = m >= 0 ? m : 0;
        a->help = 0;
    }
    a->gen++;
}

static void act_menu_move(AppCore *a, AppAction act, int arg)
{
    if (!a->menu) return;
    int s = act == ACT_MENU_POINT ? arg : a->menu_sel + arg;
    a->menu_sel = s < 0 ? 0 : s >= a->menu_n ? a->menu_n - 1 : s;
    a->gen++;
}

static void act_menu_open(AppCore *a, AppAction act, int arg)
{
    (void)act;
    Error err;
    int i = arg >= 0 ? arg : a->menu_sel;
    if (!a->menu || i < 0 || i >= a->menu_n) return;
    a->menu = 0;
    a->gen++;
    Lesson l;
    own_runs(a, 1); /* a new lesson: the runs under way are not needed */
    int nb = lesson_builtin_count();
    if (i < nb ? lesson_builtin(i, &l, &err) : lesson_resolve(&l, a->menu_file, &err))
        app_core_msg(a, "%s", err.msg);
    else if (open_lesson(a, &l, 0, &err)) app_core_msg(a, "%s", err.msg);
    else app_core_msg(a, "%s", "");
}

/* Past the lesson's first or last step: a built-in lesson's last step leads to the
 * next lesson's title card, its first step back to the lesson before's last step (a
 * clicker walks them all). k: the step asked for, -1 or n_steps. */
static void leave_lesson(AppCore *a, int k)
{
    Error err;
    int b = builtin_index(&a->lesson), to = b + (k < 0 ? -1 : 1);
    if (b >= 0 && to >= 0 && to < lesson_builtin_count()) {
        own_runs(a, 1); /* a new step: the runs under way are not needed */
        if (open_builtin(a, to, k < 0, &err)) app_core_msg(a, "%s", err.msg);
        else app_core_msg(a, "%s", "");
    } else if (b >= 0) {
        app_core_msg(a, k < 0 ? "this is the first step of the first lesson"
                              : "this is the last step of the last lesson");
    } else {
        app_core_msg(a, k < 0 ? "this is the first step" : "this is the last step of the lesson");
    }
}

static void act_next_prev(AppCore *a, AppAction act, int arg)
{
    (void)arg;
    Error err;
    if (!a->has_lesson) {
        app_core_msg(a, "free play has no lesson steps (rnnscope --list shows the lessons)");
        return;
    }
    /* a narration longer than its box: PageDown turns its pages first */
    int pg = a->view.caption_page + (act == ACT_NEXT ? 1 : -1);
    if (pg >= 0 && pg < a->caption_pages) {
        a->view.caption_page = pg;
        a->gen++;
        return;
    }
    int k = a->step + (act == ACT_NEXT ? 1 : -1);
    if (k < 0 || k >= a->lesson.n_steps) {
        leave_lesson(a, k);
        return;
    }
    own_runs(a, 1);
    if (app_core_enter(a, k, &err)) app_core_msg(a, "%s", err.msg);
    else if (a->msg[0]) app_core_msg(a, "%s", ""); /* an old message is about the old step */
}

static void act_dismiss(AppCore *a, AppAction act, int arg)
{
    (void)act, (void)arg;
    a->intro = 0;
}

/* ---- what the window shows ---- */

static void act_tips(AppCore *a, AppAction act, int arg)
{
    (void)act, (void)arg;
    a->tips = !app_core_tips(a);
    app_core_msg(a, "values under the pointer: %s (I)", a->tips ? "on" : "off");
}

static void act_theme(AppCore *a, AppAction act, int arg)
{
    (void)act, (void)arg;
    a->view.theme = a->view.theme == PLOT_THEME_DARK ? PLOT_THEME_LIGHT : PLOT_THEME_DARK;
}

static void act_help(AppCore *a, AppAction act, int arg)
{
    (void)act, (void)arg;
    a->help = !a->help;
}

static void act_sidebar(AppCore *a, AppAction act, int arg)
{
    (void)act, (void)arg;
    a->sidebar = !a->sidebar;
}

static void act_presenter(AppCore *a, AppAction act, int arg)
{
    (void)act, (void)arg;
    a->presenter = !a->presenter;
    /* the settings panel steps aside for the class (S still shows it), and comes
     * back as it was */
    if (a->presenter) a->sidebar_back = a->sidebar, a->sidebar = 0;
    else a->sidebar = a->sidebar_back;
    app_core_msg(a, "presenter mode %s",
                 a->presenter ? "on: larger text, settings hidden (S shows them)" : "off");
}

static void act_grad_mode(AppCore *a, AppAction act, int arg)
{
    (void)act, (void)arg;
    a->view.grad_mode = (GradMode)(((int)a->view.grad_mode + 1) % 3);
    static const char *const what[3] = {
        "gradient panel: \xE2\x80\x96\xE2\x88\x82L/\xE2\x88\x82h(t)\xE2\x80\x96",
        "gradient panel: Jacobian product \xE2\x80\x96\xE2\x88\x82h(T\xE2\x88\x92" "1)/"
        "\xE2\x88\x82h(t)\xE2\x80\x96",
        "gradient panel: each timestep's contribution to \xE2\x88\x82L/\xE2\x88\x82W_hh"};
    /* attention has no recurrence: no Jacobian chain, no W_hh */
    int jac = 1, att = 0, rnn = 0;
    for (int i = 0; i < a->n; i++) {
        int is_att = a->cfg[i].cell == CELL_ATTENTION;
        att += is_att, rnn += !is_att;
        if (!is_att && app_core_ready(a))
            jac &= a->run[i].step == 0 || a->run[i].diag.jacobians;
    }
    int recur = a->view.grad_mode != GRAD_MODE_NORM;
    if (recur && att && !rnn)
        app_core_msg(a, "%s: does not apply to attention, which has no recurrence",
                     what[a->view.grad_mode]);
    else if (a->view.grad_mode == GRAD_MODE_JACOBIAN && !jac && !a->playing)
        app_core_msg(a, "%s (computed from the next step on: press N)%s", what[1],
                     att ? "; not for attention runs" : "");
    else app_core_msg(a, "%s%s", what[a->view.grad_mode],
                      recur && att ? " (not for attention runs)" : "");
}

/* ---- the runs ---- */

static void act_toggle_run(AppCore *a, AppAction act, int arg)
{
    (void)act;
    if (arg < 0 || arg >= a->n) {
        app_core_msg(a, "there is no run %d (runs: 1..%d)", arg + 1, a->n);
        return;
    }
    a->view.visible[arg] = !a->view.visible[arg];
}

static void act_select(AppCore *a, AppAction act, int arg)
{
    (void)act;
    if (arg >= -1 && arg < a->n) a->sel = arg;
    if (arg >= 0 && arg < a->n) a->view.featured = arg; /* the strip shows it too */
}

static void act_feature(AppCore *a, AppAction act, int arg)
{
    (void)act;
    if (!own_runs(a, 0)) return;
    int f = arg;
    if (f < 0) { /* the next visible run after the one shown now */
        int now = plot_featured_run(a->rp, a->n, &a->view);
        for (int k = 1; k <= a->n && f < 0; k++) {
            int i = (now + k) % a->n;
            if (a->view.visible[i]) f = i;
        }
    }
    if (f >= 0 && f < a->n) {
        a->view.featured = f;
        app_core_msg(a, "the sentence and the heatmap show %s", a->run[f].label);
    }
}

/* The lowest colour slot none of the runs before the last has (a run added in a
 * lesson's step, whose runs wear the lesson's slots). */
static int free_slot(const AppCore *a)
{
    unsigned used = 0;
    for (int i = 0; i + 1 < a->n; i++) used |= 1u << plot_run_slot(&a->view, i);
    int k = 0;
    while (k < PLOT_MAX_RUNS - 1 && (used >> k & 1u)) k++;
    return k;
}

static void act_add_run(AppCore *a, AppAction act, int arg)
{
    (void)act, (void)arg;
    Error err;
    if (!own_runs(a, 0)) return;
    if (a->n >= APP_MAX_RUNS) {
        app_core_msg(a, "at most %d runs side by side", APP_MAX_RUNS);
        return;
    }
    int src = a->sel >= 0 ? a->sel : a->n - 1;
    Config c = a->cfg[src];
    c.label[0] = 0;
    if (build_run(a, a->n, &c, &err)) {
        app_core_msg(a, "%s", err.msg);
        return;
    }
    a->live[a->n] = !a->threaded;
    a->n++;
    a->view.visible[a->n - 1] = 1;
    a->view.color_of[a->n - 1] = (unsigned char)(free_slot(a) + 1);
    a->sel = a->n - 1;
    relabel(a);
    a->next = 0;
    app_core_msg(a, "run %d: a copy of run %d from its seed", a->n, src + 1);
}

static void act_remove_run(AppCore *a, AppAction act, int arg)
{
    (void)act, (void)arg;
    if (a->n <= 1) {
        app_core_msg(a, "the last run cannot be removed");
        return;
    }
    if (!own_runs(a, 0)) return;
    int k = a->sel >= 0 ? a->sel : a->n - 1;
    if (a->live[k]) run_free(&a->run[k]);
    for (int i = k; i + 1 < a->n; i++) {
        a->run[i] = a->run[i + 1];
        a->rp[i] = &a->run[i];
        a->cost[i] = a->cost[i + 1];
        a->cfg[i] = a->cfg[i + 1], a->live[i] = a->live[i + 1], a->norms[i] = a->norms[i + 1];
        a->pend[i] = a->pend[i + 1];
        a->view.visible[i] = a->view.visible[i + 1];
        a->view.color_of[i] = a->view.color_of[i + 1];
    }
    a->live[a->n - 1] = 0;
    a->pend[a->n - 1] = JOB_KEEP;
    a->n--;
    a->view.visible[a->n] = 1;
    a->view.color_of[a->n] = 0;
    a->sel = -1;
    a->next = 0;
}

/* Every action: its name on the state line and its handler, one row each. */
static const struct {
    const char *name;
    ActFn *fn;
} actions[] = {
    [ACT_PLAY] = {"play", act_play},
    [ACT_STEP] = {"step", act_step},
    [ACT_BACKWARD] = {"backward", act_backward},
    [ACT_RESET] = {"reset", act_reset},
    [ACT_NEW_SEED] = {"new-seed", act_new_seed},
    [ACT_FASTER] = {"faster", act_faster_slower},
    [ACT_SLOWER] = {"slower", act_faster_slower},
    [ACT_THEME] = {"theme", act_theme},
    [ACT_HELP] = {"help", act_help},
    [ACT_PRESENTER] = {"presenter", act_presenter},
    [ACT_GRAD_MODE] = {"grad-mode", act_grad_mode},
    [ACT_NEXT] = {"next", act_next_prev},
    [ACT_PREV] = {"prev", act_next_prev},
    [ACT_TOGGLE_RUN] = {"toggle-run", act_toggle_run},
    [ACT_SELECT] = {"select", act_select},
    [ACT_SIDEBAR] = {"sidebar", act_sidebar},
    [ACT_ADD_RUN] = {"add-run", act_add_run},
    [ACT_REMOVE_RUN] = {"remove-run", act_remove_run},
    [ACT_DISMISS] = {"dismiss", act_dismiss},
    [ACT_FEATURE] = {"feature", act_feature},
    [ACT_END] = {"end", act_end},
    [ACT_MAX_SPEED] = {"max-speed", act_max_speed},
    [ACT_TIPS] = {"tips", act_tips},
    [ACT_MENU] = {"menu", act_menu},
    [ACT_MENU_MOVE] = {"menu-move", act_menu_move},
    [ACT_MENU_POINT] = {"menu-point", act_menu_move},
    [ACT_MENU_OPEN] = {"menu-open", act_menu_open},
};
#define N_ACTIONS ((int)(sizeof actions / sizeof actions[0]))

void app_core_act(AppCore *a, AppAction act, int arg)
{
    int known = (int)act >= 0 && (int)act < N_ACTIONS && actions[act].fn;
    if (known) actions[act].fn(a, act, arg);
    a->gen++;
    app_core_texts(a);
    if (a->debug) {
        app_core_debug_settle(a);
        char line[1024];
        app_core_state_line(a, line, sizeof line);
        printf("state action=%s %s\n", known ? actions[act].name : "?", line);
        fflush(stdout);
    }
}

/* ---- settings ---- */

static int targets(const AppCore *a, int i)
{
    return a->sel < 0 || a->sel == i;
}

int app_core_set(AppCore *a, const char *key, const char *value, Error *err)
{
    Config next[APP_MAX_RUNS];
    int change[APP_MAX_RUNS] = {0};
    for (int i = 0; i < a->n; i++) {
        if (!targets(a, i)) continue;
        next[i] = a->cfg[i];
        char before[96], after[96];
        config_get(&next[i], key, before, sizeof before);
        Error e2;
        if (config_set(&next[i], key, value, &e2) || config_check(&next[i], &e2))
            return error_set(err, "run %d: %s", i + 1, e2.msg);
        config_get(&next[i], key, after, sizeof after);
        change[i] = strcmp(before, after) != 0;
    }
    int any = 0;
    for (int i = 0; i < a->n; i++) any |= change[i];
    if (any && !own_runs(a, 1)) return error_set(err, "%s", a->msg);
    any = 0;
    for (int i = 0; i < a->n; i++) {
        if (!change[i]) continue;
        next[i].label[0] = 0; /* the label says what the run now is */
        if (build_run(a, i, &next[i], err)) {
            relabel(a);
            return -1;
        }
        any = 1;
    }
    if (any) relabel(a);
    /* in a lesson every run replays the step's training, so "does it still learn in
     * 300 steps?" is answered side by side, at the step the narration talks about */
    if (any && a->has_lesson) reset_all(a);
    a->next = 0;
    a->gen++;
    app_core_texts(a);
    return 0;
}

static double setting_number(const Config *c, const char *key)
{
    char buf[96];
    if (config_get(c, key, buf, sizeof buf)) return NAN;
    return strtod(buf, NULL);
}

static int first_target(const AppCore *a)
{
    return a->sel >= 0 && a->sel < a->n ? a->sel : 0;
}

int app_core_value(const AppCore *a, int s, char *buf, size_t n, int *mixed)
{
    const AppSetting *st = app_setting(s);
    char v0[96] = "", v[96];
    *mixed = 0;
    int first = 1;
    for (int i = 0; i < a->n; i++) {
        if (!targets(a, i)) continue;
        config_get(&a->cfg[i], st->key, v, sizeof v);
        if (first) memcpy(v0, v, sizeof v0);
        else if (strcmp(v, v0) != 0) *mixed = 1;
        first = 0;
    }
    if (st->nchoice) {
        for (int c = 0; c < st->nchoice; c++)
            if (strcmp(v0, st->choice[c]) == 0) {
                snprintf(buf, n, "%s", st->choice_label[c]);
                return c;
            }
        snprintf(buf, n, "%s", v0);
        return -1;
    }
    snprintf(buf, n, "%g", setting_number(&a->cfg[first_target(a)], st->key));
    return -1;
}

int app_core_enabled(const AppCore *a, int s)
{
    const char *key = app_setting(s)->key;
    for (int i = 0; i < a->n; i++) {
        if (!targets(a, i)) continue;
        const Config *c = &a->cfg[i];
        if (!config_cell_reads(c->cell, key)) continue; /* cell_list.h */
        if (strcmp(key, "clip_threshold") == 0 && c->clip == CLIP_NONE) continue;
        return 1;
    }
    return 0;
}

int app_core_choose(AppCore *a, int s, int c, Error *err)
{
    const AppSetting *st = app_setting(s);
    if (c < 0 || c >= st->nchoice) return error_set(err, "%s: no choice %d", st->key, c);
    return app_core_set(a, st->key, st->choice[c], err);
}

int app_core_nudge(AppCore *a, int s, int dir, Error *err)
{
    const AppSetting *st = app_setting(s);
    if (st->nchoice) {
        int mixed;
        char buf[96];
        int c = app_core_value(a, s, buf, sizeof buf, &mixed);
        c = c < 0 ? 0 : (c + dir + st->nchoice) % st->nchoice;
        return app_core_choose(a, s, c, err);
    }
    double v = setting_number(&a->cfg[first_target(a)], st->key);
    /* next rung strictly above (or below) the current value */
    int k = -1;
    if (dir > 0) {
        for (int i = 0; i < st->nladder && k < 0; i++)
            if (st->ladder[i] > v * (1 + 1e-9)) k = i;
    } else {
        for (int i = st->nladder - 1; i >= 0 && k < 0; i--)
            if (st->ladder[i] < v * (1 - 1e-9)) k = i;
    }
    if (k < 0) return error_set(err, "%s: %g is the %s value offered here", st->label, v,
                                dir > 0 ? "largest" : "smallest");
    char buf[64];
    snprintf(buf, sizeof buf, "%.17g", st->ladder[k]);
    return app_core_set(a, st->key, buf, err);
}

/* ---- state line (tests and --debug) ---- */

void app_core_state_line(const AppCore *a, char *buf, size_t n)
{
    size_t o = 0;
#define ADD(...)                                                              \
    do {                                                                      \
        if (o < n) {                                                          \
            int w_ = snprintf(buf + o, n - o, __VA_ARGS__);                   \
            o += w_ > 0 ? (size_t)w_ : 0;                                     \
        }                                                                     \
    } while (0)
    ADD("lesson_step=%d/%d intro=%d playing=%d cursor=%d grad_mode=%d theme=%d help=%d runs=%d "
        "visible=", a->has_lesson ? a->step + 1 : 0, a->has_lesson ? a->lesson.n_steps : 0,
        a->intro, a->playing, a->view.cursor, (int)a->view.grad_mode, (int)a->view.theme, a->help,
        a->n);
    for (int i = 0; i < a->n; i++) ADD("%s%d", i ? "," : "", a->view.visible[i]);
    if (app_core_ready(a)) {
        ADD(" step=");
        for (int i = 0; i < a->n; i++) ADD("%s%ld", i ? "," : "", a->run[i].step);
        ADD(" loss=");
        for (int i = 0; i < a->n; i++) ADD("%s%.17g", i ? "," : "", a->run[i].diag.loss);
    } else { /* a job holds the runs, or they are still to be built */
        ADD(" busy=1");
    }
    ADD(" speed=%g tips=%d", app_speeds[a->speed], app_core_tips(a));
    ADD(" lesson=%d menu=%d,%d presenter=%d sidebar=%d page=%d/%d sweep=%d",
        app_core_menu_current(a) + 1, a->menu, a->menu_sel + 1, a->presenter, a->sidebar,
        a->view.caption_page + 1, a->caption_pages, a->sweep);
#undef ADD
}
