/* eigen.h - eigenvalues of a general real matrix through LAPACK's dgeev. */
#ifndef RNNSCOPE_EIGEN_H
#define RNNSCOPE_EIGEN_H

/* Eigenvalues of the n x n row-major matrix a (overwritten) into re/im (n each),
 * sorted by real part then imaginary part (a deterministic order); work holds
 * 8n+64 doubles. No allocation. Returns 0, or -1 if a is not finite or LAPACK
 * fails. Matches run.h's EigenFn. */
int linalg_eigenvalues(double *a, int n, double *re, double *im, double *work);

#endif
