/* test_kernels.c - the matrix products of src/engine/kernels.c against the
 * plain triple loop they promise to equal bit for bit: every element starts
 * from its stored value and adds its terms in order k = 0, 1, ... (for
 * mm_add_xt_d_split: from +0, then added to the stored value). Shapes cover
 * every path: 4-row blocks and single rows, 32-column strips, 16- and 8-column
 * panels and their tails, rows 4 KiB apart and K beyond one packed chunk (128
 * or 256); mm_add_xt_d_steps against mm_add_xt_d_split step by step;
 * spectral_norm against its unblocked form; transposes element by element.
 * Inputs include -0.0, so a sum that starts from +0 where it should start from
 * the stored -0 shows. Tolerance: 0 bits. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "kernels.h"
#include "kernels_isa.h"
#include "testutil.h"

static unsigned long long state = 88172645463325252ull;

static double value(void)
{
    state ^= state << 13, state ^= state >> 7, state ^= state << 17;
    unsigned k = (unsigned)(state >> 40) % 16;
    if (k == 0) return -0.0;
    if (k == 1) return 0.0;
    return (double)(long long)(state >> 11) / 9007199254740992.0 - 0.5;
}

static double *fill(long n)
{
    double *p = malloc(sizeof *p * (size_t)n);
    for (long i = 0; i < n; i++) p[i] = value();
    return p;
}

static double *copy(const double *p, long n)
{
    double *q = malloc(sizeof *q * (size_t)n);
    memcpy(q, p, sizeof *q * (size_t)n);
    return q;
}

/* number of elements of got and want (n each) whose bits differ */
static long differ(const double *got, const double *want, long n)
{
    long bad = 0;
    for (long i = 0; i < n; i++) bad += memcmp(got + i, want + i, sizeof *got) != 0;
    return bad;
}

static long worst; /* most differing elements in any one check */

static void note(long bad)
{
    if (bad > worst) worst = bad;
}

/* c (M, N) rows ldc apart += a (M, K) rows lda apart @ bt (K, N) rows ldb apart */
static void ref_mm(double *c, int ldc, const double *a, int lda, const double *bt, int ldb, int M,
                   int K, int N)
{
    for (int m = 0; m < M; m++)
        for (int n = 0; n < N; n++) {
            double s = c[(long)m * ldc + n];
            for (int k = 0; k < K; k++) s += a[(long)m * lda + k] * bt[(long)k * ldb + n];
            c[(long)m * ldc + n] = s;
        }
}

static void check_shape(int M, int K, int N)
{
    /* mm_add and mm_add_sparse: out (M, N) += a (M, K) @ bt (K, N) */
    double *a = fill((long)M * K), *bt = fill((long)K * N), *out = fill((long)M * N);
    double *want = copy(out, (long)M * N), *got = copy(out, (long)M * N);
    ref_mm(want, N, a, K, bt, N, M, K, N);
    mm_add(got, a, bt, M, K, N);
    long bad = differ(got, want, (long)M * N);
    CHECK(bad == 0, "mm_add M=%d K=%d N=%d: %ld of %ld elements differ", M, K, N, bad, (long)M * N);
    note(bad);
    /* mm_add_sparse skips zero entries of a: the same sums except a skipped
     * +-0 * b term, which can only change -0 + 0 -> +0: compare values */
    memcpy(got, out, sizeof *got * (size_t)M * N);
    mm_add_sparse(got, a, bt, M, K, N);
    long far = 0;
    for (long i = 0; i < (long)M * N; i++) far += got[i] != want[i];
    CHECK(far == 0, "mm_add_sparse M=%d K=%d N=%d: %ld values differ", M, K, N, far);
    note(far);

    /* mm_add_w: out (M, K) += a (M, N) @ w (N, K): the same shape with w as bt */
    double *o2 = fill((long)M * K), *a2 = fill((long)M * N), *w = fill((long)N * K);
    double *want2 = copy(o2, (long)M * K);
    ref_mm(want2, K, a2, N, w, K, M, N, K);
    mm_add_w(o2, a2, w, M, N, K);
    bad = differ(o2, want2, (long)M * K);
    CHECK(bad == 0, "mm_add_w M=%d N=%d K=%d: %ld elements differ", M, N, K, bad);
    note(bad);

    /* mm_add_xt_d: gt (K, N) += x^T (K, M) @ d (M, N); and the split form */
    double *x = fill((long)M * K), *d = fill((long)M * N), *gt = fill((long)K * N);
    double *xt = malloc(sizeof *xt * (size_t)K * M);
    transpose(xt, x, M, K); /* xt (K, M) */
    double *want3 = copy(gt, (long)K * N), *got3 = copy(gt, (long)K * N);
    ref_mm(want3, N, xt, M, d, N, K, M, N);
    mm_add_xt_d(got3, x, d, M, K, N);
    bad = differ(got3, want3, (long)K * N);
    CHECK(bad == 0, "mm_add_xt_d M=%d K=%d N=%d: %ld elements differ", M, K, N, bad);
    note(bad);
    double *part = calloc((size_t)K * N, sizeof *part), *want_part = calloc((size_t)K * N, sizeof *part);
    ref_mm(want_part, N, xt, M, d, N, K, M, N); /* from +0 */
    memcpy(want3, gt, sizeof *gt * (size_t)K * N);
    for (long i = 0; i < (long)K * N; i++) want3[i] += want_part[i];
    memcpy(got3, gt, sizeof *gt * (size_t)K * N);
    mm_add_xt_d_split(got3, part, x, d, M, K, N);
    bad = differ(got3, want3, (long)K * N) + differ(part, want_part, (long)K * N);
    CHECK(bad == 0, "mm_add_xt_d_split M=%d K=%d N=%d: %ld elements differ", M, K, N, bad);
    note(bad);

    free(a), free(bt), free(out), free(want), free(got), free(o2), free(a2), free(w), free(want2);
    free(x), free(d), free(gt), free(xt), free(want3), free(got3), free(part), free(want_part);
}

/* mm_add_ld on sub-matrices of larger ones */
static void check_ld(int M, int K, int N, int ldo, int lda, int ldb)
{
    double *a = fill((long)M * lda), *bt = fill((long)K * ldb), *out = fill((long)M * ldo);
    double *want = copy(out, (long)M * ldo);
    ref_mm(want, ldo, a, lda, bt, ldb, M, K, N);
    mm_add_ld(out, ldo, a, lda, bt, ldb, M, K, N);
    long bad = differ(out, want, (long)M * ldo);
    CHECK(bad == 0, "mm_add_ld M=%d K=%d N=%d ld %d %d %d: %ld elements differ", M, K, N, ldo, lda,
          ldb, bad);
    note(bad);
    free(a), free(bt), free(out), free(want);
}

/* mm_add_at_ld: out (M, N) += a^T @ bt with a stored (K, M), rows lda apart (attention's
 * dV = P^T dctx and dK = dS^T Q, read in place) */
static void check_at_ld(int M, int K, int N, int ldo, int lda, int ldb)
{
    double *a = fill((long)K * lda), *bt = fill((long)K * ldb), *out = fill((long)M * ldo);
    double *at = malloc(sizeof *at * (size_t)M * K); /* (M, K) = a^T */
    for (int k = 0; k < K; k++)
        for (int m = 0; m < M; m++) at[(long)m * K + k] = a[(long)k * lda + m];
    double *want = copy(out, (long)M * ldo);
    ref_mm(want, ldo, at, K, bt, ldb, M, K, N);
    mm_add_at_ld(out, ldo, a, lda, bt, ldb, M, K, N);
    long bad = differ(out, want, (long)M * ldo);
    CHECK(bad == 0, "mm_add_at_ld M=%d K=%d N=%d ld %d %d %d: %ld elements differ", M, K, N, ldo, lda,
          ldb, bad);
    note(bad);
    free(a), free(bt), free(out), free(want), free(at);
}

/* transpose and transpose_add against element-by-element loops */
static void check_transpose(int N, int K)
{
    double *src = fill((long)N * K), *dst = fill((long)N * K), *want = copy(dst, (long)N * K);
    transpose(dst, src, N, K); /* dst (K, N) = src (N, K)^T */
    for (int n = 0; n < N; n++)
        for (int k = 0; k < K; k++) want[(long)k * N + n] = src[(long)n * K + k];
    long bad = differ(dst, want, (long)N * K);
    CHECK(bad == 0, "transpose N=%d K=%d: %ld elements differ", N, K, bad);
    note(bad);
    memcpy(want, dst, sizeof *dst * (size_t)N * K);
    transpose_add(dst, src, N, K); /* dst (K, N) += src (N, K)^T: src read as (K', N') = (N, K) */
    for (int k = 0; k < N; k++)
        for (int n = 0; n < K; n++) want[(long)n * N + k] += src[(long)k * K + n];
    bad = differ(dst, want, (long)N * K);
    CHECK(bad == 0, "transpose_add K=%d N=%d: %ld elements differ", N, K, bad);
    note(bad);
    free(src), free(dst), free(want);
}

static double worst_sq; /* largest relative difference of a step's sum of squares */

/* mm_add_xt_d_steps: S steps of mm_add_xt_d_split, s = S-1 down to 0, into a
 * sum that starts from +0, transposed, in one call; g to the bit, each step's
 * sum of squares against sumsq of its product (another order: relative
 * tolerance 1e-13) */
/* zeros 1: a third of x and a fifth of d are +-0; zeros 2: all of x is -0 as
 * well, so that every product is +-0 at every step (a sum that only adds
 * zeros: the B=1 path's shortcut must end with the sign the plain sums give).
 * g is filled with other values first: the kernel must not add to them. */
static void check_steps_z(int S, int M, int K, int N, int zeros)
{
    double *x = fill((long)S * M * K), *d = fill((long)S * M * N), *g = fill((long)K * N);
    for (long i = 0; zeros && i < (long)S * M * K; i += 3) x[i] = i % 2 ? -0.0 : 0.0;
    for (long i = 0; zeros && i < (long)S * M * N; i += 5) d[i] = i % 2 ? 0.0 : -0.0;
    for (long i = 0; zeros == 2 && i < (long)S * M * K; i++) x[i] = -0.0;
    double *sum = calloc((size_t)K * N, sizeof *sum), *want = malloc(sizeof *want * (size_t)K * N);
    double *part = malloc(sizeof *part * (size_t)K * N);
    double *sq = malloc(sizeof *sq * (size_t)S), *want_sq = malloc(sizeof *sq * (size_t)S);
    double *work = malloc(sizeof *work * (size_t)MM_STEPS_WORK(S, M));
    for (int s = S - 1; s >= 0; s--) {
        mm_add_xt_d_split(sum, part, x + (long)s * M * K, d + (long)s * M * N, M, K, N);
        want_sq[s] = sumsq(part, (long)K * N);
    }
    for (int k = 0; k < K; k++) /* (K, N) -> the weight's (N, K) */
        for (int n = 0; n < N; n++) want[(long)n * K + k] = sum[(long)k * N + n];
    mm_add_xt_d_steps(g, sq, work, x, d, S, M, K, N);
    long bad = differ(g, want, (long)K * N);
    CHECK(bad == 0, "mm_add_xt_d_steps S=%d M=%d K=%d N=%d: %ld elements differ", S, M, K, N, bad);
    note(bad);
    double rel = 0;
    for (int s = 0; s < S; s++) {
        double e = fabs(sq[s] - want_sq[s]) / (want_sq[s] > 0 ? want_sq[s] : 1);
        rel = e > rel ? e : rel;
    }
    CHECK(rel <= 1e-13, "mm_add_xt_d_steps S=%d M=%d K=%d N=%d: sums of squares off by %.3g", S, M,
          K, N, rel);
    worst_sq = rel > worst_sq ? rel : worst_sq;
    for (long i = 0; i < (long)K * N; i++) g[i] = -1.0; /* without the squares: the same sums */
    mm_add_xt_d_steps(g, NULL, work, x, d, S, M, K, N);
    bad = differ(g, want, (long)K * N);
    CHECK(bad == 0, "mm_add_xt_d_steps S=%d M=%d K=%d N=%d, no squares: %ld elements differ", S, M, K,
          N, bad);
    note(bad);
    free(x), free(d), free(g), free(sum), free(want), free(part), free(sq), free(want_sq), free(work);
}

static void check_steps(int S, int M, int K, int N) { check_steps_z(S, M, K, N, 0); }

/* spectral_norm as it was written before its products were blocked: a dot
 * product with eight partial sums per row, an axpy per row */
static double ref_spectral(const double *a, int m, int n, int max_iter, double tol, double *v, double *u)
{
    double vn = sqrt(sumsq(v, n));
    if (!(vn > 0) || !isfinite(vn)) {
        for (int j = 0; j < n; j++) v[j] = 1.0 + 0.01 * (j % 7);
        vn = sqrt(sumsq(v, n));
    }
    for (int j = 0; j < n; j++) v[j] /= vn;
    double sigma = 0;
    for (int it = 0; it < max_iter; it++) {
        for (int i = 0; i < m; i++) {
            double p[8] = {0, 0, 0, 0, 0, 0, 0, 0};
            int j = 0;
            for (; j + 8 <= n; j += 8)
                for (int k = 0; k < 8; k++) p[k] += a[(long)i * n + j + k] * v[j + k];
            double s = ((p[0] + p[1]) + (p[2] + p[3])) + ((p[4] + p[5]) + (p[6] + p[7]));
            for (; j < n; j++) s += a[(long)i * n + j] * v[j];
            u[i] = s;
        }
        double un = sqrt(sumsq(u, m));
        if (!(un > 0) || !isfinite(un)) return un;
        memset(v, 0, sizeof *v * (size_t)n);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) v[j] += u[i] / un * a[(long)i * n + j];
        double s = sqrt(sumsq(v, n));
        if (!(s > 0) || !isfinite(s)) return un;
        for (int j = 0; j < n; j++) v[j] /= s;
        double prev = sigma;
        sigma = s;
        if (it > 1 && fabs(sigma - prev) <= tol * sigma) break;
    }
    return sigma;
}

static void check_spectral(int m, int n)
{
    double *a = fill((long)m * n), *v = calloc((size_t)n, sizeof *v), *u = malloc(sizeof *u * (size_t)m);
    double *rv = calloc((size_t)n, sizeof *v), *ru = malloc(sizeof *u * (size_t)m);
    for (int round = 0; round < 2; round++) { /* cold, then warm from the first's vector */
        double got = spectral_norm(a, m, n, 1000, 1e-13, v, u);
        double want = ref_spectral(a, m, n, 1000, 1e-13, rv, ru);
        long bad = differ(&got, &want, 1) + differ(v, rv, n);
        CHECK(bad == 0, "spectral_norm m=%d n=%d round %d: %a, want %a; %ld values differ", m, n, round,
              got, want, bad);
        note(bad);
        a[0] += 0.01, a[(long)m * n - 1] -= 0.01;
    }
    free(a), free(v), free(u), free(rv), free(ru);
}

/* norm_diag against the norm summed in long double (x87's 80 bits reach 10^+-4932: no
 * square of a double under- or overflows there), at scales from the subnormals to
 * near the largest double; the fast path's sqrt(sumsq) lost every value below 1e-162
 * (the gradient reaching a word "exactly 0" where it was 1e-170, lesson 3 step 3). */
static void check_norm_diag(void)
{
    static const double scale[] = {1e-320, 1e-310, 1e-300, 1e-200, 1e-170, 1e-155, 1e-100, 1,
                                   1e100, 1e154, 1e160, 1e200, 1e300, 1e307};
    static const long len[] = {1, 3, 8, 17, 100, 1000};
    double worst = 0;
    int n_cases = 0;
    for (size_t a = 0; a < sizeof scale / sizeof scale[0]; a++)
        for (size_t b = 0; b < sizeof len / sizeof len[0]; b++) {
            long n = len[b];
            double *v = fill(n);
            for (long i = 0; i < n; i++) v[i] *= scale[a];
            long double s = 0;
            for (long i = 0; i < n; i++) s += (long double)v[i] * (long double)v[i];
            double want = (double)sqrtl(s), got = norm_diag(v, n);
            /* subnormal values hold fewer digits: their own rounding, not the norm's */
            double tol = scale[a] < 1e-300 ? 1e-3 : 1e-14;
            double rel = want > 0 ? fabs(got - want) / want : fabs(got);
            if (scale[a] >= 1e-300 && rel > worst) worst = rel;
            CHECK(rel <= tol, "norm_diag of %ld values of scale %g: %.17g, long double %.17g", n,
                  scale[a], got, want);
            n_cases++;
            free(v);
        }
    double z[4] = {0, -0.0, 0, 0}, big[3] = {1e308, -1e308, 1e308}, over[3] = {1.5e308, -1.5e308, 1.5e308};
    CHECK(norm_diag(z, 4) == 0, "norm of zeros: %g", norm_diag(z, 4));
    double bw = (double)sqrtl(3.0L * 1e308L * 1e308L), ow = (double)sqrtl(3.0L * 1.5e308L * 1.5e308L);
    CHECK(fabs(norm_diag(big, 3) - bw) <= 1e-15 * bw, "norm 1.7e308, its square far past the largest "
          "double: %.17g, long double %.17g", norm_diag(big, 3), bw);
    CHECK(isinf(ow) && isinf(norm_diag(over, 3)), "norm past the largest double: %g", norm_diag(over, 3));
    double w[3] = {1, INFINITY, 2}, q[3] = {1, NAN, INFINITY};
    CHECK(isinf(norm_diag(w, 3)), "a value inf: the norm inf (%g)", norm_diag(w, 3));
    CHECK(isnan(norm_diag(q, 3)), "a value NaN: the norm NaN (%g)", norm_diag(q, 3));
    printf("norm_diag: %d cases from 1e-320 to 1e307 against long double; worst relative difference "
           "%.3g from 1e-300 up (tolerance 1e-14)\n", n_cases, worst);
}

int main(void)
{
    printf("kernels: %s (RNNSCOPE_KERNELS: %s)\n", kernels_isa(),
           getenv("RNNSCOPE_KERNELS") ? getenv("RNNSCOPE_KERNELS") : "unset");
    static const int shapes[][3] = {
        {1, 1, 1},   {1, 64, 256}, {3, 7, 5},     {4, 8, 8},    {5, 37, 37},  {7, 21, 84},
        {16, 64, 256}, {9, 128, 512}, {16, 128, 512}, {8, 300, 512}, {13, 600, 1024}, {2, 33, 512},
        {17, 5, 520},  {11, 131, 29}, {8, 1, 24},    {12, 257, 40},
        /* narrow outputs (< 8 columns) whose inner dimension spans several packed chunks */
        {1, 600, 2},   {5, 3, 520},   {9, 513, 7},   {2, 520, 1},   {2, 300, 14},
        {6, 270, 6},
    };
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++)
        check_shape(shapes[i][0], shapes[i][1], shapes[i][2]);
    check_ld(9, 40, 24, 64, 48, 32);
    check_ld(12, 300, 40, 512, 300, 512);
    check_ld(3, 10, 9, 9, 10, 9);
    check_at_ld(40, 40, 16, 3072, 40, 1024); /* attention's shapes: T = 40, dk = 16, B = 32 */
    check_at_ld(14, 14, 8, 96, 14, 64);
    check_at_ld(9, 5, 7, 7, 11, 7);
    check_at_ld(200, 200, 32, 6144, 200, 2048);
    /* steps: one and many per packed chunk (256 rows), chunks split mid-run, tails */
    check_steps(1, 1, 1, 1);
    check_steps(20, 1, 128, 512);
    check_steps(300, 1, 9, 13);
    check_steps(7, 32, 12, 40);
    check_steps(30, 16, 5, 24);
    check_steps(3, 300, 6, 9);
    check_steps(50, 3, 33, 96);
    check_steps_z(20, 1, 37, 44, 1); /* B=1: signed zeros in every place */
    check_steps_z(3, 1, 5, 3, 1);
    check_steps_z(4, 2, 9, 16, 1);
    check_steps_z(3, 1, 9, 21, 2);
    /* transposes: whole 8 x 8 tiles, edges of each kind, a single element */
    check_transpose(512, 128);
    check_transpose(13, 21);
    check_transpose(8, 3);
    check_transpose(1, 1);
    check_transpose(40, 17);
    /* power iteration: whole 32-column strips, 8-column tails, single tail rows */
    check_spectral(128, 128);
    check_spectral(37, 45);
    check_spectral(5, 3);
    check_spectral(66, 200);
    check_spectral(1, 9);
    check_norm_diag();
    printf("worst: %ld differing elements in one product (tolerance 0); sums of squares: "
           "%.3g relative (tolerance 1e-13)\n", worst, worst_sq);
    return tu_finish();
}
