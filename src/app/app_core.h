/* app_core.h - private to src/app: the window's state without SDL. The runs being
 * compared, the lesson step they come from, what the dashboard shows (PlotView),
 * and the pace of training. The window turns keys and clicks into app_core_act
 * calls and calls app_core_tick once a frame; tests drive the same functions.
 *
 * Determinism: what a run shows at training step k depends only on its Config
 * (seed included), never on frame timing: time only decides how many steps a
 * frame takes. */
#ifndef RNNSCOPE_APP_CORE_H
#define RNNSCOPE_APP_CORE_H

#include <stddef.h>

#include "app.h"
#include "lesson.h"
#include "lesson_run.h"
#include "plot.h"
#include "run.h"

struct AppJob;

#define APP_MAX_RUNS PLOT_MAX_RUNS /* runs compared side by side (keys 1-8) */
#define APP_MSG_MAX 256

typedef enum {
    ACT_PLAY,         /* play / pause */
    ACT_STEP,         /* one training step of every run, then pause */
    ACT_BACKWARD,     /* backward cursor one timestep further back (T-1 .. 0, then off) */
    ACT_RESET,        /* back to the seed (a lesson step trains its steps again) */
    ACT_NEW_SEED,     /* every run: next seed, back to step 0 */
    ACT_FASTER,
    ACT_SLOWER,
    ACT_THEME,
    ACT_HELP,
    ACT_PRESENTER,
    ACT_GRAD_MODE,    /* cycle ||dL/dh_t||, ||dh_T/dh_t||, W_hh contributions */
    ACT_NEXT,         /* next lesson step */
    ACT_PREV,
    ACT_TOGGLE_RUN,   /* arg: run index; show / hide */
    ACT_SELECT,       /* arg: run index the settings apply to, -1 = all runs */
    ACT_SIDEBAR,      /* show / hide the settings panel */
    ACT_ADD_RUN,      /* a copy of the selected run (or the last one) */
    ACT_REMOVE_RUN,   /* the selected run (or the last one) */
    ACT_DISMISS,      /* close the lesson's title card */
    ACT_FEATURE,      /* arg: run the sentence strip and heatmap show first; -1 = the next */
    ACT_END,          /* a lesson step played live: train the rest at once, to its end */
    ACT_MAX_SPEED,    /* as fast as the window allows, and back to the pace before */
    ACT_TIPS,         /* tooltips on / off (off by default in presenter mode) */
    ACT_MENU,         /* the lesson menu on / off */
    ACT_MENU_MOVE,    /* arg: the menu's highlight that many entries down (up if < 0) */
    ACT_MENU_POINT,   /* arg: the entry to highlight (the mouse is on it) */
    ACT_MENU_OPEN,    /* arg: the entry to open at its title card, -1 = the highlighted one */
} AppAction;

/* A setting the settings panel offers: a config key with a place in the panel
 * (ConfigSetting in config.h, its row of config_table). Either choices (shown as
 * segments when `segments`, else stepped through) or a ladder of numbers to step
 * through. */
typedef struct AppSetting {
    const char *key;      /* config key */
    const char *label;    /* shown to the left of the control */
    int nchoice;
    const char *const *choice;       /* config values */
    const char *const *choice_label; /* what the buttons say */
    int segments;
    int nladder;
    const double *ladder; /* increasing */
} AppSetting;

/* Setting s, 0 <= s < app_settings_count(), in the panel's order (the table is built
 * from config_table on first use; static, not owned by the caller). */
const AppSetting *app_setting(int s);
/* How many settings the panel offers. */
int app_settings_count(void);
/* The settings panel shows settings [0, APP_PAGE_SPLIT) on its first page, the rest
 * (hidden units, forget bias, directions, optimizer, task) on the second. */
#define APP_PAGE_SPLIT 8

/* Training pace: steps per second of each run; 0 = as fast as the frame allows. Free
 * play starts at APP_CLASS_SPEED, a pace a class can follow the curves at; M
 * switches to the fastest and back. */
extern const double app_speeds[];
extern const int app_nspeeds;
#define APP_CLASS_SPEED 10

#define APP_MENU_MAX 24 /* entries of the lesson menu */

typedef struct AppCore {
    int has_lesson;
    Lesson lesson;
    int settings_page;          /* 0: first page of settings, 1: second */
    int step;                   /* lesson step shown (0-based) */
    int n;                      /* runs */
    Run *run;                   /* (APP_MAX_RUNS) the runs; a job's while it runs */
    Run *rp[APP_MAX_RUNS];      /* &run[i], for plot_dashboard */
    Config cfg[APP_MAX_RUNS];   /* each run's settings, also while a job builds it */
    int live[APP_MAX_RUNS];     /* run[i] is built */
    int norms[APP_MAX_RUNS];    /* run[i].jacobian_norms (a lesson's runs: 1, see app_core_enter) */
    /* Threaded (the window): engine work runs on a worker (app_job.c) and the
     * window never waits for it. While `job` is set, the job owns run[], eval,
     * readouts, cost, next and credit: nothing else reads them (see app_core_ready). */
    int threaded;
    struct AppJob *job;
    int pend[APP_MAX_RUNS];     /* JOB_* still to do to each run before it trains */
    int lesson_labels;          /* the runs pending are the lesson step's: its labels */
    double owed_dt;             /* seconds of pace not yet turned into credit */
    long shown_step;            /* largest training step, as of the last job */
    long trained;               /* run_step calls taken in so far (the frame benchmark) */
    struct AppJob *spare;       /* the job to use next (no allocation per frame) */
    int step_once;              /* threaded: N asked for one step of every run */
    double (*clock)(void);      /* threaded: the clock jobs are timed by (ms) */
    PlotView view;
    PlotHold loss_hold;         /* a step played live: its loss axis so far (view.loss_hold) */
    int playing;
    long target;                /* train every run to this step, then pause; 0 = none */
    int rush;                   /* End: a step played live trains the rest at once */
    int behind;                 /* the last burst left rounds its pace owed (the worker is slower) */
    int speed;                  /* index into app_speeds */
    int speed_back;             /* M: the pace to go back to */
    int tips;                   /* tooltips: -1 outside presenter mode only, 0 never, 1 always */
    double credit;              /* training rounds owed by the pace (speed > 0) */
    int next;                   /* round-robin: the run to step next */
    double cost[APP_MAX_RUNS];  /* recent ms per step of each run (to fit the budget) */
    int sel;                    /* run the settings apply to, -1 = all runs */
    int sweep;                  /* 1: the backward cursor is animating toward t = 0 */
    double sweep_acc;
    int help, sidebar, presenter;
    int sidebar_back;           /* the sidebar before presenter mode hid it */
    int intro;                  /* the lesson's title card (title and intro) is shown */
    int menu;                   /* the lesson menu (L) is shown */
    int menu_sel;               /* its highlighted entry */
    int menu_n;                 /* its entries: the built-in lessons, then the lesson file
                                 * given on the command line (if one was) */
    char menu_label[APP_MENU_MAX][160]; /* "3. Exploding gradients under a large ..." */
    char menu_file[1024];       /* that lesson file ("" if none) */
    int debug;                  /* print a state line after each action */
    char title[300];            /* the dashboard's title: a step played live says how far it
                                 * is and how long is left ("step 226 of 300, ~12 s left") */
    char title_plain[300];      /* the same without that (what an export shows) */
    double rate_t;              /* seconds of a live play measured since rate_k */
    long rate_k;                /* the training step then */
    double rate;                /* measured training steps a second of the play, 0 = not yet */
    char caption[2048];         /* narration, then "Try this: ..." */
    size_t narration_len;       /* caption[0..narration_len) is the narration alone */
    int caption_pages;          /* pages the caption needs in the window (set when drawn) */
    LessonEval eval;            /* the step's checks, observed after every round of steps */
    int eval_on;                /* 1 while the runs are the step's own (same number) */
    PlotReadout readouts[PLOT_MAX_READOUTS]; /* the step's readouts, as measured so far */
    const char *try_this;       /* the step's "try this" (NULL if none) */
    char msg[APP_MSG_MAX];      /* a message for the window to show (errors, saved files) */
    unsigned long msg_gen;      /* bumped when msg changes */
    unsigned long gen;          /* bumped whenever what is drawn changes */
} AppCore;

/* Threaded: starts the engine work due (pending builds, or a burst of training of
 * at most budget_ms) if none is under way. Call after drawing. clock: ms. */
void app_core_kick(AppCore *a, double budget_ms, double (*clock)(void));
/* RNNSCOPE_DEBUG (tests): does the engine work an action asked for (waiting up to 10 s),
 * so that the state line printed after it tells its outcome. */
void app_core_debug_settle(AppCore *a);
/* 1 if the runs can be read (drawn, picked): no job holds them and none is pending. */
int app_core_ready(const AppCore *a);
/* What the engine is busy with, for the window ("preparing step 3: 40 of 300
 * training steps"), or "" when there is nothing to tell. now_ms: the clock. */
void app_core_progress(const AppCore *a, double now_ms, char *buf, size_t n);
/* Threaded: waits up to wait_ms for the job under way to stop after its engine call;
 * 1 if the runs are the caller's now. */
int app_core_settle(AppCore *a, double wait_ms);

/* Builds the state from the spec: a lesson (s->lesson, or built-in lesson 1 when
 * nothing else is asked for) entered at s->step, or free play with the spec's runs.
 * Returns 0, or -1 with err set (bad lesson, bad step, run too big). */
int app_core_init(AppCore *a, const AppSpec *s, Error *err);
/* The same, threaded from the start when threaded = 1 and threads are available: runs
 * are then built, reset and trained by app_core_kick on a worker thread. */
int app_core_open(AppCore *a, const AppSpec *s, int threaded, Error *err);
void app_core_free(AppCore *a);

/* Applies one action (see AppAction; arg for the run actions). */
void app_core_act(AppCore *a, AppAction act, int arg);

/* Trains for at most budget_ms (as measured by clock(), in ms) and as far as the pace
 * allows after dt seconds of wall time; also animates the backward cursor. Returns 1
 * if anything visible changed. At least one step is taken when one is due, so a
 * step longer than the budget still makes progress. Threaded: takes in what the
 * finished job did (training happens in app_core_kick). */
int app_core_tick(AppCore *a, double dt, double budget_ms, double (*clock)(void));

/* Trains `steps` rounds (every run one step) right away, ignoring time; for tests
 * and the benchmark. */
void app_core_train(AppCore *a, long steps);
/* Completes the round of training a frame's budget or a pause cut short: every run one
 * step behind the others takes that step, so that all are at one training step (what
 * an export's sidecar records). 1 if they are now (diverged runs aside), 0 if some
 * run is further behind (nothing is trained then). */
int app_core_even(AppCore *a);

/* Enters lesson step i (0-based): its runs at their seed, its view, and its training
 * target. Returns 0, or -1 (err) if a run could not be built; the old step stays. */
int app_core_enter(AppCore *a, int i, Error *err);

/* Settings: sets KEY=VALUE on the selected run (or every run) and restarts each run it
 * changed from its seed. 0, or -1 with err (nothing changed then). */
int app_core_set(AppCore *a, const char *key, const char *value, Error *err);
/* Setting s: choice c, or one rung up (dir = +1) / down (-1) its ladder or choices. */
int app_core_choose(AppCore *a, int s, int c, Error *err);
int app_core_nudge(AppCore *a, int s, int dir, Error *err);
/* The value setting s has on the selected run(s) as text; *mixed = 1 if the
 * selected runs differ (the first one's value is given). Returns the choice index
 * or -1 for numbers. */
int app_core_value(const AppCore *a, int s, char *buf, size_t n, int *mixed);
/* 1 if setting s means something for the selected run(s) (activation: RNN only,
 * threshold: clipping on). */
int app_core_enabled(const AppCore *a, int s);

/* Shows the "try this" in the caption (1) or leaves it out of it (0: the settings
 * panel shows it). */
void app_core_caption_try(AppCore *a, int with_try);
/* Refreshes the title (after steps or a step change). */
void app_core_texts(AppCore *a);
/* 1 while a lesson step plays live toward its end (paced, not behind its title card). */
int app_core_playing_live(const AppCore *a);
/* Seconds a live play still needs at the rate measured so far; NaN before a second of
 * it has been measured, or when it does not play live. */
double app_core_play_left(const AppCore *a);
/* Largest T among the visible runs (for the backward cursor). */
int app_core_max_T(const AppCore *a);
/* Steps a second the runs train at now: the lesson step's pace while one sets it
 * (app_core_lesson_paced; 0 = at once), else the speed keys' (0 = as fast as it goes). */
double app_core_pace(const AppCore *a);
int app_core_lesson_paced(const AppCore *a);
/* Largest training step among the runs. */
long app_core_max_step(const AppCore *a);
/* One line of state: "step=12,12 loss=0.693147,0.701234 playing=0 cursor=-1 ..." */
void app_core_state_line(const AppCore *a, char *buf, size_t n);
/* Sets the message the window shows (printf-style). */
void app_core_msg(AppCore *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* The window's title: the lesson and the step, "rnnscope — 3. Exploding gradients ... —
 * step 2/3" ("— title card" on it), or "rnnscope — free play". */
void app_core_window_title(const AppCore *a, char *buf, size_t n);
/* The menu entry of the lesson shown, -1 in free play. */
int app_core_menu_current(const AppCore *a);

/* 1 if tooltips are shown now (a->tips, presenter mode). */
int app_core_tips(const AppCore *a);

#endif
