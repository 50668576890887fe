/* kernels_isa.c - kernels.h's functions, each calling the copy of kernels.c built for
 * the widest vectors this CPU has (kernels_isa.h), chosen once at start-up. All copies
 * give the same bits: tests/samebits compares them. */
#include "kernels_isa.h"

#include <stdlib.h>
#include <string.h>

#include "kernels.h"
#include "rng.h"

#define DECLARE(n) extern __typeof__(n) n##_avx512, n##_avx2, n##_base;
KERNEL_NAMES(DECLARE)
#undef DECLARE

typedef struct KernelTable {
    const char *isa;
    const char *cpu_feature; /* for __builtin_cpu_supports, NULL: every x86-64 */
#define FIELD(n) __typeof__(n) *n;
    KERNEL_NAMES(FIELD)
#undef FIELD
} KernelTable;

#define ENTRY(n) .n = n##_avx512,
static const KernelTable t_avx512 = {.isa = "avx512", .cpu_feature = "avx512f", KERNEL_NAMES(ENTRY)};
#undef ENTRY
#define ENTRY(n) .n = n##_avx2,
static const KernelTable t_avx2 = {.isa = "avx2", .cpu_feature = "avx2", KERNEL_NAMES(ENTRY)};
#undef ENTRY
#define ENTRY(n) .n = n##_base,
static const KernelTable t_base = {.isa = "base", .cpu_feature = NULL, KERNEL_NAMES(ENTRY)};
#undef ENTRY

static const KernelTable *const tables[] = {&t_avx512, &t_avx2, &t_base}; /* widest first */

static int cpu_has(const KernelTable *t)
{
    if (!t->cpu_feature) return 1;
    /* __builtin_cpu_supports takes a string literal only */
    if (strcmp(t->cpu_feature, "avx512f") == 0) return __builtin_cpu_supports("avx512f");
    if (strcmp(t->cpu_feature, "avx2") == 0) return __builtin_cpu_supports("avx2");
    return 0;
}

/* The widest table the CPU runs, no wider than RNNSCOPE_KERNELS asks */
static const KernelTable *pick(void)
{
    __builtin_cpu_init();
    const char *want = getenv("RNNSCOPE_KERNELS");
    size_t n = sizeof tables / sizeof tables[0], from = 0;
    for (size_t i = 0; want && i < n; i++)
        if (strcmp(want, tables[i]->isa) == 0) from = i;
    for (size_t i = from; i < n; i++)
        if (cpu_has(tables[i])) return tables[i];
    return &t_base;
}

static const KernelTable *table;

__attribute__((constructor)) static void kernels_isa_init(void) { table = pick(); }

/* the table, chosen by the constructor; pick() again if a constructor that ran
 * first already calls a kernel (the same answer) */
static const KernelTable *kt(void)
{
    const KernelTable *t = __atomic_load_n(&table, __ATOMIC_RELAXED);
    if (!t) {
        t = pick();
        __atomic_store_n(&table, t, __ATOMIC_RELAXED);
    }
    return t;
}

const char *kernels_isa(void) { return kt()->isa; }

void mm_add(double *restrict out, const double *restrict a, const double *restrict bt, int M, int K, int N)
{
    kt()->mm_add(out, a, bt, M, K, N);
}

void mm_add_ld(double *restrict out, int ldo, const double *restrict a, int lda, const double *restrict bt,
               int ldb, int M, int K, int N)
{
    kt()->mm_add_ld(out, ldo, a, lda, bt, ldb, M, K, N);
}

void mm_add_at_ld(double *restrict out, int ldo, const double *restrict a, int lda,
                  const double *restrict bt, int ldb, int M, int K, int N)
{
    kt()->mm_add_at_ld(out, ldo, a, lda, bt, ldb, M, K, N);
}

void mm_add_sparse(double *restrict out, const double *restrict a, const double *restrict bt, int M, int K,
                   int N)
{
    kt()->mm_add_sparse(out, a, bt, M, K, N);
}

void mm_add_w(double *restrict out, const double *restrict a, const double *restrict w, int M, int N, int K)
{
    kt()->mm_add_w(out, a, w, M, N, K);
}

void mm_add_xt_d(double *restrict gt, const double *restrict x, const double *restrict d, int M, int K,
                 int N)
{
    kt()->mm_add_xt_d(gt, x, d, M, K, N);
}

void mm_add_xt_d_split(double *restrict gt, double *restrict part, const double *restrict x,
                       const double *restrict d, int M, int K, int N)
{
    kt()->mm_add_xt_d_split(gt, part, x, d, M, K, N);
}

void mm_add_xt_d_steps(double *restrict g, double *restrict sq, double *restrict work,
                       const double *restrict x, const double *restrict d, int S, int M, int K, int N)
{
    kt()->mm_add_xt_d_steps(g, sq, work, x, d, S, M, K, N);
}

void mm_add_xt_d_sparse(double *restrict gt, const double *restrict x, const double *restrict d, int M,
                        int K, int N)
{
    kt()->mm_add_xt_d_sparse(gt, x, d, M, K, N);
}

void transpose_add(double *restrict dst, const double *restrict src, int K, int N)
{
    kt()->transpose_add(dst, src, K, N);
}

void transpose(double *restrict dst, const double *restrict src, int N, int K) { kt()->transpose(dst, src, N, K); }

double sumsq(const double *a, long n) { return kt()->sumsq(a, n); }

double sumsq_diag(const double *restrict a, long n) { return kt()->sumsq_diag(a, n); }

double spectral_norm(const double *a, int m, int n, int max_iter, double tol, double *v, double *u)
{
    return kt()->spectral_norm(a, m, n, max_iter, tol, v, u);
}

long spectral_norm_krylov_work(int m, int n) { return kt()->spectral_norm_krylov_work(m, n); }

double spectral_norm_krylov(const double *a, int m, int n, int max_iter, double tol, double *v,
                            double *work)
{
    return kt()->spectral_norm_krylov(a, m, n, max_iter, tol, v, work);
}

void random_orthogonal(double *q, int n, struct Rng *rng) { kt()->random_orthogonal(q, n, rng); }
