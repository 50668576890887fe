/* hqr.c - eigenvalues of a general real matrix in plain C (no LAPACK), so the
 * spectrum is the same on every machine and in the browser build.
 *
 * The classic EISPACK path, written from the algorithm descriptions of Martin,
 * Peters, Reinsch and Wilkinson (Handbook for Automatic Computation, Vol. II,
 * Linear Algebra, 1971: balance, orthes, hqr) and their public-domain Fortran
 * (EISPACK) and Java (JAMA) translations:
 *   1. balance: permute rows/columns that isolate an eigenvalue to the ends, then
 *      scale the rest by powers of 2 so each row and its column have similar norms
 *      (exact in binary: no rounding);
 *   2. reduce to upper Hessenberg form with Householder reflections;
 *   3. the shifted double-step (Francis) QR iteration on the Hessenberg matrix,
 *      deflating 1x1 and 2x2 blocks off the bottom.
 * Only +, -, *, / and sqrt are used (all correctly rounded in IEEE 754), in a fixed
 * order: same input, same bits, on any CPU and in WebAssembly. */
#include "eigen.h"

#include <math.h>

#define A(i, j) a[(long)(i) * n + (j)]
#define RADIX 2.0

/* Swaps rows and columns j and m (a similarity transform) inside the window. */
static void exchange(double *a, int n, int j, int m, int k, int l)
{
    if (j == m) return;
    for (int i = 0; i <= l; i++) {
        double t = A(i, j);
        A(i, j) = A(i, m), A(i, m) = t;
    }
    for (int i = k; i < n; i++) {
        double t = A(j, i);
        A(j, i) = A(m, i), A(m, i) = t;
    }
}

/* EISPACK balanc, without the permutation record (eigenvalues only). On return
 * rows/columns outside [*low, *high] hold isolated eigenvalues on the diagonal of a
 * triangular part. */
static void balance(double *a, int n, int *low, int *high)
{
    int k = 0, l = n - 1;
    /* rows whose off-diagonal part in columns 0..l is zero: push them down */
    for (int found = 1; found && l > 0;) {
        found = 0;
        for (int j = l; j >= 0; j--) {
            int zero = 1;
            for (int i = 0; i <= l && zero; i++)
                if (i != j && A(j, i) != 0.0) zero = 0;
            if (zero) {
                exchange(a, n, j, l, k, l);
                l--, found = 1;
                break;
            }
        }
    }
    /* columns whose off-diagonal part in rows k..l is zero: push them left */
    for (int found = 1; found && k < l;) {
        found = 0;
        for (int j = k; j <= l; j++) {
            int zero = 1;
            for (int i = k; i <= l && zero; i++)
                if (i != j && A(i, j) != 0.0) zero = 0;
            if (zero) {
                exchange(a, n, j, k, k, l);
                k++, found = 1;
                break;
            }
        }
    }
    /* scale row i by 1/f and column i by f (f a power of 2) while that brings the
     * column norm c and the row norm r closer; stop when nothing moves by 5% */
    for (int noconv = 1; noconv;) {
        noconv = 0;
        for (int i = k; i <= l; i++) {
            double c = 0, r = 0;
            for (int j = k; j <= l; j++) {
                if (j == i) continue;
                c += fabs(A(j, i));
                r += fabs(A(i, j));
            }
            if (c == 0.0 || r == 0.0 || !isfinite(c + r)) continue;
            double g = r / RADIX, f = 1.0, s = c + r;
            /* the bounds keep f and c finite for any finite input (LAPACK's dgebal
             * has the same guards) */
            while (c < g && f < 0x1p400 && c < 0x1p400) {
                f *= RADIX;
                c *= RADIX * RADIX;
            }
            g = r * RADIX;
            while (c >= g && f > 0x1p-400 && c > 0x1p-400) {
                f /= RADIX;
                c /= RADIX * RADIX;
            }
            if ((c + r) / f < 0.95 * s) {
                g = 1.0 / f;
                noconv = 1;
                for (int j = k; j < n; j++) A(i, j) *= g;
                for (int j = 0; j <= l; j++) A(j, i) *= f;
            }
        }
    }
    *low = k, *high = l;
}

/* EISPACK orthes: Householder reduction of rows/columns low..high to upper
 * Hessenberg form. u (n) holds the reflector, f (n) the products u^T A. */
static void hessenberg(double *a, int n, int low, int high, double *u, double *f)
{
    for (int m = low + 1; m < high; m++) {
        double scale = 0;
        for (int i = m; i <= high; i++) scale += fabs(A(i, m - 1));
        if (scale == 0.0) continue;
        double h = 0;
        for (int i = high; i >= m; i--) {
            u[i] = A(i, m - 1) / scale;
            h += u[i] * u[i];
        }
        double g = sqrt(h);
        if (u[m] > 0) g = -g;
        h -= u[m] * g; /* P = I - u u^T / h */
        u[m] -= g;
        /* A <- P A: rows m..high; f_j = u^T A(:, j) / h, accumulated row by row
         * so the inner loops run along rows of the row-major matrix */
        for (int j = m; j < n; j++) f[j] = 0;
        for (int i = m; i <= high; i++) {
            const double *ai = &A(i, 0);
            for (int j = m; j < n; j++) f[j] += u[i] * ai[j];
        }
        for (int j = m; j < n; j++) f[j] /= h;
        for (int i = m; i <= high; i++) {
            double *ai = &A(i, 0);
            for (int j = m; j < n; j++) ai[j] -= f[j] * u[i];
        }
        /* A <- A P: columns m..high of rows 0..high; the dot product in four
         * interleaved partial sums (a fixed order, so still the same bits
         * everywhere) that the compiler can keep in vector registers */
        for (int i = 0; i <= high; i++) {
            double *ai = &A(i, 0);
            double s4[4] = {0, 0, 0, 0};
            int j = m;
            for (; j + 3 <= high; j += 4)
                for (int q = 0; q < 4; q++) s4[q] += u[j + q] * ai[j + q];
            double s = (s4[0] + s4[1]) + (s4[2] + s4[3]);
            for (; j <= high; j++) s += u[j] * ai[j];
            s /= h;
            for (j = m; j <= high; j++) ai[j] -= s * u[j];
        }
        A(m, m - 1) = scale * g;
        for (int i = m + 1; i <= high; i++) A(i, m - 1) = 0.0;
    }
}

/* One step's reflector, kept to apply to the rows above the bulge after its sweep. */
typedef struct Reflector {
    double x, y, z, q, r;
    int used;
} Reflector;

/* The shift of a double QR step: the trailing 2x2 block's diagonal x, y and the
 * product w of its off-diagonal entries (or Wilkinson's exceptional values). */
typedef struct Shift {
    double x, y, w;
} Shift;

/* The roots isolated by balance (outside low..high) into wr/wi; returns the sum
 * of |a_ij| over the Hessenberg part, the scale for "small". */
static double isolated_roots(const double *a, int n, int low, int high, double *wr, double *wi)
{
    double norm = 0;
    for (int i = 0; i < n; i++) {
        if (i < low || i > high) wr[i] = A(i, i), wi[i] = 0.0;
        for (int j = i > 0 ? i - 1 : 0; j < n; j++) norm += fabs(A(i, j));
    }
    return norm;
}

/* The largest l in low+1..en with a negligible subdiagonal element a(l, l-1), or
 * low: the active block is rows/columns l..en. */
static int small_subdiagonal(const double *a, int n, int low, int en, double norm, double eps)
{
    int l = en;
    for (; l > low; l--) {
        double s = fabs(A(l - 1, l - 1)) + fabs(A(l, l));
        if (s == 0.0) s = norm;
        if (fabs(A(l, l - 1)) < eps * s) break;
    }
    return l;
}

/* Deflation: the root a(en, en) (two = 0), or the two roots of the trailing 2x2
 * block (two = 1), plus the shifts t taken so far, into wr/wi. Returns how many. */
static int deflate(double *wr, double *wi, const double *a, int n, int en, int two, double t)
{
    double x = A(en, en);
    if (!two) { /* one root */
        wr[en] = x + t, wi[en] = 0.0;
        return 1;
    }
    double y = A(en - 1, en - 1), w = A(en, en - 1) * A(en - 1, en);
    double p = (y - x) / 2.0, q = p * p + w, z = sqrt(fabs(q));
    x += t;
    if (q >= 0) { /* a real pair */
        z = p >= 0 ? p + z : p - z;
        wr[en - 1] = x + z;
        wr[en] = z != 0.0 ? x - w / z : x + z;
        wi[en - 1] = wi[en] = 0.0;
    } else { /* a complex pair */
        wr[en - 1] = wr[en] = x + p;
        wi[en - 1] = z, wi[en] = -z;
    }
    return 2;
}

/* The step's shift from the trailing 2x2 block; after 10 and 20 fruitless
 * iterations (its) Wilkinson's exceptional shift, which first subtracts a(en, en)
 * from the diagonal of rows low..en and adds it to *t. */
static Shift shift(double *a, int n, int low, int en, int its, double *t)
{
    Shift sh = {A(en, en), A(en - 1, en - 1), A(en, en - 1) * A(en - 1, en)};
    if (its == 10 || its == 20) {
        *t += sh.x;
        for (int i = low; i <= en; i++) A(i, i) -= sh.x;
        double s = fabs(A(en, en - 1)) + fabs(A(en - 1, en - 2));
        sh.x = sh.y = 0.75 * s;
        sh.w = -0.4375 * s * s;
    }
    return sh;
}

/* Where the double step starts: the largest m in l..en-2 whose two subdiagonal
 * elements below make a(m, m-1) negligible, and the first column of the shifted
 * (A - s1)(A - s2) there, scaled, in pqr[0..2]. */
static int two_small_subdiagonals(const double *a, int n, int l, int en, Shift sh, double eps,
                                  double pqr[3])
{
    double p, q, r, s, z;
    int m = en - 2;
    for (;; m--) {
        z = A(m, m);
        r = sh.x - z;
        s = sh.y - z;
        p = (r * s - sh.w) / A(m + 1, m) + A(m, m + 1);
        q = A(m + 1, m + 1) - z - r - s;
        r = A(m + 2, m + 1);
        s = fabs(p) + fabs(q) + fabs(r);
        p /= s, q /= s, r /= s;
        if (m == l) break;
        if (fabs(A(m, m - 1)) * (fabs(q) + fabs(r)) <
            eps * (fabs(p) * (fabs(A(m - 1, m - 1)) + fabs(z) + fabs(A(m + 1, m + 1)))))
            break;
    }
    pqr[0] = p, pqr[1] = q, pqr[2] = r;
    return m;
}

/* Rows k..k+2 (k..k+1 on the last step) of columns k..en times the step's reflector
 * (EISPACK hqr's row modification). */
static void row_update(double *a, int n, int k, int en, double x, double y, double z, double q,
                       double r, int notlast)
{
    double *restrict r0 = &A(k, 0), *restrict r1 = &A(k + 1, 0);
    if (notlast) {
        double *restrict r2 = &A(k + 2, 0);
        for (int j = k; j <= en; j++) {
            double v = r0[j] + q * r1[j] + r * r2[j];
            r0[j] -= v * x;
            r1[j] -= v * y;
            r2[j] -= v * z;
        }
    } else {
        for (int j = k; j <= en; j++) {
            double v = r0[j] + q * r1[j];
            r0[j] -= v * x;
            r1[j] -= v * y;
        }
    }
}

/* Columns k..k+2 of rows i0..i1 times the step's reflector (EISPACK hqr's column
 * modification). */
static void col_update(double *a, int n, int k, int i0, int i1, double x, double y, double z,
                       double q, double r, int notlast)
{
    for (int i = i0; i <= i1; i++) {
        double *ri = &A(i, 0);
        double v = x * ri[k] + y * ri[k + 1];
        if (notlast) {
            v += z * ri[k + 2];
            ri[k + 2] -= v * r;
        }
        ri[k] -= v;
        ri[k + 1] -= v * q;
    }
}

/* The double QR step on rows l..en and columns m..en, chasing the bulge from
 * column m down; pqr from two_small_subdiagonals. ref (n) keeps each step's
 * reflector for the rows above the bulge. */
static void qr_sweep(double *a, int n, int l, int m, int en, const double pqr[3], Reflector *ref)
{
    double p = pqr[0], q = pqr[1], r = pqr[2], s, x = 0, y, z;
    for (int i = m + 2; i <= en; i++) {
        A(i, i - 2) = 0.0;
        if (i > m + 2) A(i, i - 3) = 0.0;
    }
    for (int k = m; k <= en - 1; k++) ref[k].used = 0;
    for (int k = m; k <= en - 1; k++) {
        int notlast = k != en - 1;
        if (k != m) {
            p = A(k, k - 1);
            q = A(k + 1, k - 1);
            r = notlast ? A(k + 2, k - 1) : 0.0;
            x = fabs(p) + fabs(q) + fabs(r);
            if (x == 0.0) continue;
            p /= x, q /= x, r /= x;
        }
        s = sqrt(p * p + q * q + r * r);
        if (p < 0) s = -s;
        if (k != m) A(k, k - 1) = -s * x;
        else if (l != m) A(k, k - 1) = -A(k, k - 1);
        p += s;
        x = p / s, y = q / s, z = r / s;
        q /= p, r /= p;
        row_update(a, n, k, en, x, y, z, q, r, notlast);
        /* columns k..k+2 of rows l..min(en, k+3): now only for rows k+1.. (the
         * later steps of this sweep read them); rows l..k are never read again
         * in the sweep, so their updates wait until it ends (below) */
        int last = en < k + 3 ? en : k + 3;
        col_update(a, n, k, k + 1 > l ? k + 1 : l, last, x, y, z, q, r, notlast);
        ref[k] = (Reflector){x, y, z, q, r, 1};
    }
    /* the waiting column updates, row by row along each row (cache-friendly),
     * in the same order per element as one row at a time: same bits */
    for (int i = l; i < en; i++)
        for (int k = i > m ? i : m; k <= en - 1; k++)
            if (ref[k].used) {
                const Reflector *f = &ref[k];
                col_update(a, n, k, i, i, f->x, f->y, f->z, f->q, f->r, k != en - 1);
            }
}

/* EISPACK hqr: eigenvalues of the upper Hessenberg matrix a by the shifted double
 * QR step (Francis), with Wilkinson's exceptional shifts after 10 and 20 fruitless
 * iterations. 0, or -1 if 30 n iterations in all did not converge. */
static int hqr(double *a, int n, int low, int high, double *wr, double *wi, Reflector *ref)
{
    const double eps = 0x1p-52;
    double norm = isolated_roots(a, n, low, high, wr, wi);
    int en = high, its = 0;
    long total = 0, limit = 30L * n;
    double t = 0.0; /* shifts taken so far (exceptional shifts) */
    while (en >= low) {
        int l = small_subdiagonal(a, n, low, en, norm, eps);
        if (l >= en - 1) { /* one root, or the two of a 2x2 block, split off the bottom */
            en -= deflate(wr, wi, a, n, en, l == en - 1, t);
            its = 0;
            continue;
        }
        if (++total > limit) return -1;
        Shift sh = shift(a, n, low, en, its, &t);
        its++;
        double pqr[3];
        int m = two_small_subdiagonals(a, n, l, en, sh, eps, pqr);
        qr_sweep(a, n, l, m, en, pqr, ref);
    }
    return 0;
}

int linalg_eigenvalues(double *a, int n, double *re, double *im, double *work)
{
    for (long i = 0; i < (long)n * n; i++)
        if (!isfinite(a[i])) return -1;
    int low, high;
    balance(a, n, &low, &high);
    hessenberg(a, n, low, high, work, work + n);
    /* work holds 8n+64 doubles: n Reflectors (48 bytes each) fit in 6n */
    if (hqr(a, n, low, high, re, im, (Reflector *)work)) return -1;
    /* insertion sort by real, then imaginary part: a deterministic order */
    for (int i = 1; i < n; i++) {
        double r = re[i], m = im[i];
        int j = i - 1;
        while (j >= 0 && (re[j] > r || (re[j] == r && im[j] > m))) {
            re[j + 1] = re[j], im[j + 1] = im[j];
            j--;
        }
        re[j + 1] = r, im[j + 1] = m;
    }
    return 0;
}
