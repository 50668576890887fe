/* bench_peak.h - this machine's measured double-precision peak (one thread). */
#ifndef RNNSCOPE_BENCH_PEAK_H
#define RNNSCOPE_BENCH_PEAK_H

/* GFLOP/s of separate multiplies and adds (what the engine may use) and of
 * fused multiply-adds, per CPU second, each the median of 5 repeats of ~0.05 s. */
void bench_peak(double *mul_add, double *fma);

/* CPU seconds of the calling thread (CLOCK_THREAD_CPUTIME_ID): on a machine
 * shared with other jobs, what a loop costs, not the others' turns. */
double bench_cpu_s(void);

#endif
