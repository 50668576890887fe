#include "vmath.h"

#include <float.h>
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

/* ln x = k ln2 + ln m with x = 2^k m, m in [sqrt(1/2), sqrt(2)); with s = (m-1)/(m+1)
 * (|s| < 0.172), ln m = 2 atanh s = 2s + 2s (s^2/3 + s^4/5 + ... + s^26/27): the next
 * term is below 2^-60 of the sum (Abramowitz & Stegun 4.1.28). m - 1 is exact
 * (Sterbenz), so the error is that of s: about one ulp. */
double vm_log(double x)
{
    if (!(x > 0)) return x == 0 ? -INFINITY : NAN; /* also NaN in, NaN out */
    if (x == INFINITY) return x;
    int k = 0;
    if (x < DBL_MIN) { /* subnormal: scale into the normal range */
        x *= 0x1p54;
        k = -54;
    }
    uint64_t u = to_bits(x);
    k += (int)((u >> 52) & 0x7ff) - 1023;
    double m = from_bits((u & 0x000fffffffffffffu) | ONE_BITS); /* [1, 2) */
    if (m > 0x1.6a09e667f3bcdp0) { /* sqrt 2: into [sqrt(1/2), sqrt 2) */
        m *= 0.5;
        k++;
    }
    double f = m - 1.0, s = f / (2.0 + f), s2 = s * s;
    double r = 1.0 / 27;
    for (int j = 25; j >= 3; j -= 2) r = 1.0 / j + s2 * r;
    double lm = 2.0 * s + 2.0 * s * (s2 * r);
    return (double)k * LN2_HI + ((double)k * LN2_LO + lm);
}

/* cos x by quadrant: x = n pi/2 + r, |r| <= pi/4 (Cody & Waite, pi/2 in three parts, the
 * first with 33 significant bits so n * PIO2_1 is exact for |n| < 2^20), then the Taylor
 * series of cos r or sin r to r^22 / r^21 (next term below 2^-62). */
#define PIO2_1 0x1.921fb544p0
#define PIO2_2 0x1.0b4611a6p-34
#define PIO2_3 0x1.3198a2e037073p-69
double vm_cos(double x)
{
    if (!isfinite(x)) return NAN;
    double a = fabs(x);
    if (a > 0x1p20) return NAN; /* not needed by the engine; out of the reduction's range */
    double n = (a * 0x1.45f306dc9c883p-1 + SHIFT) - SHIFT; /* round(a * 2/pi) */
    double r = ((a - n * PIO2_1) - n * PIO2_2) - n * PIO2_3;
    double r2 = r * r, p;
    int q = (int)n & 3;
    if (q == 0 || q == 2) { /* cos r */
        p = 1.0;
        for (int j = 22; j >= 2; j -= 2) p = 1.0 - r2 / ((double)j * (j - 1)) * p;
    } else { /* sin r */
        p = 1.0;
        for (int j = 21; j >= 3; j -= 2) p = 1.0 - r2 / ((double)j * (j - 1)) * p;
        p *= r;
    }
    return q == 0 ? p : q == 1 ? -p : q == 2 ? -p : p;
}

/* Double-double numbers (hi + lo) multiplied with Dekker's exact product, which needs
 * no FMA (T. J. Dekker, "A floating-point technique for extending the available
 * precision", Numer. Math. 18, 1971): x^n by repeated squaring then carries about
 * 100 bits, so the squarings' rounding errors (amplified up to n/2 times in plain
 * doubles) stay far below the result's last bit. */
typedef struct { double hi, lo; } DD;

static inline void split27(double a, double *h, double *l)
{
    double c = 134217729.0 * a; /* 2^27 + 1 */
    *h = c - (c - a);
    *l = a - *h;
}

static inline DD dd_mul(DD x, DD y)
{
    double p = x.hi * y.hi, xh, xl, yh, yl;
    split27(x.hi, &xh, &xl);
    split27(y.hi, &yh, &yl);
    double e = ((xh * yh - p) + xh * yl + xl * yh) + xl * yl; /* x.hi y.hi - p exactly */
    e += x.hi * y.lo + x.lo * y.hi;
    double h = p + e;
    return (DD){h, e - (h - p)};
}

/* x^n for n >= 0 (|x| below 2^996, so the split cannot overflow) */
double vm_powi(double x, long n)
{
    DD r = {1.0, 0.0}, b = {x, 0.0};
    for (; n > 0; n >>= 1) {
        if (n & 1) r = dd_mul(r, b);
        if (n > 1) b = dd_mul(b, b);
    }
    return r.hi + r.lo;
}

/* asin z for |z| <= 1/2: its Taylor series, sum of (2k)!/(4^k k!^2 (2k+1)) z^(2k+1),
 * to k = 30 (the terms shrink by about z^2 <= 1/4 each: the last is below 2^-62 z) */
static double asin_half(double z)
{
    double z2 = z * z, a = 1.0, p = z, s = 0.0;
    double term[31];
    for (int k = 0; k <= 30; k++) {
        term[k] = a * p / (2 * k + 1);
        a *= (double)(2 * k + 1) / (2 * k + 2);
        p *= z2;
    }
    for (int k = 30; k >= 0; k--) s += term[k]; /* smallest first */
    return s;
}

#define PI_HI 0x1.921fb54442d18p1
#define PI_LO 0x1.1a62633145c07p-53
double vm_acos(double x)
{
    if (!(x >= -1.0 && x <= 1.0)) return NAN;
    if (x > 0.5) return 2.0 * asin_half(sqrt((1.0 - x) * 0.5));
    if (x < -0.5) return (PI_HI - 2.0 * asin_half(sqrt((1.0 + x) * 0.5))) + PI_LO;
    return (0.5 * PI_HI - asin_half(x)) + 0.5 * PI_LO;
}
