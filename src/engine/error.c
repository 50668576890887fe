#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Keeps the one-line promise whatever the message quotes: user bytes such as
 * --set 'task=a<newline>b' or a lesson's text may hold control characters, so each
 * becomes '?'; a message cut at sizeof msg does not end in half a UTF-8 character. */
static void one_line(char *s, size_t cap, int truncated)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch < 0x20 || ch == 0x7f) s[i] = '?';
    }
    if (!truncated || n + 1 < cap) return;
    size_t k = n;
    while (k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0x80) k--; /* continuation bytes */
    if (k > 0 && (unsigned char)s[k - 1] >= 0xC0) {
        unsigned char lead = (unsigned char)s[k - 1];
        size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        if (n - (k - 1) < need) s[k - 1] = 0; /* drop the incomplete character */
    }
}

int error_set(Error *err, const char *fmt, ...)
{
    if (!err) return -1;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    if (n < 0) {
        snprintf(err->msg, sizeof err->msg, "error message could not be formatted");
        return -1;
    }
    one_line(err->msg, sizeof err->msg, (size_t)n >= sizeof err->msg);
    return -1;
}
