/* work_limit.c - the limits shared by the command line, the sidecar and the lesson
 * parser (work_limit.h). */
#include "work_limit.h"

#include "cells.h"

const CliLimit cli_limits[CLI_LIMITS] = {
    [CLI_LIMIT_STEPS] = {"--steps", 0, CLI_MAX_STEPS},
    [CLI_LIMIT_STEP] = {"--step", 1, 1000},
    [CLI_LIMIT_WIDTH] = {"--size", 320, 7680},
    [CLI_LIMIT_HEIGHT] = {"--size", 240, 4320},
    [CLI_LIMIT_BENCH_FRAMES] = {"--bench-frames", 1, 1000000},
};

double cli_run_work(const Config *c)
{
    double I = 64, O = 16; /* bounds of every task's input and output sizes */
    double H = c->hidden, T = c->seq_len, B = c->batch;
    double per_token;
    if (c->cell == CELL_ATTENTION) { /* embedding, per layer Q K V O, feed-forward, scores */
        double E = H, F = c->ff;
        per_token = I * E + O * E + c->layers * (4 * E * E + 2 * F * E + 2 * T * E);
    } else {
        double G = cell_of(c->cell)->gates;
        double D = c->bidirectional ? 2 : 1;
        per_token = D * (G * H * (I + H) + O * H);
    }
    return 3 * B * T * per_token;
}

int cli_work_check(const Config *const *cfgs, int n, long steps, Error *err)
{
    double step = 0;
    for (int i = 0; i < n; i++) step += cli_run_work(cfgs[i]);
    double work = step * (double)steps;
    if (work <= CLI_MAX_WORK) return 0;
    return error_set(err, "%ld steps of %s need about %.2g multiply-adds (%.2g a step; allowed: at "
                          "most %.0e); lower steps, hidden, seq_len or batch",
                     steps, n == 1 ? "this run" : "these runs", work, step, CLI_MAX_WORK);
}
