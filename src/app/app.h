/* app.h - the interactive SDL2 window: events -> train -> draw -> present. */
#ifndef RNNSCOPE_APP_H
#define RNNSCOPE_APP_H

#include "cli.h"
#include "error.h"

/* Opens the window on o->lesson (or the first lesson, or free play with the --run /
 * --set runs) and runs it until the user quits; with o->bench_frames > 0 instead
 * times that many frames of four runs training at 1920x1080 and prints the median
 * and 99th percentile frame time. Returns the exit status: 0, 1 (SDL failed while
 * running) or 2 (bad input, or no display); err->msg says why when it is not 0.
 * Environment: RNNSCOPE_DEBUG=1 prints a state line to stdout after every action. */
int app_run(const Options *o, Error *err);

#endif
