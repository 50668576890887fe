/* v8.h - V8, eight doubles as one value, for the dense kernels (kernels.c), and
 * the few operations they do on it. Each lane does the same IEEE multiply and add
 * as scalar code would, so the results depend neither on how V8 is held nor on
 * the optimization level.
 *
 * The kernels are written with it rather than left to the loop vectorizer: -O3
 * unrolls the 8-wide inner loop completely first and then vectorizes the k loop
 * as 32 in-order (fold-left) reductions, which ran the engine 2-3x slower than
 * -O2 (issue 16).
 *
 * How it is held depends on the target kernels.c is compiled for (it is compiled
 * once per x86-64 vector width, kernels_isa.c picks one at run time):
 * - AVX-512, or clang (which splits a wide vector into registers itself): one
 *   vector of eight;
 * - GCC without AVX-512: two vectors of four (AVX) or four of two (SSE2, other
 *   CPUs). GCC has no register for a vector of eight there and keeps one on the
 *   stack, loaded and stored around every operation: the engine ran 6-20 times
 *   slower on such CPUs (most laptops) than with vectors it has registers for.
 *
 * The helpers are always inlined: compiled alone they would be baseline code,
 * and whether the compiler inlines them otherwise depends on the optimization
 * level (GCC 12 does not inline block4 at -O2). */
#ifndef RNNSCOPE_V8_H
#define RNNSCOPE_V8_H

#define INLINE static inline __attribute__((always_inline))

#if defined(__clang__) || defined(__AVX512F__)
#define V8_NATIVE 1
typedef double V8 __attribute__((vector_size(8 * sizeof(double)), aligned(8), may_alias));

INLINE V8 v8_load(const double *p) { return *(const V8 *)p; } /* the 8 doubles at p, unaligned */
INLINE void v8_store(double *p, V8 x) { *(V8 *)p = x; }
INLINE V8 v8_zero(void) { return (V8){0}; }
INLINE V8 v8_add(V8 a, V8 b) { return a + b; }
INLINE V8 v8_mul(V8 a, V8 b) { return a * b; }
INLINE V8 v8_scale(double s, V8 b) { return s * b; }
INLINE V8 v8_madd(V8 x, double s, V8 b) { return x + s * b; }  /* x + s b, two roundings */
INLINE V8 v8_maddv(V8 x, V8 a, V8 b) { return x + a * b; }     /* x + a b, lane by lane */
INLINE double v8_lane(V8 x, int i) { return x[i]; }
#else
#define V8_NATIVE 0
#if defined(__AVX__)
#define V8_W 4
#else
#define V8_W 2
#endif
typedef double V8w __attribute__((vector_size(V8_W * sizeof(double)), aligned(8), may_alias));
typedef struct V8 {
    V8w p[8 / V8_W];
} V8;
#define V8_EACH _Pragma("GCC unroll 4") for (int q_ = 0; q_ < 8 / V8_W; q_++)

INLINE V8 v8_load(const double *p)
{
    V8 x;
    V8_EACH x.p[q_] = *(const V8w *)(p + q_ * V8_W);
    return x;
}
INLINE void v8_store(double *p, V8 x) { V8_EACH *(V8w *)(p + q_ * V8_W) = x.p[q_]; }
INLINE V8 v8_zero(void)
{
    V8 x;
    V8_EACH x.p[q_] = (V8w){0};
    return x;
}
INLINE V8 v8_add(V8 a, V8 b)
{
    V8_EACH a.p[q_] = a.p[q_] + b.p[q_];
    return a;
}
INLINE V8 v8_mul(V8 a, V8 b)
{
    V8_EACH a.p[q_] = a.p[q_] * b.p[q_];
    return a;
}
INLINE V8 v8_scale(double s, V8 b)
{
    V8_EACH b.p[q_] = s * b.p[q_];
    return b;
}
INLINE V8 v8_madd(V8 x, double s, V8 b)
{
    V8_EACH x.p[q_] = x.p[q_] + s * b.p[q_];
    return x;
}
INLINE V8 v8_maddv(V8 x, V8 a, V8 b)
{
    V8_EACH x.p[q_] = x.p[q_] + a.p[q_] * b.p[q_];
    return x;
}
INLINE double v8_lane(V8 x, int i) { return x.p[i / V8_W][i % V8_W]; }
#endif

/* 32 vector registers: room for sixteen sums of eight (block1x16) */
#if defined(__AVX512F__)
#define V8_REGS_32 1
#else
#define V8_REGS_32 0
#endif

#endif
