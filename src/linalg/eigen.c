#include "eigen.h"

#include <lapacke.h>
#include <math.h>

int linalg_eigenvalues(double *a, int n, double *re, double *im, double *work)
{
    for (long i = 0; i < (long)n * n; i++)
        if (!isfinite(a[i])) return -1;
    /* dgeev needs lwork >= 3n without eigenvectors; give it 8n+64 (row-major a is
     * a^T in column-major, which has the same eigenvalues) */
    lapack_int info = LAPACKE_dgeev_work(LAPACK_COL_MAJOR, 'N', 'N', n, a, n, re, im, NULL, 1,
                                         NULL, 1, work, 8 * n + 64);
    if (info != 0) return -1;
    /* insertion sort: the order must not depend on LAPACK's */
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
