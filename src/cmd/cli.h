/* cli.h - the command line, parsed into Options (no side effects, so it can be
 * tested and fuzzed). */
#ifndef RNNSCOPE_CLI_H
#define RNNSCOPE_CLI_H

#include <stdio.h>

#include "config.h"
#include "error.h"
#include "work_limit.h" /* CLI_MAX_RUNS, cli_limits, CLI_MAX_WORK, cli_work_check */

/* What one command line does (cli_parse picks it; main dispatches on it). */
typedef enum {
    CMD_WINDOW,       /* no command flag: the window */
    CMD_STEPS,        /* --steps N without --export: headless training */
    CMD_CHECK,        /* --check */
    CMD_TRACE,        /* --trace FILE */
    CMD_EXPORT,       /* --export FILE.png */
    CMD_REPLAY,       /* --replay FILE.json (with or without --export) */
    CMD_LIST,         /* --list */
    CMD_BENCH,        /* --bench */
    CMD_BENCH_FRAMES, /* --bench-frames N: the window, timed */
    CMD_HELP,         /* --help wins over everything else */
    CMD_VERSION,      /* --version, likewise */
} CliCommand;

typedef struct Options {
    Config base;              /* defaults + every --set */
    int n_runs;               /* --run given this many times (0: one run of base) */
    char runs[CLI_MAX_RUNS][256]; /* each --run's KEY=VALUE[,KEY=VALUE...] */
    long steps;               /* --steps N, -1 if not given */
    const char *csv, *trace, *export_path, *replay, *lesson, *panel;
    int width, height;        /* --size WxH (0 = default) */
    int theme;                /* -1 default, 0 light, 1 dark */
    int format;               /* --format: 0 not given (by the file name), 1 png, 2 svg */
    int step;                 /* --step K (1-based), 0 = default */
    int list, help, version, bench, presenter, check;
    long bench_frames;        /* --bench-frames N, 0 if not given */
    CliCommand command;
    unsigned given;           /* the flags on the command line, one bit each (cli.c) */
} Options;

/* Parses argv and picks the command. Returns 0, or -1 with err naming the argument and
 * what is allowed (the caller prints it and exits 2): also for a flag the command would
 * ignore ("--panel has no effect in the window ..."). Reads no file. */
int cli_parse(Options *o, int argc, char **argv, Error *err);

/* Builds the config of run i (0-based) from base and that run's overrides. */
int cli_run_config(const Options *o, int i, Config *out, Error *err);

/* The lesson argument when it names a file (the command reads it), else NULL (a
 * built-in lesson, or none). Looks at the file system (stat). */
const char *cli_lesson_file(const Options *o);

/* The usage text: the flags (cli_usage, its "%s" the panel names of panel_list.h),
 * then the config keys of config_table. */
extern const char cli_usage[];
void cli_print_usage(FILE *f);

#endif
