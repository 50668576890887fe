/* kernels_isa.h - kernels.c built once per x86-64 vector width (meson: KERNELS_ISA
 * = avx512, avx2 or base), and which of them this process runs (kernels_isa.c).
 * Compiled with KERNELS_ISA, kernels.c names each function of kernels.h with that
 * suffix (mm_add_avx2, ...): the renames below, and KERNEL_NAMES for the table of
 * kernels_isa.c. A name missing from either fails the build (three definitions of
 * one symbol, or a table without it). */
#ifndef RNNSCOPE_KERNELS_ISA_H
#define RNNSCOPE_KERNELS_ISA_H

#define KERNEL_NAMES(X)                                                                          \
    X(mm_add) X(mm_add_ld) X(mm_add_at_ld) X(mm_add_sparse) X(mm_add_w) X(mm_add_xt_d)           \
    X(mm_add_xt_d_split) X(mm_add_xt_d_steps) X(mm_add_xt_d_sparse) X(transpose_add)            \
    X(transpose) X(sumsq) X(sumsq_diag) X(spectral_norm) X(spectral_norm_krylov_work)           \
    X(spectral_norm_krylov) X(random_orthogonal)

#ifdef KERNELS_ISA
#define KISA_PASTE(n, s) n##_##s
#define KISA_NAME(n, s) KISA_PASTE(n, s)
#define KISA(n) KISA_NAME(n, KERNELS_ISA)
#define mm_add KISA(mm_add)
#define mm_add_ld KISA(mm_add_ld)
#define mm_add_at_ld KISA(mm_add_at_ld)
#define mm_add_sparse KISA(mm_add_sparse)
#define mm_add_w KISA(mm_add_w)
#define mm_add_xt_d KISA(mm_add_xt_d)
#define mm_add_xt_d_split KISA(mm_add_xt_d_split)
#define mm_add_xt_d_steps KISA(mm_add_xt_d_steps)
#define mm_add_xt_d_sparse KISA(mm_add_xt_d_sparse)
#define transpose_add KISA(transpose_add)
#define transpose KISA(transpose)
#define sumsq KISA(sumsq)
#define sumsq_diag KISA(sumsq_diag)
#define spectral_norm KISA(spectral_norm)
#define spectral_norm_krylov_work KISA(spectral_norm_krylov_work)
#define spectral_norm_krylov KISA(spectral_norm_krylov)
#define random_orthogonal KISA(random_orthogonal)
#endif

/* The width the kernels of this process run at: "avx512", "avx2", "base" (SSE2),
 * or "single" where kernels.c is built once. RNNSCOPE_KERNELS=avx2 or base in the
 * environment asks for a narrower one than the CPU's best (benchmarks, tests); a
 * width the CPU lacks is not taken. */
const char *kernels_isa(void);

#endif
