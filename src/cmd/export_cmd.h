/* export_cmd.h - `rnnscope --export FILE.png` and `rnnscope --replay FILE.json`:
 * train the runs headless, draw the dashboard (or one panel) onto a canvas and write
 * FILE.png, its sidecar FILE.json and optionally the plotted data as CSV, all or
 * nothing. Documented for users in docs/export.md. What a figure is: export_spec.h. */
#ifndef RNNSCOPE_EXPORT_CMD_H
#define RNNSCOPE_EXPORT_CMD_H

#include "cli.h"
#include "error.h"
#include "export_spec.h"

/* The whole command: --export (with a lesson, or --run/--set runs) or --replay.
 * Returns the exit status: 0; 1 on an I/O failure (nothing written, existing files
 * untouched); 2 on bad arguments or a bad sidecar. err->msg says why when not 0.
 * Environment, for tests and benchmarks (documented in docs/export.md):
 *   RNNSCOPE_TEST_FAIL_AFTER=N       the PNG write fails after N bytes
 *   RNNSCOPE_TEST_TEXT_FAIL_AFTER=N  sidecar/CSV writes fail after N bytes
 *   RNNSCOPE_TEST_RENAME_PAUSE_MS=N  wait N ms between renaming the files into place
 *   RNNSCOPE_BENCH_EXPORT=N          draw and write the PNG N times, print the timings */
int export_cmd_run(const Options *o, Error *err);

/* The spec of a command line (a lesson step, or the --run/--set runs). 0, or -1 with
 * err set (bad lesson or step, --set with a lesson, too many runs). */
int export_spec_from_options(ExportSpec *s, const Options *o, Error *err);

#endif
