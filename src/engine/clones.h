/* clones.h - KERNEL marks a loop the compiler builds three times (AVX-512,
 * AVX2, baseline x86-64) and picks from at load time by the CPU it finds.
 * Each clone does the same IEEE multiplies, adds and divides in the same order
 * (ISO C mode: no FMA contraction), so all three give bit-identical results.
 * RNNSCOPE_NO_CLONES builds the baseline alone (test_vmath compares the two). */
#ifndef RNNSCOPE_CLONES_H
#define RNNSCOPE_CLONES_H

#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && !defined(RNNSCOPE_NO_CLONES)
#define KERNEL __attribute__((target_clones("avx512f", "avx2", "default")))
/* a loop built for AVX-512 alone, for code that only pays with its 32 vector
 * registers: the caller checks __builtin_cpu_supports("avx512f") first */
#define KERNEL_AVX512 __attribute__((target("avx512f")))
#define HAVE_KERNEL_AVX512 1
#else
#define KERNEL
#define HAVE_KERNEL_AVX512 0
#endif

#endif
