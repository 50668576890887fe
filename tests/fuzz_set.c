/* fuzz_set.c - libFuzzer entry point for the command line: cli_parse (every flag,
 * --set, --run) and config_set_pair. The input is split at NUL bytes into argv
 * (at most 64 arguments); its first piece is also given to config_set_pair alone.
 *
 * What must hold for every input (abort() otherwise, so the fuzzer reports it):
 *   - an error is one non-empty line without control characters;
 *   - after a successful config_set_pair, the canonical text of every key
 *     (config_get) sets a fresh config to the same canonical text (round trip);
 *   - after a successful cli_parse: every run's config builds (cli_run_config) and
 *     passes config_check, each value is inside its documented range, the runs fit
 *     the memory limit together, and --size/--steps/--step are in their ranges.
 *
 * Build and run: tools/fuzz (see docs/reliability.md); in every build,
 * tests/fuzz_replay.c replays the corpus tests/fuzz/cli through this file. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ARGS 64

static void one_line(const char *msg)
{
    if (!msg[0]) abort();
    for (const char *p = msg; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f) abort();
}

/* Every key's canonical text survives a round trip through config_set. */
static void round_trip(const Config *c)
{
    Config d;
    config_default(&d);
    for (int k = 0; config_table[k].name; k++) {
        char v[128];
        if (config_get(c, config_table[k].name, v, sizeof v)) abort();
        Error err;
        if (strcmp(config_table[k].name, "label") == 0 && !v[0]) continue; /* "" = derived */
        if (config_set(&d, config_table[k].name, v, &err)) {
            fprintf(stderr, "round trip: %s=%s: %s\n", config_table[k].name, v, err.msg);
            abort();
        }
    }
    for (int k = 0; config_table[k].name; k++) {
        char a[128], b[128];
        config_get(c, config_table[k].name, a, sizeof a);
        config_get(&d, config_table[k].name, b, sizeof b);
        if (strcmp(a, b) != 0) {
            fprintf(stderr, "round trip: %s: '%s' became '%s'\n", config_table[k].name, a, b);
            abort();
        }
    }
}

static void in_range(const Config *c)
{
    int ok = c->hidden >= 1 && c->hidden <= CONFIG_MAX_HIDDEN && c->seq_len >= 2 &&
             c->seq_len <= CONFIG_MAX_SEQ_LEN && c->batch >= 1 && c->batch <= CONFIG_MAX_BATCH &&
             c->init_scale > 0 && c->init_scale <= 100 && c->lr > 0 && c->lr <= 10 &&
             c->momentum >= 0 && c->momentum < 1 && c->clip_threshold > 0 && c->bptt >= 0 &&
             c->bptt <= c->seq_len && (c->bidirectional == 0 || c->bidirectional == 1) &&
             (unsigned)c->task <= TASK_CLOUDS && (unsigned)c->cell <= CELL_ATTENTION &&
             c->heads >= 1 && c->heads <= CONFIG_MAX_HEADS && c->layers >= 1 &&
             c->layers <= CONFIG_MAX_LAYERS && c->ff >= 1 && c->ff <= CONFIG_MAX_FF &&
             (unsigned)c->attention_mask <= MASK_CAUSAL &&
             (unsigned)c->activation <= ACT_LINEAR && (unsigned)c->init <= INIT_IDENTITY &&
             (unsigned)c->clip <= CLIP_VALUE && (unsigned)c->optimizer <= OPT_ADAGRAD &&
             memchr(c->label, 0, sizeof c->label) != NULL;
    if (!ok) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* argv: "rnnscope", then the NUL-separated pieces */
    char *buf = malloc(size + 1);
    if (!buf) return 0;
    memcpy(buf, data, size);
    buf[size] = 0;
    char *argv[MAX_ARGS + 2];
    int argc = 0;
    argv[argc++] = "rnnscope";
    for (size_t i = 0; i <= size && argc <= MAX_ARGS;) {
        argv[argc++] = buf + i;
        i += strlen(buf + i) + 1;
    }
    argv[argc] = NULL;

    Config c;
    Error err;
    config_default(&c);
    if (config_set_pair(&c, argv[1], &err) == 0) round_trip(&c);
    else one_line(err.msg);

    Options o;
    if (cli_parse(&o, argc, argv, &err) != 0) {
        one_line(err.msg);
    } else {
        if (o.n_runs < 0 || o.n_runs > CLI_MAX_RUNS) abort();
        double bytes = 0;
        for (int i = 0; i < (o.n_runs ? o.n_runs : 1); i++) {
            Config r;
            if (cli_run_config(&o, i, &r, &err) != 0 || config_check(&r, &err) != 0) abort();
            in_range(&r);
            round_trip(&r);
            bytes += config_memory_bytes(&r);
        }
        if (bytes > 2.0 * 1024 * 1024 * 1024) abort();
        if (o.width && (o.width < 320 || o.width > 7680 || o.height < 240 || o.height > 4320)) abort();
        if (o.steps < -1 || o.steps > CLI_MAX_STEPS || o.step < 0 || o.step > 1000) abort();
    }
    free(buf);
    return 0;
}
