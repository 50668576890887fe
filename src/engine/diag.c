#include "diag.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"

/* Every per-timestep array of a Diag: where its pointer is and how many rows of T
 * doubles it holds. One block holds them all, in this order; grad_h comes first
 * and owns the block. */
static const struct {
    size_t at;
    int rows;
} arrays[] = {
    {offsetof(Diag, grad_h), 1},     {offsetof(Diag, grad_h_rev), 1},
    {offsetof(Diag, grad_h_ex0), 1}, {offsetof(Diag, grad_c), 1},
    {offsetof(Diag, grad_x), 1},     {offsetof(Diag, grad_x_ex0), 1},
    {offsetof(Diag, grad_x_dir), 2}, {offsetof(Diag, grad_x_dir_ex0), 2},
    {offsetof(Diag, whh_contrib), 1}, {offsetof(Diag, jac_norm), 1},
    {offsetof(Diag, jac_prod), 1},   {offsetof(Diag, bound), 1},
    {offsetof(Diag, gate_mean), DIAG_MAX_GATES}, {offsetof(Diag, attn), DIAG_MAX_ATTN},
};
#define N_ARRAYS (sizeof arrays / sizeof arrays[0])

static double **slot(Diag *d, size_t k) { return (double **)((char *)d + arrays[k].at); }

static size_t rows_total(void)
{
    size_t n = 0;
    for (size_t k = 0; k < N_ARRAYS; k++) n += (size_t)arrays[k].rows;
    return n;
}

/* points every array into the block p of rows_total() * T doubles */
static void carve(Diag *d, double *p)
{
    for (size_t k = 0; k < N_ARRAYS; k++) {
        *slot(d, k) = p;
        p += (size_t)arrays[k].rows * (size_t)d->T;
    }
}

size_t diag_doubles(int T) { return (size_t)T * rows_total(); }

int diag_alloc(Diag *d, int T)
{
    memset(d, 0, sizeof *d);
    double *p = calloc((size_t)T * rows_total(), sizeof(double));
    if (!p) return -1;
    d->T = T;
    d->attn_t = -1;
    carve(d, p);
    diag_clear_arrays(d);
    return 0;
}

void diag_free(Diag *d)
{
    free(d->grad_h);
    memset(d, 0, sizeof *d);
}

void diag_clear_arrays(Diag *d)
{
    size_t n = (size_t)d->T * rows_total();
    for (size_t i = 0; i < n; i++) d->grad_h[i] = NAN;
}

double norm_diag(const double *restrict a, long n)
{
    double s = sumsq_diag(a, n);
    /* the fast path: no square lost below 2^-1022 can matter beside 2^-960 (n < 2^50) */
    if (s >= 0x1p-960 && s <= 0x1p1000) return sqrt(s);
    if (isnan(s)) return s;
    double m = 0;
    for (long i = 0; i < n; i++) {
        double v = fabs(a[i]);
        if (isnan(v)) return v;
        if (v > m) m = v;
    }
    if (m == 0 || isinf(m)) return m;
    int e;
    frexp(m, &e); /* m = f 2^e, f in [0.5, 1): the largest scaled value in [0.5, 1) */
    double t = 0;
    for (long i = 0; i < n; i++) {
        double v = ldexp(a[i], -e);
        t += v * v;
    }
    return ldexp(sqrt(t), e);
}
