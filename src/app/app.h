/* app.h - the interactive SDL2 window: events -> train -> draw -> present. */
#ifndef RNNSCOPE_APP_H
#define RNNSCOPE_APP_H

#include "config.h"
#include "error.h"

#define APP_SPEC_RUNS 8 /* runs a spec may ask for (as many as the window compares) */

/* What the window opens: a lesson at a step, or free play with the runs given; how it
 * looks; and whether to time frames instead. The command line fills one in
 * (app_spec_from_options, src/cmd); the window never sees the command line. */
typedef struct AppSpec {
    const char *lesson;       /* a lesson number, name or file; NULL: free play, or lesson 1 */
    const char *lesson_file;  /* lesson, when it names a file (the lesson menu lists it) */
    int step;                 /* the lesson step to open (1-based), 0: the first */
    int free_play;            /* runs were configured (--run, --set): no lesson */
    int n_runs;               /* runs given one by one (--run), 0: one run, cfg[0] */
    Config cfg[APP_SPEC_RUNS]; /* each run's config, checked (cfg[0]: the base config) */
    int dark;                 /* the dark theme */
    int presenter;            /* larger text, no settings panel */
    int width, height;        /* the window's size, 0: 1920x1080 */
    long bench_frames;        /* > 0: time this many frames (app_run) instead */
} AppSpec;

/* Opens the window on s->lesson (or the first lesson, or free play with the spec's
 * runs) and runs it until the user quits; with s->bench_frames > 0 instead times that
 * many frames of four runs training at 1920x1080 and prints the median and 99th
 * percentile frame time. Returns the exit status: 0, 1 (SDL failed while running) or
 * 2 (bad input, or no display); err->msg says why when it is not 0.
 * Environment: RNNSCOPE_DEBUG=1 prints a state line to stdout after every action. */
int app_run(const AppSpec *s, Error *err);

#endif
