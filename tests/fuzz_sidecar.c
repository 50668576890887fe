/* fuzz_sidecar.c - libFuzzer entry point for the export sidecar parser
 * (export_sidecar_parse, src/format/sidecar.c), a pure function of (name, bytes).
 *
 * What must hold for every input (abort() otherwise, so the fuzzer reports it):
 *   - an error is one non-empty line that starts with "fuzz.json:" (the place);
 *   - round trip: a sidecar that parses is written back (export_sidecar_write, as
 *     --export writes it: with an image name and a version), that text parses again,
 *     and writing the second spec gives the same bytes as the first;
 *   - the spec is inside the documented ranges (size, runs, steps, text scale) and its
 *     runs fit the memory limit together.
 *
 * Build and run: tools/fuzz (docs/reliability.md); in every build, tests/fuzz_replay.c
 * replays the corpus tests/fuzz/sidecar through this file. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export_spec.h"
#include "work_limit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void one_line(const char *msg)
{
    if (!msg[0] || strncmp(msg, "fuzz.json:", 10) != 0) abort();
    for (const char *p = msg; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f) abort();
}

/* The sidecar text of s, in memory (an AtomicFile over open_memstream). */
static char *write_text(const ExportSpec *s, size_t *len)
{
    char *buf = NULL;
    AtomicFile f;
    memset(&f, 0, sizeof f);
    f.fail_after = -1;
    f.f = open_memstream(&buf, len);
    if (!f.f) abort();
    export_sidecar_write(s, &f);
    if (f.failed || fclose(f.f) != 0) abort();
    return buf;
}

static void in_range(const ExportSpec *s)
{
    double bytes = 0;
    for (int i = 0; i < s->n_runs; i++) bytes += config_memory_bytes(&s->cfg[i]);
    int ok = s->width >= 320 && s->width <= 7680 && s->height >= 240 && s->height <= 4320 &&
             s->n_runs >= 1 && s->n_runs <= EXPORT_MAX_RUNS && s->steps >= 0 &&
             s->steps <= CLI_MAX_STEPS && s->text_scale >= 0.5 && s->text_scale <= 3 &&
             bytes <= CLI_MAX_TOTAL_BYTES &&
             (!s->has_lesson || (s->lesson_step >= 1 && s->lesson_step <= s->lesson_steps));
    Error err; /* no more training than a command line may ask for */
    if (!ok || export_spec_work_check(s, &err) != 0) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ExportSpec a, b;
    Error err;
    if (export_sidecar_parse(&a, "fuzz.json", (const char *)data, size, &err) != 0) {
        one_line(err.msg);
        return 0;
    }
    in_range(&a);
    /* --export always records the image name and its version before writing */
    if (!a.image[0]) snprintf(a.image, sizeof a.image, "fuzz.png");
    if (!a.version[0]) snprintf(a.version, sizeof a.version, "fuzz");
    size_t n1, n2;
    char *t1 = write_text(&a, &n1);
    if (export_sidecar_parse(&b, "fuzz.json", t1, n1, &err) != 0) {
        fprintf(stderr, "round trip: the written sidecar does not parse: %s\n%s\n", err.msg, t1);
        abort();
    }
    char *t2 = write_text(&b, &n2);
    if (n1 != n2 || memcmp(t1, t2, n1) != 0) {
        fprintf(stderr, "round trip: written twice, the texts differ:\n%s\n----\n%s\n", t1, t2);
        abort();
    }
    free(t1);
    free(t2);
    return 0;
}
