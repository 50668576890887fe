/* clones.h - KERNEL marks a loop the compiler builds three times (AVX-512,
 * AVX2, baseline x86-64) and picks from at load time by the CPU it finds.
 * Each clone does the same IEEE multiplies, adds and divides in the same order
 * (ISO C mode: no FMA contraction), so all three give bit-identical results.
 * RNNSCOPE_NO_CLONES builds the baseline alone (test_vmath compares the two). */
#ifndef RNNSCOPE_CLONES_H
#define RNNSCOPE_CLONES_H

#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && !defined(RNNSCOPE_NO_CLONES)
#define KERNEL __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define KERNEL
#endif

#endif
