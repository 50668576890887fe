/* lesson_builtin.c - the lessons compiled into the binary, and the resolver
 * for `rnnscope 6`, `rnnscope kerala` or `rnnscope path/to/lesson.md`.
 * The bytes come from the files in lessons/ through tools/embed.c (see meson.build). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lesson.h"

extern const unsigned char lesson_01[], lesson_02[], lesson_03[], lesson_04[], lesson_05[],
    lesson_06[], lesson_07[], lesson_08[], lesson_09[], lesson_10[];
extern const unsigned long lesson_01_len, lesson_02_len, lesson_03_len, lesson_04_len,
    lesson_05_len, lesson_06_len, lesson_07_len, lesson_08_len, lesson_09_len, lesson_10_len;

typedef struct Builtin {
    const unsigned char *text;
    const unsigned long *len;
    const char *file;
} Builtin;

static const Builtin builtins[] = {
    {lesson_01, &lesson_01_len, "lessons/01-bptt.md"},
    {lesson_02, &lesson_02_len, "lessons/02-vanishing.md"},
    {lesson_03, &lesson_03_len, "lessons/03-exploding.md"},
    {lesson_04, &lesson_04_len, "lessons/04-clipping.md"},
    {lesson_05, &lesson_05_len, "lessons/05-relu.md"},
    {lesson_06, &lesson_06_len, "lessons/06-kerala.md"},
    {lesson_07, &lesson_07_len, "lessons/07-lstm.md"},
    {lesson_08, &lesson_08_len, "lessons/08-mouse.md"},
    {lesson_09, &lesson_09_len, "lessons/09-remedies.md"},
    {lesson_10, &lesson_10_len, "lessons/10-attention.md"},
};

#define N_BUILTIN ((int)(sizeof builtins / sizeof builtins[0]))

int lesson_builtin_count(void) { return N_BUILTIN; }

const char *lesson_builtin_text(int i, size_t *len, const char **file)
{
    if (i < 0 || i >= N_BUILTIN) return NULL;
    if (len) *len = (size_t)*builtins[i].len;
    if (file) *file = builtins[i].file;
    return (const char *)builtins[i].text;
}

int lesson_builtin(int i, Lesson *out, Error *err)
{
    memset(out, 0, sizeof *out);
    if (i < 0 || i >= N_BUILTIN)
        return error_set(err, "no built-in lesson %d (allowed: 1..%d)", i + 1, N_BUILTIN);
    return lesson_parse(out, builtins[i].file, (const char *)builtins[i].text,
                        (size_t)*builtins[i].len, err);
}

int lesson_resolve(Lesson *out, const char *arg, Error *err)
{
    memset(out, 0, sizeof *out);
    size_t n = strlen(arg);
    if (n > 0 && strspn(arg, "0123456789") == n) {
        long v = n <= 4 ? strtol(arg, NULL, 10) : 0;
        if (v < 1 || v > N_BUILTIN)
            return error_set(err, "no lesson %.20s (allowed: 1..%d, a lesson name or a file path)",
                             arg, N_BUILTIN);
        return lesson_builtin((int)v - 1, out, err);
    }
    if (!strchr(arg, '/') && !strchr(arg, '.')) {
        char names[400] = "";
        for (int i = 0; i < N_BUILTIN; i++) {
            Lesson l;
            Error e2;
            if (lesson_builtin(i, &l, &e2)) return error_set(err, "%s", e2.msg); /* tested never */
            int hit = strcmp(l.name, arg) == 0;
            size_t len = strlen(names);
            snprintf(names + len, sizeof names - len, "%s%s", i ? ", " : "", l.name);
            if (hit) {
                *out = l;
                return 0;
            }
            lesson_free(&l);
        }
        struct stat st; /* not fopen: opening a FIFO would wait for a writer */
        if (stat(arg, &st) != 0)
            return error_set(err, "unknown lesson '%.40s' (allowed: 1..%d, %s, or a lesson "
                                  "file path)", arg, N_BUILTIN, names);
    }
    return lesson_load(out, arg, err);
}
