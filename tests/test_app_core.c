/* test_app_core.c - the window's state machine without a display (src/app/app_core.c).
 * The reference for every number is a Run built and trained directly with
 * run_init/run_step, independently of the app code: the window must show exactly
 * those numbers after reset, after a settings change, after a lesson step's training,
 * however the steps were spread over frames. Worst differences are printed (they
 * must be exactly 0: same seed => same bytes). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app_core.h"
#include "app_front.h"
#include "app_job.h"
#include "dlist.h"
#include "eigen.h"
#include "lesson_run.h"
#include "app_cmd.h"
#include "testutil.h"

static double worst; /* largest difference seen by same_run */

/* Max |difference| over loss, the gradient norms and every per-timestep diagnostic
 * of the latest step (NaN == NaN counts as equal). */
static double run_diff(const Run *a, const Run *b)
{
    double d = 0;
#define CMP(x, y)                                                         \
    do {                                                                  \
        double x_ = (x), y_ = (y);                                        \
        if (!(isnan(x_) && isnan(y_))) {                                  \
            double e_ = x_ == y_ ? 0 : fabs(x_ - y_);                     \
            if (isnan(e_)) e_ = INFINITY;                                 \
            if (e_ > d) d = e_;                                           \
        }                                                                 \
    } while (0)
    if (a->step != b->step || a->diag.T != b->diag.T) return INFINITY;
    CMP(a->diag.loss, b->diag.loss);
    CMP(a->diag.grad_norm, b->diag.grad_norm);
    CMP(a->diag.sigma_max, b->diag.sigma_max);
    for (int t = 0; t < a->diag.T; t++) {
        CMP(a->diag.grad_h[t], b->diag.grad_h[t]);
        CMP(a->diag.whh_contrib[t], b->diag.whh_contrib[t]);
    }
    for (size_t i = 0; i < (size_t)a->model.n_params; i++) CMP(a->model.params[i], b->model.params[i]);
#undef CMP
    return d;
}

static int same_run(const Run *app, const Config *cfg, long steps, const char *what)
{
    Run ref;
    Error err;
    if (run_init(&ref, cfg, linalg_eigenvalues, &err)) {
        printf("reference run: %s\n", err.msg);
        return 0;
    }
    for (long k = 0; k < steps; k++) run_step(&ref);
    double d = run_diff(app, &ref);
    printf("  %-52s worst difference %g\n", what, d);
    if (d > worst) worst = d;
    run_free(&ref);
    return d == 0;
}

static void options(Options *o, int n, const char *const *runs)
{
    Error err;
    char *argv[24];
    int argc = 0;
    static char bufs[24][256];
    argv[argc++] = "rnnscope";
    for (int i = 0; i < n; i++) {
        argv[argc++] = "--run";
        snprintf(bufs[i], sizeof bufs[i], "%s", runs[i]);
        argv[argc++] = bufs[i];
    }
    if (cli_parse(o, argc, argv, &err)) printf("cli_parse: %s\n", err.msg);
}

static double fake_now;
static double fake_clock(void)
{
    fake_now += 0.5; /* every clock reading costs half a millisecond */
    return fake_now;
}

static void test_free_play(void)
{
    static const char *const runs[2] = {
        "task=kerala,seq_len=12,hidden=8,batch=4,cell=rnn,activation=tanh",
        "task=kerala,seq_len=12,hidden=8,batch=4,cell=lstm",
    };
    Options o;
    options(&o, 2, runs);
    AppCore a;
    Error err;
    CHECK(app_core_init(&a, tu_spec(&o), &err) == 0, "init: %s", err.msg);
    CHECK(a.n == 2 && !a.has_lesson && !a.playing, "free play starts paused with 2 runs");
    Config c0, c1;
    cli_run_config(&o, 0, &c0, &err);
    cli_run_config(&o, 1, &c1, &err);

    /* N three times, then the same after R: both equal a direct run of 3 steps */
    for (int k = 0; k < 3; k++) app_core_act(&a, ACT_STEP, 0);
    CHECK(same_run(&a.run[0], &c0, 3, "3 steps (N N N), run 1"), "run 1 after 3 steps");
    CHECK(same_run(&a.run[1], &c1, 3, "3 steps (N N N), run 2"), "run 2 after 3 steps");
    app_core_act(&a, ACT_RESET, 0);
    CHECK(a.run[0].step == 0 && a.run[1].step == 0, "R goes back to step 0");
    for (int k = 0; k < 3; k++) app_core_act(&a, ACT_STEP, 0);
    CHECK(same_run(&a.run[0], &c0, 3, "R then 3 steps, run 1 (exact replay)"), "replay run 1");
    CHECK(same_run(&a.run[1], &c1, 3, "R then 3 steps, run 2 (exact replay)"), "replay run 2");

    /* playing with a time budget: steps spread over ticks, runs in lockstep */
    app_core_act(&a, ACT_RESET, 0);
    app_core_act(&a, ACT_PLAY, 0);
    CHECK(a.playing, "space plays");
    int ticks = 0;
    while (a.run[0].step < 7 && ticks < 1000) {
        app_core_tick(&a, 1.0 / 60, 1.0, fake_clock); /* budget: one step per tick */
        long d = a.run[0].step - a.run[1].step;
        CHECK(d == 0 || d == 1, "lockstep: steps %ld and %ld", a.run[0].step, a.run[1].step);
        ticks++;
    }
    app_core_act(&a, ACT_PLAY, 0);
    long s0 = a.run[0].step, s1 = a.run[1].step;
    for (int k = 0; k < 10; k++) app_core_tick(&a, 1.0 / 60, 1.0, fake_clock);
    CHECK(a.run[0].step == s0 && a.run[1].step == s1, "paused: 10 ticks train nothing");
    CHECK(same_run(&a.run[0], &c0, s0, "played over many ticks, run 1"), "played run 1");
    CHECK(same_run(&a.run[1], &c1, s1, "played over many ticks, run 2"), "played run 2");
    CHECK(ticks >= 7, "1 ms budget: about one step per tick (%d ticks for 7 steps)", ticks);

    /* paced: 10 steps/s for 1 s of 0.1 s ticks -> 10 rounds */
    app_core_act(&a, ACT_RESET, 0);
    a.speed = 3; /* app_speeds[3] == 10 */
    CHECK(app_speeds[a.speed] == 10, "speed table");
    app_core_act(&a, ACT_PLAY, 0);
    for (int k = 0; k < 10; k++) app_core_tick(&a, 0.1, 1e9, fake_clock);
    CHECK(a.run[0].step == 10 && a.run[1].step == 10, "10 steps/s for 1 s: %ld, %ld steps",
          a.run[0].step, a.run[1].step);
    app_core_act(&a, ACT_PLAY, 0);

    /* a setting change restarts only the affected run, from its seed */
    app_core_act(&a, ACT_SELECT, 1);
    long before0 = a.run[0].step;
    CHECK(app_core_set(&a, "lr", "0.1", &err) == 0, "set lr: %s", err.msg);
    CHECK(a.run[1].step == 0 && a.run[0].step == before0, "only run 2 restarted");
    Config c1b = c1;
    c1b.lr = 0.1;
    app_core_act(&a, ACT_STEP, 0);
    app_core_act(&a, ACT_STEP, 0);
    CHECK(same_run(&a.run[1], &c1b, 2, "run 2 with lr=0.1, 2 steps after the change"), "lr change");
    /* a rejected value changes nothing and says why */
    CHECK(app_core_set(&a, "seq_len", "1", &err) == -1 && strstr(err.msg, "seq_len"),
          "seq_len=1 rejected: %s", err.msg);
    CHECK(a.run[1].step == 2, "rejected setting left the run alone");
    /* ladders: lr 0.1 -> 0.3 -> 0.1 */
    int lr_s = -1;
    for (int s = 0; s < app_settings_count(); s++)
        if (!strcmp(app_setting(s)->key, "lr")) lr_s = s;
    CHECK(app_core_nudge(&a, lr_s, +1, &err) == 0 && a.run[1].cfg.lr == 0.3, "lr up: %g",
          a.run[1].cfg.lr);
    CHECK(app_core_nudge(&a, lr_s, -1, &err) == 0 && a.run[1].cfg.lr == 0.1, "lr down: %g",
          a.run[1].cfg.lr);
    /* all runs: cell -> gru */
    app_core_act(&a, ACT_SELECT, -1);
    CHECK(app_core_choose(&a, 0, 2, &err) == 0 && a.run[0].cfg.cell == CELL_GRU &&
              a.run[1].cfg.cell == CELL_GRU,
          "cell=gru on all runs");
    CHECK(strcmp(a.run[0].label, a.run[1].label) != 0, "labels stay distinct: '%s' '%s'",
          a.run[0].label, a.run[1].label);
    /* the settings a GRU does not read are greyed, as config_cell_reads says (the
     * engine test checks that against training) */
    for (int s = 0; s < app_settings_count(); s++) {
        const char *key = app_setting(s)->key;
        int want = config_cell_reads(CELL_GRU, key) &&
                   (strcmp(key, "clip_threshold") || a.run[0].cfg.clip != CLIP_NONE);
        CHECK(app_core_enabled(&a, s) == want, "GRU runs: %s %s", key,
              want ? "greyed, though read" : "offered, though not read");
        if (!strcmp(key, "activation") || !strcmp(key, "forget_bias"))
            CHECK(!app_core_enabled(&a, s), "GRU runs: %s offered", key);
    }

    /* backward cursor: T-1, T-2, ..., 0, then off */
    app_core_act(&a, ACT_STEP, 0);
    int T = app_core_max_T(&a), ok = 1;
    for (int k = T - 1; k >= 0; k--) {
        app_core_act(&a, ACT_BACKWARD, 0);
        ok &= a.view.cursor == k;
    }
    app_core_act(&a, ACT_BACKWARD, 0);
    CHECK(ok && a.view.cursor == -1, "B walks t = T-1 .. 0, then off (T = %d)", T);

    /* show/hide, add/remove */
    app_core_act(&a, ACT_TOGGLE_RUN, 1);
    CHECK(a.view.visible[1] == 0 && a.view.visible[0] == 1, "2 hides run 2");
    app_core_act(&a, ACT_TOGGLE_RUN, 1);
    CHECK(a.view.visible[1] == 1, "2 shows it again");
    app_core_act(&a, ACT_TOGGLE_RUN, 5);
    CHECK(strstr(a.msg, "no run 6") != NULL, "key 6 with 2 runs: '%s'", a.msg);
    app_core_act(&a, ACT_ADD_RUN, 0);
    CHECK(a.n == 3 && a.run[2].step == 0 && a.run[2].cfg.cell == CELL_GRU, "add run");
    app_core_act(&a, ACT_REMOVE_RUN, 0);
    CHECK(a.n == 2, "remove run");
    app_core_act(&a, ACT_NEXT, 0);
    CHECK(strstr(a.msg, "free play") != NULL, "PageDown in free play explains: '%s'", a.msg);
    app_core_free(&a);
}

static void test_diverged(void)
{
    static const char *const runs[2] = {
        "task=clouds,seq_len=20,hidden=16,batch=16,activation=relu,optimizer=sgd,lr=0.1,clip=none,init_scale=4,seed=6",
        "task=clouds,seq_len=20,hidden=16,batch=16,activation=relu,optimizer=sgd,lr=0.1,clip=none,init_scale=1",
    };
    Options o;
    options(&o, 2, runs);
    AppCore a;
    Error err;
    CHECK(app_core_init(&a, tu_spec(&o), &err) == 0, "init: %s", err.msg);
    app_core_act(&a, ACT_PLAY, 0);
    for (int k = 0; k < 400 && a.run[1].step < 60; k++) app_core_tick(&a, 1.0 / 60, 1.0, fake_clock);
    CHECK(a.run[0].diverged_at > 0, "relu with init scale 4, seed 6 diverges (lesson 3, try this)");
    CHECK(a.run[1].step == 60 && !a.run[1].diverged_at, "the other run goes on: step %ld",
          a.run[1].step);
    CHECK(a.run[0].step == a.run[0].diverged_at - 1, "the diverged run stays at step %ld",
          a.run[0].step);
    printf("  diverged at step %ld: '%s'\n", a.run[0].diverged_at, a.msg);
    CHECK(strstr(a.msg, "diverged at step") != NULL, "free play says a run diverged: '%s'", a.msg);
    app_core_free(&a);

    /* a lesson step that checks the divergence tells it in its narration and panels: no
     * message over the title bar's run legend (lesson 3 step 3) */
    char *argv[] = {"rnnscope", "3", "--step", "3", NULL};
    Error e2;
    CHECK(cli_parse(&o, 4, argv, &e2) == 0, "cli: %s", e2.msg);
    CHECK(app_core_init(&a, tu_spec(&o), &e2) == 0, "init: %s", e2.msg);
    if (a.intro) app_core_act(&a, ACT_DISMISS, 0);
    for (int k = 0; k < 2000 && a.playing; k++) app_core_tick(&a, 1.0 / 60, 2.0, fake_clock);
    CHECK(a.n == 2 && a.run[1].diverged_at == 1 && !strstr(a.msg, "diverged"),
          "lesson 3 step 3: scale 8 diverged at step %ld, message '%s'", a.run[1].diverged_at, a.msg);
    app_core_free(&a);
}

/* A lesson step: entering trains exactly `train` steps, to the numbers a direct
 * lesson_runs_init + run_step loop gives (what the lesson's checks see). */
/* The lesson text written to file and opened in a, as `rnnscope file` does. */
static void lesson_file_open(AppCore *a, const char *file, const char *text)
{
    FILE *f = fopen(file, "w");
    CHECK(f && fputs(text, f) >= 0 && fclose(f) == 0, "write the test lesson");
    Options o;
    char *argv[] = {"rnnscope", (char *)file, NULL};
    Error err;
    CHECK(cli_parse(&o, 2, argv, &err) == 0, "cli: %s", err.msg);
    CHECK(app_core_init(a, tu_spec(&o), &err) == 0, "init: %s", err.msg);
}

static void test_lesson(void)
{
    static const char text[] =
        "# Test lesson\n\nAn introduction.\n\n"
        "```lesson\nset: task=kerala seq_len=12 hidden=8 batch=4\n```\n\n"
        "## One\n\nFirst paragraph.\n\nSecond paragraph.\n\n"
        "```lesson\nrun: tanh activation=tanh\nrun: sigmoid activation=sigmoid\ntrain: 5\n"
        "panel: gradient grad_h sweep\n```\n\n> Try this: press B.\n\n"
        "## Two\n\nMore.\n\n```lesson\nrun: lstm cell=lstm\ntrain: 3\npanel: loss\n```\n";
    AppCore a;
    Error err;
    lesson_file_open(&a, "test_app_core_lesson.md", text);
    CHECK(a.has_lesson && a.n == 2 && a.playing && a.target == 5, "step 1 starts training to 5");
    CHECK(a.intro == 1, "the title card is up");
    app_core_act(&a, ACT_DISMISS, 0);
    CHECK(a.intro == 0, "any key takes it down");
    CHECK(a.view.highlight == PANEL_GRADIENT, "highlight gradient");
    CHECK(a.caption[0] && strstr(a.caption, "Try this: press B.") && !strstr(a.caption, "\n\n"),
          "caption: '%s'", a.caption);
    int ticks = 0;
    while (a.playing && ticks < 1000) {
        app_core_tick(&a, 1.0 / 60, 2.0, fake_clock);
        ticks++;
    }
    CHECK(a.run[0].step == 5 && a.run[1].step == 5, "stopped at train: 5 (%ld, %ld)",
          a.run[0].step, a.run[1].step);
    CHECK(a.sweep == 1 && a.view.cursor == app_core_max_T(&a) - 1, "sweep starts at T-1");
    for (int k = 0; k < 100 && a.sweep; k++) app_core_tick(&a, 0.1, 1, fake_clock);
    CHECK(a.view.cursor == 0 && !a.sweep, "sweep ends at t = 0");
    const LessonStep *st = &a.lesson.steps[0];
    Run ref[LESSON_MAX_RUNS];
    CHECK(lesson_runs_init(st, ref, linalg_eigenvalues, &err) == 0, "ref: %s", err.msg);
    for (int k = 0; k < 5; k++)
        for (int i = 0; i < st->n_runs; i++) run_step(&ref[i]);
    for (int i = 0; i < st->n_runs; i++) {
        double d = run_diff(&a.run[i], &ref[i]);
        printf("  %-52s worst difference %g\n", "lesson step 1 after its 5 steps", d);
        if (d > worst) worst = d;
        CHECK(d == 0, "lesson run %d equals the checks' run", i);
    }
    lesson_runs_free(st, ref);
    CHECK(a.view.grad_mode == GRAD_MODE_NORM, "grad view");
    app_core_act(&a, ACT_NEXT, 0);
    CHECK(a.step == 1 && a.n == 1 && a.target == 3 && a.view.highlight == PANEL_LOSS,
          "PageDown enters step 2");
    app_core_act(&a, ACT_NEXT, 0);
    CHECK(a.step == 1 && strstr(a.msg, "last step"), "no step 3: '%s'", a.msg);
    app_core_act(&a, ACT_PREV, 0);
    CHECK(a.step == 0 && a.run[0].step == 0 && a.target == 5, "PageUp: step 1 again from its seed");
    app_core_free(&a);

    /* bad input: one clear line */
    Options q;
    char *argv2[] = {"rnnscope", "test_app_core_lesson.md", "--step", "9", NULL};
    cli_parse(&q, 4, argv2, &err);
    CHECK(app_core_init(&a, tu_spec(&q), &err) == -1 && strstr(err.msg, "allowed: 1..2"), "--step 9: '%s'",
          err.msg);
    char *argv3[] = {"rnnscope", "test_app_core_lesson.md", "--run", "cell=gru", NULL};
    cli_parse(&q, 4, argv3, &err);
    CHECK(app_core_init(&a, tu_spec(&q), &err) == -1 && strstr(err.msg, "--run"), "lesson + --run: '%s'",
          err.msg);
    char *argv4[] = {"rnnscope", "no-such-lesson.md", NULL};
    cli_parse(&q, 2, argv4, &err);
    CHECK(app_core_init(&a, tu_spec(&q), &err) == -1 && strchr(err.msg, '\n') == NULL, "missing file: '%s'",
          err.msg);
    remove("test_app_core_lesson.md");
}

/* A run keeps its colour from step to step of a lesson (plot_run_slot): "sigmoid", run 2
 * of step 1, is run 1 of step 2 and keeps run 2's colour, and "lstm", never shown beside
 * "tanh", takes the first colour; a run added in the window takes the lowest colour no
 * other run wears, and removing one leaves the others theirs. */
static void test_lesson_colours(void)
{
    static const char text[] =
        "# Colours\n\nThey stay.\n\n"
        "```lesson\nset: task=kerala seq_len=12 hidden=4 batch=2\n```\n\n"
        "## One\n\nTwo runs.\n\n```lesson\nrun: tanh activation=tanh\n"
        "run: sigmoid activation=sigmoid\ntrain: 1\n```\n\n"
        "## Two\n\nOne of them again.\n\n```lesson\nrun: sigmoid activation=sigmoid\n"
        "run: lstm cell=lstm\ntrain: 1\n```\n";
    AppCore a;
    lesson_file_open(&a, "test_app_core_colours.md", text);
    app_core_act(&a, ACT_DISMISS, 0);
    CHECK(plot_run_slot(&a.view, 0) == 0 && plot_run_slot(&a.view, 1) == 1, "step 1: colours %d, %d",
          plot_run_slot(&a.view, 0), plot_run_slot(&a.view, 1));
    app_core_act(&a, ACT_NEXT, 0);
    CHECK(a.step == 1 && plot_run_slot(&a.view, 0) == 1 && plot_run_slot(&a.view, 1) == 0,
          "step 2: sigmoid keeps colour 1 (%d), lstm the lowest no run beside it has, 0 (%d)",
          plot_run_slot(&a.view, 0), plot_run_slot(&a.view, 1));
    for (int k = 0; k < 200 && a.playing; k++) app_core_tick(&a, 1.0 / 60, 2.0, fake_clock);
    app_core_act(&a, ACT_REMOVE_RUN, 0); /* (the last: lstm) */
    CHECK(a.n == 1 && plot_run_slot(&a.view, 0) == 1, "removed lstm: sigmoid keeps colour 1 (%d)",
          plot_run_slot(&a.view, 0));
    app_core_act(&a, ACT_ADD_RUN, 0);
    CHECK(a.n == 2 && plot_run_slot(&a.view, 1) == 0, "an added run takes colour 0, free (%d)",
          plot_run_slot(&a.view, 1));
    app_core_free(&a);
    remove("test_app_core_colours.md");
}

/* A clicker walks the built-in lessons end to end: PageDown on a last step opens the
 * next lesson at its title card, PageUp on a first step the lesson before at its last
 * step; at either end of the list it says so and stays. */
static void test_lesson_paging(void)
{
    Options o;
    Error err;
    char *argv[] = {"rnnscope", "1", "--step", "4", NULL};
    CHECK(cli_parse(&o, 4, argv, &err) == 0, "cli: %s", err.msg);
    AppCore a;
    CHECK(app_core_init(&a, tu_spec(&o), &err) == 0, "init: %s", err.msg);
    CHECK(a.step == 3 && a.lesson.n_steps == 4, "lesson 1, last step");
    app_core_act(&a, ACT_NEXT, 0);
    CHECK(strcmp(a.lesson.source, "lessons/02-vanishing.md") == 0 && a.step == 0 && a.intro &&
              a.target == a.lesson.steps[0].train,
          "PageDown on the last step: lesson 2's title card and first step (%s, step %d, "
          "intro %d)", a.lesson.source, a.step + 1, a.intro);
    app_core_act(&a, ACT_DISMISS, 0);
    app_core_act(&a, ACT_PREV, 0);
    CHECK(strcmp(a.lesson.source, "lessons/01-bptt.md") == 0 && a.step == 3 && !a.intro,
          "PageUp on the first step: lesson 1's last step (%s, step %d)", a.lesson.source,
          a.step + 1);
    app_core_free(&a);
    char *argv2[] = {"rnnscope", "10", "--step", "3", NULL};
    CHECK(cli_parse(&o, 4, argv2, &err) == 0, "cli: %s", err.msg);
    CHECK(app_core_init(&a, tu_spec(&o), &err) == 0, "init: %s", err.msg);
    app_core_act(&a, ACT_NEXT, 0);
    CHECK(a.step == 2 && strstr(a.lesson.source, "10-") && strstr(a.msg, "last lesson"),
          "the last step of the last lesson stays: '%s'", a.msg);
    app_core_free(&a);
}

/* G on attention runs: the Jacobian and W_hh views say they do not apply (no
 * recurrence), instead of asking for a training step that would not give them. */
static void test_grad_mode_attention(void)
{
    static const char *const att[] = {"cell=attention,task=kerala,seq_len=12,hidden=8,heads=2,batch=4"};
    Options o;
    options(&o, 1, att);
    AppCore a;
    Error err;
    CHECK(app_core_init(&a, tu_spec(&o), &err) == 0, "init: %s", err.msg);
    app_core_act(&a, ACT_GRAD_MODE, 0);
    CHECK(strstr(a.msg, "Jacobian") && strstr(a.msg, "does not apply to attention") &&
              !strstr(a.msg, "press N"),
          "G with an attention run: '%s'", a.msg);
    app_core_free(&a);
    static const char *const both[] = {"cell=rnn,task=kerala,seq_len=12,hidden=8,batch=4",
                                       "cell=attention,task=kerala,seq_len=12,hidden=8,heads=2,batch=4"};
    options(&o, 2, both);
    CHECK(app_core_init(&a, tu_spec(&o), &err) == 0, "init: %s", err.msg);
    app_core_act(&a, ACT_GRAD_MODE, 0);
    CHECK(strstr(a.msg, "Jacobian") && strstr(a.msg, "not for attention runs"),
          "G with an RNN and an attention run: '%s'", a.msg);
    app_core_free(&a);
}

/* "train: 10 over 2 s" plays live at 5 steps a second, to numbers bit-identical to
 * training at once; End trains the rest at once; R replays it live from the seed. */
static void test_live(void)
{
    const char *text = "# Live\n\n```lesson\nset: task=kerala seq_len=12 hidden=8 batch=4\n```\n"
                       "\n## One\n\nWatch.\n\n```lesson\ntrain: 10 over 2 s\n```\n"
                       "\n## Two\n\nWhat it learned.\n"
                       "\n## Three\n\nLonger.\n\n```lesson\ntrain: 12 over 2 s\n```\n";
    FILE *f = fopen("test_app_core_live.md", "w");
    CHECK(f && fputs(text, f) >= 0 && fclose(f) == 0, "write the live lesson");
    Options o;
    char *argv[] = {"rnnscope", "test_app_core_live.md", NULL};
    Error err;
    CHECK(cli_parse(&o, 2, argv, &err) == 0, "cli: %s", err.msg);
    AppCore a;
    CHECK(app_core_init(&a, tu_spec(&o), &err) == 0, "init: %s", err.msg);
    CHECK(a.lesson.steps[0].play == 2 && a.lesson.steps[0].train == 10, "parsed: %g s, %ld",
          a.lesson.steps[0].play, a.lesson.steps[0].train);
    app_core_act(&a, ACT_DISMISS, 0);
    for (int k = 0; k < 60; k++) app_core_tick(&a, 1.0 / 60, 2.0, fake_clock);
    long after1 = a.run[0].step;
    CHECK(after1 >= 4 && after1 <= 6 && a.playing, "after 1 s of 2: step %ld (want about 5)",
          after1);
    app_core_act(&a, ACT_END, 0);
    for (int k = 0; k < 5; k++) app_core_tick(&a, 1.0 / 60, 50.0, fake_clock);
    CHECK(a.run[0].step == 10 && !a.playing, "End: at the step's end (%ld)", a.run[0].step);
    Run ref;
    CHECK(run_init(&ref, &a.lesson.steps[0].runs[0].cfg, linalg_eigenvalues, &err) == 0, "ref");
    for (int k = 0; k < 10; k++) run_step(&ref);
    double d = run_diff(&a.run[0], &ref);
    printf("  %-52s worst difference %g\n", "played live, then End", d);
    if (d > worst) worst = d;
    run_free(&ref);
    /* a step that only talks about what the last one trained keeps it; one that
     * trains differently starts again from the seed */
    app_core_act(&a, ACT_NEXT, 0);
    CHECK(a.step == 1 && a.run[0].step == 10 && !a.playing,
          "step 2 (same runs, same training, no checks) keeps step 1's runs: step %ld, %s",
          a.run[0].step, a.playing ? "playing" : "still");
    app_core_act(&a, ACT_NEXT, 0);
    for (int k = 0; k < 30; k++) app_core_tick(&a, 1.0 / 60, 2.0, fake_clock);
    CHECK(a.step == 2 && a.playing && a.run[0].step >= 1 && a.run[0].step <= 5,
          "step 3 (train: 12) plays again from the seed: step %ld after 0.5 s", a.run[0].step);
    app_core_act(&a, ACT_PREV, 0);
    app_core_act(&a, ACT_PREV, 0);
    app_core_act(&a, ACT_RESET, 0);
    for (int k = 0; k < 30; k++) app_core_tick(&a, 1.0 / 60, 2.0, fake_clock);
    CHECK(a.step == 0 && a.playing && a.run[0].step >= 1 && a.run[0].step <= 4,
          "R replays it live from the seed: step %ld after 0.5 s", a.run[0].step);
    app_core_free(&a);
    static const char *const bad[] = {"train: 10 over 0 s", "train: 10 over 2", "train: 10 over x s",
                                      "train: 10 over 700 s", "train: 10 2 s"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char t[256];
        snprintf(t, sizeof t, "# L\n\n## S\n\nText.\n\n```lesson\n%s\n```\n", bad[i]);
        Lesson l;
        int rc = lesson_parse(&l, "live.md", t, strlen(t), &err);
        CHECK(rc == -1 && strstr(err.msg, "live.md:8:"), "'%s' refused: %s", bad[i],
              rc ? err.msg : "(parsed)");
        if (!rc) lesson_free(&l);
    }
    remove("test_app_core_live.md");
}


static double mono_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void nap(void)
{
    struct timespec t = {0, 2000000}; /* 2 ms: the worker runs meanwhile */
    nanosleep(&t, NULL);
}

/* One frame of the window: take in the worker's work, then hand it the next. */
static void frame_threaded(AppCore *a)
{
    app_core_kick(a, 4.0, mono_ms);
    nap();
    app_core_tick(a, 1.0 / 60, 4.0, mono_ms);
}

/* Run i's training step, or -1 while a job holds the runs. */
static long ready_step(const AppCore *a, int i)
{
    return app_core_ready(a) ? a->run[i].step : -1;
}

/* 1 while a job trains runs already built. */
static int training(const AppCore *a)
{
    return a->job && a->job->nbuild == 0 && a->job->train;
}

/* Waits for every worker thread (abandoned ones too) to return. */
static void wait_workers(void)
{
    while (app_job_workers() > 0) nap();
}

/* The window's path: runs built, reset and trained on the worker thread, steps taken
 * in bursts of whatever size the clock allows, actions arriving while it works. The
 * numbers must be those of runs trained directly, bit for bit. */
/* A step played live waits behind its lesson's title card (the class is to watch it
 * learn); a step shown trained is prepared behind it. Both with and without the worker. */
static void test_live_card(int threaded)
{
    const char *text = "# Card\n\nRead this first.\n\n```lesson\n"
                       "set: task=kerala seq_len=12 hidden=8 batch=4\n```\n"
                       "\n## Live\n\nWatch.\n\n```lesson\ntrain: 10 over 2 s\n```\n";
    const char *shown = "# Card\n\nRead this first.\n\n```lesson\n"
                        "set: task=kerala seq_len=12 hidden=8 batch=4\n```\n"
                        "\n## Trained\n\nLook.\n\n```lesson\ntrain: 10\n```\n";
    if (threaded && !app_job_threads()) return;
    for (int live = 1; live >= 0; live--) {
        FILE *f = fopen("test_app_core_card.md", "w");
        CHECK(f && fputs(live ? text : shown, f) >= 0 && fclose(f) == 0, "write the lesson");
        Options o;
        char *argv[] = {"rnnscope", "test_app_core_card.md", NULL};
        Error err;
        CHECK(cli_parse(&o, 2, argv, &err) == 0, "cli: %s", err.msg);
        AppCore a;
        CHECK(app_core_open(&a, tu_spec(&o), threaded, &err) == 0, "open: %s", err.msg);
        CHECK(a.intro == 1 && a.playing, "the title card is up over step 1");
        /* 1 s with the card up: at 5 steps a second a live play would be at step 5 */
        double t0 = mono_ms();
        for (int k = 0; k < 100000 && (mono_ms() - t0 < 1000 || !app_core_ready(&a)); k++) {
            if (threaded) frame_threaded(&a);
            else app_core_tick(&a, 1.0 / 60, 4.0, fake_clock);
        }
        CHECK(app_core_ready(&a) && a.run[0].step == (live ? 0 : 10),
              "%s step behind the card for 1 s: at training step %ld (want %d)",
              live ? "a live" : "a trained", a.run[0].step, live ? 0 : 10);
        app_core_act(&a, ACT_DISMISS, 0);
        for (int k = 0; k < 1000000 && (a.playing || !app_core_ready(&a)); k++) {
            if (threaded) frame_threaded(&a);
            else app_core_tick(&a, 1.0 / 60, 4.0, fake_clock);
        }
        CHECK(a.run[0].step == 10 && !a.playing, "after the card: played to step %ld",
              a.run[0].step);
        CHECK(same_run(&a.run[0], &a.lesson.steps[0].runs[0].cfg, 10,
                       live ? "played after the title card" : "prepared behind the title card"),
              "bit-identical after the card");
        app_core_free(&a);
    }
    remove("test_app_core_card.md");
}

/* The training a class waits for gets long bursts (45 ms, app_core.c's CATCH_UP_MS), a
 * live play that keeps its pace and free play keep the frame's budget (4 ms here). */
static void test_catch_up(void)
{
    if (!app_job_threads()) return;
    static const struct {
        const char *train, *what;
        int long_bursts;
    } cases[] = {
        {"train: 400", "a step shown trained, being prepared", 1},
        {"train: 4 over 100 s", "a live play that keeps its pace (0.04 steps a second)", 0},
        {"train: 100000 over 1 s", "a live play behind its pace", 1},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        char text[512];
        snprintf(text, sizeof text, "# C\n\n```lesson\nset: task=kerala seq_len=40 hidden=32 "
                 "batch=16\n```\n\n## S\n\nWait.\n\n```lesson\n%s\n```\n", cases[c].train);
        FILE *f = fopen("test_app_core_catch.md", "w");
        CHECK(f && fputs(text, f) >= 0 && fclose(f) == 0, "write the lesson");
        Options o;
        char *argv[] = {"rnnscope", "test_app_core_catch.md", NULL};
        Error err;
        CHECK(cli_parse(&o, 2, argv, &err) == 0, "cli: %s", err.msg);
        AppCore a;
        CHECK(app_core_open(&a, tu_spec(&o), 1, &err) == 0, "open: %s", err.msg);
        double most = 0;
        int jobs = 0;
        for (int k = 0; k < 100000 && jobs < 20 && a.playing; k++) {
            app_core_kick(&a, 4.0, mono_ms);
            if (a.job && a.job->train && a.run[0].step > 0) { /* (a training burst, after the first) */
                jobs++;
                if (a.job->budget_ms > most) most = a.job->budget_ms;
            }
            nap();
            app_core_tick(&a, 1.0 / 60, 4.0, mono_ms);
        }
        printf("  %-56s longest burst asked %.0f ms (%d bursts)\n", cases[c].what, most, jobs);
        CHECK(jobs > 0 && (cases[c].long_bursts ? most >= 45 : most == 4),
              "%s: bursts of %.0f ms (want %s)", cases[c].what, most,
              cases[c].long_bursts ? ">= 45" : "the frame's 4");
        app_core_free(&a);
    }
    remove("test_app_core_catch.md");
}

static void test_threaded(void)
{
    if (!app_job_threads()) {
        printf("  (no threads in this build)\n");
        return;
    }
    static const char *const runs[2] = {
        "task=kerala,seq_len=12,hidden=8,batch=4,cell=rnn,activation=tanh",
        "task=kerala,seq_len=12,hidden=8,batch=4,cell=gru",
    };
    Options o;
    options(&o, 2, runs);
    AppCore a;
    Error err;
    CHECK(app_core_open(&a, tu_spec(&o), 1, &err) == 0, "open threaded: %s", err.msg);
    CHECK(a.threaded == 1 && !app_core_ready(&a), "threaded: the runs are built by the first job");
    Config c0, c1;
    cli_run_config(&o, 0, &c0, &err);
    cli_run_config(&o, 1, &c1, &err);
    for (int k = 0; k < 1000 && !app_core_ready(&a); k++) frame_threaded(&a);
    CHECK(app_core_ready(&a), "built");
    app_core_act(&a, ACT_PLAY, 0);
    for (int k = 0; k < 100000 && ready_step(&a, 0) < 30; k++) frame_threaded(&a);
    app_core_act(&a, ACT_PLAY, 0);
    CHECK(app_core_settle(&a, 1e9), "settled");
    CHECK(!a.playing && a.run[0].step >= 30, "played on the worker to step %ld", a.run[0].step);
    CHECK(same_run(&a.run[0], &c0, a.run[0].step, "worker thread, played, run 1"), "thread run 1");
    CHECK(same_run(&a.run[1], &c1, a.run[1].step, "worker thread, played, run 2"), "thread run 2");

    /* N: one step of each, on the worker */
    long s0 = a.run[0].step, s1 = a.run[1].step; /* (a pause may fall within a round) */
    app_core_act(&a, ACT_STEP, 0);
    for (int k = 0; k < 1000 && (a.job || a.step_once); k++) frame_threaded(&a);
    CHECK(a.run[0].step == s0 + 1 && a.run[1].step == s1 + 1, "N on the worker: one step each");
    CHECK(same_run(&a.run[1], &c1, s1 + 1, "worker thread, N, run 2"), "thread N");

    /* R while a burst is under way: back to the seed, trained again to the same bytes */
    app_core_act(&a, ACT_PLAY, 0);
    for (int k = 0; k < 20; k++) frame_threaded(&a);
    app_core_act(&a, ACT_RESET, 0);
    for (int k = 0; k < 100000 && ready_step(&a, 1) < 10; k++) frame_threaded(&a);
    app_core_act(&a, ACT_PLAY, 0);
    CHECK(app_core_settle(&a, 1e9), "settled");
    CHECK(same_run(&a.run[1], &c1, a.run[1].step, "worker thread, R mid-burst, run 2"), "thread R");

    /* Shift+R: a new seed, built on the worker */
    app_core_act(&a, ACT_NEW_SEED, 0);
    for (int k = 0; k < 100000 && !app_core_ready(&a); k++) frame_threaded(&a);
    app_core_act(&a, ACT_STEP, 0);
    for (int k = 0; k < 1000 && (a.job || a.step_once); k++) frame_threaded(&a);
    Config c1s = c1;
    c1s.seed++;
    CHECK(same_run(&a.run[1], &c1s, 1, "worker thread, new seed, N"), "new seed");

    /* a setting changed while it trains */
    app_core_act(&a, ACT_PLAY, 0);
    for (int k = 0; k < 10; k++) frame_threaded(&a);
    CHECK(app_core_set(&a, "lr", "0.1", &err) == 0, "set lr: %s", err.msg);
    for (int k = 0; k < 100000 && ready_step(&a, 0) < 5; k++) frame_threaded(&a);
    app_core_act(&a, ACT_PLAY, 0);
    CHECK(app_core_settle(&a, 1e9), "settled");
    Config c0b = c0;
    c0b.lr = 0.1;
    c0b.seed++;
    CHECK(same_run(&a.run[0], &c0b, a.run[0].step, "worker thread, lr=0.1 set mid-burst"), "set");
    app_core_free(&a);

    /* Runs whose one step takes long (about a second here): the window lets go of them
     * at once on R, PageDown and quit; the worker frees them when its step ends. */
    static const char text[] =
        "# Slow\n\n## One\n\nSlow.\n\n```lesson\nset: task=kerala seq_len=3000 hidden=256 batch=1 "
        "cell=lstm\nrun: a\nrun: b seed=2\ntrain: 20\nreadout: a loss > 0.1\n```\n\n"
        "## Two\n\nSmall.\n\n```lesson\nset: task=kerala seq_len=12 hidden=8 batch=4\ntrain: 6\n```\n";
    FILE *f = fopen("test_app_core_slow.md", "w");
    CHECK(f && fputs(text, f) >= 0 && fclose(f) == 0, "write the slow lesson");
    char *argv[] = {"rnnscope", "test_app_core_slow.md", NULL};
    CHECK(cli_parse(&o, 2, argv, &err) == 0, "cli: %s", err.msg);
    CHECK(app_core_open(&a, tu_spec(&o), 1, &err) == 0, "open: %s", err.msg);
    app_core_act(&a, ACT_DISMISS, 0);
    for (int k = 0; k < 100000 && !training(&a); k++) frame_threaded(&a); /* built */
    for (int k = 0; k < 3; k++) frame_threaded(&a); /* a step under way */
    char progress[256];
    app_core_progress(&a, mono_ms(), progress, sizeof progress);
    printf("  while it trains: '%s'\n", progress);
    CHECK(strstr(progress, "preparing step 1:") && strstr(progress, "of 20 training steps"),
          "progress: '%s'", progress);
    CHECK(a.job != NULL, "a slow step is under way");
    app_core_act(&a, ACT_RESET, 0); /* lets go (the step takes longer than the wait) */
    CHECK(a.job == NULL && !app_core_ready(&a), "R let go of the runs under way");
    for (int k = 0; k < 100000 && !a.job; k++) frame_threaded(&a);
    CHECK(a.job != NULL, "rebuilding");
    app_core_act(&a, ACT_NEXT, 0); /* PageDown while building */
    CHECK(a.step == 1 && a.n == a.lesson.steps[1].n_runs, "PageDown while the worker builds: step 2");
    for (int k = 0; k < 100000 && (a.job || a.playing); k++) frame_threaded(&a);
    Run ref;
    CHECK(run_init(&ref, &a.lesson.steps[1].runs[0].cfg, linalg_eigenvalues, &err) == 0, "ref");
    for (int k = 0; k < 6; k++) run_step(&ref);
    double d = run_diff(&a.run[0], &ref);
    printf("  %-52s worst difference %g\n", "worker thread, step 2 after PageDown", d);
    if (d > worst) worst = d;
    run_free(&ref);
    app_core_act(&a, ACT_PREV, 0); /* back to the slow step, and quit while it trains */
    for (int k = 0; k < 100000 && !training(&a); k++) frame_threaded(&a);
    for (int k = 0; k < 3; k++) frame_threaded(&a);
    CHECK(a.job != NULL, "training the slow step again");
    app_core_free(&a); /* quit: the worker finishes its step, then frees the runs */

    /* a built-in lesson step with readouts: the checks observe the same numbers on the
     * worker as in the caller */
    char *argv2[] = {"rnnscope", "2", NULL};
    CHECK(cli_parse(&o, 2, argv2, &err) == 0, "cli: %s", err.msg);
    AppCore b;
    CHECK(app_core_open(&a, tu_spec(&o), 1, &err) == 0 && app_core_init(&b, tu_spec(&o), &err) == 0, "open: %s",
          err.msg);
    app_core_act(&a, ACT_DISMISS, 0);
    app_core_act(&b, ACT_DISMISS, 0);
    for (int k = 0; k < 1000000 && (a.job || a.playing || !app_core_ready(&a)); k++)
        frame_threaded(&a);
    for (int k = 0; k < 1000000 && b.playing; k++) app_core_tick(&b, 1.0 / 60, 4.0, fake_clock);
    int same = a.view.nreadouts == b.view.nreadouts && a.eval.k == b.eval.k && a.n == b.n;
    for (int i = 0; same && i < a.view.nreadouts; i++)
        same &= memcmp(&a.readouts[i].value, &b.readouts[i].value, sizeof(double)) == 0;
    for (int i = 0; same && i < a.n; i++) {
        double d2 = run_diff(&a.run[i], &b.run[i]);
        if (d2 > worst) worst = d2;
        same &= d2 == 0;
    }
    printf("  lesson 2 step 1 on the worker: %d readouts, %ld steps observed\n", a.view.nreadouts,
           a.eval.k);
    CHECK(same && a.view.nreadouts > 0, "lesson 2 step 1: readouts and runs as in the caller");
    app_core_free(&a);
    app_core_free(&b);
    wait_workers();
    CHECK(app_job_workers() == 0, "every worker has returned");
    remove("test_app_core_slow.md");
}

static double clock_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Opens front w on options o and fits it to W x H; 0, or -1 (reported as a failure). */
static int open_front(Front *w, const Options *o, int threaded, double (*clock)(void), int W, int H)
{
    Error err;
    int changed;
    if (front_init(w, tu_spec(o), threaded, clock, &err)) {
        CHECK(0, "front_init: %s", err.msg);
        return -1;
    }
    CHECK(front_fit(w, W, H, &changed, &err) == 0, "fit: %s", err.msg);
    return 0;
}

/* Presenter mode at 1920x1080, lesson 2 step 2: the narration fills the box, and its
 * "try this" (the settings panel hidden) took a page of its own, a click more for the
 * class; it waits for the panel (S) instead, the narration on one page. In normal mode
 * with the panel shown the box never held it. */
static void test_presenter_try(void)
{
    Options o;
    Error err;
    char *argv[] = {"rnnscope", "2", "--step", "2", "--presenter", NULL};
    CHECK(cli_parse(&o, 5, argv, &err) == 0, "cli: %s", err.msg);
    static Front w;
    if (open_front(&w, &o, 0, clock_ms, 1920, 1080)) return;
    AppCore *a = &w.core;
    if (a->intro) app_core_act(a, ACT_DISMISS, 0);
    for (int k = 0; k < 400 && (a->playing || !app_core_ready(a)); k++) front_frame(&w, 0, 5);
    w.dirty_dash = 1;
    front_draw(&w);
    CHECK(a->presenter && a->step == 1 && a->try_this, "lesson 2 step 2 in presenter mode, with a try this");
    printf("  presenter 1920x1080 lesson 2 step 2: %d page(s), the try this %s\n", a->caption_pages,
           strstr(a->caption, "Try this") ? "in the box" : "left for the settings panel");
    CHECK(a->caption_pages == 1, "the narration on %d pages: a page for the try this alone", a->caption_pages);
    /* (not dropped unseen: the box's corner says where it is) */
    CHECK(a->view.caption_mark && strstr(a->view.caption_mark, "try this"),
          "the box marks the try this left for the panel ('%s')", a->view.caption_mark ? a->view.caption_mark : "");
    CHECK(strlen(a->caption) >= a->narration_len, "the narration whole in the box");
    front_free(&w);
}

/* A clicker's keys in front of a class: PageUp on a title card goes back to the last
 * lesson's last step (not into the lesson); B, which a clicker's "blank" button sends,
 * leaves a step that plays live playing; a key hides the values under a pointer left
 * resting on a plot until it moves again; the speed shown is the step's own pace. */
static void test_clicker(void)
{
    Options o;
    Error err;
    char *argv[] = {"rnnscope", "2", NULL};
    CHECK(cli_parse(&o, 2, argv, &err) == 0, "cli: %s", err.msg);
    static Front w;
    if (open_front(&w, &o, 0, clock_ms, 1920, 1080)) return;
    AppCore *a = &w.core;
    CHECK(a->intro && a->step == 0, "lesson 2 opens at its title card");
    front_key(&w, FK_PAGEUP, 0, 0);
    char title[400];
    app_core_window_title(a, title, sizeof title);
    printf("  PageUp on lesson 2's card: %s\n", title);
    CHECK(!a->intro && strcmp(a->lesson.source, "lessons/01-bptt.md") == 0 &&
              a->step == a->lesson.n_steps - 1,
          "PageUp on a title card: the previous lesson's last step (%s step %d)",
          a->lesson.source, a->step + 1);
    /* lesson 1's last step plays live: B leaves it playing */
    CHECK(a->playing && app_core_lesson_paced(a) && app_core_pace(a) > 0,
          "lesson 1's last step plays live at %.3g steps a second", app_core_pace(a));
    front_key(&w, 'b', 0, 0);
    CHECK(a->playing && a->view.cursor < 0, "B during a live play: still playing (%d), no cursor",
          a->playing);
    /* a pointer resting on a plot: its values; a key hides them until it moves */
    front_mouse_move(&w, 400, 300);
    w.moved_at -= 1000; /* it has rested a second */
    front_frame(&w, 0, 5);
    CHECK(w.tip_due, "the pointer rested: its values are due");
    front_key(&w, FK_PAGEUP, 0, 0);
    w.moved_at -= 1000;
    front_frame(&w, 0, 5);
    CHECK(!w.tip_due && !w.tip[0], "after a key, no tooltip while the pointer stays");
    front_mouse_move(&w, 401, 300);
    w.moved_at -= 1000;
    front_frame(&w, 0, 5);
    CHECK(w.tip_due, "moved and rested again: the values are due again");
    /* Esc only asks, however often a clicker sends it; Enter or Y answers; any other key
     * goes on (and does what it does); the question lapses after a while */
    int r1 = front_key(&w, FK_ESCAPE, 0, 0), r2 = front_key(&w, FK_ESCAPE, 0, 0);
    int r3 = front_key(&w, FK_ESCAPE, 0, 0);
    printf("  Esc Esc Esc: %d %d %d (%d = quit)\n", r1, r2, r3, FRONT_QUIT);
    CHECK(r1 != FRONT_QUIT && r2 != FRONT_QUIT && r3 != FRONT_QUIT, "three Esc in a row: no quit");
    CHECK(strstr(a->msg, "Enter"), "Esc asks: '%s'", a->msg);
    CHECK(front_key(&w, FK_ENTER, 0, 0) == FRONT_QUIT, "Esc then Enter quits");
    front_key(&w, FK_ESCAPE, 0, 0);
    CHECK(front_key(&w, 'y', 0, 0) == FRONT_QUIT, "Esc then Y quits");
    front_key(&w, FK_ESCAPE, 0, 0);
    int step = a->step;
    CHECK(front_key(&w, FK_PAGEUP, 0, 0) != FRONT_QUIT && a->step != step,
          "Esc then PageUp: PageUp goes on (step %d -> %d)", step + 1, a->step + 1);
    CHECK(front_key(&w, FK_ENTER, 0, 0) != FRONT_QUIT, "and a later Enter does not quit");
    front_key(&w, FK_ESCAPE, 0, 0);
    w.esc_at -= 6000; /* asked 6 s ago */
    CHECK(front_key(&w, FK_ENTER, 0, 0) != FRONT_QUIT, "Enter long after Esc does not quit");
    CHECK(front_key(&w, 'q', 0, 0) == FRONT_QUIT, "Q quits at once");
    front_free(&w);
}

/* A step played live draws one loss axis from its first frame to its last: the same
 * scale (the step's loss_scale) at every frame, not switched to log halfway (lesson 6
 * step 1: 500 steps whose losses fall from ln 8 to below 1e-3), over losses that only
 * widen (lesson 4 step 1: "no clip" at 1.1e37 at step 2 leaves the axis, which keeps
 * to the runs that learn, from that frame on), and whose drawn ends, rounded to its
 * ticks and given the chance loss's room (loss_apart), only move outwards (lesson 4
 * step 1 at 1920x1080: 10^0..10^6 at step 16, 10^0..10^4 at step 33, 10^-3..10^3 from
 * step 83 while the room for ln 5 was taken above the data; lesson 10 step 2 at
 * 1920x1080: 10^-3..10^3 at step 50, 10^-4..10^2 from step 91, ends rounded to a tick
 * step that fell; lessons 6 and 7 step 3: the largest loss gone from the axis when the
 * history thinned past its 1024 entries; lesson 5 step 4 at 1280x720: the top decade
 * given back at step 805, when a readout took a line more and the plot's height, with
 * the room the chance loss needs, changed). */
static void test_loss_axis_live(const char *lesson, const char *step, int W, int H)
{
    Options o;
    Error err;
    char *argv[] = {"rnnscope", (char *)lesson, "--step", (char *)step, NULL};
    CHECK(cli_parse(&o, 4, argv, &err) == 0, "cli: %s", err.msg);
    static Front w;
    if (open_front(&w, &o, 0, fake_clock, W, H)) return;
    AppCore *a = &w.core;
    if (a->intro) app_core_act(a, ACT_DISMISS, 0);
    static PlotFacts facts;
    a->view.facts = &facts;
    int frames = 0, first = -1, log_frames = 0, lin_frames = 0, narrowed = 0, drawn_back = 0;
    long lo_step = -1, hi_step = -1, train = a->lesson.steps[a->step].train;
    double lo = INFINITY, hi = -INFINITY, worst = 0, y_lo = INFINITY, y_hi = -INFINITY;
    for (int k = 0; k < 400 && (a->playing || frames == 0); k++) {
        w.dirty_dash = 1;
        front_frame(&w, 0.25, 1e9); /* 0.25 s of the play's pace a frame */
        if (facts.loss_log < 0) continue;
        if (first < 0) first = facts.loss_log;
        frames++;
        log_frames += facts.loss_log == 1, lin_frames += facts.loss_log == 0;
        if (lo_step < 0) lo_step = a->run[0].step;
        hi_step = a->run[0].step;
        /* the losses held: how far they fell back from the widest reached, as a share
         * of it (log: in decades) */
        double u0 = facts.loss_log ? log10(facts.loss_lo) : facts.loss_lo;
        double u1 = facts.loss_log ? log10(facts.loss_hi) : facts.loss_hi;
        double back = fmax(u0 - lo, hi - u1);
        if (frames > 1 && back > 1e-12 * fmax(1, hi - lo)) {
            if (!narrowed++)
                printf("  lesson %s/%s: the losses held narrow at step %ld: %g..%g after %g..%g\n", lesson,
                       step, a->run[0].step, u0, u1, lo, hi);
            worst = fmax(worst, back / (hi - lo));
        }
        lo = fmin(lo, u0), hi = fmax(hi, u1);
        for (int i = 0; i < w.dash.nareas; i++) {
            const CanvasArea *ar = &w.dash.areas[i];
            if (ar->tag != PANEL_LOSS) continue;
            drawn_back += frames > 1 && (ar->y_lo > y_lo || ar->y_hi < y_hi);
            y_lo = fmin(y_lo, ar->y_lo), y_hi = fmax(y_hi, ar->y_hi);
        }
    }
    printf("  lesson %s/%s at %dx%d played over %d frames (steps %ld..%ld): log axis in %d, linear in %d; "
           "losses held %.3g..%.3g%s, narrowed in %d frame(s) (worst: by %.3g of them); drawn axis "
           "%g..%g, drawn narrower than before in %d frame(s)\n",
           lesson, step, W, H, frames, lo_step, hi_step, log_frames, lin_frames, lo, hi,
           first == 1 ? " (log10)" : "", narrowed, worst, y_lo, y_hi, drawn_back);
    CHECK(hi_step == train, "the play reached its end (%ld)", hi_step);
    CHECK(frames >= 10 && lo_step < train / 10, "frames from the start of the play (%d, from step %ld)",
          frames, lo_step);
    CHECK(log_frames == 0 || lin_frames == 0, "one loss axis for the whole play (log %d, linear %d)",
          log_frames, lin_frames);
    CHECK(first == (a->view.loss_scale == PLOT_SCALE_LOG), "the step's scale (%d), drawn: %d",
          a->view.loss_scale, first);
    CHECK(narrowed == 0, "lesson %s/%s: the losses the axis holds narrowed in %d frame(s) of the play",
          lesson, step, narrowed);
    CHECK(drawn_back == 0, "lesson %s/%s at %dx%d: the drawn loss axis narrowed in %d frame(s) of the play",
          lesson, step, W, H, drawn_back);
    a->view.facts = NULL;
    front_free(&w);
}

static double slow_clock(void)
{
    fake_now += 20;
    return fake_now;
}

/* Seconds of "~N s left" in a title, -1 if it has none. */
static double title_left(const char *title)
{
    const char *p = strstr(title, ", ~");
    double s = -1;
    if (p && strstr(p, " s left")) sscanf(p + 3, "%lf", &s);
    return s;
}

/* A step played live says in its title how far it is and how long is left, from the
 * rate measured (fake clock): "step 90 of 300, ~7 s left" at its pace of 30 steps a
 * second; on a machine that manages 10 steps a second, (300 - k) / 10 s; nothing of it
 * before a second is measured, after the play, or in what an export shows. */
static void test_play_left(void)
{
    const char *text = "# Left\n\n```lesson\nset: task=kerala seq_len=12 hidden=8 batch=4\n```\n"
                       "\n## One\n\nWatch.\n\n```lesson\ntrain: 300 over 10 s\n```\n";
    FILE *f = fopen("test_app_core_left.md", "w");
    CHECK(f && fputs(text, f) >= 0 && fclose(f) == 0, "write the lesson");
    Options o;
    char *argv[] = {"rnnscope", "test_app_core_left.md", NULL};
    Error err;
    CHECK(cli_parse(&o, 2, argv, &err) == 0, "cli: %s", err.msg);
    AppCore a;
    CHECK(app_core_init(&a, tu_spec(&o), &err) == 0, "init: %s", err.msg);
    app_core_act(&a, ACT_DISMISS, 0);
    for (int k = 0; k < 5; k++) app_core_tick(&a, 0.1, 1e9, fake_clock);
    printf("  after 0.5 s: %s\n", a.title);
    CHECK(strstr(a.title, " of 300") && title_left(a.title) < 0,
          "before a second is measured: 'of 300', no time left yet (%s)", a.title);
    for (int k = 0; k < 25; k++) app_core_tick(&a, 0.1, 1e9, fake_clock);
    long k1 = a.run[0].step;
    double left = title_left(a.title), want = (300 - k1) / 30.0;
    printf("  at its pace, after 3 s: %s (want ~%.1f s)\n", a.title, want);
    CHECK(strstr(a.title, " of 300") && fabs(left - want) <= 1.01,
          "at the pace: %g s left at step %ld, want %.1f", left, k1, want);
    CHECK(!strstr(a.title_plain, "left") && !strstr(a.title_plain, " of 300"),
          "an export's title says none of it (%s)", a.title_plain);
    /* a slow machine: every clock reading 20 ms later, one step a frame of 0.1 s, 10 steps
     * a second */
    for (int k = 0; k < 60; k++) app_core_tick(&a, 0.1, 1.0, slow_clock);
    long k2 = a.run[0].step;
    left = title_left(a.title), want = (300 - k2) / 10.0;
    printf("  slow, 6 s later: %s (want ~%.1f s at 10 steps/s)\n", a.title, want);
    CHECK(left > 0 && fabs(left - want) <= 0.2 * want + 1,
          "measured: %g s left at step %ld, want about %.1f", left, k2, want);
    app_core_act(&a, ACT_END, 0);
    for (int k = 0; k < 5; k++) app_core_tick(&a, 0.1, 1e9, fake_clock);
    CHECK(a.run[0].step == 300 && !strstr(a.title, " of 300") && title_left(a.title) < 0,
          "the play done: the title is the step's (%s)", a.title);
    app_core_free(&a);
    remove("test_app_core_left.md");
}

/* The title bar's text (title, legend labels) as plot_dashboard draws it on w's
 * dashboard: their boxes into box[0..return). */
static int title_texts(Front *w, Rect bar, Rect *box, int max)
{
    DList l;
    dlist_init(&l);
    canvas_record(&w->dash, &l);
    plot_dashboard(&w->dash, w->core.rp, w->core.n, &w->core.view);
    canvas_record(&w->dash, NULL);
    int n = 0;
    for (size_t q = 0; q < l.n && n < max; q++) {
        const DCmd *d = &l.cmd[q];
        if (d->kind != DCMD_TEXT || !dlist_text(&l, d)[0]) continue;
        Rect r = {d->u.text.at.x0, d->u.text.at.y0, d->u.text.at.w, d->u.text.at.h};
        if (r.y >= bar.y && r.y + r.h <= bar.y + bar.h + 1) box[n++] = r;
    }
    dlist_free(&l);
    return n;
}

/* Messages ("saved ...", errors) and the engine's progress cover no panel and no
 * narration: in lesson 8 step 2 a message above the narration covered the sentence
 * strip's bottom line (the prediction). At 720p, 1080p and 2160p, normal and presenter
 * mode, a short and a long message. The short one and lesson 3 step 3's "scale 8
 * diverged" cover no text of the title bar's title (over its middle, the diverged
 * message hid lesson 3 step 3's title for seconds). */
static void test_message_place(void)
{
    static const int size[3][2] = {{1280, 720}, {1920, 1080}, {3840, 2160}};
    static const char *const msg[2] = {
        "saved /home/teacher/lessons/rnnscope-0001.png (1570x1080)",
        "cannot write /home/teacher/a/very/long/directory/name/that/goes/on/and/on/for/quite/"
        "a/while/because/teachers/keep/their/files/deep/rnnscope-0001.png: No space left on "
        "device (the figure was not saved; free some space and press E again)"};
    Options o;
    Error err;
    char *argv[] = {"rnnscope", "8", "--step", "2", NULL};
    CHECK(cli_parse(&o, 4, argv, &err) == 0, "cli: %s", err.msg);
    Options o3;
    char *argv3[] = {"rnnscope", "3", "--step", "3", NULL};
    CHECK(cli_parse(&o3, 4, argv3, &err) == 0, "cli: %s", err.msg);
    int checked = 0;
    for (int s = 0; s < 3; s++)
        for (int pres = 0; pres < 2; pres++) {
            static Front w;
            if (open_front(&w, &o, 0, fake_clock, size[s][0], size[s][1])) return;
            AppCore *a = &w.core;
            int changed;
            if (a->intro) app_core_act(a, ACT_DISMISS, 0);
            app_core_train(a, 5);
            if (pres) app_core_act(a, ACT_PRESENTER, 0);
            front_fit(&w, size[s][0], size[s][1], &changed, &err);
            w.dirty_dash = 1;
            front_draw(&w); /* (sets the view's text scale and narration size) */
            double k = a->view.text_scale;
            PlotLayout L;
            plot_layout(w.dash.w, w.dash.h, &a->view, a->rp, a->n, &L);
            int strip = 0;
            for (int i = 0; i < L.n; i++) strip |= L.kind[i] == PANEL_SENTENCE;
            CHECK(strip, "%dx%d: lesson 8 step 2 shows the sentence strip", size[s][0], size[s][1]);
            Rect title[PLOT_MAX_RUNS + 1];
            int ntitle = title_texts(&w, L.title, title, PLOT_MAX_RUNS + 1);
            for (int m = 0; m < 3; m++) {
                Rect r = m < 2 ? app_ui_message(&w.dash, a, msg[m], k, NULL)
                               : app_ui_progress(&w.dash, a, "preparing step 2: building run 1 of 2",
                                                 k, (Rect){0, 0, 0, 0});
                CHECK(ntitle > 0 && (m == 1 || !rect_overlap(r, title[0])),
                      "%dx%d pres=%d: box %d (%d,%d %dx%d) covers the title (%d,%d %dx%d)",
                      size[s][0], size[s][1], pres, m, r.x, r.y, r.w, r.h, title[0].x, title[0].y,
                      title[0].w, title[0].h);
                CHECK(r.w > 0 && r.h > 0 && rect_inside(r, canvas_rect(&w.dash)),
                      "%dx%d pres=%d: box %d on the dashboard (%d,%d %dx%d)", size[s][0],
                      size[s][1], pres, m, r.x, r.y, r.w, r.h);
                for (int i = 0; i < L.n; i++)
                    CHECK(!rect_overlap(r, L.panel[i]), "%dx%d pres=%d: box %d (%d,%d %dx%d) covers "
                          "the %s panel (%d,%d %dx%d)", size[s][0], size[s][1], pres, m, r.x, r.y,
                          r.w, r.h, plot_panel_name(L.kind[i]), L.panel[i].x, L.panel[i].y,
                          L.panel[i].w, L.panel[i].h);
                CHECK(!rect_overlap(r, L.caption), "%dx%d pres=%d: box %d covers the narration",
                      size[s][0], size[s][1], pres, m);
                if (s == 1 && m == 0)
                    printf("  %dx%d pres=%d: message at %d,%d %dx%d, title bar %d,%d %dx%d\n",
                           size[s][0], size[s][1], pres, r.x, r.y, r.w, r.h, L.title.x, L.title.y,
                           L.title.w, L.title.h);
                checked++;
            }
            front_free(&w);
            /* lesson 3 step 3: the diverged run's message, as the window gives it */
            if (open_front(&w, &o3, 0, fake_clock, size[s][0], size[s][1])) return;
            a = &w.core;
            if (a->intro) app_core_act(a, ACT_DISMISS, 0);
            if (pres) app_core_act(a, ACT_PRESENTER, 0);
            front_fit(&w, size[s][0], size[s][1], &changed, &err);
            w.dirty_dash = 1;
            front_draw(&w);
            plot_layout(w.dash.w, w.dash.h, &a->view, a->rp, a->n, &L);
            ntitle = title_texts(&w, L.title, title, PLOT_MAX_RUNS + 1);
            Rect r = app_ui_message(&w.dash, a, "scale 8 diverged at step 1 (gradient norm = inf); "
                                    "the other runs go on", a->view.text_scale, NULL);
            CHECK(ntitle > 0 && !rect_overlap(r, title[0]) && rect_inside(r, L.title),
                  "%dx%d pres=%d: lesson 3 step 3's message (%d,%d %dx%d) covers the title "
                  "(%d,%d %dx%d) or leaves the title bar", size[s][0], size[s][1], pres, r.x, r.y,
                  r.w, r.h, title[0].x, title[0].y, title[0].w, title[0].h);
            /* over the legend, none of the legend shows beside the box (its end stuck
             * out: "...m = inf)") */
            long peep = 0;
            uint32_t bg = plot_background(&a->view);
            for (int q = 1; q < ntitle; q++)
                for (int y = title[q].y; y < title[q].y + title[q].h; y++)
                    for (int x = title[q].x; x < title[q].x + title[q].w; x++)
                        if (x >= 0 && y >= 0 && x < w.dash.w && y < w.dash.h &&
                            !(x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h) &&
                            w.dash.px[(size_t)y * (size_t)w.dash.w + (size_t)x] != bg)
                            peep++;
            CHECK(peep == 0, "%dx%d pres=%d: %ld pixels of the legend show beside lesson 3 step 3's message",
                  size[s][0], size[s][1], pres, peep);
            if (s == 1) printf("  %dx%d pres=%d: lesson 3 step 3's message at %d,%d %dx%d, title ends at x %d\n",
                               size[s][0], size[s][1], pres, r.x, r.y, r.w, r.h, title[0].x + title[0].w);
            checked++;
            front_free(&w);
        }
    printf("  %d message and progress boxes clear of every panel and the narration\n", checked);
}

/* (test_backdrop waits for the worker) */
static void nap_ms(long ms)
{
    struct timespec t = {0, ms * 1000000L};
    nanosleep(&t, NULL);
}

/* While the worker trains, the window shows the runs' last picture (the backdrop),
 * without the overlays drawn on it since (a message that has gone): the picture is
 * the one drawn from the runs, whether an overlay was over it when the job started
 * (then it was kept aside) or not (then the canvas still held it). Compared with the
 * dashboard drawn plain, pixel for pixel. */
static void test_backdrop(void)
{
    if (!app_job_threads()) return;
    static const char *const runs[1] = {"task=kerala,seq_len=400,hidden=192,batch=16,cell=lstm"};
    Options o;
    options(&o, 1, runs);
    static Front w;
    if (open_front(&w, &o, 1, clock_ms, 1280, 720)) return;
    AppCore *a = &w.core;
    for (int k = 0; k < 6000 && (!app_core_ready(a) || a->job); k++) { /* built: 60 s at most */
        front_frame(&w, 0, 5);
        nap_ms(10);
    }
    CHECK(app_core_ready(a), "the run is built");
    size_t npx = (size_t)w.dash.w * (size_t)w.dash.h;
    uint32_t *plain = malloc(npx * sizeof *plain);
    for (int msg = 0; msg < 2; msg++) {
        w.msg[0] = 0;
        w.dirty_dash = 1;
        front_draw(&w); /* the runs' picture, no overlays */
        memcpy(plain, w.dash.px, npx * sizeof *plain);
        if (msg) snprintf(w.msg, sizeof w.msg, "a message over the plots");
        w.msg_until = 1e300;
        w.dirty_dash = 1;
        front_draw(&w); /* the picture, with the message when msg */
        app_core_act(a, ACT_STEP, 0);
        app_core_kick(a, 5, clock_ms); /* a step of this size takes far longer than 5 ms */
        w.msg[0] = 0; /* the message goes while the worker trains */
        w.dirty_dash = 1;
        int busy = a->job != NULL;
        front_draw(&w);
        long differ = 0;
        for (size_t i = 0; i < npx; i++) differ += w.dash.px[i] != plain[i];
        printf("  backdrop (message over it before: %d): %ld of %zu pixels differ from the "
               "plain picture, drawn from the runs: %d\n", msg, differ, npx, w.drew_runs);
        CHECK(busy && !w.drew_runs, "the worker still trained: the backdrop was shown");
        CHECK(differ == 0, "the backdrop is the runs' picture (%ld pixels differ)", differ);
        CHECK(app_core_settle(a, 1e9), "settled");
        for (int k = 0; k < 6000 && a->job; k++) {
            front_frame(&w, 0, 5);
            nap_ms(10);
        }
    }
    free(plain);
    front_free(&w);
}

/* The lesson menu (L) and the window title, through the front end's keys and mouse
 * (app_front.c, no display): every built-in lesson listed as --list numbers it, then
 * the lesson file given; arrows move, Enter opens at the title card, Esc closes, a
 * click on an entry opens it; the title names the lesson and the step. */
static void test_menu(void)
{
    /* a lesson file of one's own: built-in lesson 3's text under another name */
    size_t len;
    const char *text = lesson_builtin_text(2, &len, NULL);
    FILE *f = fopen("test_app_core_menu.md", "w");
    CHECK(f && fwrite(text, 1, len, f) == len && fclose(f) == 0, "write the menu's lesson");
    Options o;
    Error err;
    char *argv[] = {"rnnscope", "test_app_core_menu.md", "--step", "2", NULL};
    CHECK(cli_parse(&o, 4, argv, &err) == 0, "cli: %s", err.msg);
    static Front w;
    if (open_front(&w, &o, 0, clock_ms, 1920, 1080)) return;
    AppCore *a = &w.core;
    int nb = lesson_builtin_count();
    char title[400];
    app_core_window_title(a, title, sizeof title);
    printf("  window title: %s\n", title);
    CHECK(strcmp(title, "rnnscope — Exploding gradients under a large initialization "
                        "(test_app_core_menu.md) — step 2/3") == 0, "title of the file's step 2");
    CHECK(a->menu_n == nb + 1 && strstr(a->menu_label[nb], "(test_app_core_menu.md)"),
          "the menu lists %d built-in lessons and the file (%d entries)", nb, a->menu_n);
    for (int i = 0; i < nb; i++) {
        char want[16];
        snprintf(want, sizeof want, "%d. ", i + 1);
        CHECK(strncmp(a->menu_label[i], want, strlen(want)) == 0, "entry %d: '%s'", i + 1,
              a->menu_label[i]);
    }
    front_key(&w, 'l', 0, 0);
    CHECK(a->menu && a->menu_sel == nb, "L opens the menu at the lesson shown (%d)", a->menu_sel);
    front_key(&w, FK_DOWN, 0, 0); /* the last entry stays */
    front_key(&w, FK_UP, 0, 0);
    front_key(&w, FK_UP, 0, 0);
    front_key(&w, FK_UP, 0, 0);
    CHECK(a->menu_sel == nb - 3, "Down at the end stays, Up x3 (%d)", a->menu_sel);
    front_key(&w, FK_ESCAPE, 0, 0);
    CHECK(!a->menu && a->step == 1 && !a->intro, "Esc closes the menu, the step stays");
    front_key(&w, 'l', 0, 0);
    for (int i = 0; i < 20; i++) front_key(&w, FK_UP, 0, 0);
    front_key(&w, FK_DOWN, 0, 0);
    front_key(&w, FK_DOWN, 0, 0);
    front_key(&w, '\r', 0, 0); /* Enter */
    CHECK(!a->menu && strcmp(a->lesson.source, "lessons/03-exploding.md") == 0 && a->step == 0 &&
              a->intro, "Enter opens lesson 3 at its title card (%s step %d intro %d)",
          a->lesson.source, a->step + 1, a->intro);
    app_core_window_title(a, title, sizeof title);
    printf("  window title: %s\n", title);
    CHECK(strcmp(title, "rnnscope — 3. Exploding gradients under a large initialization — "
                        "title card") == 0, "title on lesson 3's card");
    front_key(&w, FK_PAGEDOWN, 0, 0); /* the card closes */
    front_key(&w, FK_PAGEDOWN, 0, 0);
    app_core_window_title(a, title, sizeof title);
    CHECK(strcmp(title, "rnnscope — 3. Exploding gradients under a large initialization — "
                        "step 2/3") == 0, "title of lesson 3 step 2: %s", title);
    /* the mouse: the menu is drawn, the pointer rests on entry 7, a click opens it */
    front_key(&w, 'l', 0, 0);
    front_frame(&w, 0, 5);
    Rect r = w.menu_row[6];
    CHECK(r.w > 0 && r.h > 0, "entry 7 drawn (%dx%d)", r.w, r.h);
    front_mouse_move(&w, r.x + r.w / 2, r.y + r.h / 2);
    CHECK(a->menu_sel == 6, "the pointer highlights entry 7 (%d)", a->menu_sel);
    front_mouse_down(&w, r.x + r.w / 2, r.y + r.h / 2);
    CHECK(!a->menu && strcmp(a->lesson.source, "lessons/07-lstm.md") == 0 && a->intro,
          "a click opens lesson 7 (%s)", a->lesson.source);
    /* and back to the file, by the keys */
    front_key(&w, 'l', 0, 0);
    for (int i = 0; i < 20; i++) front_key(&w, FK_PAGEDOWN, 0, 0);
    front_key(&w, FK_ENTER, 0, 0);
    CHECK(strcmp(a->lesson.source, "test_app_core_menu.md") == 0 && a->step == 0,
          "the last entry opens the file again (%s)", a->lesson.source);
    /* a click outside the entries closes the menu */
    front_key(&w, 'l', 0, 0);
    front_frame(&w, 0, 5);
    front_mouse_down(&w, 2, 2);
    CHECK(!a->menu && strcmp(a->lesson.source, "test_app_core_menu.md") == 0,
          "a click beside the menu closes it");
    /* presenter mode hides the settings panel and gives it back as it was */
    app_core_act(a, ACT_PRESENTER, 0);
    CHECK(a->presenter && !a->sidebar, "P hides the settings panel");
    app_core_act(a, ACT_PRESENTER, 0);
    CHECK(!a->presenter && a->sidebar, "P again shows it");
    app_core_act(a, ACT_SIDEBAR, 0);
    app_core_act(a, ACT_PRESENTER, 0);
    app_core_act(a, ACT_PRESENTER, 0);
    CHECK(!a->sidebar, "a panel hidden before presenter mode stays hidden after");
    front_free(&w);
    remove("test_app_core_menu.md");
}

int main(void)
{
    test_message_place();
    test_play_left();
    test_loss_axis_live("6", "1", 960, 540);
    test_loss_axis_live("1", "4", 960, 540);
    test_loss_axis_live("4", "1", 960, 540);
    test_loss_axis_live("4", "1", 1920, 1080);
    test_loss_axis_live("6", "3", 1280, 720);
    test_loss_axis_live("7", "3", 1280, 720);
    test_loss_axis_live("10", "2", 1920, 1080);
    /* a readout's lines changed the plot's height mid-play (PlotHold): the top decade
     * given back at step 805 of 5/4 at 1280x720, and in 5/4, 6/2, 7/3 at 960x540 */
    test_loss_axis_live("5", "4", 1280, 720);
    test_loss_axis_live("5", "4", 960, 540);
    test_loss_axis_live("6", "2", 960, 540);
    test_loss_axis_live("7", "3", 960, 540);
    test_menu();
    test_threaded();
    test_backdrop();
    test_clicker();
    test_free_play();
    test_live();
    test_live_card(0);
    test_live_card(1);
    test_catch_up();
    /* again with every round of two or more runs shared among three threads: the
     * numbers must not change (the comparisons above are with direct runs) */
    app_job_share(3, 0);
    long before = app_job_shared_rounds();
    test_threaded();
    test_live_card(0);
    test_live_card(1);
    long shared = app_job_shared_rounds() - before;
    printf("rounds shared among 3 threads: %ld\n", shared);
    CHECK(shared > 0, "some rounds were shared (%ld)", shared);
    app_job_share(0, 0.5);
    test_lesson_paging();
    test_presenter_try();
    test_grad_mode_attention();
    test_diverged();
    test_lesson();
    test_lesson_colours();
    printf("worst difference from the direct runs: %g (must be 0)\n", worst);
    CHECK(worst == 0, "bit-identical");
    return tu_finish();
}
