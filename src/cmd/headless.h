/* headless.h - training without a window: summary lines and CSV. */
#ifndef RNNSCOPE_HEADLESS_H
#define RNNSCOPE_HEADLESS_H

#include <stdio.h>

#include "cli.h"
#include "config.h"
#include "lesson.h"
#include "error.h"
#include "run.h"

/* `rnnscope --steps N`: builds the runs of lesson l's step (o->step, else its last)
 * or of o's --run / --set, labels them apart, and trains them each `steps` steps
 * (CSV to o->csv if given, summary lines to out). Returns 0, 2 for bad input or 1
 * for an I/O failure, with err set. */
int headless_run(const Options *o, const Lesson *l, long steps, EigenFn eigen, FILE *out,
                 Error *err);

/* The CSV header's fixed columns, without the attention columns that follow when a
 * run is cell=attention, and without the newline (documented in docs/csv.md). */
extern const char headless_csv_header[];

#endif
