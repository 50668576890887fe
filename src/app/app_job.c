/* app_job.c - the window's engine work, on a worker thread or in the caller (see
 * app_job.h). The browser build (wasm32-wasi, no threads) runs every job in the
 * caller. */
#include "app_job.h"

#include <stdlib.h>
#include <string.h>

#include "eigen.h"

#if !defined(__wasi__)
#define JOB_THREADS 1
#include <errno.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#endif

#define SHARE_MAX 4 /* threads that train one round at most (the worker and 3 more) */

typedef struct Worker {
#ifdef JOB_THREADS
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;
#endif
    int finished;  /* under mu */
    int abandoned; /* under mu */
} Worker;

static atomic_int workers; /* worker threads not yet returned */

/* How a round of training is shared among threads (app_job_share); set before jobs start. */
static int share_threads;         /* 0: one fewer than the processors online (one draws) */
static double share_min_ms = 0.5; /* a round cheaper than this is not worth a thread */
static atomic_long shared_rounds; /* rounds shared so far (tests read it) */

int app_job_workers(void)
{
    return atomic_load(&workers);
}

int app_job_threads(void)
{
#ifdef JOB_THREADS
    return 1;
#else
    return 0;
#endif
}

static void lock(AppJob *j)
{
#ifdef JOB_THREADS
    if (j->thread) pthread_mutex_lock(&((Worker *)j->thread)->mu);
#else
    (void)j;
#endif
}

static void unlock(AppJob *j)
{
#ifdef JOB_THREADS
    if (j->thread) pthread_mutex_unlock(&((Worker *)j->thread)->mu);
#else
    (void)j;
#endif
}

/* 1 once the caller has let go (then nothing outside the block may be touched). */
static int abandoned(AppJob *j)
{
    if (!j->thread) return 0;
    lock(j);
    int a = ((Worker *)j->thread)->abandoned;
    unlock(j);
    return a;
}

/* Frees the built runs of a block (slots with live set). */
static void free_runs(Run *run, const int *live, int n)
{
    for (int i = 0; i < n; i++)
        if (live[i]) run_free(&run[i]);
}

/* ---- the work ---- */

static void build(AppJob *j, int i)
{
    Run tmp;
    Error e2;
    if (run_init(&tmp, &j->cfg[i], linalg_eigenvalues, &e2)) {
        if (!j->failed) j->err = e2;
        j->failed = 1;
        if (j->live[i]) run_free(&j->run[i]);
        j->live[i] = 0;
        return;
    }
    int at;
    if (j->example[0]) (void)run_set_example(&tmp, j->example, &at, &e2);
    tmp.jacobian_norms = j->norms[i];
    if (j->live[i]) run_free(&j->run[i]);
    j->run[i] = tmp;
    j->live[i] = 1;
}

static int run_done(const AppJob *j, int i)
{
    const Run *r = &j->run[i];
    return !j->live[i] || r->diverged_at || (j->target > 0 && r->step >= j->target);
}

/* After a run's step: once every run has taken training step k (a round), the checks
 * observe it, exactly as the headless runner does. */
static void observe(AppJob *j)
{
    long lo = -1; /* progress: the step every run still training has reached */
    for (int i = 0; i < j->n; i++) {
        const Run *r = &j->run[i];
        if (j->live[i] && !r->diverged_at && (lo < 0 || r->step < lo)) lo = r->step;
    }
    if (lo >= 0) atomic_store(&j->round, lo);
    if (!j->eval_on) return;
    long k = j->eval.k + 1;
    for (int i = 0; i < j->n; i++) {
        const Run *r = &j->run[i];
        if (r->diverged_at && r->diverged_at <= k) continue;
        if (r->step != k) return; /* the round is not complete (or a run is past it) */
    }
    lock(j); /* the lesson the checks read stays while the caller holds on */
    if ((!j->thread || !((Worker *)j->thread)->abandoned) && j->eval.k < j->eval.last &&
        j->n == j->eval.step->n_runs) {
        lesson_eval_observe(&j->eval, j->run);
        j->nreadouts = lesson_readouts(&j->eval, j->readouts, PLOT_MAX_READOUTS);
    }
    unlock(j);
}

/* One training step of run i; touches nothing of the job but run i and cost[i], so
 * the runs of a round can take their steps on different threads. 1 if it diverged. */
static int step_alone(AppJob *j, int i)
{
    Run *r = &j->run[i];
    if (r->diverged_at) return 0;
    int last = j->target > 0 && r->step + 1 == j->target;
    int eval_jac = j->eval_on && j->eval_jac && r->step < j->eval.last;
    r->jacobians_every = last || j->jac || eval_jac ? 1 : 0;
    double t0 = j->clock ? j->clock() : 0;
    run_step(r);
    if (j->clock) {
        double ms = j->clock() - t0;
        j->cost[i] = j->cost[i] > 0 ? 0.7 * j->cost[i] + 0.3 * ms : ms;
    }
    return r->diverged_at != 0;
}

static void step_run(AppJob *j, int i)
{
    if (j->run[i].diverged_at) return;
    if (step_alone(j, i)) j->diverged = i;
    observe(j);
}

/* ---- a round shared among threads ---- */

typedef struct Share {
    AppJob *j;
    int run[JOB_MAX_RUNS]; /* the runs this thread steps, once each */
    int n;
    double load;           /* their recent cost, ms */
    int diverged;          /* the last of them that diverged, or -1 */
} Share;

static void *share_main(void *arg)
{
    Share *s = arg;
    for (int k = 0; k < s->n; k++)
        if (step_alone(s->j, s->run[k]) && s->run[k] > s->diverged) s->diverged = s->run[k];
    return NULL;
}

static int share_count(void)
{
    int p = share_threads;
#ifdef JOB_THREADS
    if (p <= 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        p = cpus > 1 ? (int)cpus - 1 : 1;
    }
#else
    p = 1;
#endif
    return p < 1 ? 1 : p > SHARE_MAX ? SHARE_MAX : p;
}

/* One round (a step of every run still training) shared among threads, when there
 * are threads to share it and it is worth one: the runs are independent, each step is
 * the same engine call as one by one, and the checks observe the round once it is
 * whole, so the numbers do not depend on the sharing. Returns 1 when done, 0 when the
 * caller should go one run at a time, -1 when the budget or a stop ends the burst. */
static int shared_round(AppJob *j, double t0)
{
#ifdef JOB_THREADS
    int p = share_count();
    if (p < 2 || !j->clock) return 0;
    int todo[JOB_MAX_RUNS], m = 0;
    double sum = 0;
    for (int i = 0; i < j->n; i++)
        if (!run_done(j, i)) todo[m++] = i, sum += j->cost[i];
    if (m < 2 || sum < share_min_ms) return 0; /* (a run's first steps: cost not known yet) */
    if (p > m) p = m;
    Share sh[SHARE_MAX];
    for (int s = 0; s < p; s++) sh[s] = (Share){.j = j, .diverged = -1};
    for (int k = 0; k < m; k++) { /* the costliest first, each to the least loaded */
        int best = k;
        for (int q = k + 1; q < m; q++)
            if (j->cost[todo[q]] > j->cost[todo[best]]) best = q;
        int i = todo[best];
        todo[best] = todo[k];
        todo[k] = i;
        int to = 0;
        for (int s = 1; s < p; s++)
            if (sh[s].load < sh[to].load) to = s;
        sh[to].run[sh[to].n++] = i;
        sh[to].load += j->cost[i];
    }
    double longest = 0;
    for (int s = 0; s < p; s++) longest = sh[s].load > longest ? sh[s].load : longest;
    if (j->steps > 0 && (j->clock() - t0 + longest > j->budget_ms || atomic_load(&j->stop)))
        return -1;
    pthread_t th[SHARE_MAX];
    int started[SHARE_MAX] = {0};
    for (int s = 1; s < p; s++) started[s] = pthread_create(&th[s], NULL, share_main, &sh[s]) == 0;
    share_main(&sh[0]);
    for (int s = 1; s < p; s++) {
        if (started[s]) pthread_join(th[s], NULL);
        else share_main(&sh[s]); /* no thread: here, after the others */
    }
    for (int s = 0; s < p; s++) {
        j->steps += sh[s].n;
        if (sh[s].diverged > j->diverged) j->diverged = sh[s].diverged;
    }
    atomic_fetch_add(&shared_rounds, 1);
    observe(j);
    return 1;
#else
    (void)j;
    (void)t0;
    return 0;
#endif
}

void app_job_share(int threads, double min_ms)
{
    share_threads = threads;
    share_min_ms = min_ms;
}

long app_job_shared_rounds(void)
{
    return atomic_load(&shared_rounds);
}

/* A burst of training: round-robin, one step of each run per round, as far as the
 * pace (credit) and the budget allow; at least one step when one is due. */
static void burst(AppJob *j)
{
    double t0 = j->clock ? j->clock() : 0;
    for (int guard = 0; guard < 100000 && j->n > 0; guard++) {
        if (j->next == 0) {
            int done = 1;
            for (int i = 0; i < j->n; i++) done &= run_done(j, i);
            if (done) {
                j->done = 1;
                break;
            }
            if (j->speed > 0 && j->credit < 1) break;
            int shared = shared_round(j, t0);
            if (shared < 0) break;
            if (j->speed > 0) j->credit -= 1;
            if (shared) continue;
        }
        int i = j->next;
        if (!run_done(j, i)) {
            if (j->steps > 0 && (!j->clock || j->clock() - t0 + j->cost[i] > j->budget_ms)) break;
            if (j->steps > 0 && atomic_load(&j->stop)) break;
            step_run(j, i);
            j->steps++;
        }
        j->next = (j->next + 1) % j->n;
    }
}

void app_job_run(AppJob *j)
{
    j->failed = 0;
    j->steps = 0;
    j->done = 0;
    j->diverged = -1;
    int ord = 0;
    for (int i = 0; i < j->n; i++) {
        if (j->op[i] == JOB_KEEP) continue;
        if (abandoned(j)) return;
        atomic_store(&j->building, ++ord);
        if (j->op[i] == JOB_BUILD) build(j, i);
        else if (j->live[i]) run_reset(&j->run[i]);
    }
    atomic_store(&j->building, 0);
    if (abandoned(j)) return;
    if (j->once) { /* N: one step of every run, with the Jacobians */
        int jac = j->jac;
        j->jac = 1;
        for (int i = 0; i < j->n; i++)
            if (j->live[i]) step_run(j, i), j->steps++;
        j->jac = jac;
        j->next = 0;
    } else if (j->even) { /* the round a budget or a pause cut short, completed */
        long top = 0;
        for (int i = 0; i < j->n; i++)
            if (j->live[i] && j->run[i].step > top) top = j->run[i].step;
        int jac = j->jac;
        j->jac = 1; /* their last step, as N's */
        for (int i = 0; i < j->n; i++)
            if (j->live[i] && j->run[i].step == top - 1) step_run(j, i), j->steps++;
        j->jac = jac;
        j->next = 0;
    } else if (j->train) {
        burst(j);
    }
}

/* ---- the worker ---- */

#ifdef JOB_THREADS
static void *worker_main(void *arg)
{
    AppJob *j = arg;
    Worker *w = j->thread;
    app_job_run(j);
    pthread_mutex_lock(&w->mu);
    w->finished = 1;
    int gone = w->abandoned;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    if (gone) { /* nobody will come back for it */
        free_runs(j->run, j->live, j->n);
        free(j->run);
        pthread_cond_destroy(&w->cv);
        pthread_mutex_destroy(&w->mu);
        free(w);
        free(j);
    }
    atomic_fetch_sub(&workers, 1);
    return NULL;
}
#endif

int app_job_start(AppJob *j)
{
    j->thread = NULL;
    atomic_store(&j->stop, 0);
    atomic_store(&j->building, 0);
#ifdef JOB_THREADS
    Worker *w = calloc(1, sizeof *w);
    if (!w) return -1;
    if (pthread_mutex_init(&w->mu, NULL) != 0) {
        free(w);
        return -1;
    }
    if (pthread_cond_init(&w->cv, NULL) != 0) {
        pthread_mutex_destroy(&w->mu);
        free(w);
        return -1;
    }
    j->thread = w;
    atomic_fetch_add(&workers, 1);
    if (pthread_create(&w->th, NULL, worker_main, j) != 0) {
        atomic_fetch_sub(&workers, 1);
        j->thread = NULL;
        pthread_cond_destroy(&w->cv);
        pthread_mutex_destroy(&w->mu);
        free(w);
        return -1;
    }
    return 0;
#else
    return -1;
#endif
}

int app_job_finished(AppJob *j)
{
    if (!j->thread) return 1;
    lock(j);
    int f = ((Worker *)j->thread)->finished;
    unlock(j);
    return f;
}

int app_job_wait(AppJob *j, double wait_ms)
{
#ifdef JOB_THREADS
    if (!j->thread) return 1;
    Worker *w = j->thread;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    long ns = until.tv_nsec + (long)(wait_ms * 1e6);
    until.tv_sec += ns / 1000000000L;
    until.tv_nsec = ns % 1000000000L;
    pthread_mutex_lock(&w->mu);
    int rc = 0;
    while (!w->finished && rc != ETIMEDOUT) rc = pthread_cond_timedwait(&w->cv, &w->mu, &until);
    int f = w->finished;
    pthread_mutex_unlock(&w->mu);
    return f;
#else
    (void)j;
    (void)wait_ms;
    return 1;
#endif
}

int app_job_settle(AppJob *j, double wait_ms)
{
    atomic_store(&j->stop, 1);
    return app_job_wait(j, wait_ms);
}

void app_job_finish(AppJob *j)
{
#ifdef JOB_THREADS
    Worker *w = j->thread;
    if (w) {
        pthread_join(w->th, NULL);
        pthread_cond_destroy(&w->cv);
        pthread_mutex_destroy(&w->mu);
        free(w);
    }
#endif
    j->thread = NULL;
}

void app_job_abandon(AppJob *j)
{
#ifdef JOB_THREADS
    Worker *w = j->thread;
    if (w) {
        atomic_store(&j->stop, 1);
        pthread_mutex_lock(&w->mu);
        w->abandoned = 1;
        int fin = w->finished;
        pthread_mutex_unlock(&w->mu);
        if (!fin) { /* the worker frees everything when its engine call returns */
            pthread_detach(w->th);
            return;
        }
        app_job_finish(j);
    }
#endif
    free_runs(j->run, j->live, j->n);
    free(j->run);
    free(j);
}
