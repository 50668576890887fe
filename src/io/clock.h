/* clock.h - wall-clock timing for benchmarks and rates (never for results). */
#ifndef RNNSCOPE_CLOCK_H
#define RNNSCOPE_CLOCK_H

/* Seconds on the monotonic clock. */
double clock_now_s(void);

/* qsort comparator for doubles, ascending. */
int clock_cmp_double(const void *a, const void *b);

#endif
