/* main.c - the command line: parse, then hand over to headless training,
 * trace export, PNG export, lesson checks or the window. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "bench.h"
#include "cli.h"
#include "eigen.h"
#include "export_cmd.h"
#include "headless.h"
#include "lesson.h"
#include "lesson_run.h"
#include "run.h"
#include "trace.h"

static int fail(const char *msg, int status)
{
    fprintf(stderr, "rnnscope: %s\n", msg);
    return status;
}

static int train_headless(const Options *o, const Lesson *l, long steps)
{
    Error err;
    int status = headless_run(o, l, steps, linalg_eigenvalues, stdout, &err);
    return status ? fail(err.msg, status) : 0;
}

static int list_lessons(void)
{
    for (int i = 0; i < lesson_builtin_count(); i++) {
        Lesson l;
        Error err;
        if (lesson_builtin(i, &l, &err)) return fail(err.msg, 1);
        printf("%d  %-10s %s (%d steps)\n", i + 1, l.name, l.title, l.n_steps);
        lesson_free(&l);
    }
    return 0;
}

static int check_lesson(const Options *o, const Lesson *l)
{
    int first = o->step ? o->step : 1, last = o->step ? o->step : l->n_steps;
    if (last > l->n_steps) {
        char msg[160];
        snprintf(msg, sizeof msg, "--step: %d is out of range (the lesson has %d steps; allowed: 1..%d)",
                 last, l->n_steps, l->n_steps);
        return fail(msg, 2);
    }
    int failed_total = 0;
    for (int k = first; k <= last; k++) {
        int failed = 0;
        Error err;
        printf("step %d: %s\n", k, l->steps[k - 1].title);
        if (lesson_run_checks(l, k - 1, linalg_eigenvalues, stdout, &failed, &err))
            return fail(err.msg, 2);
        failed_total += failed;
    }
    printf("%s: %d check(s) failed\n", l->source, failed_total);
    return failed_total ? 1 : 0;
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
    if (o.list) return list_lessons();
    if (o.bench) return bench_engine(stdout, getenv("RNNSCOPE_BENCH_QUICK") != NULL);
    if (o.trace) {
        Config c;
        if (cli_run_config(&o, 0, &c, &err)) return fail(err.msg, 2);
        if (trace_write(&c, o.trace, &err)) return fail(err.msg, 1);
        return 0;
    }
    if (o.export_path || o.replay) {
        int st = export_cmd_run(&o, &err);
        if (st != 0) fprintf(stderr, "rnnscope: %s\n", err.msg);
        return st;
    }
    Lesson lesson, *l = NULL;
    int status;
    if (o.lesson && (o.check || o.steps >= 0)) {
        if (lesson_resolve(&lesson, o.lesson, &err)) return fail(err.msg, 2);
        l = &lesson;
    }
    if (o.check) {
        if (!l) return fail("--check needs a lesson (a number, name or file; see --list)", 2);
        status = check_lesson(&o, l);
    } else if (o.steps >= 0) {
        status = train_headless(&o, l, o.steps);
    } else if (o.csv) {
        status = fail("--csv needs --steps N (how many steps to record)", 2);
    } else {
        status = app_run(&o, &err);
        if (status != 0) fprintf(stderr, "rnnscope: %s\n", err.msg);
    }
    if (l) lesson_free(l);
    return status;
}
