/* bench.h - the engine benchmark behind `rnnscope --bench`. */
#ifndef RNNSCOPE_BENCH_H
#define RNNSCOPE_BENCH_H

#include <stdio.h>

/* Prints a table of training steps per second and GFLOP/s for RNN/LSTM/GRU
 * over hidden sizes, sequence lengths and batch sizes (adding task, Adam,
 * norm clipping). quick != 0 runs a short smoke version. Returns 0. */
int bench_engine(FILE *out, int quick);

#endif
