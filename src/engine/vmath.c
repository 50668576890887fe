#include "vmath.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "clones.h"

static inline double from_bits(uint64_t u)
{
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

static inline uint64_t to_bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

/* Range reduction of Cody & Waite with fdlibm's two-part ln 2 (ln2_hi has 21
 * trailing zero bits, so k*ln2_hi is exact for the |k| < 1100 used here):
 *   x = k ln2 + r,  k = round(x / ln2),  |r| <= ln2/2.
 * Adding 1.5*2^52 rounds x/ln2 to an integer k and leaves k in the low bits of
 * the sum, from which 2^k is built directly (no float-to-int conversion, so a
 * NaN simply travels on). */
#define SHIFT 0x1.8p52
#define LOG2E 0x1.71547652b82fep0
#define LN2_HI 0x1.62e42fee00000p-1
#define LN2_LO 0x1.a39ef35793c76p-33
#define ONE_BITS 0x3ff0000000000000u

/* e^r - 1 for |r| <= ln2/2: Taylor series to r^14 (next term < 1e-19 |r|) */
static inline double expm1_small(double r)
{
    double p = 1.0 / 87178291200.0; /* 1/14! */
    p = 1.0 / 6227020800.0 + r * p;
    p = 1.0 / 479001600.0 + r * p;
    p = 1.0 / 39916800.0 + r * p;
    p = 1.0 / 3628800.0 + r * p;
    p = 1.0 / 362880.0 + r * p;
    p = 1.0 / 40320.0 + r * p;
    p = 1.0 / 5040.0 + r * p;
    p = 1.0 / 720.0 + r * p;
    p = 1.0 / 120.0 + r * p;
    p = 1.0 / 24.0 + r * p;
    p = 1.0 / 6.0 + r * p;
    p = 0.5 + r * p;
    return r + (r * r) * p;
}

/* x = k ln2 + r: returns e^r - 1 and sets *two_k = 2^k; -708 <= x <= 709 or NaN */
static inline double reduce(double x, double *two_k)
{
    double t = x * LOG2E + SHIFT; /* 1.5*2^52 + k */
    double k = t - SHIFT;
    double r = (x - k * LN2_HI) - k * LN2_LO;
    *two_k = from_bits((to_bits(t) << 52) + ONE_BITS);
    return expm1_small(r);
}

/* e^x = 2^k e^r = 2^k (e^r - 1) + 2^k, k >= -1022 down to ln DBL_MIN. Below it
 * e^x < DBL_MIN is flushed to 0; above 709 the result is +inf (e^x overflows
 * from 709.78 on, so the few values in between are reported as overflowing too). */
#define LN_DBL_MIN -0x1.6232bdd7abcd2p9 /* -708.3964185322641 */
KERNEL
void vec_exp(double *x, long n)
{
    for (long i = 0; i < n; i++) {
        double z = x[i];
        double zc = z > 709.0 ? 709.0 : z; /* comparisons keep a NaN as it is */
        zc = zc < LN_DBL_MIN ? LN_DBL_MIN : zc;
        double two_k, q = reduce(zc, &two_k);
        double e = two_k * q + two_k;
        x[i] = z < LN_DBL_MIN ? 0.0 : z > 709.0 ? INFINITY : e;
    }
}

KERNEL
void vec_sigmoid(double *x, long n)
{
    for (long i = 0; i < n; i++) {
        double z = -x[i];
        double zc = z > 709.0 ? 709.0 : z; /* comparisons keep a NaN as it is */
        zc = zc < -708.0 ? -708.0 : zc;
        double two_k, q = reduce(zc, &two_k);
        double s = 1.0 / (1.0 + two_k * (1.0 + q)); /* 1 / (1 + e^z) */
        x[i] = z > 709.0 ? 0.0 : s; /* e^z overflows: sigma < 1.2e-308, flushed to 0 */
    }
}

/* tanh|x| = -u / (u + 2) with u = e^(-2|x|) - 1 in (-1, 0]: no cancellation
 * anywhere, and tanh|x| rounds to 1 for |x| > 19.1, so |x| is capped at 20. */
KERNEL
void vec_tanh(double *x, long n)
{
    for (long i = 0; i < n; i++) {
        double a = fabs(x[i]);
        a = a > 20.0 ? 20.0 : a;
        double two_k, q = reduce(-2.0 * a, &two_k);
        double u = two_k * q + (two_k - 1.0); /* e^(-2a) - 1 = 2^k (e^r - 1) + (2^k - 1) */
        x[i] = copysign(-u / (u + 2.0), x[i]);
    }
}
