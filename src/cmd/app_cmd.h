/* app_cmd.h - the window's command: the command line's Options as the AppSpec the
 * window opens (app.h). */
#ifndef RNNSCOPE_APP_CMD_H
#define RNNSCOPE_APP_CMD_H

#include "app.h"
#include "cli.h"
#include "error.h"

/* The spec of a command line: its lesson (and whether it names a file), step, runs
 * (each --run's config, or the --set base as cfg[0]), theme, presenter mode, size and
 * frame benchmark. s keeps pointers into o's strings. 0, or -1 with err naming the
 * run whose config is wrong. */
int app_spec_from_options(AppSpec *s, const Options *o, Error *err);

#endif
