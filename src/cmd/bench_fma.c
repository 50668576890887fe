/* bench_fma.c - the FMA probe (bench_probe.h); src/meson.build builds this file
 * alone with -ffp-contract=fast, so that x*m + a becomes one fused instruction. */
#include "bench_probe.h"

PROBE
double probe_fma(long iters, double m, double a) { PROBE_BODY(iters) }
