/* test_spectral.c - spectral_norm_krylov (sigma_max of W_hh, src/engine/kernels.c)
 * against LAPACK's dgesvd: random matrices of many shapes (tails of 8-wide
 * vectors, fewer columns than the Krylov cycle, tall and wide), orthogonal ones
 * (every singular value 1), rank one, a zero matrix, two top singular values
 * 1e-6 apart, and random ones scaled by 1e100 and 1e-100 (a^T a's squares
 * would overflow and underflow); each cold, then warm-started through 40 small random
 * changes (like training steps). Tolerance: 1e-12 relative; the worst printed.
 * The power iteration (spectral_norm, same tol) beside it for comparison. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"
#include "rng.h"
#define TU_LAPACK /* tu_svd_max */
#include "testutil.h"

static double worst, worst_power;

enum { RANDOM, ORTHOGONAL, RANK_ONE, ZERO, CLOSE_PAIR, HUGE, TINY };
static const char *kind_name[] = {"random", "orthogonal", "rank one", "zero", "close pair",
                                  "x 1e100", "x 1e-100"};

static void check(int m, int n, int kind, Rng *rng)
{
    double *a = calloc((size_t)m * n, sizeof *a), *v = calloc((size_t)n, sizeof *v);
    double *pv = calloc((size_t)n, sizeof *pv), *pu = calloc((size_t)m, sizeof *pu);
    double *work = calloc((size_t)spectral_norm_krylov_work(m, n), sizeof *work);
    if (kind == RANDOM || kind == HUGE || kind == TINY) { /* |a^T a| near 1e200 and 1e-200 */
        double f = kind == HUGE ? 1e100 : kind == TINY ? 1e-100 : 1;
        for (long i = 0; i < (long)m * n; i++) a[i] = rng_normal(rng) / sqrt(n) * f;
    } else if (kind == ORTHOGONAL || kind == CLOSE_PAIR) { /* m == n */
        random_orthogonal(a, n, rng);
        if (kind == CLOSE_PAIR) /* rows scaled: singular values 1, 1 - 1e-6, 0.9 ... */
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) a[(long)i * n + j] *= i == 0 ? 1 : i == 1 ? 1 - 1e-6 : 0.9 - 0.5 * i / n;
    } else if (kind == RANK_ONE) {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) a[(long)i * n + j] = (1 + i % 5) * (0.5 - j % 3);
    }
    double w = 0, wp = 0;
    for (int round = 0; round <= 40; round++) {
        double got = spectral_norm_krylov(a, m, n, 1000, 1e-13, v, work);
        double power = spectral_norm(a, m, n, 100000, 1e-13, pv, pu);
        double want = tu_svd_max(a, m, n);
        double rel = want > 0 ? fabs(got - want) / want : fabs(got);
        double relp = want > 0 ? fabs(power - want) / want : fabs(power);
        w = fmax(w, rel), wp = fmax(wp, relp);
        CHECK(rel <= 1e-12, "%s %dx%d round %d: %.17g, dgesvd %.17g (rel %.2e)", kind_name[kind], m, n,
              round, got, want, rel);
        if (kind == ZERO || kind == RANK_ONE) continue; /* kept as they are */
        double f = kind == HUGE ? 1e100 : kind == TINY ? 1e-100 : 1;
        for (long i = 0; i < (long)m * n; i++) a[i] += 1e-3 * f * (rng_uniform(rng) - 0.5);
    }
    printf("%-10s %4d x %-4d worst rel err %.2e (power iteration %.2e)\n", kind_name[kind], m, n, w, wp);
    worst = fmax(worst, w), worst_power = fmax(worst_power, wp);
    free(a), free(v), free(pv), free(pu), free(work);
}

int main(void)
{
    Rng rng;
    rng_seed(&rng, 16);
    static const int shapes[][2] = {{1, 1}, {3, 5}, {5, 3}, {7, 7}, {16, 16}, {17, 17},
                                    {33, 20}, {20, 33}, {64, 64}, {128, 128}, {130, 97}, {256, 256}};
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        check(shapes[i][0], shapes[i][1], RANDOM, &rng);
        check(shapes[i][0], shapes[i][1], RANK_ONE, &rng);
    }
    for (int n = 1; n <= 128; n *= 2) {
        check(n, n, ORTHOGONAL, &rng);
        if (n >= 2) check(n, n, CLOSE_PAIR, &rng);
    }
    check(9, 9, ZERO, &rng);
    check(64, 64, HUGE, &rng), check(64, 64, TINY, &rng);
    /* NaN in, NaN out; a^T a beyond the largest double: +inf, as the power iteration
     * says; both without hanging, and the next call starts cold */
    double a[64], v[8] = {0}, work[1024];
    for (int i = 0; i < 64; i++) a[i] = 0.1 * (i % 7) - 0.2;
    a[9] = NAN;
    double r = spectral_norm_krylov(a, 8, 8, 1000, 1e-13, v, work);
    CHECK(isnan(r) && v[0] == 0, "NaN matrix: %g, v[0] %g", r, v[0]);
    for (int i = 0; i < 64; i++) a[i] = 1e200 * (0.1 * (i % 7) - 0.2);
    r = spectral_norm_krylov(a, 8, 8, 1000, 1e-13, v, work);
    CHECK(isinf(r) && r > 0 && v[0] == 0, "1e200 matrix: %g, v[0] %g", r, v[0]);
    printf("worst rel err %.2e (tolerance 1e-12); power iteration %.2e\n", worst, worst_power);
    return tu_finish();
}
