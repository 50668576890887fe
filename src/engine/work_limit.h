/* work_limit.h - how much one command, one sidecar or one lesson step may ask for: the
 * numbers (runs, steps, size) and the training work in multiply-adds. One set of limits
 * for all three (the command line, the export sidecar and the lesson parser check them
 * here), so a sidecar or a lesson asks for no more than a command line can. */
#ifndef RNNSCOPE_WORK_LIMIT_H
#define RNNSCOPE_WORK_LIMIT_H

#include "config.h"
#include "error.h"

#define CLI_MAX_RUNS 8
#define CLI_MAX_TOTAL_BYTES (2.0 * 1024 * 1024 * 1024) /* all runs of one command together */

/* The numbers one command may ask for, one row each: cli_parse checks its flags against
 * them and the export sidecar its keys (steps, width, height, the lesson's step), so a
 * sidecar asks for no more than a command line can. */
typedef enum {
    CLI_LIMIT_STEPS,        /* --steps N, the sidecar's "steps" */
    CLI_LIMIT_STEP,         /* --step K, the sidecar's lesson "step" and "steps" */
    CLI_LIMIT_WIDTH,        /* --size WxH, the sidecar's "width" */
    CLI_LIMIT_HEIGHT,       /* --size WxH, the sidecar's "height" */
    CLI_LIMIT_BENCH_FRAMES, /* --bench-frames N */
    CLI_LIMITS
} CliLimitId;

typedef struct CliLimit {
    const char *flag; /* in messages */
    long lo, hi;
} CliLimit;

extern const CliLimit cli_limits[CLI_LIMITS];

/* Training steps of one command: what a lesson step may train (LESSON_MAX_TRAIN). */
#define CLI_MAX_STEPS 1000000L

/* Training work of one command (or one lesson step), in multiply-adds (cli_run_work),
 * all runs and steps together: about an hour of one core at the 5e9..8e9 a second
 * measured on a 2-core machine. 1e6 steps of the default run are 1.4e13. */
#define CLI_MAX_WORK 3e13

/* Multiply-adds of one training step of c (forward and backward, taken as three times
 * the forward pass's matrix products), with every task's input and output sizes at
 * their bounds, as config_memory_bytes takes them. */
double cli_run_work(const Config *c);

/* 0 if steps steps of the n runs fit CLI_MAX_WORK; -1 with err ("... need about 2.8e+15
 * multiply-adds (allowed: at most 3e+13) ...") that the caller prefixes with where the
 * steps came from. */
int cli_work_check(const Config *const *cfgs, int n, long steps, Error *err);

#endif
