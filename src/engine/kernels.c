#include "kernels.h"

#include <math.h>
#include <string.h>

#include "rng.h"

void mm_add(double *out, const double *a, const double *bt, int M, int K, int N)
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

void mm_add_w(double *out, const double *a, const double *w, int M, int N, int K)
{
    for (int m = 0; m < M; m++) {
        double *o = out + (long)m * K;
        const double *ar = a + (long)m * N;
        for (int n = 0; n < N; n++) {
            double av = ar[n];
            if (av == 0.0) continue;
            const double *wr = w + (long)n * K;
            for (int k = 0; k < K; k++) o[k] += av * wr[k];
        }
    }
}

void mm_add_xt_d(double *gt, const double *x, const double *d, int M, int K, int N)
{
    for (int m = 0; m < M; m++) {
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
