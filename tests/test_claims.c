/* test_claims.c - what the lessons claim about the tasks, measured with the
 * shared defaults (Adam 0.01, hidden 32, batch 32, norm clipping at 1; the only
 * difference between two runs is the cell or the direction):
 *  - kerala, seq_len 40: an LSTM reaches >= 95% accuracy within 3000 steps, a
 *    tanh RNN stays <= 60% (mean accuracy over its last 100 of 3000 steps);
 *  - mouse: a bidirectional RNN reaches >= 95%, a unidirectional one stays
 *    within 0.08 of chance (1/4) over its last 500 steps;
 *  - clouds: RNN, LSTM and GRU all reach >= 95%.
 * Accuracy "reached" = mean batch accuracy over 20 consecutive steps (batches
 * are fresh samples, so this is held-out accuracy). Two seeds each. */
#include <math.h>

#include "run.h"
#include "testutil.h"

/* trains up to max_steps; returns the first step at which the mean accuracy of
 * the last 20 steps >= 0.95 (0 if never), and the mean over the last `tail` steps */
static long train(const Config *c, long max_steps, int stop_early, int tail, double *tail_mean)
{
    Run r;
    Error err;
    if (run_init(&r, c, NULL, &err)) {
        printf("run_init: %s\n", err.msg);
        return -1;
    }
    r.jacobians_every = 0;
    double win[20] = {0}, sum = 0, tsum = 0;
    long reached = 0;
    for (long s = 1; s <= max_steps; s++) {
        if (run_step(&r)) break;
        double a = r.diag.accuracy;
        sum += a - win[s % 20];
        win[s % 20] = a;
        if (s > max_steps - tail) tsum += a;
        if (!reached && s >= 20 && sum / 20 >= 0.95) {
            reached = s;
            if (stop_early) break;
        }
    }
    *tail_mean = tsum / tail;
    run_free(&r);
    return reached;
}

int main(void)
{
    for (uint64_t seed = 1; seed <= 2; seed++) {
        Config c;
        config_default(&c);
        c.task = TASK_KERALA, c.seq_len = 40, c.seed = seed;
        double m;
        c.cell = CELL_LSTM;
        long at = train(&c, 3000, 1, 1, &m);
        printf("kerala T=40 seed %llu: LSTM reached 95%% at step %ld\n", (unsigned long long)seed, at);
        CHECK(at > 0 && at <= 3000, "LSTM did not reach 95%% within 3000 steps (seed %llu)",
              (unsigned long long)seed);
        c.cell = CELL_RNN, c.activation = ACT_TANH;
        at = train(&c, 3000, 0, 100, &m);
        printf("kerala T=40 seed %llu: tanh RNN mean accuracy over steps 2901-3000 = %.3f (chance 0.125)\n",
               (unsigned long long)seed, m);
        CHECK(m <= 0.60, "tanh RNN reached %.3f > 0.60 (seed %llu)", m, (unsigned long long)seed);

        config_default(&c);
        c.task = TASK_MOUSE, c.seq_len = 16, c.seed = seed, c.bidirectional = 1;
        at = train(&c, 3000, 1, 1, &m);
        printf("mouse seed %llu: bidirectional tanh RNN reached 95%% at step %ld\n",
               (unsigned long long)seed, at);
        CHECK(at > 0, "bidirectional RNN did not reach 95%% on mouse (seed %llu)", (unsigned long long)seed);
        c.bidirectional = 0;
        train(&c, 1500, 0, 500, &m);
        printf("mouse seed %llu: unidirectional mean accuracy over steps 1001-1500 = %.3f (chance 0.25)\n",
               (unsigned long long)seed, m);
        CHECK(fabs(m - 0.25) <= 0.08, "unidirectional RNN at %.3f, not near chance", m);

        for (int cell = 0; cell < 3; cell++) {
            config_default(&c);
            c.task = TASK_CLOUDS, c.seq_len = 20, c.seed = seed, c.cell = (CellKind)cell;
            at = train(&c, 3000, 1, 1, &m);
            printf("clouds T=20 seed %llu: %s reached 95%% at step %ld\n", (unsigned long long)seed,
                   cell_name((CellKind)cell), at);
            CHECK(at > 0, "%s did not learn clouds", cell_name((CellKind)cell));
        }
    }
    return tu_finish();
}
