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
