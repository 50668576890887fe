/* work_limit.h - how much training one command, one sidecar or one lesson step may ask
 * for, in multiply-adds: one limit for all three (the command line, the export sidecar
 * and the lesson parser all check it here). */
#ifndef RNNSCOPE_WORK_LIMIT_H
#define RNNSCOPE_WORK_LIMIT_H

#include "config.h"
#include "error.h"

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
