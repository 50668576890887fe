#include "kernels.h"

#include <math.h>
#include <string.h>

#include "clones.h"
#include "rng.h"

/* Eight doubles as one value: one AVX-512 register, two AVX2 or four SSE2
 * registers, depending on the clone. Each lane does the same IEEE multiply and
 * add as scalar code would, so the results do not depend on the clone or the
 * optimization level. The block loops are written with it rather than left to
 * the loop vectorizer: -O3 unrolls the 8-wide inner loop completely first and
 * then vectorizes the k loop as 32 in-order (fold-left) reductions, which ran
 * the engine 2-3x slower than -O2 (issue 16). */
typedef double V8 __attribute__((vector_size(8 * sizeof(double)), aligned(8), may_alias));
#define V8_AT(p) (*(V8 *)(p))                  /* the 8 doubles at p, unaligned */
#define V8_AT_CONST(p) (*(const V8 *)(p))

/* *v = the first w < 8 values of p, the rest 0 */
static inline void v8_load_part(V8 *v, const double *p, int w)
{
    double t[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    memcpy(t, p, sizeof *p * (size_t)w);
    *v = V8_AT(t);
}

static inline void v8_store_part(double *p, const V8 *v, int w)
{
    double t[8];
    V8_AT(t) = *v;
    memcpy(p, t, sizeof *p * (size_t)w);
}

/* Register-blocked product: c (rows, N) += A (rows, K) Bt (K, N), where
 * A's element (r, k) is at a[r*ars + k*aks]. A 4 x 8 block of c stays in
 * registers while k runs; each element still starts from its stored value and
 * adds its K terms in order k = 0, 1, ..., so the result is bit-identical to
 * the plain triple loop, only faster. Columns past the last multiple of 8 run
 * as a block padded with zeros. */
#define MR 4
#define NR 8
KERNEL
static void gemm_strided(double *restrict c, int ldc, const double *restrict a, long ars, long aks,
                         const double *restrict bt, int ldb, int rows, int K, int N)
{
    int r = 0;
    for (; r + MR <= rows; r += MR) {
        double *c0 = c + (long)r * ldc, *c1 = c0 + ldc, *c2 = c1 + ldc, *c3 = c2 + ldc;
        const double *a0 = a + r * ars, *a1 = a0 + ars, *a2 = a1 + ars, *a3 = a2 + ars;
        int n = 0;
        for (; n + NR <= N; n += NR) {
            V8 x0 = V8_AT(c0 + n), x1 = V8_AT(c1 + n), x2 = V8_AT(c2 + n), x3 = V8_AT(c3 + n);
            for (int k = 0; k < K; k++) {
                V8 b = V8_AT_CONST(bt + (long)k * ldb + n);
                x0 += a0[k * aks] * b;
                x1 += a1[k * aks] * b;
                x2 += a2[k * aks] * b;
                x3 += a3[k * aks] * b;
            }
            V8_AT(c0 + n) = x0, V8_AT(c1 + n) = x1, V8_AT(c2 + n) = x2, V8_AT(c3 + n) = x3;
        }
        if (n < N) {
            int w = N - n;
            V8 x0, x1, x2, x3, b;
            v8_load_part(&x0, c0 + n, w), v8_load_part(&x1, c1 + n, w);
            v8_load_part(&x2, c2 + n, w), v8_load_part(&x3, c3 + n, w);
            for (int k = 0; k < K; k++) {
                v8_load_part(&b, bt + (long)k * ldb + n, w);
                x0 += a0[k * aks] * b;
                x1 += a1[k * aks] * b;
                x2 += a2[k * aks] * b;
                x3 += a3[k * aks] * b;
            }
            v8_store_part(c0 + n, &x0, w), v8_store_part(c1 + n, &x1, w);
            v8_store_part(c2 + n, &x2, w), v8_store_part(c3 + n, &x3, w);
        }
    }
    for (; r < rows; r++) {
        double *cr = c + (long)r * ldc;
        const double *ar = a + r * ars;
        int n = 0;
        for (; n + NR <= N; n += NR) {
            V8 x = V8_AT(cr + n);
            for (int k = 0; k < K; k++) x += ar[k * aks] * V8_AT_CONST(bt + (long)k * ldb + n);
            V8_AT(cr + n) = x;
        }
        if (n < N) {
            int w = N - n;
            V8 x, b;
            v8_load_part(&x, cr + n, w);
            for (int k = 0; k < K; k++) {
                v8_load_part(&b, bt + (long)k * ldb + n, w);
                x += ar[k * aks] * b;
            }
            v8_store_part(cr + n, &x, w);
        }
    }
}

void mm_add(double *restrict out, const double *restrict a, const double *restrict bt, int M, int K,
            int N)
{
    gemm_strided(out, N, a, K, 1, bt, N, M, K, N);
}

void mm_add_ld(double *restrict out, int ldo, const double *restrict a, int lda,
               const double *restrict bt, int ldb, int M, int K, int N)
{
    gemm_strided(out, ldo, a, lda, 1, bt, ldb, M, K, N);
}

KERNEL
void mm_add_sparse(double *restrict out, const double *restrict a, const double *restrict bt, int M,
                   int K, int N)
{
    for (int m = 0; m < M; m++) {
        double *o = out + (long)m * N;
        const double *ar = a + (long)m * K;
        for (int k = 0; k < K; k++) {
            double av = ar[k];
            if (av == 0.0) continue; /* one-hot inputs: most of x is zero */
            const double *b = bt + (long)k * N;
            for (int n = 0; n < N; n++) o[n] += av * b[n];
        }
    }
}

void mm_add_w(double *restrict out, const double *restrict a, const double *restrict w, int M, int N,
              int K)
{
    /* out (M, K) += a (M, N) @ w (N, K): the same shape as mm_add with w as bt */
    gemm_strided(out, K, a, N, 1, w, K, M, N, K);
}

void mm_add_xt_d(double *restrict gt, const double *restrict x, const double *restrict d, int M,
                 int K, int N)
{
    /* gt (K, N) += x^T d: row k of x^T is column k of x (stride K) */
    gemm_strided(gt, N, x, 1, K, d, N, K, M, N);
}

KERNEL
void mm_add_xt_d_sparse(double *restrict gt, const double *restrict x, const double *restrict d,
                        int M, int K, int N)
{
    for (int m = 0; m < M; m++) {
        const double *xr = x + (long)m * K;
        const double *dr = d + (long)m * N;
        for (int k = 0; k < K; k++) {
            double xv = xr[k];
            if (xv == 0.0) continue; /* one-hot inputs */
            double *g = gt + (long)k * N;
            for (int n = 0; n < N; n++) g[n] += xv * dr[n];
        }
    }
}

void transpose_add(double *dst, const double *src, int K, int N)
{
    for (int k = 0; k < K; k++)
        for (int n = 0; n < N; n++) dst[(long)n * K + k] += src[(long)k * N + n];
}

void transpose(double *dst, const double *src, int N, int K)
{
    for (int n = 0; n < N; n++)
        for (int k = 0; k < K; k++) dst[(long)k * N + n] = src[(long)n * K + k];
}

double sumsq(const double *a, long n)
{
    double s = 0;
    for (long i = 0; i < n; i++) s += a[i] * a[i];
    return s;
}

/* sum of squares with eight partial sums: vectorizes; for diagnostics only (the
 * gradient norm that clipping uses keeps the plain left-to-right sum) */
KERNEL
double sumsq_diag(const double *restrict a, long n)
{
    double p[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    long j = 0;
    for (; j + 8 <= n; j += 8)
        for (int k = 0; k < 8; k++) p[k] += a[j + k] * a[j + k];
    double s = ((p[0] + p[1]) + (p[2] + p[3])) + ((p[4] + p[5]) + (p[6] + p[7]));
    for (; j < n; j++) s += a[j] * a[j];
    return s;
}

/* a . b with eight partial sums (so it vectorizes; a fixed order, deterministic) */
KERNEL
static double dot(const double *restrict a, const double *restrict b, int n)
{
    double p[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int j = 0;
    for (; j + 8 <= n; j += 8)
        for (int k = 0; k < 8; k++) p[k] += a[j + k] * b[j + k];
    double s = ((p[0] + p[1]) + (p[2] + p[3])) + ((p[4] + p[5]) + (p[6] + p[7]));
    for (; j < n; j++) s += a[j] * b[j];
    return s;
}

KERNEL
static void axpy(double *restrict y, double a, const double *restrict x, int n)
{
    for (int j = 0; j < n; j++) y[j] += a * x[j];
}

double spectral_norm(const double *a, int m, int n, int max_iter, double tol, double *v, double *u)
{
    double vn = sqrt(sumsq(v, n));
    if (!(vn > 0) || !isfinite(vn)) { /* cold start: deterministic, every component non-zero */
        for (int j = 0; j < n; j++) v[j] = 1.0 + 0.01 * (j % 7);
        vn = sqrt(sumsq(v, n));
    }
    for (int j = 0; j < n; j++) v[j] /= vn;
    double sigma = 0;
    for (int it = 0; it < max_iter; it++) {
        for (int i = 0; i < m; i++) u[i] = dot(a + (long)i * n, v, n); /* u = a v */
        double un = sqrt(sumsq(u, m));
        if (!(un > 0) || !isfinite(un)) {
            memset(v, 0, sizeof *v * (size_t)n); /* next call starts cold */
            return isfinite(un) ? 0.0 : un;
        }
        memset(v, 0, sizeof *v * (size_t)n); /* v = a^T u / |u| */
        for (int i = 0; i < m; i++) axpy(v, u[i] / un, a + (long)i * n, n);
        double s = sqrt(sumsq(v, n)); /* = |a^T a v| / |a v| -> sigma_max */
        if (!(s > 0) || !isfinite(s)) {
            memset(v, 0, sizeof *v * (size_t)n);
            return un;
        }
        for (int j = 0; j < n; j++) v[j] /= s;
        double prev = sigma;
        sigma = s;
        if (it > 1 && fabs(sigma - prev) <= tol * sigma) break;
    }
    return sigma;
}

void random_orthogonal(double *q, int n, Rng *rng)
{
    /* rows of q: Gaussian vectors, orthonormalized by modified Gram-Schmidt
     * (the Q of a QR factorization with positive diagonal R, Haar-distributed). */
    for (long i = 0; i < (long)n * n; i++) q[i] = rng_normal(rng);
    for (int i = 0; i < n; i++) {
        double *qi = q + (long)i * n;
        for (int pass = 0; pass < 2; pass++) { /* re-orthogonalize once for accuracy */
            for (int j = 0; j < i; j++) {
                const double *qj = q + (long)j * n;
                double d = 0;
                for (int k = 0; k < n; k++) d += qi[k] * qj[k];
                for (int k = 0; k < n; k++) qi[k] -= d * qj[k];
            }
        }
        double nn = sqrt(sumsq(qi, n));
        for (int k = 0; k < n; k++) qi[k] /= nn;
    }
}
