/* testutil.h - tiny helpers shared by the C tests: counting checks and the
 * closing "N passed, N failed" line. */
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

#endif
