/* eigen.h - eigenvalues of a general real matrix. */
#ifndef RNNSCOPE_EIGEN_H
#define RNNSCOPE_EIGEN_H

/* Eigenvalues of the n x n row-major matrix a (overwritten) into re/im (n each),
 * sorted by real part then imaginary part (a deterministic order); work holds
 * 8n+64 doubles. No allocation. Plain C (hqr.c: balance, Householder reduction to
 * Hessenberg form, shifted double-step QR), bit-identical on every machine.
 * Returns 0, or -1 if a is not finite or the QR iteration does not converge.
 * Matches run.h's EigenFn. */
int linalg_eigenvalues(double *a, int n, double *re, double *im, double *work);

/* The same through LAPACK's dgeev (eigen_lapack.c), unsorted; the reference of
 * tests/test_eigen.c. Not in the web build. */
int linalg_eigenvalues_lapack(double *a, int n, double *re, double *im, double *work);

#endif
