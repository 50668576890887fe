/* vmath.h - e^x, the logistic sigmoid and tanh over arrays, in place.
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

#endif
