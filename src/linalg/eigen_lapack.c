/* eigen_lapack.c - the same eigenvalues through LAPACK's dgeev: the reference that
 * tests/test_eigen.c checks hqr.c against (desktop builds only). */
#include "eigen.h"

#include <lapacke.h>
#include <math.h>

int linalg_eigenvalues_lapack(double *a, int n, double *re, double *im, double *work)
{
    for (long i = 0; i < (long)n * n; i++)
        if (!isfinite(a[i])) return -1;
    /* dgeev needs lwork >= 3n without eigenvectors; give it 8n+64 (row-major a is
     * a^T in column-major, which has the same eigenvalues) */
    lapack_int info = LAPACKE_dgeev_work(LAPACK_COL_MAJOR, 'N', 'N', n, a, n, re, im, NULL, 1,
                                         NULL, 1, work, 8 * n + 64);
    return info == 0 ? 0 : -1;
}
