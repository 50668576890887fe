#include "kernels.h"

#include <math.h>
#include <string.h>

#include "rng.h"

/* Where the CPU has AVX2 the kernels run 4-wide instead of SSE2's 2-wide: the
 * same multiplies and adds in the same order (no FMA contraction in ISO C mode),
 * so results are bit-identical either way. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
#define KERNEL __attribute__((target_clones("avx2", "default")))
#else
#define KERNEL
#endif

/* The dense kernels take four terms of the reduction per pass over the output
 * row, adding them in the same order as the plain loop would (bit-identical
 * results), so each output element is loaded and stored once per four terms. */
KERNEL
void mm_add(double *restrict out, const double *restrict a, const double *restrict bt, int M, int K,
            int N)
{
    for (int m = 0; m < M; m++) {
        double *o = out + (long)m * N;
        const double *ar = a + (long)m * K;
        int k = 0;
        for (; k + 4 <= K; k += 4) {
            double a0 = ar[k], a1 = ar[k + 1], a2 = ar[k + 2], a3 = ar[k + 3];
            const double *b0 = bt + (long)k * N, *b1 = b0 + N, *b2 = b1 + N, *b3 = b2 + N;
            for (int n = 0; n < N; n++) {
                double v = o[n];
                v += a0 * b0[n];
                v += a1 * b1[n];
                v += a2 * b2[n];
                v += a3 * b3[n];
                o[n] = v;
            }
        }
        for (; k < K; k++) {
            double av = ar[k];
            const double *b = bt + (long)k * N;
            for (int n = 0; n < N; n++) o[n] += av * b[n];
        }
    }
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
    mm_add(out, a, w, M, N, K);
}

KERNEL
void mm_add_xt_d(double *restrict gt, const double *restrict x, const double *restrict d, int M,
                 int K, int N)
{
    int m = 0;
    for (; m + 4 <= M; m += 4) {
        const double *x0 = x + (long)m * K, *x1 = x0 + K, *x2 = x1 + K, *x3 = x2 + K;
        const double *d0 = d + (long)m * N, *d1 = d0 + N, *d2 = d1 + N, *d3 = d2 + N;
        for (int k = 0; k < K; k++) {
            double a0 = x0[k], a1 = x1[k], a2 = x2[k], a3 = x3[k];
            if (a0 == 0.0 && a1 == 0.0 && a2 == 0.0 && a3 == 0.0) continue; /* one-hot x */
            double *g = gt + (long)k * N;
            for (int n = 0; n < N; n++) {
                double v = g[n];
                v += a0 * d0[n];
                v += a1 * d1[n];
                v += a2 * d2[n];
                v += a3 * d3[n];
                g[n] = v;
            }
        }
    }
    for (; m < M; m++) {
        const double *xr = x + (long)m * K;
        const double *dr = d + (long)m * N;
        for (int k = 0; k < K; k++) {
            double xv = xr[k];
            if (xv == 0.0) continue;
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

double spectral_norm(const double *a, int m, int n, int max_iter, double *work)
{
    double *v = work, *u = work + n;
    /* deterministic start with every component non-zero */
    for (int j = 0; j < n; j++) v[j] = 1.0 + 0.01 * (j % 7);
    double vn = sqrt(sumsq(v, n));
    for (int j = 0; j < n; j++) v[j] /= vn;
    double sigma = 0;
    for (int it = 0; it < max_iter; it++) {
        for (int i = 0; i < m; i++) { /* u = a v */
            double s = 0;
            const double *ar = a + (long)i * n;
            for (int j = 0; j < n; j++) s += ar[j] * v[j];
            u[i] = s;
        }
        double un = sqrt(sumsq(u, m));
        if (!(un > 0) || !isfinite(un)) return isfinite(un) ? 0.0 : un;
        memset(v, 0, sizeof *v * (size_t)n); /* v = a^T u / |u| */
        for (int i = 0; i < m; i++) {
            double ui = u[i] / un;
            const double *ar = a + (long)i * n;
            for (int j = 0; j < n; j++) v[j] += ar[j] * ui;
        }
        double s = sqrt(sumsq(v, n)); /* = |a^T a v| / |a v| -> sigma_max */
        if (!(s > 0) || !isfinite(s)) return un;
        for (int j = 0; j < n; j++) v[j] /= s;
        double prev = sigma;
        sigma = s;
        if (it > 3 && fabs(sigma - prev) <= 1e-14 * sigma) break;
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
