/* kernels.h - the few dense loops the engine needs, written so the compiler
 * can vectorize the inner loop (axpy shape, contiguous, restrict: the output
 * never aliases an input). Row-major throughout. */
#ifndef RNNSCOPE_KERNELS_H
#define RNNSCOPE_KERNELS_H

/* out (M, N) += a (M, K) @ bt (K, N)        (bt is the transposed weight) */
void mm_add(double *restrict out, const double *restrict a, const double *restrict bt, int M, int K,
            int N);
/* the same on sub-matrices: rows of out, a and bt are ldo, lda and ldb doubles apart */
void mm_add_ld(double *restrict out, int ldo, const double *restrict a, int lda,
               const double *restrict bt, int ldb, int M, int K, int N);
/* out (M, N) += a^T (M, K) @ bt (K, N), a stored (K, M) with rows lda doubles apart;
 * rows of out and bt are ldo and ldb apart */
void mm_add_at_ld(double *restrict out, int ldo, const double *restrict a, int lda,
                  const double *restrict bt, int ldb, int M, int K, int N);
/* the same, skipping zero entries of a (one-hot inputs) */
void mm_add_sparse(double *restrict out, const double *restrict a, const double *restrict bt, int M,
                   int K, int N);
/* out (M, K) += a (M, N) @ w (N, K)          (backward through y = x w^T) */
void mm_add_w(double *restrict out, const double *restrict a, const double *restrict w, int M, int N,
              int K);
/* gt (K, N) += x^T (K, M) @ d (M, N)        (weight gradient, transposed layout) */
void mm_add_xt_d(double *restrict gt, const double *restrict x, const double *restrict d, int M,
                 int K, int N);
/* part (K, N) = x^T d (from +0), then gt += part: the same bits as the two
 * steps apart, in one pass */
void mm_add_xt_d_split(double *restrict gt, double *restrict part, const double *restrict x,
                       const double *restrict d, int M, int K, int N);
/* g (N, K) = (x_s^T d_s summed over the steps s = S-1, S-2, ..., 0)^T, the
 * weight's layout (backpropagation's order), where x_s = x + s*M*K (M, K) and
 * d_s = d + s*M*N (M, N): the sum starts from +0, and each step's product is
 * summed from +0 over its M rows and then added to it; the bits of
 * mm_add_xt_d_split step by step into +0, transposed, in one pass over g. sq
 * (S), unless NULL, gets each step's product's sum of squares (in an order of
 * its own: not the bits of sumsq). work: MM_STEPS_WORK(S, M) doubles of
 * scratch. */
#define MM_STEPS_ROWS 256
#define MM_STEPS_WORK(S, M) ((long)((M) > MM_STEPS_ROWS ? (M) : MM_STEPS_ROWS) * 8 + (long)(S) * 8)
void mm_add_xt_d_steps(double *restrict g, double *restrict sq, double *restrict work,
                       const double *restrict x, const double *restrict d, int S, int M, int K,
                       int N);
/* the same as mm_add_xt_d, skipping zero entries of x (one-hot inputs) */
void mm_add_xt_d_sparse(double *restrict gt, const double *restrict x, const double *restrict d,
                        int M, int K, int N);
/* dst (N, K) += transpose(src (K, N)) */
void transpose_add(double *restrict dst, const double *restrict src, int K, int N);
/* dst (K, N) = transpose(src (N, K)) */
void transpose(double *restrict dst, const double *restrict src, int N, int K);
/* sum of squares of n values, left to right */
double sumsq(const double *a, long n);
/* the same in a faster, vectorizable order (last-bit differences): for diagnostics */
double sumsq_diag(const double *restrict a, long n);
/* largest singular value of a (m, n) by power iteration on a^T a, stopping when
 * the estimate changes by less than tol (relative) or after max_iter iterations;
 * the estimate never exceeds the true value. v (n) is the start vector and
 * returns the right singular vector (all zeros: a fixed cold start), so a
 * caller can warm-start from a nearby matrix; u is m doubles of scratch. */
double spectral_norm(const double *a, int m, int n, int max_iter, double tol, double *v, double *u);
/* the same value (to tol), by Lanczos on a^T a restarted every KRYLOV_K steps
 * from its Ritz vector, stopping when a cycle's estimate differs from the last
 * cycle's by at most tol (relative) or after max_iter products with a; far
 * fewer than spectral_norm's when the gap to the second singular value is
 * small. v (n) as for spectral_norm; work: spectral_norm_krylov_work(m, n)
 * doubles of scratch. */
#define KRYLOV_K 16
long spectral_norm_krylov_work(int m, int n);
double spectral_norm_krylov(const double *a, int m, int n, int max_iter, double tol, double *v,
                            double *work);
/* q (n, n) = a random orthogonal matrix (Gram-Schmidt of a Gaussian matrix); work n*n */
struct Rng;
void random_orthogonal(double *q, int n, struct Rng *rng);

#endif
