/* test_vmath.c - vec_exp, vec_sigmoid and vec_tanh (src/engine/vmath.c) against an
 * independent reference: glibc's long-double expl and tanhl (64-bit mantissa,
 * x87), rounded to double. Errors are in units in the last place (ulp) of the
 * reference; tolerance 3 ulp. Also: NaN, +-inf, +-0, subnormals and the
 * documented flush below DBL_MIN; that a whole array (vector loop) gives the
 * same bits as the same numbers one at a time (scalar loop); and that the copy
 * the CPU dispatches to (AVX-512 or AVX2 where present) gives the same bits as
 * a copy built for baseline x86-64 alone (tests/meson.build builds both).
 * The scalar vm_log, vm_cos and vm_powi against logl, cosl and powl. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "vmath.h"

#define TOL_ULP 3.0

void baseline_vec_sigmoid(double *x, long n);
void baseline_vec_tanh(double *x, long n);
void baseline_vec_exp(double *x, long n);

static double ulp_of(double ref)
{
    double a = fabs(ref);
    if (a < DBL_MIN) return DBL_TRUE_MIN;
    return nextafter(a, INFINITY) - a;
}

static double ref_sigmoid(double x) { return (double)(1.0L / (1.0L + expl(-(long double)x))); }
static double ref_tanh(double x) { return (double)tanhl((long double)x); }
static double ref_exp(double x) { return (double)expl((long double)x); }

typedef struct {
    const char *name;
    void (*fn)(double *, long);
    void (*baseline)(double *, long);
    double (*ref)(double);
    double worst, worst_x;
    long n;
    double hi; /* arguments above hi are left to the special values (exp: +inf past 709) */
} Case;

/* every x in xs through fn at once; compare to the reference */
static void check_values(Case *c, const double *xs, double *buf, long n)
{
    memcpy(buf, xs, sizeof(double) * (size_t)n);
    c->fn(buf, n);
    for (long i = 0; i < n; i++) {
        if (xs[i] > c->hi) continue;
        double want = c->ref(xs[i]);
        if (fabs(want) < DBL_MIN) { /* documented: may be flushed to zero */
            CHECK(fabs(buf[i]) <= DBL_MIN, "%s(%.17g) = %.17g, want %.17g", c->name, xs[i], buf[i], want);
            continue;
        }
        double e = fabs(buf[i] - want) / ulp_of(want);
        if (!(e <= c->worst)) c->worst = e, c->worst_x = xs[i];
        c->n++;
    }
}

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005u + 1442695040888963407u;
    return *s >> 11;
}

int main(void)
{
    Case cases[3] = {{"sigmoid", vec_sigmoid, baseline_vec_sigmoid, ref_sigmoid, 0, 0, 0, INFINITY},
                     {"tanh", vec_tanh, baseline_vec_tanh, ref_tanh, 0, 0, 0, INFINITY},
                     {"exp", vec_exp, baseline_vec_exp, ref_exp, 0, 0, 0, 709.0}};
    enum { N = 1 << 20 };
    double *xs = malloc(sizeof(double) * N), *buf = malloc(sizeof(double) * N);
    double *one = malloc(sizeof(double) * N);
    if (!xs || !buf || !one) return 1;

    for (int k = 0; k < 3; k++) {
        Case *c = &cases[k];
        /* 1. a dense grid on [-40, 40], where both functions change */
        for (long i = 0; i < N; i++) xs[i] = -40.0 + 80.0 * (double)i / (N - 1);
        check_values(c, xs, buf, N);
        /* 2. magnitudes 1e-310 .. 1e3 on a log grid, both signs (small arguments) */
        for (long i = 0; i < N; i++) {
            double m = pow(10.0, -310.0 + 313.0 * (double)(i / 2) / (N / 2 - 1));
            xs[i] = i % 2 ? -m : m;
        }
        check_values(c, xs, buf, N);
        /* 3. random doubles from random bit patterns in the range that matters */
        uint64_t s = 42 + (uint64_t)k;
        for (long i = 0; i < N; i++) {
            double x;
            uint64_t u = lcg(&s);
            memcpy(&x, &u, sizeof x); /* low 53 bits random: tiny positive doubles */
            xs[i] = ((double)lcg(&s) / 9007199254740992.0 - 0.5) * 1500.0 + (i % 7 == 0 ? x : 0.0);
        }
        check_values(c, xs, buf, N);
        printf("%-8s %ld values, worst %.3f ulp at x = %.17g (tolerance %.0f ulp)\n", c->name, c->n,
               c->worst, c->worst_x, TOL_ULP);
        CHECK(c->worst <= TOL_ULP, "%s: worst error %.3f ulp at x = %.17g", c->name, c->worst, c->worst_x);

        /* 4. the vector loop and the scalar loop agree bit for bit */
        long differ = 0;
        memcpy(buf, xs, sizeof(double) * N);
        c->fn(buf, N);
        for (long i = 0; i < N; i++) {
            one[i] = xs[i];
            c->fn(one + i, 1);
        }
        for (long i = 0; i < N; i++) differ += memcmp(&buf[i], &one[i], sizeof(double)) != 0;
        printf("%-8s array vs one at a time: %ld of %d differ\n", c->name, differ, N);
        CHECK(differ == 0, "%s: %ld values differ between vector and scalar loops", c->name, differ);

        /* 5. the dispatched copy and the baseline x86-64 copy agree bit for bit */
        memcpy(one, xs, sizeof(double) * N);
        c->baseline(one, N);
        differ = 0;
        for (long i = 0; i < N; i++) differ += memcmp(&buf[i], &one[i], sizeof(double)) != 0;
        printf("%-8s dispatched vs baseline x86-64 build: %ld of %d differ\n", c->name, differ, N);
        CHECK(differ == 0, "%s: %ld values differ between the CPU's copy and baseline", c->name, differ);
    }

    /* 6. special values, as libm gives them */
    double sp[] = {NAN, INFINITY, -INFINITY, 0.0, -0.0, DBL_TRUE_MIN, -DBL_TRUE_MIN, DBL_MAX, -DBL_MAX,
                   709.0, 710.0, -709.0, -710.0, 745.2, -745.2, 19.0625, 20.0, 21.0, -25.0};
    int ns = (int)(sizeof sp / sizeof sp[0]);
    double t[32], g[32];
    memcpy(t, sp, sizeof sp), memcpy(g, sp, sizeof sp);
    vec_tanh(t, ns), vec_sigmoid(g, ns);
    CHECK(isnan(t[0]) && isnan(g[0]), "NaN: tanh %g sigmoid %g", t[0], g[0]);
    CHECK(t[1] == 1.0 && t[2] == -1.0, "tanh(+-inf) = %g %g", t[1], t[2]);
    CHECK(g[1] == 1.0 && g[2] == 0.0, "sigmoid(+-inf) = %g %g", g[1], g[2]);
    CHECK(t[3] == 0.0 && !signbit(t[3]) && t[4] == 0.0 && signbit(t[4]), "tanh(+-0) keeps the sign");
    CHECK(g[3] == 0.5 && g[4] == 0.5, "sigmoid(+-0) = %g %g", g[3], g[4]);
    CHECK(t[5] == DBL_TRUE_MIN && t[6] == -DBL_TRUE_MIN, "tanh(subnormal) = %g", t[5]);
    for (int i = 7; i < ns; i++) {
        double e1 = fabs(t[i] - tanh(sp[i])), e2 = fabs(g[i] - 1.0 / (1.0 + exp(-sp[i])));
        CHECK(e1 <= DBL_EPSILON && e2 <= DBL_EPSILON, "x = %g: tanh %.17g (libm %.17g), sigmoid %.17g",
              sp[i], t[i], tanh(sp[i]), g[i]);
    }
    /* exp: 0 below ln DBL_MIN, +inf above 709 (documented), NaN and +-inf as libm */
    double e[] = {NAN, INFINITY, -INFINITY, 0.0, -0.0, -708.3, -708.4, -745.2, 709.0, 709.5, 1e300};
    vec_exp(e, 11);
    CHECK(isnan(e[0]) && e[1] == INFINITY && e[2] == 0.0, "exp(NaN, inf, -inf) = %g %g %g", e[0], e[1], e[2]);
    CHECK(e[3] == 1.0 && e[4] == 1.0, "exp(+-0) = %g %g", e[3], e[4]);
    CHECK(fabs(e[5] - exp(-708.3)) <= 3 * ulp_of(exp(-708.3)), "exp(-708.3) = %g", e[5]);
    CHECK(e[6] == 0.0 && e[7] == 0.0, "exp below ln DBL_MIN = %g %g (flushed to 0)", e[6], e[7]);
    CHECK(fabs(e[8] - exp(709.0)) <= 3 * ulp_of(exp(709.0)), "exp(709) = %g", e[8]);
    CHECK(e[9] == INFINITY && e[10] == INFINITY, "exp above 709 = %g %g", e[9], e[10]);

    /* 7. the scalar ln, cos and x^n against long-double logl, cosl, powl */
    {
        uint64_t s = 7;
        double wl = 0, wlx = 0, wc = 0, wcx = 0, wp = 0, wpx = 0;
        long wpn = 0;
        for (long i = 0; i < N; i++) {
            /* ln: random bit patterns over all positive doubles, subnormals included,
             * and a dense grid around 1 where ln x is small */
            uint64_t u = lcg(&s) >> 1;
            double x;
            memcpy(&x, &u, sizeof x);
            if (i % 2) x = 0.5 + 1.5 * (double)i / N;
            if (isfinite(x) && x > 0) {
                double want = (double)logl((long double)x), got = vm_log(x);
                double e = want == 0 ? fabs(got) / DBL_TRUE_MIN : fabs(got - want) / ulp_of(want);
                if (!(e <= wl)) wl = e, wlx = x;
            }
            /* cos on [-10, 10], Box-Muller's [0, 2 pi) inside it */
            double c = -10.0 + 20.0 * (double)lcg(&s) / 18446744073709551616.0;
            double e = fabs(vm_cos(c) - (double)cosl((long double)c)) / ulp_of((double)cosl((long double)c));
            if (!(e <= wc)) wc = e, wcx = c;
            /* x^n: Adam's beta^t and the Pascanu bound's (gamma sigma)^(T-1-t) */
            double b = 0.5 + (double)lcg(&s) / 18446744073709551616.0;
            long n = (long)(lcg(&s) % 20000);
            long double pw = powl((long double)b, (long double)n);
            if (pw > DBL_MIN && pw < DBL_MAX) {
                double ep = fabs(vm_powi(b, n) - (double)pw) / ulp_of((double)pw);
                if (!(ep <= wp)) wp = ep, wpx = b, wpn = n;
            }
        }
        double wa = 0, wax = 0;
        for (long i = 0; i <= N; i++) {
            double x = -1.0 + 2.0 * (double)i / N;
            if (i % 3 == 1) x = 1.0 - ldexp(1.0, -(int)(i % 50)) * (double)(i % 7) / 7; /* near 1 */
            double want = (double)acosl((long double)x);
            double e = want == 0 ? fabs(vm_acos(x)) / DBL_TRUE_MIN : fabs(vm_acos(x) - want) / ulp_of(want);
            if (!(e <= wa)) wa = e, wax = x;
        }
        printf("vm_acos  %d values, worst %.3f ulp at x = %.17g (tolerance %.0f ulp)\n", N + 1, wa, wax, TOL_ULP);
        CHECK(wa <= TOL_ULP, "vm_acos: worst %.3f ulp at %.17g", wa, wax);
        CHECK(vm_acos(1.0) == 0.0 && isnan(vm_acos(1.5)) && isnan(vm_acos(NAN)), "vm_acos special values");
        printf("vm_log   %d values, worst %.3f ulp at x = %.17g (tolerance %.0f ulp)\n", N, wl, wlx, TOL_ULP);
        printf("vm_cos   %d values, worst %.3f ulp at x = %.17g (tolerance %.0f ulp)\n", N, wc, wcx, TOL_ULP);
        printf("vm_powi  %d values, worst %.3f ulp at %.17g^%ld (tolerance %.0f ulp)\n", N, wp, wpx,
               wpn, TOL_ULP);
        CHECK(wl <= TOL_ULP, "vm_log: worst %.3f ulp at %.17g", wl, wlx);
        CHECK(wc <= TOL_ULP, "vm_cos: worst %.3f ulp at %.17g", wc, wcx);
        CHECK(wp <= TOL_ULP, "vm_powi: worst %.3f ulp at %.17g^%ld", wp, wpx, wpn);
        CHECK(vm_log(0.0) == -INFINITY && isnan(vm_log(-1.0)) && isnan(vm_log(NAN)) &&
                  vm_log(INFINITY) == INFINITY && vm_log(1.0) == 0.0,
              "vm_log special values: %g %g %g %g %g", vm_log(0.0), vm_log(-1.0), vm_log(NAN),
              vm_log(INFINITY), vm_log(1.0));
        CHECK(isnan(vm_cos(NAN)) && isnan(vm_cos(INFINITY)) && vm_cos(0.0) == 1.0,
              "vm_cos special values");
        CHECK(vm_powi(3.0, 0) == 1.0 && vm_powi(2.0, 10) == 1024.0 && vm_powi(0.5, 3) == 0.125,
              "vm_powi exact cases");
    }
    free(xs), free(buf), free(one);
    return tu_finish();
}
