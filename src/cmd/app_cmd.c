/* app_cmd.c - the command line's Options as the window's AppSpec (app_cmd.h). */
#include "app_cmd.h"

#include <string.h>

_Static_assert(APP_SPEC_RUNS >= CLI_MAX_RUNS, "every --run has a place in the window's spec");

static int config_is_default(const Config *c)
{
    Config d;
    config_default(&d);
    return config_equal(c, &d);
}

int app_spec_from_options(AppSpec *s, const Options *o, Error *err)
{
    memset(s, 0, sizeof *s);
    s->lesson = o->lesson;
    s->lesson_file = cli_lesson_file(o);
    s->step = o->step;
    s->free_play = o->n_runs > 0 || !config_is_default(&o->base);
    s->n_runs = o->n_runs;
    for (int i = 0; i < (o->n_runs ? o->n_runs : 1); i++)
        if (cli_run_config(o, i, &s->cfg[i], err)) return -1;
    s->dark = o->theme == 1;
    s->presenter = o->presenter;
    s->width = o->width;
    s->height = o->height;
    s->bench_frames = o->bench_frames;
    return 0;
}
