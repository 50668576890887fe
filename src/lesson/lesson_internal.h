/* lesson_internal.h - helpers shared by the lesson parser's files (not public). */
#ifndef RNNSCOPE_LESSON_INTERNAL_H
#define RNNSCOPE_LESSON_INTERNAL_H

#include <stddef.h>

#include "error.h"
#include "lesson.h"

/* Where messages point: the source name and the error to fill. */
typedef struct LessonParser {
    const char *name;
    Error *err;
} LessonParser;

/* Fills err with "name:line:col: <fmt>" and returns -1. */
int lp_error(const LessonParser *p, int line, int col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Number of UTF-8 characters in s[0..n) (s is valid UTF-8). */
int lp_ncols(const char *s, size_t n);

/* Copies at most 32 characters of s[0..n) into out (NUL-terminated), adding
 * "..." when it had to cut; never splits a UTF-8 sequence. For messages. */
void lp_excerpt(char *out, size_t cap, const char *s, size_t n);

/* Checks that text[0..len) is UTF-8 without NUL bytes or control characters
 * other than tab, and CR only before LF. Returns 0 or -1 with the position. */
int lp_validate(const LessonParser *p, const char *text, size_t len);

/* Parses c->text (written at `line`, text starting at column col0) against
 * the runs of step st; fills c. Returns 0 or -1. */
int lp_parse_check(const LessonParser *p, LessonCheck *c, const LessonStep *st, int col0);

#endif
