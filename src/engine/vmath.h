/* vmath.h - e^x, the logistic sigmoid and tanh over arrays, in place; ln, cos, arccos, x^n.
 *
 * Written with only IEEE multiplies, adds, one divide and bit operations, so
 * the compiler vectorizes them (AVX-512, AVX2 or SSE2, see clones.h) and every
 * build gives the same bits. Accuracy against glibc's exp/tanh is measured by
 * tests/test_vmath.c (a few units in the last place); NaN and +-inf pass
 * through as libm's do; results smaller than DBL_MIN may be flushed to zero. */
#ifndef RNNSCOPE_VMATH_H
#define RNNSCOPE_VMATH_H

/* x[i] = e^x[i]                  for i < n; 0 below ln DBL_MIN, +inf above 709 */
void vec_exp(double *x, long n);
/* x[i] = 1 / (1 + e^(-x[i]))   for i < n */
void vec_sigmoid(double *x, long n);
/* x[i] = tanh(x[i])              for i < n */
void vec_tanh(double *x, long n);

/* Scalar functions for the engine's other transcendentals (the loss, the data and
 * the initial weights), so that training gives the same bits on every machine and
 * in the browser: glibc picks FMA variants of log and cos at run time.
 * ln x (NaN for x < 0, -inf at 0) */
double vm_log(double x);
/* cos x for |x| <= 2^20 (NaN beyond and for NaN/inf) */
double vm_cos(double x);
/* arccos x for -1 <= x <= 1 (NaN outside) */
double vm_acos(double x);
/* x^n, n >= 0, by repeated squaring in double-double (|x| < 2^996) */
double vm_powi(double x, long n);

#endif
