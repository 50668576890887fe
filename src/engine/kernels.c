/* kernels.c - the dense kernels. On x86-64 with GCC it is compiled once per vector
 * width (AVX-512, AVX2, SSE2), with its functions renamed for each
 * (kernels_isa.h), and kernels_isa.c calls the one the CPU runs best; elsewhere
 * once, under the names of kernels.h. Every width gives the same bits. */
#include "kernels_isa.h"

#include "kernels.h"

#include <math.h>
#include <string.h>

#include "rng.h"
#include "v8.h"

#ifndef KERNELS_ISA
const char *kernels_isa(void) { return "single"; }
#endif

/* *v = the first w < 8 values of p, the rest 0 */
INLINE void v8_load_part(V8 *v, const double *p, int w)
{
    double t[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    memcpy(t, p, sizeof *p * (size_t)w);
    *v = v8_load(t);
}

INLINE void v8_store_part(double *p, const V8 *v, int w)
{
    double t[8];
    v8_store(t, *v);
    memcpy(p, t, sizeof *p * (size_t)w);
}

/* A block row of c: its value from c (split == NULL), or from +0 when the
 * product goes to split first (gemm_strided); w <= 8 values */
INLINE void blk_load(V8 *x, const double *c, const double *split, int w)
{
    if (split) *x = v8_zero();
    else if (w == 8) *x = v8_load(c);
    else v8_load_part(x, c, w);
}

/* ... and back: c = x, or split = x and c += x */
INLINE void blk_store(double *c, double *split, const V8 *x, int w)
{
    V8 y = *x;
    if (split) {
        if (w == 8) v8_store(split, y);
        else v8_store_part(split, &y, w);
        V8 z;
        blk_load(&z, c, NULL, w);
        y = v8_add(z, y);
    }
    if (w == 8) v8_store(c, y);
    else v8_store_part(c, &y, w);
}

/* Register-blocked product: c (rows, N) += A (rows, K) Bt (K, N), where
 * A's element (r, k) is at a[r*ars + k*aks]. A 4 x 8 block of c stays in
 * registers while k runs; each element still starts from its stored value and
 * adds its K terms in order k = 0, 1, ..., so the result is bit-identical to
 * the plain triple loop, only faster. Columns past the last multiple of 8 run
 * as a block padded with zeros. With split (rows, N, row stride ldc), the
 * product starts from +0 instead, goes to split, and is then added to c: the
 * same bits as computing split by itself and adding it, in one pass. */
#define MR 4
#define NR 8

/* rows r..r+3, columns n..n+w-1 of gemm_strided; bt's rows hold wb values
 * from n (w, or 8 when they are padded with zeros: whole loads) */
INLINE void block4(double *restrict c, double *restrict split, int ldc, const double *restrict a,
                   long ars, long aks, const double *restrict bt, int ldb, int K, int r, int n,
                   int w, int wb)
{
    double *c0 = c + (long)r * ldc + n, *c1 = c0 + ldc, *c2 = c1 + ldc, *c3 = c2 + ldc;
    double *s0 = split ? split + (long)r * ldc + n : NULL, *s1 = s0 ? s0 + ldc : NULL;
    double *s2 = s1 ? s1 + ldc : NULL, *s3 = s2 ? s2 + ldc : NULL;
    const double *a0 = a + r * ars, *a1 = a0 + ars, *a2 = a1 + ars, *a3 = a2 + ars;
    V8 x0, x1, x2, x3, b;
    blk_load(&x0, c0, s0, w), blk_load(&x1, c1, s1, w);
    blk_load(&x2, c2, s2, w), blk_load(&x3, c3, s3, w);
    if (wb == NR) {
        for (int k = 0; k < K; k++) {
            b = v8_load(bt + (long)k * ldb + n);
            x0 = v8_madd(x0, a0[k * aks], b);
            x1 = v8_madd(x1, a1[k * aks], b);
            x2 = v8_madd(x2, a2[k * aks], b);
            x3 = v8_madd(x3, a3[k * aks], b);
        }
    } else {
        for (int k = 0; k < K; k++) {
            v8_load_part(&b, bt + (long)k * ldb + n, w);
            x0 = v8_madd(x0, a0[k * aks], b);
            x1 = v8_madd(x1, a1[k * aks], b);
            x2 = v8_madd(x2, a2[k * aks], b);
            x3 = v8_madd(x3, a3[k * aks], b);
        }
    }
    blk_store(c0, s0, &x0, w), blk_store(c1, s1, &x1, w);
    blk_store(c2, s2, &x2, w), blk_store(c3, s3, &x3, w);
}

/* row r, columns n..n+31 of gemm_strided: four independent sums, so that a
 * single row (batch 1) is not bound by the latency of one chain of adds */
INLINE void block1x4(double *restrict c, double *restrict split, int ldc, const double *restrict a,
                     long ars, long aks, const double *restrict bt, int ldb, int K, int r, int n)
{
    double *cr = c + (long)r * ldc + n, *sr = split ? split + (long)r * ldc + n : NULL;
    const double *ar = a + r * ars;
    V8 x0, x1, x2, x3;
    blk_load(&x0, cr, sr, NR), blk_load(&x1, cr + NR, sr, NR);
    blk_load(&x2, cr + 2 * NR, sr, NR), blk_load(&x3, cr + 3 * NR, sr, NR);
    for (int k = 0; k < K; k++) {
        const double *b = bt + (long)k * ldb + n;
        double v = ar[k * aks];
        x0 = v8_madd(x0, v, v8_load(b));
        x1 = v8_madd(x1, v, v8_load(b + NR));
        x2 = v8_madd(x2, v, v8_load(b + 2 * NR));
        x3 = v8_madd(x3, v, v8_load(b + 3 * NR));
    }
    blk_store(cr, sr, &x0, NR), blk_store(cr + NR, sr ? sr + NR : NULL, &x1, NR);
    blk_store(cr + 2 * NR, sr ? sr + 2 * NR : NULL, &x2, NR);
    blk_store(cr + 3 * NR, sr ? sr + 3 * NR : NULL, &x3, NR);
}

/* row r, columns n..n+63 of gemm_strided: eight independent sums (see block1x4) */
INLINE void block1x8(double *restrict c, int ldc, const double *restrict a, long ars, long aks,
                     const double *restrict bt, int ldb, int K, int r, int n)
{
    double *cr = c + (long)r * ldc + n;
    const double *ar = a + r * ars;
    V8 x0 = v8_load(cr), x1 = v8_load(cr + NR), x2 = v8_load(cr + 2 * NR), x3 = v8_load(cr + 3 * NR);
    V8 x4 = v8_load(cr + 4 * NR), x5 = v8_load(cr + 5 * NR), x6 = v8_load(cr + 6 * NR);
    V8 x7 = v8_load(cr + 7 * NR);
    for (int k = 0; k < K; k++) {
        const double *b = bt + (long)k * ldb + n;
        double v = ar[k * aks];
        x0 = v8_madd(x0, v, v8_load(b));
        x1 = v8_madd(x1, v, v8_load(b + NR));
        x2 = v8_madd(x2, v, v8_load(b + 2 * NR));
        x3 = v8_madd(x3, v, v8_load(b + 3 * NR));
        x4 = v8_madd(x4, v, v8_load(b + 4 * NR));
        x5 = v8_madd(x5, v, v8_load(b + 5 * NR));
        x6 = v8_madd(x6, v, v8_load(b + 6 * NR));
        x7 = v8_madd(x7, v, v8_load(b + 7 * NR));
    }
    v8_store(cr, x0), v8_store(cr + NR, x1), v8_store(cr + 2 * NR, x2), v8_store(cr + 3 * NR, x3);
    v8_store(cr + 4 * NR, x4), v8_store(cr + 5 * NR, x5), v8_store(cr + 6 * NR, x6);
    v8_store(cr + 7 * NR, x7);
}

#if V8_REGS_32
/* row r, columns n..n+127 of gemm_rows: sixteen sums, and each k reads 1 KiB
 * of bt's row in one run. A single row (B=1) streams bt from L2 once per
 * product; with 64 columns (block1x8) a row's 512 bytes were followed by a
 * jump of a whole row, and a product of 128 x 512 or 512 x 128 (an LSTM at
 * H=128, forward and back) took 4.4-4.8 us against 3.4-3.8 this way. Only
 * AVX-512 holds sixteen sums in registers; elsewhere they would go to the
 * stack at every k. The same multiplies and adds in the same order. */
#define ACC16(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(15)
INLINE void block1x16(double *restrict c, int ldc, const double *restrict a, long ars, long aks,
                      const double *restrict bt, int ldb, int K, int r, int n)
{
    double *cr = c + (long)r * ldc + n;
    const double *ar = a + r * ars;
#define LOAD(i) V8 x##i = v8_load(cr + (i) * NR);
    ACC16(LOAD)
#undef LOAD
    for (int k = 0; k < K; k++) {
        const double *b = bt + (long)k * ldb + n;
        double v = ar[k * aks];
#define ADD(i) x##i = v8_madd(x##i, v, v8_load(b + (i) * NR));
        ACC16(ADD)
#undef ADD
    }
#define STORE(i) v8_store(cr + (i) * NR, x##i);
    ACC16(STORE)
#undef STORE
}
#endif

/* row r, columns n..n+w-1 of gemm_strided (wb: see block4) */
INLINE void block1(double *restrict c, double *restrict split, int ldc, const double *restrict a,
                   long ars, long aks, const double *restrict bt, int ldb, int K, int r, int n,
                   int w, int wb)
{
    double *cr = c + (long)r * ldc + n, *sr = split ? split + (long)r * ldc + n : NULL;
    const double *ar = a + r * ars;
    V8 x, b;
    blk_load(&x, cr, sr, w);
    for (int k = 0; k < K; k++) {
        if (wb == NR) b = v8_load(bt + (long)k * ldb + n);
        else v8_load_part(&b, bt + (long)k * ldb + n, wb);
        x = v8_madd(x, ar[k * aks], b);
    }
    blk_store(cr, sr, &x, w);
}

/* Columns n..n+w-1 (w < 8, no split) of gemm_rows, all rows: those columns of
 * bt are first copied, KC rows at a time, into rows of 8 padded with zeros, so
 * that the k loop makes whole loads. Loading w < 8 values went through the
 * stack at every k, and stalled there: with a task's 2 inputs (dL/dx through
 * W_ih, 1 x G*H times G*H x 2 at every step) that was 8-30% of a B=1 training
 * step. A chunk stores c and the next loads it: the same bits. */
#define KC 256
INLINE void gemm_narrow(double *restrict c, int ldc, const double *restrict a, long ars, long aks,
                        const double *restrict bt, int ldb, int rows, int K, int n, int w)
{
    double pack[KC * NR];
    for (int k0 = 0; k0 < K; k0 += KC) {
        int kc = K - k0 < KC ? K - k0 : KC;
        memset(pack, 0, sizeof pack[0] * (size_t)kc * NR);
        /* w fixed in each case: with w a variable each row's copy was a memcpy call */
#define PACK_ROWS(W)                                                                             \
    for (int k = 0; k < kc; k++)                                                                 \
        for (int i = 0; i < (W); i++) pack[k * NR + i] = bt[(long)(k0 + k) * ldb + n + i];      \
    break;
        switch (w) {
        case 1: PACK_ROWS(1)
        case 2: PACK_ROWS(2)
        case 3: PACK_ROWS(3)
        case 4: PACK_ROWS(4)
        case 5: PACK_ROWS(5)
        case 6: PACK_ROWS(6)
        default: PACK_ROWS(7)
        }
#undef PACK_ROWS
        const double *ak = a + k0 * aks;
        int r = 0;
        for (; r + MR <= rows; r += MR) block4(c + n, NULL, ldc, ak, ars, aks, pack, NR, kc, r, 0, w, NR);
        for (; r < rows; r++) block1(c + n, NULL, ldc, ak, ars, aks, pack, NR, kc, r, 0, w, NR);
    }
}

/* Row blocks are the outer loop: each streams through bt once, while the rows
 * of c (and split) it writes stay in cache; the last N % 8 columns apart
 * (gemm_narrow) but with split. */
static void gemm_rows(double *restrict c, double *restrict split, int ldc, const double *restrict a,
                      long ars, long aks, const double *restrict bt, int ldb, int rows, int K, int N)
{
    int nw = split ? N : N - N % NR, r = 0; /* columns in the loops below */
    for (; r + MR <= rows; r += MR)
        for (int n = 0; n < nw; n += NR) {
            int w = nw - n < NR ? nw - n : NR;
            block4(c, split, ldc, a, ars, aks, bt, ldb, K, r, n, w, w);
        }
    for (; r < rows; r++) {
        int n = 0;
        if (!split) {
#if V8_REGS_32
            for (; n + 16 * NR <= nw; n += 16 * NR) block1x16(c, ldc, a, ars, aks, bt, ldb, K, r, n);
#endif
            for (; n + 8 * NR <= nw; n += 8 * NR) block1x8(c, ldc, a, ars, aks, bt, ldb, K, r, n);
        }
        for (; n + 4 * NR <= nw; n += 4 * NR) block1x4(c, split, ldc, a, ars, aks, bt, ldb, K, r, n);
        for (; n < nw; n += NR) {
            int w = nw - n < NR ? nw - n : NR;
            block1(c, split, ldc, a, ars, aks, bt, ldb, K, r, n, w, w);
        }
    }
    if (nw < N) gemm_narrow(c, ldc, a, ars, aks, bt, ldb, rows, K, nw, N - nw);
}

/* Column panels are the outer loop, and each K x 16 (then K x 8) panel of bt is
 * first copied into a contiguous buffer, KC/2 (KC) rows at a time, for all
 * blocks of rows to read: bt is then read once, not once per block of rows, and
 * when bt's rows are a multiple of 4 KiB apart (an LSTM at H=128: G*H = 512
 * doubles) they all fell into the same few sets of the L1 cache. 16 columns
 * and 4 rows keep eight sums in registers (block4x16). Each element of c still
 * adds its terms in order k = 0, 1, ... (a chunk stores c, the next loads it),
 * so the bits are those of gemm_rows. Used from 8 rows up, whatever bt's row
 * length (it was only for 4 KiB multiples). */

/* rows r..r+3, 16 columns of gemm_panels from a packed panel (rows of 16):
 * eight chains of adds in flight, enough to keep both adders busy (block4's
 * four leave them idle half the time, waiting on each add's latency) */
INLINE void block4x16(double *restrict c, int ldc, const double *restrict a, long ars, long aks,
                      const double *restrict pack, int K, int r)
{
    double *c0 = c + (long)r * ldc, *c1 = c0 + ldc, *c2 = c1 + ldc, *c3 = c2 + ldc;
    const double *a0 = a + r * ars, *a1 = a0 + ars, *a2 = a1 + ars, *a3 = a2 + ars;
    V8 x0 = v8_load(c0), y0 = v8_load(c0 + NR), x1 = v8_load(c1), y1 = v8_load(c1 + NR);
    V8 x2 = v8_load(c2), y2 = v8_load(c2 + NR), x3 = v8_load(c3), y3 = v8_load(c3 + NR);
    for (int k = 0; k < K; k++) {
        V8 b = v8_load(pack + k * 2 * NR), e = v8_load(pack + k * 2 * NR + NR);
        double v0 = a0[k * aks], v1 = a1[k * aks], v2 = a2[k * aks], v3 = a3[k * aks];
        x0 = v8_madd(x0, v0, b), y0 = v8_madd(y0, v0, e);
        x1 = v8_madd(x1, v1, b), y1 = v8_madd(y1, v1, e);
        x2 = v8_madd(x2, v2, b), y2 = v8_madd(y2, v2, e);
        x3 = v8_madd(x3, v3, b), y3 = v8_madd(y3, v3, e);
    }
    v8_store(c0, x0), v8_store(c0 + NR, y0), v8_store(c1, x1), v8_store(c1 + NR, y1);
    v8_store(c2, x2), v8_store(c2 + NR, y2), v8_store(c3, x3), v8_store(c3 + NR, y3);
}

static void gemm_panels(double *restrict c, int ldc, const double *restrict a, long ars, long aks,
                        const double *restrict bt, int ldb, int rows, int K, int N)
{
    double pack[KC * 2 * NR];
    int n = 0;
    /* panels of 16 columns where 32 registers hold their eight sums; with 16 (AVX2, SSE2)
     * those went to the stack at every k, and panels of 8 keep block4's four (8 registers) */
    for (; V8_REGS_32 && n + 2 * NR <= N; n += 2 * NR) {
        for (int k0 = 0; k0 < K; k0 += KC / 2) {
            int kc = K - k0 < KC / 2 ? K - k0 : KC / 2;
            for (int k = 0; k < kc; k++) {
                const double *bk = bt + (long)(k0 + k) * ldb + n;
                v8_store(pack + k * 2 * NR, v8_load(bk));
                v8_store(pack + k * 2 * NR + NR, v8_load(bk + NR));
            }
            const double *ak = a + k0 * aks;
            int r = 0;
            for (; r + MR <= rows; r += MR) block4x16(c + n, ldc, ak, ars, aks, pack, kc, r);
            for (; r < rows; r++) {
                block1(c + n, NULL, ldc, ak, ars, aks, pack, 2 * NR, kc, r, 0, NR, NR);
                block1(c + n + NR, NULL, ldc, ak, ars, aks, pack + NR, 2 * NR, kc, r, 0, NR, NR);
            }
        }
    }
    for (; n + NR <= N; n += NR) { /* then of 8 */
        for (int k0 = 0; k0 < K; k0 += KC) {
            int kc = K - k0 < KC ? K - k0 : KC;
            for (int k = 0; k < kc; k++)
                v8_store(pack + k * NR, v8_load(bt + (long)(k0 + k) * ldb + n));
            const double *ak = a + k0 * aks;
            int r = 0;
            for (; r + MR <= rows; r += MR)
                block4(c + n, NULL, ldc, ak, ars, aks, pack, NR, kc, r, 0, NR, NR);
            for (; r < rows; r++) block1(c + n, NULL, ldc, ak, ars, aks, pack, NR, kc, r, 0, NR, NR);
        }
    }
    if (n < N) gemm_rows(c + n, NULL, ldc, a, ars, aks, bt + n, ldb, rows, K, N - n);
}

/* c (rows, N) += A Bt, or split = A Bt and c += split (see gemm_rows) */
static void gemm_strided(double *restrict c, double *restrict split, int ldc, const double *restrict a,
                         long ars, long aks, const double *restrict bt, int ldb, int rows, int K,
                         int N)
{
    if (!split && rows >= 2 * MR)
        gemm_panels(c, ldc, a, ars, aks, bt, ldb, rows, K, N);
    else
        gemm_rows(c, split, ldc, a, ars, aks, bt, ldb, rows, K, N);
}

void mm_add(double *restrict out, const double *restrict a, const double *restrict bt, int M, int K,
            int N)
{
    gemm_strided(out, NULL, N, a, K, 1, bt, N, M, K, N);
}

void mm_add_ld(double *restrict out, int ldo, const double *restrict a, int lda,
               const double *restrict bt, int ldb, int M, int K, int N)
{
    gemm_strided(out, NULL, ldo, a, lda, 1, bt, ldb, M, K, N);
}

void mm_add_at_ld(double *restrict out, int ldo, const double *restrict a, int lda,
                  const double *restrict bt, int ldb, int M, int K, int N)
{
    gemm_strided(out, NULL, ldo, a, 1, lda, bt, ldb, M, K, N);
}

void mm_add_sparse(double *restrict out, const double *restrict a, const double *restrict bt, int M,
                   int K, int N)
{
    for (int m = 0; m < M; m++) {
        double *o = out + (long)m * N;
        const double *ar = a + (long)m * K;
        for (int k = 0; k < K; k++) {
            double av = ar[k];
            if (av == 0.0) continue; /* one-hot inputs: most of x is zero */
            const double *b = bt + (long)k * N;
            for (int n = 0; n < N; n++) o[n] += av * b[n];
        }
    }
}

void mm_add_w(double *restrict out, const double *restrict a, const double *restrict w, int M, int N,
              int K)
{
    /* out (M, K) += a (M, N) @ w (N, K): the same shape as mm_add with w as bt */
    gemm_strided(out, NULL, K, a, N, 1, w, K, M, N, K);
}

void mm_add_xt_d(double *restrict gt, const double *restrict x, const double *restrict d, int M,
                 int K, int N)
{
    /* gt (K, N) += x^T d: row k of x^T is column k of x (stride K) */
    gemm_strided(gt, NULL, N, x, 1, K, d, N, K, M, N);
}

void mm_add_xt_d_split(double *restrict gt, double *restrict part, const double *restrict x,
                       const double *restrict d, int M, int K, int N)
{
    gemm_strided(gt, part, N, x, 1, K, d, N, K, M, N);
}

/* Rows r..r+nx-1 (nx <= 4), columns n..n+w-1 of the sum mm_add_xt_d_steps
 * forms, (K, N), whose element (k, j) it keeps at g[j*K + k]: the transpose,
 * the weight's own layout. Loaded as nx vectors of w lanes (the rest 0), or
 * all +0 for the first chunk (from), and stored back the same way; each row j
 * of g gets nx adjacent values. */
INLINE void steps_load(V8 *x, int nx, const double *restrict g, int K, int r, int n, int w, int from)
{
    double t[MR][NR] = {{0}};
    if (!from)
        for (int l = 0; l < w; l++)
            for (int i = 0; i < nx; i++) t[i][l] = g[(long)(n + l) * K + r + i];
    for (int i = 0; i < nx; i++) x[i] = v8_load(t[i]);
}

/* the shuffles below take V8 as one vector */
#if V8_NATIVE && (defined(__clang__) || __GNUC__ >= 12)
#define HAVE_SHUFFLEVECTOR 1
typedef double V4 __attribute__((vector_size(4 * sizeof(double)), aligned(8), may_alias));
#endif

INLINE void steps_store(double *restrict g, int K, const V8 *x, int nx, int r, int n, int w)
{
#if HAVE_SHUFFLEVECTOR
    if (nx == MR && w == NR) { /* a 4 x 8 block as 8 rows of 4, in registers */
        V8 lo01 = __builtin_shufflevector(x[0], x[1], 0, 8, 1, 9, 2, 10, 3, 11);
        V8 hi01 = __builtin_shufflevector(x[0], x[1], 4, 12, 5, 13, 6, 14, 7, 15);
        V8 lo23 = __builtin_shufflevector(x[2], x[3], 0, 8, 1, 9, 2, 10, 3, 11);
        V8 hi23 = __builtin_shufflevector(x[2], x[3], 4, 12, 5, 13, 6, 14, 7, 15);
        /* rows 2p and 2p+1 of the 8: column l of x[0..3] */
        V8 rows[4] = {
            __builtin_shufflevector(lo01, lo23, 0, 1, 8, 9, 2, 3, 10, 11),
            __builtin_shufflevector(lo01, lo23, 4, 5, 12, 13, 6, 7, 14, 15),
            __builtin_shufflevector(hi01, hi23, 0, 1, 8, 9, 2, 3, 10, 11),
            __builtin_shufflevector(hi01, hi23, 4, 5, 12, 13, 6, 7, 14, 15),
        };
        for (int p = 0; p < 4; p++) {
            double *gl = g + (long)(n + 2 * p) * K + r;
            *(V4 *)gl = __builtin_shufflevector(rows[p], rows[p], 0, 1, 2, 3);
            *(V4 *)(gl + K) = __builtin_shufflevector(rows[p], rows[p], 4, 5, 6, 7);
        }
        return;
    }
#endif
    double t[MR][NR];
    for (int i = 0; i < nx; i++) v8_store(t[i], x[i]);
    for (int l = 0; l < w; l++)
        for (int i = 0; i < nx; i++) g[(long)(n + l) * K + r + i] = t[i][l];
}

/* Rows r..r+3, columns n..n+w-1 of mm_add_xt_d_steps, steps s1-1 down to s0,
 * whose rows of d (8 columns from n) are packed in pack. Each step's product
 * y starts from +0 and adds its M terms in order b = 0, 1, ...; then c += y:
 * the bits of mm_add_xt_d_split, step by step. sqv (NR per step), unless NULL,
 * adds ((y0^2 + y1^2) + (y2^2 + y3^2)) lane by lane.
 * steps_one_row: with one row of d per step (B=1) y = +0 + p, the product,
 * and c + y = c + p except for c = -0 and p = -0 (-0 + -0 is -0, -0 + +0 is
 * +0). c starts from +0, and then no sum can give -0: each step adds p alone,
 * one add fewer of five a step and element (y^2 is the same for y = +-0). */
INLINE void steps_block4(double *restrict g, double *restrict sqv, const double *restrict pack,
                         const double *restrict x, int K, int M, int r, int n, int w, int s0, int s1,
                         int from)
{
    V8 c[MR];
    steps_load(c, MR, g, K, r, n, w, from);
    V8 x0 = c[0], x1 = c[1], x2 = c[2], x3 = c[3];
    for (int s = s1 - 1; s >= s0; s--) {
        const double *pk = pack + (long)(s - s0) * M * NR, *a = x + (long)s * M * K + r;
        V8 y0 = v8_zero(), y1 = v8_zero(), y2 = v8_zero(), y3 = v8_zero();
        if (M == 1) {
            V8 bv = v8_load(pk);
            y0 = v8_scale(a[0], bv), y1 = v8_scale(a[1], bv), y2 = v8_scale(a[2], bv), y3 = v8_scale(a[3], bv);
        } else {
            for (int b = 0; b < M; b++) {
                V8 bv = v8_load(pk + b * NR);
                const double *ab = a + (long)b * K;
                y0 = v8_madd(y0, ab[0], bv);
                y1 = v8_madd(y1, ab[1], bv);
                y2 = v8_madd(y2, ab[2], bv);
                y3 = v8_madd(y3, ab[3], bv);
            }
        }
        x0 = v8_add(x0, y0), x1 = v8_add(x1, y1), x2 = v8_add(x2, y2), x3 = v8_add(x3, y3);
        if (sqv) {
            if (w < NR) { /* lanes past the matrix: 0, whatever a holds (inf * 0) */
                double t[NR];
                v8_store_part(t, &y0, w), v8_load_part(&y0, t, w);
                v8_store_part(t, &y1, w), v8_load_part(&y1, t, w);
                v8_store_part(t, &y2, w), v8_load_part(&y2, t, w);
                v8_store_part(t, &y3, w), v8_load_part(&y3, t, w);
            }
            V8 q = v8_add(v8_add(v8_mul(y0, y0), v8_mul(y1, y1)), v8_add(v8_mul(y2, y2), v8_mul(y3, y3)));
            v8_store(sqv + (long)s * NR, v8_add(v8_load(sqv + (long)s * NR), q));
        }
    }
    c[0] = x0, c[1] = x1, c[2] = x2, c[3] = x3;
    steps_store(g, K, c, MR, r, n, w);
}

/* row r of the same */
INLINE void steps_block1(double *restrict g, double *restrict sqv, const double *restrict pack,
                         const double *restrict x, int K, int M, int r, int n, int w, int s0, int s1,
                         int from)
{
    V8 x0;
    steps_load(&x0, 1, g, K, r, n, w, from);
    for (int s = s1 - 1; s >= s0; s--) {
        const double *pk = pack + (long)(s - s0) * M * NR, *a = x + (long)s * M * K + r;
        V8 y0 = v8_zero();
        if (M == 1) y0 = v8_scale(a[0], v8_load(pk));
        else
            for (int b = 0; b < M; b++) y0 = v8_madd(y0, a[(long)b * K], v8_load(pk + b * NR));
        x0 = v8_add(x0, y0);
        if (sqv) {
            if (w < NR) {
                double t[NR];
                v8_store_part(t, &y0, w), v8_load_part(&y0, t, w);
            }
            v8_store(sqv + (long)s * NR, v8_add(v8_load(sqv + (long)s * NR), v8_mul(y0, y0)));
        }
    }
    steps_store(g, K, &x0, 1, r, n, w);
}

/* Steps go in chunks of up to MM_STEPS_ROWS rows of d (at least one step);
 * for each chunk and 8-column panel, the panel's rows are packed (contiguous:
 * rows of d 4 KiB apart would share a few L1 sets, see gemm_panels) and every
 * block of rows of the sum runs through the chunk's steps with its sums in
 * registers. A chunk stores g and the next loads it, so the order of the
 * steps is kept. The sum goes straight into the weight's layout: it was
 * formed as (K, N), and a pass of transpose_add then read all of it again
 * and added it to the gradient's +0 (a step of an LSTM at H=128, B=1: 512 KiB
 * set to zero, written, read, and the gradient read and written). */
void mm_add_xt_d_steps(double *restrict g, double *restrict sq, double *restrict work,
                       const double *restrict x, const double *restrict d, int S, int M, int K,
                       int N)
{
    int sc = M >= MM_STEPS_ROWS ? 1 : MM_STEPS_ROWS / M; /* steps per chunk */
    double *pack = work, *sqv = sq ? work + (long)sc * M * NR : NULL;
    if (sqv) memset(sqv, 0, sizeof *sqv * (size_t)S * NR);
    for (int s1 = S; s1 > 0; s1 -= sc) {
        int s0 = s1 - sc > 0 ? s1 - sc : 0, from = s1 == S;
        for (int n = 0; n < N; n += NR) {
            int w = N - n < NR ? N - n : NR;
            for (long j = (long)s0 * M; j < (long)s1 * M; j++) {
                V8 v;
                if (w == NR) v = v8_load(d + j * N + n);
                else v8_load_part(&v, d + j * N + n, w);
                v8_store(pack + (j - (long)s0 * M) * NR, v);
            }
            int r = 0;
            for (; r + MR <= K; r += MR) steps_block4(g, sqv, pack, x, K, M, r, n, w, s0, s1, from);
            for (; r < K; r++) steps_block1(g, sqv, pack, x, K, M, r, n, w, s0, s1, from);
        }
    }
    for (int s = 0; sqv && s < S; s++) {
        const double *v = sqv + (long)s * NR;
        sq[s] = ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]));
    }
}

void mm_add_xt_d_sparse(double *restrict gt, const double *restrict x, const double *restrict d,
                        int M, int K, int N)
{
    for (int m = 0; m < M; m++) {
        const double *xr = x + (long)m * K;
        const double *dr = d + (long)m * N;
        for (int k = 0; k < K; k++) {
            double xv = xr[k];
            if (xv == 0.0) continue; /* one-hot inputs */
            double *g = gt + (long)k * N;
            for (int n = 0; n < N; n++) g[n] += xv * dr[n];
        }
    }
}

/* Transposes go in 8 x 8 tiles: row by row, one side's rows are a whole row
 * apart, and at 4 KiB (512 doubles: an LSTM at H=128) those all fall into the
 * same few L1 sets; a tile touches 8 lines of each side. Copies and one add per
 * element: the order of the tiles changes no bits. */
#define TILE 8
void transpose_add(double *restrict dst, const double *restrict src, int K, int N)
{
    for (int k0 = 0; k0 < K; k0 += TILE) {
        int k1 = K - k0 < TILE ? K : k0 + TILE;
        for (int n0 = 0; n0 < N; n0 += TILE) {
            int n1 = N - n0 < TILE ? N : n0 + TILE;
            for (int n = n0; n < n1; n++)
                for (int k = k0; k < k1; k++) dst[(long)n * K + k] += src[(long)k * N + n];
        }
    }
}

#if HAVE_SHUFFLEVECTOR
/* dst's 8 x 8 tile at (k0, n0) = the transpose of src's at (n0, k0): eight whole
 * rows loaded, shuffled in registers in three rounds (pairs, fours, halves) and
 * stored as eight whole rows. One element at a time, the loads of a column were
 * a row apart each, and a step of an LSTM at H=128 spent about 10% of its time
 * there. Copies only: no bits change. */
INLINE void transpose_tile8(double *restrict dst, const double *restrict src, int N, int K, int n0,
                            int k0)
{
    V8 r[8], t[8], u[8];
    for (int i = 0; i < 8; i++) r[i] = v8_load(src + (long)(n0 + i) * K + k0);
    for (int i = 0; i < 8; i += 2) { /* columns 0 2 4 6 and 1 3 5 7 of rows i, i+1 */
        t[i] = __builtin_shufflevector(r[i], r[i + 1], 0, 8, 2, 10, 4, 12, 6, 14);
        t[i + 1] = __builtin_shufflevector(r[i], r[i + 1], 1, 9, 3, 11, 5, 13, 7, 15);
    }
    for (int i = 0; i < 8; i += 4) /* four rows: columns (0, 4), (1, 5), (2, 6), (3, 7) */
        for (int j = 0; j < 2; j++) {
            u[i + j] = __builtin_shufflevector(t[i + j], t[i + j + 2], 0, 1, 8, 9, 4, 5, 12, 13);
            u[i + j + 2] = __builtin_shufflevector(t[i + j], t[i + j + 2], 2, 3, 10, 11, 6, 7, 14, 15);
        }
    for (int c = 0; c < 4; c++) { /* u[c] and u[c+4] hold columns c and c+4 */
        v8_store(dst + (long)(k0 + c) * N + n0,
                 __builtin_shufflevector(u[c], u[c + 4], 0, 1, 2, 3, 8, 9, 10, 11));
        v8_store(dst + (long)(k0 + c + 4) * N + n0,
                 __builtin_shufflevector(u[c], u[c + 4], 4, 5, 6, 7, 12, 13, 14, 15));
    }
}
#endif

void transpose(double *restrict dst, const double *restrict src, int N, int K)
{
#if HAVE_SHUFFLEVECTOR
    /* the whole tiles, along dst's rows: eight rows of dst written line after line */
    for (int k0 = 0; k0 + TILE <= K; k0 += TILE)
        for (int n0 = 0; n0 + TILE <= N; n0 += TILE) transpose_tile8(dst, src, N, K, n0, k0);
#endif
    for (int n0 = 0; n0 < N; n0 += TILE) {
        int n1 = N - n0 < TILE ? N : n0 + TILE;
        for (int k0 = 0; k0 < K; k0 += TILE) {
            int k1 = K - k0 < TILE ? K : k0 + TILE;
#if HAVE_SHUFFLEVECTOR
            if (n1 - n0 == TILE && k1 - k0 == TILE) continue; /* done above */
#endif
            for (int k = k0; k < k1; k++)
                for (int n = n0; n < n1; n++) dst[(long)k * N + n] = src[(long)n * K + k];
        }
    }
}

double sumsq(const double *a, long n)
{
    double s = 0;
    for (long i = 0; i < n; i++) s += a[i] * a[i];
    return s;
}

/* sum of squares with eight partial sums: vectorizes; for diagnostics only (the
 * gradient norm that clipping uses keeps the plain left-to-right sum) */
double sumsq_diag(const double *restrict a, long n)
{
    double p[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    long j = 0;
    for (; j + 8 <= n; j += 8)
        for (int k = 0; k < 8; k++) p[k] += a[j + k] * a[j + k];
    double s = ((p[0] + p[1]) + (p[2] + p[3])) + ((p[4] + p[5]) + (p[6] + p[7]));
    for (; j < n; j++) s += a[j] * a[j];
    return s;
}

/* The two products of power iteration and Lanczos, u = a v and v = a^T u, with
 * the bits of a dot product per row and an axpy per row (a fixed order, the same
 * in every clone), computed several rows or columns at a time: one row's dot
 * product was a chain of adds, each waiting on the last. */
INLINE double lanes_sum(V8 p)
{
    return ((v8_lane(p, 0) + v8_lane(p, 1)) + (v8_lane(p, 2) + v8_lane(p, 3))) +
           ((v8_lane(p, 4) + v8_lane(p, 5)) + (v8_lane(p, 6) + v8_lane(p, 7)));
}

/* u[i..i+3] = rows i..i+3 of a, each dotted with v: eight partial sums (lane k
 * adds the terms j = k, k+8, ...; the lanes then in a fixed tree, the last
 * n % 8 terms after it) */
INLINE void dots4(double *restrict u, const double *restrict a, const double *restrict v, int n,
                  int i)
{
    int n8 = n - n % NR;
    const double *a0 = a + (long)i * n, *a1 = a0 + n, *a2 = a1 + n, *a3 = a2 + n;
    V8 p0 = v8_zero(), p1 = v8_zero(), p2 = v8_zero(), p3 = v8_zero();
    for (int j = 0; j < n8; j += NR) {
        V8 vj = v8_load(v + j);
        p0 = v8_maddv(p0, v8_load(a0 + j), vj);
        p1 = v8_maddv(p1, v8_load(a1 + j), vj);
        p2 = v8_maddv(p2, v8_load(a2 + j), vj);
        p3 = v8_maddv(p3, v8_load(a3 + j), vj);
    }
    double s0 = lanes_sum(p0), s1 = lanes_sum(p1), s2 = lanes_sum(p2), s3 = lanes_sum(p3);
    for (int j = n8; j < n; j++) {
        s0 += a0[j] * v[j];
        s1 += a1[j] * v[j];
        s2 += a2[j] * v[j];
        s3 += a3[j] * v[j];
    }
    u[i] = s0, u[i + 1] = s1, u[i + 2] = s2, u[i + 3] = s3;
}

/* u[i] = row i of a dotted with v, the same sums as dots4 */
INLINE void dots1(double *restrict u, const double *restrict a, const double *restrict v, int n, int i)
{
    int n8 = n - n % NR;
    const double *ai = a + (long)i * n;
    V8 p = v8_zero();
    for (int j = 0; j < n8; j += NR) p = v8_maddv(p, v8_load(ai + j), v8_load(v + j));
    double s = lanes_sum(p);
    for (int j = n8; j < n; j++) s += ai[j] * v[j];
    u[i] = s;
}

/* u = a v, four rows at a time */
static void gemv_dots(double *restrict u, const double *restrict a, const double *restrict v, int m,
                      int n)
{
    int i = 0;
    for (; i + 4 <= m; i += 4) dots4(u, a, v, n, i);
    for (; i < m; i++) dots1(u, a, v, n, i);
}

/* v = 0 + u[0] a_0 + u[1] a_1 + ..., each element's terms in order of i, 32
 * columns at a time kept in registers across all rows */
static void gemv_axpys(double *restrict v, const double *restrict a, const double *restrict u, int m,
                       int n)
{
    int j = 0;
    for (; j + 4 * NR <= n; j += 4 * NR) {
        V8 x0 = v8_zero(), x1 = v8_zero(), x2 = v8_zero(), x3 = v8_zero();
        for (int i = 0; i < m; i++) {
            const double *ai = a + (long)i * n + j;
            double c = u[i];
            x0 = v8_madd(x0, c, v8_load(ai));
            x1 = v8_madd(x1, c, v8_load(ai + NR));
            x2 = v8_madd(x2, c, v8_load(ai + 2 * NR));
            x3 = v8_madd(x3, c, v8_load(ai + 3 * NR));
        }
        v8_store(v + j, x0), v8_store(v + j + NR, x1), v8_store(v + j + 2 * NR, x2);
        v8_store(v + j + 3 * NR, x3);
    }
    for (; j < n; j++) {
        double x = 0;
        for (int i = 0; i < m; i++) x += u[i] * a[(long)i * n + j];
        v[j] = x;
    }
}

/* u = a v and w = a^T u in one pass over a, with the bits of gemv_dots and then
 * gemv_axpys: each block of four rows is added into w (from +0, in order of
 * rows, as gemv_axpys adds them) as soon as its dot products are done, while
 * it is still in L1. The two passes read a twice from L2 (an (H, H) W_hh at
 * H=128 is 128 KiB), and this is most of a Lanczos step. */
static void gemv_dots_axpys(double *restrict u, double *restrict w, const double *restrict a,
                            const double *restrict v, int m, int n)
{
    int n8 = n - n % NR, i = 0;
    memset(w, 0, sizeof *w * (size_t)n);
    for (; i + 4 <= m; i += 4) {
        dots4(u, a, v, n, i);
        const double *a0 = a + (long)i * n, *a1 = a0 + n, *a2 = a1 + n, *a3 = a2 + n;
        double c0 = u[i], c1 = u[i + 1], c2 = u[i + 2], c3 = u[i + 3];
        for (int j = 0; j < n8; j += NR) {
            V8 x = v8_load(w + j);
            x = v8_madd(x, c0, v8_load(a0 + j));
            x = v8_madd(x, c1, v8_load(a1 + j));
            x = v8_madd(x, c2, v8_load(a2 + j));
            x = v8_madd(x, c3, v8_load(a3 + j));
            v8_store(w + j, x);
        }
        for (int j = n8; j < n; j++) {
            double x = w[j];
            x += c0 * a0[j];
            x += c1 * a1[j];
            x += c2 * a2[j];
            x += c3 * a3[j];
            w[j] = x;
        }
    }
    for (; i < m; i++) {
        dots1(u, a, v, n, i);
        const double *ai = a + (long)i * n;
        double c = u[i];
        for (int j = 0; j < n8; j += NR) v8_store(w + j, v8_madd(v8_load(w + j), c, v8_load(ai + j)));
        for (int j = n8; j < n; j++) w[j] += c * ai[j];
    }
}

/* u = a v, w = a^T u: in one pass when a is larger than a typical L1 data
 * cache (32 KiB); a smaller a stays in L1 between two passes, which are then
 * faster (gemv_axpys keeps its 32 columns of w in registers across all rows) */
static void gemv_pair(double *restrict u, double *restrict w, const double *restrict a,
                      const double *restrict v, int m, int n)
{
    if ((long)m * n > 4096) {
        gemv_dots_axpys(u, w, a, v, m, n);
    } else {
        gemv_dots(u, a, v, m, n);
        gemv_axpys(w, a, u, m, n);
    }
}

double spectral_norm(const double *a, int m, int n, int max_iter, double tol, double *v, double *u)
{
    double vn = sqrt(sumsq(v, n));
    if (!(vn > 0) || !isfinite(vn)) { /* cold start: deterministic, every component non-zero */
        for (int j = 0; j < n; j++) v[j] = 1.0 + 0.01 * (j % 7);
        vn = sqrt(sumsq(v, n));
    }
    for (int j = 0; j < n; j++) v[j] /= vn;
    double sigma = 0;
    for (int it = 0; it < max_iter; it++) {
        gemv_dots(u, a, v, m, n); /* u = a v */
        double un = sqrt(sumsq(u, m));
        if (!(un > 0) || !isfinite(un)) {
            memset(v, 0, sizeof *v * (size_t)n); /* next call starts cold */
            return isfinite(un) ? 0.0 : un;
        }
        for (int i = 0; i < m; i++) u[i] /= un;
        gemv_axpys(v, a, u, m, n); /* v = a^T u / |u| */
        double s = sqrt(sumsq(v, n)); /* = |a^T a v| / |a v| -> sigma_max */
        if (!(s > 0) || !isfinite(s)) {
            memset(v, 0, sizeof *v * (size_t)n);
            return un;
        }
        for (int j = 0; j < n; j++) v[j] /= s;
        double prev = sigma;
        sigma = s;
        if (it > 1 && fabs(sigma - prev) <= tol * sigma) break;
    }
    return sigma;
}

/* Number of eigenvalues of the symmetric tridiagonal T (diagonal al (k),
 * off-diagonal be (k-1)) below x: the negative pivots of T - x I = L D L^T
 * (Sturm), a zero pivot taken as a tiny negative one. */
static int tridiag_count_below(const double *al, const double *be, int k, double x)
{
    int c = 0;
    double d = 1;
    for (int i = 0; i < k; i++) {
        d = (al[i] - x) - (i > 0 ? be[i - 1] * be[i - 1] / d : 0.0);
        if (d == 0) d = -0x1p-1000;
        c += d < 0;
    }
    return c;
}

/* The largest eigenvalue of T by bisection down to adjacent doubles, from its
 * largest diagonal entry (a lower bound) and Gershgorin's upper bound; returns
 * the upper end, above every eigenvalue as the count says. */
static double tridiag_max_eig(const double *al, const double *be, int k)
{
    double lo = al[0], hi = 0;
    for (int i = 0; i < k; i++) {
        lo = fmax(lo, al[i]);
        hi = fmax(hi, al[i] + (i > 0 ? fabs(be[i - 1]) : 0) + (i + 1 < k ? fabs(be[i]) : 0));
    }
    hi = fmax(hi, lo);
    for (int i = 0; tridiag_count_below(al, be, k, hi) < k; i++) {
        if (i == 64 || !isfinite(hi)) return NAN; /* not a number in T */
        hi = hi * 2 + 0x1p-1000;
    }
    for (;;) {
        double mid = lo + (hi - lo) / 2;
        if (!(mid > lo && mid < hi)) break;
        if (tridiag_count_below(al, be, k, mid) == k)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

/* y (k) = the eigenvector of T for its largest eigenvalue, by two steps of
 * inverse iteration with the shift x above it (T - x I = L D L^T is negative
 * definite: no pivoting), normalized; y's start is all ones */
static void tridiag_top_vector(double *y, double *d, const double *al, const double *be, int k, double x)
{
    for (int i = 0; i < k; i++) {
        d[i] = (al[i] - x) - (i > 0 ? be[i - 1] * be[i - 1] / d[i - 1] : 0.0);
        if (d[i] == 0) d[i] = -0x1p-1000;
        y[i] = 1;
    }
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 1; i < k; i++) y[i] -= be[i - 1] / d[i - 1] * y[i - 1]; /* L z = y */
        for (int i = 0; i < k; i++) y[i] /= d[i];                           /* D w = z */
        for (int i = k - 2; i >= 0; i--) y[i] -= be[i] / d[i] * y[i + 1];   /* L^T y = w */
        double yn = sqrt(sumsq(y, k));
        if (yn == 0) { /* y's squares underflowed (or a pass after they overflowed, which
                        * left y = 0): y / 0 as IEEE gives it, without dividing by zero */
            for (int i = 0; i < k; i++) y[i] = y[i] == 0 || isnan(y[i]) ? NAN : copysign(INFINITY, y[i]);
        } else {
            for (int i = 0; i < k; i++) y[i] /= yn;
        }
    }
}

long spectral_norm_krylov_work(int m, int n)
{
    return (long)(KRYLOV_K + 2) * n + m + 4L * KRYLOV_K;
}

/* Lanczos on a^T a with full reorthogonalization, restarted every KRYLOV_K
 * steps from the Ritz vector (Saad, Numerical Methods for Large Eigenvalue
 * Problems, ch. 6): a cycle's estimate is the square root of the largest
 * eigenvalue of the tridiagonal T = Q^T a^T a Q its steps build, Q's rows the
 * Lanczos vectors. A step costs the two products of a power iteration, u = a q
 * and a^T u, but the error shrinks as with the square root of the gap. A cycle
 * after the first ends as soon as its T_k (k >= 2) holds no eigenvalue above the
 * last cycle's estimate theta by more than tol theta (Sturm's count at one point,
 * k divides): its Ritz value rises with k, from theta at k = 1, so sigma has then
 * moved by at most tol/2 of itself. Started warm from the last training step's
 * vector, a first cycle gets within about 1e-14, and the second ended at k = 2
 * instead of 16 (a 128 x 128 W_hh: 18 products instead of 32). Every
 * sum in a fixed order: the same bits in every clone. */
double spectral_norm_krylov(const double *a, int m, int n, int max_iter, double tol, double *v,
                            double *work)
{
    int K = n < KRYLOV_K ? n : KRYLOV_K;
    double *q = work;                             /* (K + 1, n) Lanczos vectors */
    double *t = q + (long)(KRYLOV_K + 1) * n;     /* (n) scratch */
    double *u = t + n;                            /* (m) a q_k */
    double *al = u + m, *be = al + KRYLOV_K;      /* T's diagonal (K), off-diagonal (K) */
    double *y = be + KRYLOV_K, *c = y + KRYLOV_K; /* T's top eigenvector (K), scratch (K) */
    double vn = sqrt(sumsq(v, n));
    if (!(vn > 0) || !isfinite(vn)) { /* cold start: deterministic, every component non-zero */
        for (int j = 0; j < n; j++) v[j] = 1.0 + 0.01 * (j % 7);
        vn = sqrt(sumsq(v, n));
    }
    double sigma = NAN;
    int ex = 0; /* the last cycle's T scaled by 2^-ex */
    for (int iters = 0;;) {
        for (int j = 0; j < n; j++) q[j] = v[j] / vn;
        int k = 0, settled = 0;
        double amax = 0;
        while (k < K) {
            double *qk = q + (long)k * n, *w = qk + n;
            if (k + 1 < K)
                gemv_pair(u, w, a, qk, m, n); /* u = a q_k, w = a^T a q_k */
            else
                gemv_dots(u, a, qk, m, n); /* u = a q_k: the cycle's last step */
            double ak = sumsq_diag(u, m); /* T_kk = q_k^T a^T a q_k */
            iters++;
            if (!isfinite(ak) || (k == 0 && !(ak > 0))) { /* the next call starts cold */
                memset(v, 0, sizeof *v * (size_t)n);
                return isfinite(ak) ? 0.0 : sqrt(ak);
            }
            al[k++] = ak, amax = fmax(amax, ak);
            if (k >= 2 && isfinite(sigma) && isfinite(amax)) { /* T_k scaled as the last one was */
                for (int i = 0; i < k; i++) y[i] = ldexp(al[i], -ex), c[i] = i + 1 < k ? ldexp(be[i], -ex) : 0;
                if (tridiag_count_below(y, c, k, ldexp(sigma * sigma * (1 + tol / 4), -ex)) == k) {
                    settled = 1;
                    break;
                }
            }
            if (k == K) break;
            for (int pass = 0; pass < 2; pass++) { /* w -= Q Q^T w, twice */
                gemv_pair(c, t, q, w, k, n); /* c = Q w, t = Q^T c */
                for (int j = 0; j < n; j++) w[j] -= t[j];
            }
            double ss = sumsq_diag(w, n), f = isinf(ss) ? 0x1p-600 : ss < 0x1p-900 ? 0x1p600 : 1;
            if (f != 1) /* |w|^2 overflows or underflows: w measured at 2^-+600, exactly */
                for (int j = 0; j < n; j++) w[j] *= f;
            double wk = f != 1 ? sqrt(sumsq_diag(w, n)) : sqrt(ss), bk = wk / f; /* T_k,k+1 */
            if (!(bk > 0x1p-48 * amax)) break; /* Q spans an invariant subspace */
            be[k - 1] = bk;
            for (int j = 0; j < n; j++) w[j] /= wk;
        }
        /* T scaled by a power of two near its largest entry, exactly: be^2 in the
         * Sturm count stays finite however large a is */
        double tmax = amax;
        for (int i = 0; i + 1 < k; i++) tmax = fmax(tmax, be[i]);
        if (!isfinite(tmax)) { /* a^T a overflows: as the first product would */
            memset(v, 0, sizeof *v * (size_t)n);
            return INFINITY;
        }
        int e = 0;
        frexp(tmax, &e);
        ex = e;
        for (int i = 0; i < k; i++) al[i] = ldexp(al[i], -e);
        for (int i = 0; i + 1 < k; i++) be[i] = ldexp(be[i], -e);
        double theta = tridiag_max_eig(al, be, k);
        tridiag_top_vector(y, c, al, be, k, theta);
        theta = ldexp(theta, e);
        gemv_axpys(v, q, y, k, n); /* v = Q^T y, the Ritz vector */
        vn = sqrt(sumsq(v, n));
        double prev = sigma;
        sigma = sqrt(theta);
        if (settled || fabs(sigma - prev) <= tol * sigma || iters >= max_iter || !(vn > 0) ||
            !isfinite(vn))
            break;
    }
    if (vn > 0 && isfinite(vn))
        for (int j = 0; j < n; j++) v[j] /= vn;
    else
        memset(v, 0, sizeof *v * (size_t)n);
    return sigma;
}

void random_orthogonal(double *q, int n, Rng *rng)
{
    /* rows of q: Gaussian vectors, orthonormalized by modified Gram-Schmidt
     * (the Q of a QR factorization with positive diagonal R, Haar-distributed). */
    for (long i = 0; i < (long)n * n; i++) q[i] = rng_normal(rng);
    for (int i = 0; i < n; i++) {
        double *qi = q + (long)i * n;
        for (int pass = 0; pass < 2; pass++) { /* re-orthogonalize once for accuracy */
            for (int j = 0; j < i; j++) {
                const double *qj = q + (long)j * n;
                double d = 0;
                for (int k = 0; k < n; k++) d += qi[k] * qj[k];
                for (int k = 0; k < n; k++) qi[k] -= d * qj[k];
            }
        }
        double nn = sqrt(sumsq(qi, n));
        for (int k = 0; k < n; k++) qi[k] /= nn;
    }
}
