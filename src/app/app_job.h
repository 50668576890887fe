/* app_job.h - private to src/app: the engine work of the window (building runs,
 * resetting them to their seed, training a burst of steps), done by a worker thread
 * so that the window never waits for it, or in the caller (tests, the browser page,
 * which has no threads). Either way the same function does the work, so the numbers
 * do not depend on where it ran.
 *
 * Ownership: from app_job_start until app_job_finish (or app_job_abandon) the job
 * owns its block of runs, its LessonEval and its training state; the caller touches
 * none of them. A job asked to stop stops after the engine call under way (one
 * run_step or run_init: the engine cannot be interrupted inside one). An abandoned
 * job frees its block itself when that call returns, so the window can go on (or
 * quit) at once with new runs. */
#ifndef RNNSCOPE_APP_JOB_H
#define RNNSCOPE_APP_JOB_H

#include <stdatomic.h>

#include "lesson_run.h"
#include "plot.h"
#include "run.h"

#define JOB_MAX_RUNS PLOT_MAX_RUNS

enum { JOB_KEEP, JOB_RESET, JOB_BUILD }; /* what a job first does to each run */

typedef struct AppJob {
    /* ---- the work, filled in by app_core before app_job_start ---- */
    Run *run;                        /* (JOB_MAX_RUNS) block, slots [0, n) */
    int n;
    int op[JOB_MAX_RUNS];            /* JOB_KEEP, JOB_RESET or JOB_BUILD */
    int live[JOB_MAX_RUNS];          /* slot holds a built run (kept up to date) */
    Config cfg[JOB_MAX_RUNS];        /* JOB_BUILD: the run to build */
    int norms[JOB_MAX_RUNS];         /* JOB_BUILD: run.jacobian_norms (a lesson's runs keep 1) */
    char example[LESSON_EXAMPLE_MAX]; /* JOB_BUILD: the sentence to pin ("" = none) */
    int once;                        /* then one step of every run (N), Jacobians included */
    int even;                        /* or every run one step behind the others takes it */
    int train;                       /* or else a burst of training: */
    double budget_ms;                /* for at most this long (at least one step) */
    double speed;                    /* rounds a second (0 = as many as the budget allows) */
    double credit;                   /* rounds owed by the pace (speed > 0) */
    long target;                     /* stop every run at this step (0 = none) */
    int jac;                         /* every step computes the Jacobian diagnostics */
    int eval_jac;                    /* ...while a check of the step still needs them */
    int eval_on;                     /* observe eval after every round */
    LessonEval eval;
    PlotReadout readouts[PLOT_MAX_READOUTS];
    int nreadouts;
    double cost[JOB_MAX_RUNS];       /* recent ms per step of each run */
    int next;                        /* round-robin: the run to step next */
    double (*clock)(void);           /* ms; may be NULL (then no budget: one step) */
    /* ---- what happened (read after app_job_finish) ---- */
    int failed;                      /* a build failed: err says why; that slot is empty */
    Error err;
    int steps;                       /* run_step calls */
    int done;                        /* every run is at the target or diverged */
    int diverged;                    /* the last run that diverged in this job, or -1 */
    /* ---- between the threads ---- */
    atomic_int stop;                 /* stop after the engine call under way */
    int nbuild;                      /* runs to build or reset (op != JOB_KEEP) */
    atomic_int building;             /* the how-manieth of them is under way, 0 if none */
    atomic_long round;               /* training steps every run has taken (progress) */
    double started_ms;
    void *thread;                    /* the worker (NULL: ran in the caller) */
} AppJob;

/* 1 if this build can run jobs on a worker thread. */
int app_job_threads(void);

/* Worker threads still running (abandoned ones included): tests wait for 0. */
int app_job_workers(void);

/* How a round of training (a step of every run) is shared: among at most `threads`
 * threads (0: one fewer than the processors online, at most 4; 1: the worker alone),
 * when the round's recent cost is at least min_ms (default 0.5). Tests share every
 * round; the numbers are the same either way. Call before any job starts. */
void app_job_share(int threads, double min_ms);

/* Rounds shared among threads so far, in this process. */
long app_job_shared_rounds(void);

/* Does the job now, in the caller. */
void app_job_run(AppJob *j);

/* Starts j on a worker thread (j must stay put until app_job_finish or
 * app_job_abandon: allocate it). Returns 0, or -1 if no thread could be started
 * (then nothing happened: run it with app_job_run). */
int app_job_start(AppJob *j);

/* 1 if the job has finished (or never started on a thread). */
int app_job_finished(AppJob *j);

/* Waits up to wait_ms for the job to finish. Returns app_job_finished. */
int app_job_wait(AppJob *j, double wait_ms);

/* Asks the job to stop after the engine call under way, and waits up to wait_ms for
 * it to finish. Returns app_job_finished. */
int app_job_settle(AppJob *j, double wait_ms);

/* Joins the finished worker. The job's results and block are the caller's again. */
void app_job_finish(AppJob *j);

/* Lets go of a started job at once: it stops after the engine call under way and
 * frees its block of runs and itself (j was allocated with malloc). The caller must
 * not touch j, its block or its eval again. */
void app_job_abandon(AppJob *j);


#endif
