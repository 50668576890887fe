/* main.c - the command line: parse, then hand over to headless training,
 * trace export, PNG export, lesson checks or the window. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "app_cmd.h"
#include "bench.h"
#include "cli.h"
#include "eigen.h"
#include "export_cmd.h"
#include "headless.h"
#include "lesson.h"
#include "lesson_run.h"
#include "paths.h"
#include "plot.h"
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
        printf("%-2d %-10s %s (%d steps)\n", i + 1, l.name, l.title, l.n_steps);
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

/* --help's list of panels, from the panel table: each name and what it shows. */
static void print_panels(FILE *f)
{
    fputs("panels (--panel NAME; a lesson's panel:):\n", f);
    for (int k = 0; k < PANEL_COUNT; k++)
        fprintf(f, "  %-10s %s\n", plot_panel_name((PanelKind)k), plot_panel_help((PanelKind)k));
}

int main(int argc, char **argv)
{
    Options o;
    Error err;
    if (cli_parse(&o, argc, argv, &err)) return fail(err.msg, 2);
    /* outputs are compared with the inputs by the file they resolve to */
    PathList files = {0};
    paths_add(&files, PATH_INPUT, "the lesson file", cli_lesson_file(&o));
    paths_add(&files, PATH_NAMED, "--csv", o.command == CMD_STEPS ? o.csv : NULL);
    paths_add(&files, PATH_NAMED, "--trace", o.command == CMD_TRACE ? o.trace : NULL);
    if (paths_check(&files, &err)) return fail(err.msg, 2);
    Lesson lesson;
    int status;
    switch (o.command) {
    case CMD_HELP:
        cli_print_usage(stdout);
        print_panels(stdout);
        return 0;
    case CMD_VERSION: printf("rnnscope %s\n", RNNSCOPE_VERSION); return 0;
    case CMD_LIST: return list_lessons();
    case CMD_BENCH: return bench_engine(stdout, getenv("RNNSCOPE_BENCH_QUICK") != NULL);
    case CMD_TRACE: {
        Config c;
        if (cli_run_config(&o, 0, &c, &err)) return fail(err.msg, 2);
        if (trace_write(&c, o.trace, &err)) return fail(err.msg, 1);
        return 0;
    }
    case CMD_EXPORT:
    case CMD_REPLAY:
        status = export_cmd_run(&o, &err);
        if (status != 0) fprintf(stderr, "rnnscope: %s\n", err.msg);
        return status;
    case CMD_CHECK:
        if (lesson_resolve(&lesson, o.lesson, &err)) return fail(err.msg, 2);
        status = check_lesson(&o, &lesson);
        lesson_free(&lesson);
        return status;
    case CMD_STEPS:
        if (!o.lesson) return train_headless(&o, NULL, o.steps);
        if (lesson_resolve(&lesson, o.lesson, &err)) return fail(err.msg, 2);
        status = train_headless(&o, &lesson, o.steps);
        lesson_free(&lesson);
        return status;
    case CMD_WINDOW:
    case CMD_BENCH_FRAMES: {
        static AppSpec spec; /* large: not on the stack */
        if (app_spec_from_options(&spec, &o, &err)) return fail(err.msg, 2);
        status = app_run(&spec, &err);
        if (status != 0) fprintf(stderr, "rnnscope: %s\n", err.msg);
        return status;
    }
    }
    return 2;
}
