/* main.c - the command line: parse, then hand over to headless training,
 * trace export, PNG export, lessons or the window. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "cli.h"
#include "eigen.h"
#include "headless.h"
#include "run.h"
#include "trace.h"

static int fail(const char *msg, int status)
{
    fprintf(stderr, "rnnscope: %s\n", msg);
    return status;
}

static int train_headless(const Options *o, long steps)
{
    int n = o->n_runs ? o->n_runs : 1;
    Run *runs = calloc((size_t)n, sizeof *runs);
    if (!runs) return fail("out of memory", 1);
    Error err;
    int status = 0, built = 0;
    for (; built < n; built++) {
        Config c;
        if (cli_run_config(o, built, &c, &err) || run_init(&runs[built], &c, linalg_eigenvalues, &err)) {
            status = fail(err.msg, 2);
            break;
        }
    }
    if (status == 0 && headless_train(runs, n, steps, o->csv, stdout, &err)) status = fail(err.msg, 1);
    for (int i = 0; i < built; i++) run_free(&runs[i]);
    free(runs);
    return status;
}

int main(int argc, char **argv)
{
    Options o;
    Error err;
    if (cli_parse(&o, argc, argv, &err)) return fail(err.msg, 2);
    if (o.help) {
        fputs(cli_usage, stdout);
        return 0;
    }
    if (o.version) {
        printf("rnnscope %s\n", RNNSCOPE_VERSION);
        return 0;
    }
    if (o.bench) return bench_engine(stdout, getenv("RNNSCOPE_BENCH_QUICK") != NULL);
    if (o.trace) {
        Config c;
        if (cli_run_config(&o, 0, &c, &err)) return fail(err.msg, 2);
        if (trace_write(&c, o.trace, &err)) return fail(err.msg, 1);
        return 0;
    }
    if (o.steps >= 0) return train_headless(&o, o.steps);
    if (o.csv) return fail("--csv needs --steps N (how many steps to record)", 2);
    /* no window yet: a short headless run that prints its summary */
    return train_headless(&o, 300);
}
