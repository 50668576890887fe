/* text_fit.c - fitting text to a width: the head of a text that fits (cut at a space),
 * the next line of a word-wrapped text, a line cut short with an ellipsis. The plots'
 * keys, readouts and notes and the window's cards and panel all break and cut text
 * with these. */
#include <stdio.h>
#include <string.h>

#include "canvas.h"

const char *canvas_text_head(Canvas *c, const char *s, int px, int bold, double maxw, char *head,
                             size_t n)
{
    const char *best = NULL;
    for (const char *sp = strchr(s, ' '); sp; sp = strchr(sp + 1, ' ')) {
        if ((size_t)(sp - s) >= n) break;
        snprintf(head, n, "%.*s", (int)(sp - s), s);
        if (canvas_text_width(c, head, px, bold) > maxw) break;
        best = sp;
    }
    if (!best) return NULL;
    while (best > s && best[-1] == ' ') best--; /* "x  (at": no trailing space on the head */
    if (best == s) return NULL;
    snprintf(head, n, "%.*s", (int)(best - s), s);
    while (*best == ' ') best++;
    return best;
}

int canvas_text_wrap(Canvas *c, const char **s, int px, int bold, double maxw, char *line, size_t n)
{
    const char *p = *s;
    while (*p == ' ') p++;
    if (!*p || n < 2) return 0;
    /* the paragraph (up to a '\n'), as much of it as line holds, at a character */
    size_t len = strcspn(p, "\n");
    if (len > n - 1) {
        len = n - 1;
        while (len > 1 && ((unsigned char)p[len] & 0xC0) == 0x80) len--;
    }
    char para[1024];
    if (len > sizeof para - 1) len = sizeof para - 1;
    memcpy(para, p, len);
    para[len] = 0;
    const char *rest = NULL;
    if (canvas_text_width(c, para, px, bold) > maxw)
        rest = canvas_text_head(c, para, px, bold, maxw, line, n);
    size_t take;
    if (rest) {
        take = (size_t)(rest - para);
    } else if (canvas_text_width(c, para, px, bold) > maxw) {
        take = strcspn(para, " "); /* a first word wider than maxw: on a line of its own */
        memcpy(line, para, take);
        line[take] = 0;
    } else {
        take = len;
        memcpy(line, para, take + 1);
    }
    p += take;
    if (*p == '\n') p++;
    *s = p;
    return 1;
}

void canvas_text_ellipsis(Canvas *c, char *s, size_t n, int px, int bold, double maxw)
{
    size_t len = strlen(s);
    if (n < 4) return;
    if (len > n - 4) len = n - 4;
    for (;;) {
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80) len--; /* a character's start */
        while (len > 0 && s[len - 1] == ' ') len--;
        memcpy(s + len, "\xE2\x80\xA6", 4); /* U+2026 and the NUL */
        if (len == 0 || canvas_text_width(c, s, px, bold) <= maxw) return;
        len--;
    }
}
