/* testutil.h - tiny helpers shared by the C tests: counting checks and the
 * closing "N passed, N failed" line; with TU_LAPACK defined before it (and after
 * the engine's headers), LAPACK's largest singular value. */
#ifndef RNNSCOPE_TESTUTIL_H
#define RNNSCOPE_TESTUTIL_H

#include <stdio.h>

static int tu_pass, tu_fail;

#define CHECK(cond, ...)                                   \
    do {                                                   \
        if (cond) {                                        \
            tu_pass++;                                     \
        } else {                                           \
            tu_fail++;                                     \
            printf("FAIL %s:%d: ", __FILE__, __LINE__);    \
            printf(__VA_ARGS__);                           \
            printf("\n");                                  \
        }                                                  \
    } while (0)

static inline int tu_finish(void)
{
    printf("%d passed, %d failed\n", tu_pass, tu_fail);
    return tu_fail ? 1 : 0;
}

#ifdef TU_LAPACK
#include <lapacke.h> /* after the engine headers: it pulls in complex.h's macro I */
#undef I
#include <stdlib.h>
#include <string.h>
/* The largest singular value of a (m, n, row-major) by LAPACK's dgesvd: the tests'
 * reference for spectral norms. */
static inline double tu_svd_max(const double *a, int m, int n)
{
    int k = m < n ? m : n;
    double *copy = malloc(sizeof(double) * (size_t)m * n), *s = malloc(sizeof(double) * (size_t)k);
    double *sup = malloc(sizeof(double) * (size_t)k);
    memcpy(copy, a, sizeof(double) * (size_t)m * n);
    LAPACKE_dgesvd(LAPACK_ROW_MAJOR, 'N', 'N', m, n, copy, n, s, NULL, 1, NULL, 1, sup);
    double r = s[0];
    free(copy), free(s), free(sup);
    return r;
}
#endif

#ifdef RNNSCOPE_APP_CMD_H
#include <stdlib.h>
/* The window's spec of a command line, as `rnnscope` opens the window: one static spec,
 * valid until the next call. Exits if the Options have a run the spec cannot take. */
static inline const AppSpec *tu_spec(const Options *o)
{
    static AppSpec s;
    Error err;
    if (app_spec_from_options(&s, o, &err)) {
        printf("app_spec_from_options: %s\n", err.msg);
        exit(1);
    }
    return &s;
}
#endif

#endif
