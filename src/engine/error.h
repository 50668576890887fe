/* error.h - a user-facing error message filled by library-like functions.
 * Functions that can fail on user input return 0 on success, -1 on error
 * and write one line (no trailing newline) into err->msg. */
#ifndef RNNSCOPE_ERROR_H
#define RNNSCOPE_ERROR_H

typedef struct Error {
    char msg[512];
} Error;

/* Formats err->msg (printf-style) and returns -1, so callers can
 * `return error_set(err, "...")`. err may be NULL. */
int error_set(Error *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif
