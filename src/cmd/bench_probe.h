/* bench_probe.h - the loops that measure this machine's double-precision peak
 * (bench_peak.c times them). Each runs twelve independent chains
 * x = x*m + a over vectors of eight doubles, iters times, and returns a sum of
 * the chains so that nothing is optimized away; 192 flops per iteration. They
 * are built for AVX-512, AVX2+FMA and baseline x86-64 and picked at load time,
 * like the engine's kernels (src/engine/clones.h). */
#ifndef RNNSCOPE_BENCH_PROBE_H
#define RNNSCOPE_BENCH_PROBE_H

#define PROBE_FLOPS_PER_ITER (12 * 8 * 2)

/* separate multiplies and adds, all the engine uses (bench_peak.c) */
double probe_mul_add(long iters, double m, double a);
/* fused multiply-adds (bench_fma.c, built with -ffp-contract=fast) */
double probe_fma(long iters, double m, double a);

#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
#define PROBE __attribute__((noinline, target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define PROBE __attribute__((noinline))
#endif

/* the probe's body: twelve named chains, so they stay in registers at any -O */
typedef double ProbeV8 __attribute__((vector_size(8 * sizeof(double))));
#define PROBE_EACH(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11)
#define PROBE_INIT(j) ProbeV8 x##j = (ProbeV8){0} + (double)(j);
#define PROBE_STEP(j) x##j = x##j * m + a;
#define PROBE_SUM(j) +x##j
#define PROBE_BODY(iters)                                          \
    PROBE_EACH(PROBE_INIT)                                         \
    for (long i = 0; i < (iters); i++) {                           \
        PROBE_EACH(PROBE_STEP)                                     \
    }                                                              \
    ProbeV8 t = (ProbeV8){0} PROBE_EACH(PROBE_SUM);                \
    double s = 0;                                                  \
    for (int k = 0; k < 8; k++) s += t[k];                         \
    return s;

#endif
