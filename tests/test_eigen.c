/* test_eigen.c - the plain-C eigenvalue solver (src/linalg/hqr.c) against LAPACK's
 * dgeev and against eigenvalues known in closed form, on random, symmetric,
 * defective (Jordan blocks), orthogonal, companion, near-singular and RNN-like
 * matrices of order 1 to 1024.
 *
 * Two eigenvalue sets are compared by matching each reference value to the nearest
 * unused computed one; the error is the largest distance, relative to the matrix's
 * Frobenius norm. Tolerances follow the perturbation bounds of a backward-stable
 * method (Golub & Van Loan, Matrix Computations, 4th ed., 7.2): a simple eigenvalue
 * moves by about kappa * n * eps * ||A||, one of a k x k Jordan block by about
 * (n * eps * ||A||)^(1/k) times a modest constant. With RNNSCOPE_TIME_SCALE >= 10
 * (the valgrind setup) the largest order is 256. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "eigen.h"
#include "rng.h"
#include "testutil.h"

#define EPS 0x1p-52

static int max_n = 1024;
static double worst_all; /* largest |hqr - dgeev| / ||A|| of the well-conditioned cases */
static const char *worst_name = "";
static int worst_n;

static double *mat(int n)
{
    double *a = calloc((size_t)n * n + 1, sizeof *a);
    if (!a) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    return a;
}

static double fro(const double *a, int n)
{
    double s = 0;
    for (long i = 0; i < (long)n * n; i++) s += a[i] * a[i];
    return sqrt(s);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

typedef struct Eig {
    double *re, *im;
    double secs;
    int rc;
} Eig;

/* Eigenvalues of a (kept) by the solver under test (lapack = 0) or dgeev (1). */
static Eig eig(const double *a, int n, int lapack)
{
    Eig e;
    double *c = mat(n), *work = calloc(8 * (size_t)n + 64, sizeof *work);
    e.re = calloc((size_t)n, sizeof *e.re);
    e.im = calloc((size_t)n, sizeof *e.im);
    memcpy(c, a, (size_t)n * n * sizeof *c);
    double t0 = now_s();
    e.rc = lapack ? linalg_eigenvalues_lapack(c, n, e.re, e.im, work)
                  : linalg_eigenvalues(c, n, e.re, e.im, work);
    e.secs = now_s() - t0;
    free(c);
    free(work);
    return e;
}

static void eig_free(Eig *e)
{
    free(e->re);
    free(e->im);
}

/* Largest distance from each of (rre, rim) to its nearest unused one of (re, im). */
static double match(const double *rre, const double *rim, const double *re, const double *im,
                    int n)
{
    char *used = calloc((size_t)n, 1);
    double worst = 0;
    for (int i = 0; i < n; i++) {
        int best = -1;
        double bd = INFINITY;
        for (int j = 0; j < n; j++) {
            if (used[j]) continue;
            double d = hypot(rre[i] - re[j], rim[i] - im[j]);
            if (d < bd) bd = d, best = j;
        }
        if (best >= 0) used[best] = 1;
        if (!(bd <= worst)) worst = bd; /* NaN propagates */
    }
    free(used);
    return worst;
}

static int sorted(const Eig *e, int n)
{
    for (int i = 1; i < n; i++)
        if (e->re[i - 1] > e->re[i] || (e->re[i - 1] == e->re[i] && e->im[i - 1] > e->im[i]))
            return 0;
    return 1;
}

/* Compares the solver with dgeev (and with known eigenvalues if kre != NULL) on a;
 * tol is relative to ||A||_F. Returns the worst relative difference against dgeev. */
static double check(const char *name, const double *a, int n, const double *kre,
                    const double *kim, double tol)
{
    Eig q = eig(a, n, 0), l = eig(a, n, 1);
    double nrm = fro(a, n), scale = nrm > 0 ? nrm : 1;
    CHECK(q.rc == 0 && l.rc == 0, "%s n=%d: solver rc %d, dgeev rc %d", name, n, q.rc, l.rc);
    CHECK(sorted(&q, n), "%s n=%d: eigenvalues not sorted", name, n);
    double dl = match(l.re, l.im, q.re, q.im, n) / scale;
    double dk = kre ? match(kre, kim, q.re, q.im, n) / scale : 0;
    double dlk = kre ? match(kre, kim, l.re, l.im, n) / scale : 0;
    if (tol < 1e-9 && dl > worst_all) worst_all = dl, worst_name = name, worst_n = n;
    CHECK(dl <= tol, "%s n=%d: differs from dgeev by %.3g (tolerance %.3g)", name, n, dl, tol);
    CHECK(dk <= tol, "%s n=%d: differs from the known eigenvalues by %.3g (tolerance %.3g)", name,
          n, dk, tol);
    printf("%-14s n=%4d  |hqr-dgeev|/||A|| %.2e", name, n, dl);
    if (kre) printf("  |hqr-exact| %.2e  |dgeev-exact| %.2e", dk, dlk);
    printf("  (tol %.0e)  hqr %.4f s  dgeev %.4f s\n", tol, q.secs, l.secs);
    eig_free(&q);
    eig_free(&l);
    return dl;
}

/* ---- matrices ---- */

static void gaussian(Rng *g, double *a, int n, double s)
{
    for (long i = 0; i < (long)n * n; i++) a[i] = s * rng_normal(g);
}

/* A random orthogonal matrix: Gram-Schmidt (twice, for orthogonality to working
 * precision) on the columns of a Gaussian matrix; q is row-major. */
static void orthogonal(Rng *g, double *q, int n)
{
    double *c = mat(n); /* column-major: column j is c[j*n ..] */
    gaussian(g, c, n, 1);
    for (int j = 0; j < n; j++) {
        double *v = c + (long)j * n;
        for (int pass = 0; pass < 2; pass++)
            for (int k = 0; k < j; k++) {
                const double *u = c + (long)k * n;
                double d = 0;
                for (int i = 0; i < n; i++) d += u[i] * v[i];
                for (int i = 0; i < n; i++) v[i] -= d * u[i];
            }
        double s = 0;
        for (int i = 0; i < n; i++) s += v[i] * v[i];
        s = sqrt(s);
        for (int i = 0; i < n; i++) v[i] /= s;
    }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) q[(long)i * n + j] = c[(long)j * n + i];
    free(c);
}

/* out = Q M Q^T */
static void similar(const double *q, const double *m, double *out, int n)
{
    double *t = mat(n);
    for (int i = 0; i < n; i++)
        for (int k = 0; k < n; k++) {
            double qik = q[(long)i * n + k];
            if (qik == 0) continue;
            for (int j = 0; j < n; j++) t[(long)i * n + j] += qik * m[(long)k * n + j];
        }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int k = 0; k < n; k++) s += t[(long)i * n + k] * q[(long)j * n + k];
            out[(long)i * n + j] = s;
        }
    free(t);
}

static void random_tests(Rng *g)
{
    static const int ns[] = {1, 2, 3, 5, 16, 64, 256, 1024};
    for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++) {
        int n = ns[k];
        if (n > max_n) continue;
        double *a = mat(n);
        gaussian(g, a, n, 1 / sqrt(n));
        /* a Gaussian matrix's eigenvalues have condition numbers growing like sqrt(n) */
        check("random", a, n, NULL, NULL, 1e-13 * n);
        /* trace = sum of eigenvalues (a closed form for every matrix) */
        Eig q = eig(a, n, 0);
        double tr = 0, sum = 0, isum = 0;
        for (int i = 0; i < n; i++) tr += a[(long)i * n + i], sum += q.re[i], isum += q.im[i];
        CHECK(fabs(tr - sum) <= 1e-12 * n && fabs(isum) <= 1e-12 * n,
              "random n=%d: trace %.17g, sum of eigenvalues %.17g%+.3gi", n, tr, sum, isum);
        eig_free(&q);
        free(a);
    }
}

static void symmetric_tests(Rng *g)
{
    static const int ns[] = {4, 32, 256, 512};
    for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++) {
        int n = ns[k];
        if (n > max_n) continue;
        double *q = mat(n), *d = mat(n), *a = mat(n);
        double *kre = calloc((size_t)n, sizeof *kre), *kim = calloc((size_t)n, sizeof *kim);
        orthogonal(g, q, n);
        for (int i = 0; i < n; i++) kre[i] = d[(long)i * n + i] = -2 + 4.0 * i / n;
        similar(q, d, a, n);
        for (int i = 0; i < n; i++) /* exactly symmetric */
            for (int j = 0; j < i; j++) a[(long)j * n + i] = a[(long)i * n + j];
        /* Weyl: a symmetric perturbation E moves each eigenvalue by at most ||E||_2 */
        check("symmetric", a, n, kre, kim, 1e-14 * n);
        free(q), free(d), free(a), free(kre), free(kim);
    }
}

/* Jordan blocks of size bs (eigenvalues spread in [-1, 1], alternately real and
 * conjugate pairs for bs = 1) conjugated by a random orthogonal matrix. */
static void defective_tests(Rng *g)
{
    static const int ns[] = {4, 6, 30, 120, 240};
    for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++) {
        int n = ns[k];
        if (n > max_n) continue;
        for (int bs = 2; bs <= 3; bs++) {
            if (n % bs) continue;
            double *q = mat(n), *j = mat(n), *a = mat(n);
            double *kre = calloc((size_t)n, sizeof *kre), *kim = calloc((size_t)n, sizeof *kim);
            orthogonal(g, q, n);
            int nb = n / bs;
            for (int b = 0; b < nb; b++) {
                double lam = nb > 1 ? -1 + 2.0 * b / (nb - 1) : 0.5;
                for (int i = 0; i < bs; i++) {
                    int r = b * bs + i;
                    j[(long)r * n + r] = lam, kre[r] = lam;
                    if (i + 1 < bs) j[(long)r * n + r + 1] = 1;
                }
            }
            similar(q, j, a, n);
            /* a k x k Jordan block splits into a circle of radius (eps ||A||)^(1/k) */
            double tol = 4 * pow(EPS * n, 1.0 / bs);
            check(bs == 2 ? "jordan-2" : "jordan-3", a, n, kre, kim, tol);
            free(q), free(j), free(a), free(kre), free(kim);
        }
    }
}

static void orthogonal_tests(Rng *g)
{
    static const int ns[] = {2, 3, 10, 100, 512};
    for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++) {
        int n = ns[k];
        if (n > max_n) continue;
        double *q = mat(n);
        orthogonal(g, q, n);
        check("orthogonal", q, n, NULL, NULL, 1e-13 * n);
        /* every eigenvalue of an orthogonal matrix has modulus 1 */
        Eig e = eig(q, n, 0);
        double worst = 0;
        for (int i = 0; i < n; i++) worst = fmax(worst, fabs(hypot(e.re[i], e.im[i]) - 1));
        CHECK(worst <= 1e-13 * n, "orthogonal n=%d: | |lambda| - 1 | up to %.3g", n, worst);
        printf("%-14s n=%4d  max | |lambda| - 1 | %.2e\n", "orthogonal", n, worst);
        eig_free(&e);
        free(q);
    }
}

/* Companion matrix of the monic polynomial with the given roots (real coefficients:
 * roots are real or come in conjugate pairs). Its eigenvalues are the roots. */
static void companion(double *a, int n, const double *rre, const double *rim)
{
    /* coefficients of prod (z - r_i), complex arithmetic, c[0..n] with c[n] = 1 */
    double *cr = calloc((size_t)n + 1, sizeof *cr), *ci = calloc((size_t)n + 1, sizeof *ci);
    cr[0] = 1;
    for (int i = 0; i < n; i++) { /* multiply by (z - r_i): degree i -> i+1 */
        for (int d = i + 1; d >= 0; d--) {
            double pr = d > 0 ? cr[d - 1] : 0, pi = d > 0 ? ci[d - 1] : 0;
            /* new c[d] = c[d-1] - r c[d] (c indexed by power, high powers shift up) */
            double xr = cr[d] * rre[i] - ci[d] * rim[i], xi = cr[d] * rim[i] + ci[d] * rre[i];
            cr[d] = pr - xr, ci[d] = pi - xi;
        }
    }
    memset(a, 0, (size_t)n * n * sizeof *a);
    for (int j = 0; j < n; j++) a[j] = -cr[n - 1 - j]; /* first row: -c_{n-1} .. -c_0 */
    for (int i = 1; i < n; i++) a[(long)i * n + i - 1] = 1;
    free(cr);
    free(ci);
}

static void companion_tests(void)
{
    /* roots of z^n = 0.5: a scaled cyclic shift, perfectly conditioned */
    static const int ns[] = {3, 8, 64, 200};
    for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++) {
        int n = ns[k];
        double *a = mat(n), *kre = calloc((size_t)n, sizeof *kre), *kim = calloc((size_t)n, sizeof *kim);
        double rad = pow(0.5, 1.0 / n);
        for (int i = 0; i < n; i++) {
            kre[i] = rad * cos(6.283185307179586 * i / n);
            kim[i] = rad * sin(6.283185307179586 * i / n);
        }
        a[n - 1] = 0.5;
        for (int i = 1; i < n; i++) a[(long)i * n + i - 1] = 1;
        check("cyclic", a, n, kre, kim, 1e-14 * n);
        free(a), free(kre), free(kim);
    }
    /* roots 1..n/2 and pairs 0.5 +- 0.5i, -2 +- i (n = 10): a general polynomial */
    static const double rre[] = {1, 2, 3, 4, 5, 6, 0.5, 0.5, -2, -2};
    static const double rim[] = {0, 0, 0, 0, 0, 0, 0.5, -0.5, 1, -1};
    int n = 10;
    double *a = mat(n);
    companion(a, n, rre, rim);
    /* the roots of a polynomial are ill-conditioned in its coefficients: kappa ~ 1e5 */
    check("companion", a, n, rre, rim, 1e-10);
    free(a);
}

static void near_singular_tests(Rng *g)
{
    static const int ns[] = {5, 50, 300};
    for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++) {
        int n = ns[k];
        if (n > max_n) continue;
        /* rank n/2 (a product of n x n/2 and n/2 x n) plus a 1e-14 perturbation */
        double *u = mat(n), *v = mat(n), *a = mat(n);
        gaussian(g, u, n, 1 / sqrt(n));
        gaussian(g, v, n, 1 / sqrt(n));
        int r = n / 2;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int t = 0; t < r; t++) s += u[(long)i * n + t] * v[(long)t * n + j];
                a[(long)i * n + j] = s + 1e-14 * rng_normal(g);
            }
        check("near-singular", a, n, NULL, NULL, 1e-12 * n);
        free(u), free(v), free(a);
    }
}

/* What the window feeds it: W_hh of an RNN (PyTorch's U(+-1/sqrt H)), times 3
 * (lesson 3's exploding init), and triangular / diagonal matrices that balancing
 * isolates entirely. */
static void special_tests(Rng *g)
{
    static const int ns[] = {16, 32, 64, 256};
    for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++) {
        int n = ns[k];
        if (n > max_n) continue;
        double *a = mat(n);
        for (long i = 0; i < (long)n * n; i++) a[i] = 3 * (2 * rng_uniform(g) - 1) / sqrt(n);
        check("rnn-uniform", a, n, NULL, NULL, 1e-13 * n);
        free(a);
    }
    int n = 40;
    double *a = mat(n), *kre = calloc((size_t)n, sizeof *kre), *kim = calloc((size_t)n, sizeof *kim);
    for (int i = 0; i < n; i++) {
        kre[i] = a[(long)i * n + i] = (i * 7 % n) - 20.5;
        for (int j = i + 1; j < n; j++) a[(long)i * n + j] = rng_normal(g);
    }
    check("triangular", a, n, kre, kim, 0);
    memset(a, 0, (size_t)n * n * sizeof *a);
    memset(kre, 0, (size_t)n * sizeof *kre);
    check("zero", a, n, kre, kim, 0);
    for (int i = 0; i < n; i++) kre[i] = a[(long)i * n + i] = 1;
    check("identity", a, n, kre, kim, 0);
    /* a rotation by 0.3 rad scaled by 2: 2 e^(+-0.3i) */
    double r[4] = {2 * cos(0.3), -2 * sin(0.3), 2 * sin(0.3), 2 * cos(0.3)};
    double rr[2] = {2 * cos(0.3), 2 * cos(0.3)}, ri[2] = {-2 * sin(0.3), 2 * sin(0.3)};
    check("rotation", r, 2, rr, ri, 1e-15);
    /* badly scaled: D A D^-1 with D = diag(2^(8i)); balancing undoes it exactly */
    int m = 12;
    double *b = mat(m);
    gaussian(g, b, m, 1);
    Eig ref = eig(b, m, 1);
    for (int i = 0; i < m; i++)
        for (int j = 0; j < m; j++) b[(long)i * m + j] = ldexp(b[(long)i * m + j], 8 * (i - j));
    Eig e = eig(b, m, 0);
    double d = match(ref.re, ref.im, e.re, e.im, m);
    CHECK(e.rc == 0 && d <= 1e-12, "badly scaled: %.3g from the unscaled eigenvalues", d);
    printf("%-14s n=%4d  |hqr(DAD^-1) - dgeev(A)| %.2e (tol 1e-12)\n", "badly-scaled", m, d);
    eig_free(&ref), eig_free(&e), free(b);
    /* not finite: -1 */
    a[5] = NAN;
    double *w = calloc(8 * (size_t)n + 64, sizeof *w);
    CHECK(linalg_eigenvalues(a, n, kre, kim, w) == -1, "a NaN entry is refused");
    a[5] = INFINITY;
    CHECK(linalg_eigenvalues(a, n, kre, kim, w) == -1, "an infinite entry is refused");
    free(w), free(a), free(kre), free(kim);
}

/* Same input, same bits: the solver is run twice on a copy. */
static void determinism(Rng *g)
{
    int n = 100;
    double *a = mat(n);
    gaussian(g, a, n, 1);
    Eig x = eig(a, n, 0), y = eig(a, n, 0);
    CHECK(!memcmp(x.re, y.re, n * sizeof(double)) && !memcmp(x.im, y.im, n * sizeof(double)),
          "two runs on the same matrix differ");
    eig_free(&x), eig_free(&y), free(a);
}

int main(void)
{
    const char *ts = getenv("RNNSCOPE_TIME_SCALE");
    if (ts && atof(ts) >= 10) max_n = 256;
    Rng g;
    rng_seed(&g, 20240613);
    random_tests(&g);
    symmetric_tests(&g);
    defective_tests(&g);
    orthogonal_tests(&g);
    companion_tests();
    near_singular_tests(&g);
    special_tests(&g);
    determinism(&g);
    printf("worst |hqr - dgeev| / ||A||_F outside the Jordan blocks: %.2e (%s, n=%d)\n", worst_all,
           worst_name, worst_n);
    return tu_finish();
}
