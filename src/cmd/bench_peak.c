/* bench_peak.c - this machine's double-precision peak, one thread, from the
 * probes of bench_probe.h: the rate of separate multiplies and adds (the
 * ceiling for the engine, which contracts nothing into FMAs so that its
 * results are bit-identical everywhere) and the rate of FMAs. */
#include "bench_peak.h"

#include <stdlib.h>

#include "bench_probe.h"
#include <time.h>

#include "clock.h"

PROBE
double probe_mul_add(long iters, double m, double a) { PROBE_BODY(iters) }

double bench_cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static volatile double sink; /* keeps the probes' results alive */

/* GFLOP/s of probe per CPU second: ~0.05 s per repeat, median of 5 */
static double rate(double (*probe)(long, double, double))
{
    long iters = 1 << 14;
    for (;;) { /* grow until one call takes 10 ms */
        double t0 = bench_cpu_s();
        sink = probe(iters, 0.999, 1e-3);
        if (bench_cpu_s() - t0 > 0.01 || iters > (1L << 40)) break;
        iters *= 2;
    }
    iters *= 5;
    double g[5];
    for (int k = 0; k < 5; k++) {
        double t0 = bench_cpu_s();
        sink = probe(iters, 0.999, 1e-3);
        g[k] = (double)iters * PROBE_FLOPS_PER_ITER / (bench_cpu_s() - t0) * 1e-9;
    }
    qsort(g, 5, sizeof g[0], clock_cmp_double);
    return g[2];
}

void bench_peak(double *mul_add, double *fma)
{
    *mul_add = rate(probe_mul_add);
    *fma = rate(probe_fma);
}
