/* cli.h - the command line, parsed into Options (no side effects, so it can be
 * tested and fuzzed). */
#ifndef RNNSCOPE_CLI_H
#define RNNSCOPE_CLI_H

#include "config.h"
#include "error.h"

#define CLI_MAX_RUNS 8

typedef struct Options {
    Config base;              /* defaults + every --set */
    int n_runs;               /* --run given this many times (0: one run of base) */
    char runs[CLI_MAX_RUNS][256]; /* each --run's KEY=VALUE[,KEY=VALUE...] */
    long steps;               /* --steps N, -1 if not given */
    const char *csv, *trace, *export_path, *replay, *lesson, *panel;
    int width, height;        /* --size WxH (0 = default) */
    int theme;                /* -1 default, 0 light, 1 dark */
    int step;                 /* --step K (1-based), 0 = default */
    int list, help, version, bench, presenter, check;
    long bench_frames;        /* --bench-frames N, 0 if not given */
} Options;

/* Parses argv. Returns 0, or -1 with err naming the argument and what is allowed
 * (the caller prints it and exits 2). */
int cli_parse(Options *o, int argc, char **argv, Error *err);

/* Builds the config of run i (0-based) from base and that run's overrides. */
int cli_run_config(const Options *o, int i, Config *out, Error *err);

/* The usage text. */
extern const char cli_usage[];

#endif
