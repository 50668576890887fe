/* test_lessons_run.c - runs lessons' checks headless on the real engine: the
 * test that keeps the narration honest. Each check compares what the engine
 * measures with the number the lesson states; the log shows every measured
 * value next to its claim.
 *
 * usage: test_lessons_run [LESSON [STEP]]
 *        test_lessons_run --readme lessons/README.md
 *   LESSON    a number 1..10, a built-in name or a lesson file (default: all built-ins)
 *   STEP      only this step (1-based)
 *   --readme  the complete example of the format's README (between ~~~~markdown and ~~~~)
 * Exit status: 0 all checks pass, 1 a check failed, 2 a lesson did not load. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "eigen.h"
#include "lesson.h"
#include "lesson_run.h"

static int run_lesson(const Lesson *l, int only_step, int *failed)
{
    clock_t t0 = clock();
    int checks = 0;
    for (int s = 0; s < l->n_steps; s++) {
        if (only_step && s != only_step - 1) continue;
        clock_t ts = clock();
        int nf;
        Error err;
        if (lesson_run_checks(l, s, linalg_eigenvalues, stdout, &nf, &err)) {
            fprintf(stderr, "%s\n", err.msg);
            return 2;
        }
        checks += l->steps[s].n_checks;
        *failed += nf;
        if (l->steps[s].n_checks)
            printf("  step time %.2f s CPU\n", (double)(clock() - ts) / CLOCKS_PER_SEC);
    }
    printf("%s (%s): %d checks, %.2f s CPU\n\n", l->source, l->name, checks,
           (double)(clock() - t0) / CLOCKS_PER_SEC);
    return 0;
}

/* The README's example lesson, so its claims are checked too. */
static int readme_example(const char *path, Lesson *l, Error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) return error_set(err, "%s: cannot open", path);
    static char text[1 << 16];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = 0;
    const char *open = "~~~~markdown\n";
    char *a = strstr(text, open), *b = a ? strstr(a, "\n~~~~\n") : NULL;
    if (!a || !b) return error_set(err, "%s: no ~~~~markdown example", path);
    a += strlen(open);
    return lesson_parse(l, "README example", a, (size_t)(b - a) + 1, err);
}

int main(int argc, char **argv)
{
    int failed = 0;
    if (argc > 2 && strcmp(argv[1], "--readme") == 0) {
        Lesson l;
        Error err;
        if (readme_example(argv[2], &l, &err)) {
            fprintf(stderr, "%s\n", err.msg);
            return 2;
        }
        int rc = run_lesson(&l, 0, &failed);
        lesson_free(&l);
        if (rc) return rc;
    } else if (argc > 1) {
        Lesson l;
        Error err;
        if (lesson_resolve(&l, argv[1], &err)) {
            fprintf(stderr, "%s\n", err.msg);
            return 2;
        }
        int step = argc > 2 ? atoi(argv[2]) : 0;
        if (argc > 2 && (step < 1 || step > l.n_steps)) {
            fprintf(stderr, "%s: no step %s (allowed: 1..%d)\n", l.source, argv[2], l.n_steps);
            lesson_free(&l);
            return 2;
        }
        int rc = run_lesson(&l, step, &failed);
        lesson_free(&l);
        if (rc) return rc;
    } else {
        for (int i = 0; i < lesson_builtin_count(); i++) {
            Lesson l;
            Error err;
            if (lesson_builtin(i, &l, &err)) {
                fprintf(stderr, "%s\n", err.msg);
                return 2;
            }
            int rc = run_lesson(&l, 0, &failed);
            lesson_free(&l);
            if (rc) return rc;
        }
    }
    printf("%d check%s failed\n", failed, failed == 1 ? "" : "s");
    return failed ? 1 : 0;
}
