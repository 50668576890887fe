/* test_soak.c - a long run: four runs (tanh RNN, LSTM, GRU, bidirectional ReLU RNN,
 * as the window trains them) for STEPS training steps each (default 100000), with
 * every diagnostic (Jacobians, sigma_max, LAPACK eigenvalues) every step, the bounded
 * history halving itself again and again, and a run_reset of one run every 25000
 * steps (what entering a lesson step does).
 *
 * Checks:
 *   - resident memory (VmRSS) after all steps is within 5% of that after 1000 steps:
 *     nothing grows with the number of steps (the history is bounded, a step
 *     allocates nothing, LAPACK's scratch is returned);
 *   - every run trained every step without diverging, and its history holds
 *     between cap/2 and cap entries;
 *   - no leak: in a LeakSanitizer build (-Db_sanitize=leak or address) the process
 *     fails at exit if anything is left unreachable.
 * Under AddressSanitizer the RSS is printed but not compared (its quarantine of freed
 * blocks grows by design); .ci/run measures RSS in a LeakSanitizer-only build.
 *
 * Usage: test_soak [STEPS]         (RNNSCOPE_SOAK_STEPS also sets STEPS)
 *        test_soak --leak-on-purpose  leaks one block: shows the leak check can fail
 *        test_soak --grow-on-purpose  keeps 1 KiB per step: shows the RSS check can fail */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "eigen.h"
#include "run.h"
#include "testutil.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

static double rss_mib(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long size = 0, resident = 0;
    if (!f) return -1;
    if (fscanf(f, "%ld %ld", &size, &resident) != 2) resident = -1;
    fclose(f);
    return resident < 0 ? -1 : (double)resident * (double)sysconf(_SC_PAGESIZE) / 1048576.0;
}

int main(int argc, char **argv)
{
    long steps = 100000;
    int grow = 0;
    const char *env = getenv("RNNSCOPE_SOAK_STEPS");
    if (env) steps = atol(env);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--leak-on-purpose") == 0) {
            void *volatile p = malloc(4096);
            memset(p, 1, 4096);
            p = NULL;
            printf("leaked 4096 bytes on purpose: a leak checker must fail this process\n");
            return 0;
        } else if (strcmp(argv[i], "--grow-on-purpose") == 0) {
            grow = 1;
        } else {
            steps = atol(argv[i]);
        }
    }
    if (steps < 2000) steps = 2000;
    static const char *const sets[4][6] = {
        {"task=kerala", "cell=rnn", "activation=tanh", NULL},
        {"task=kerala", "cell=lstm", NULL},
        {"task=adding", "cell=gru", NULL},
        {"task=mouse", "cell=rnn", "activation=relu", "bidirectional=1", "init=identity", NULL},
    };
    Run runs[4];
    Error err;
    for (int i = 0; i < 4; i++) {
        Config c;
        config_default(&c);
        c.hidden = 6, c.batch = 2, c.seq_len = 12;
        for (int k = 0; sets[i][k]; k++)
            if (config_set_pair(&c, sets[i][k], &err)) return printf("%s\n", err.msg), 1;
        if (run_init(&runs[i], &c, linalg_eigenvalues, &err)) return printf("%s\n", err.msg), 1;
    }
    char *hog = NULL;
    double rss_1000 = 0, t0 = clock_now_s();
    long reset_steps = 0;
    for (long s = 1; s <= steps; s++) {
        for (int i = 0; i < 4; i++) run_step(&runs[i]);
        if (s % 25000 == 0 && s < steps) {
            reset_steps += runs[s / 25000 % 4].step;
            run_reset(&runs[s / 25000 % 4]);
        }
        if (grow) {
            char *h = realloc(hog, (size_t)s * 1024);
            if (h) {
                hog = h;
                memset(hog + (s - 1) * 1024, 1, 1024);
            }
        }
        if (s == 1000 || s % 20000 == 0 || s == steps) {
            printf("step %6ld: RSS %.2f MiB (%.1f s)\n", s, rss_mib(), clock_now_s() - t0);
            fflush(stdout);
        }
        if (s == 1000) rss_1000 = rss_mib(); /* after the first printf's buffer */
    }
    double rss_end = rss_mib();
    long trained = reset_steps;
    for (int i = 0; i < 4; i++) {
        const Run *r = &runs[i];
        trained += r->step;
        CHECK(r->diverged_at == 0, "%s diverged at step %ld (%s)", r->label, r->diverged_at,
              r->diverged_why);
        CHECK(r->hist.n >= r->hist.cap / 2 - 1 && r->hist.n <= r->hist.cap,
              "%s: history holds %d of %d entries", r->label, r->hist.n, r->hist.cap);
    }
    CHECK(trained == 4 * steps, "%ld training steps taken, want %ld", trained, 4 * steps);
    double change = (rss_end - rss_1000) / rss_1000;
    printf("%ld steps x 4 runs in %.1f s; RSS after 1000 steps %.2f MiB, after %ld steps %.2f MiB "
           "(%+.2f%%, limit 5%%)\n", steps, clock_now_s() - t0, rss_1000, steps, rss_end,
           100 * change);
    if (UNDER_ASAN) {
        printf("AddressSanitizer build: RSS not compared (its quarantine grows by design)\n");
    } else {
        CHECK(rss_1000 > 0 && fabs(change) <= 0.05, "resident memory changed by %+.1f%%", 100 * change);
    }
    for (int i = 0; i < 4; i++) run_free(&runs[i]);
    free(hog);
    return tu_finish();
}
