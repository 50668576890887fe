/* lesson_text.c - UTF-8 validation, columns and messages for the lesson parser. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lesson_internal.h"

int lp_error(const LessonParser *p, int line, int col, const char *fmt, ...)
{
    char what[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return error_set(p->err, "%.200s:%d:%d: %s", p->name, line, col, what);
}

int lp_ncols(const char *s, size_t n)
{
    int cols = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) cols++;
    return cols;
}

void lp_excerpt(char *out, size_t cap, const char *s, size_t n)
{
    size_t i = 0;
    int chars = 0;
    /* keep room for "..." and the NUL */
    while (i < n && chars < 32) {
        size_t k = 1;
        while (i + k < n && ((unsigned char)s[i + k] & 0xC0) == 0x80) k++;
        if (i + k + 4 > cap) break;
        i += k;
        chars++;
    }
    memcpy(out, s, i);
    if (i < n) {
        memcpy(out + i, "...", 3);
        i += 3;
    }
    out[i] = 0;
}

/* Length of the UTF-8 sequence at s[0..n) and its code point, or 0 if it is
 * not well-formed (overlong, surrogate, above U+10FFFF, truncated). */
static int utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
    unsigned c = s[0];
    int k;
    unsigned min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        k = 2, min = 0x80, c &= 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        k = 3, min = 0x800, c &= 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        k = 4, min = 0x10000, c &= 0x07;
    } else {
        return 0;
    }
    if ((size_t)k > n) return 0;
    for (int i = 1; i < k; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    *cp = c;
    return k;
}

int lp_validate(const LessonParser *p, const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0, line_start = 0;
    int line = 1;
    while (i < len) {
        unsigned cp = 0;
        int k = utf8_decode(s + i, len - i, &cp);
        int bad = k == 0 || cp == 0 || (cp == '\r' && !(i + 1 < len && s[i + 1] == '\n')) ||
                  (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
                  (cp >= 0x7F && cp <= 0x9F);
        if (!bad) {
            i += (size_t)k;
            if (cp == '\n') {
                line++;
                line_start = i;
            }
            continue;
        }
        /* columns are counted only for the message: no quadratic work on long lines */
        int col = lp_ncols(text + line_start, i - line_start) + 1;
        if (k == 0)
            return lp_error(p, line, col, "invalid UTF-8 byte 0x%02X (allowed: UTF-8 text)", s[i]);
        if (cp == 0)
            return lp_error(p, line, col, "NUL byte (allowed: UTF-8 text without NUL bytes)");
        if (cp == '\r' && !(i + 1 < len && s[i + 1] == '\n'))
            return lp_error(p, line, col, "carriage return not followed by a newline "
                                          "(allowed: LF or CRLF line ends)");
        return lp_error(p, line, col, "control character U+%04X (allowed: text, tab, newline)", cp);
    }
    return 0;
}

void lesson_format_title(char *buf, size_t n, int step1, int n_steps, const char *heading,
                         long train_step)
{
    const char *h = heading ? heading : "";
    char num[16];
    int nl = snprintf(num, sizeof num, "%d. ", step1);
    if (nl > 0 && strncmp(h, num, (size_t)nl) == 0) h += nl;
    snprintf(buf, n, "%d/%d  %s  \xC2\xB7  step %ld", step1, n_steps, h, train_step);
}
