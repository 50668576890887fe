#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char cli_usage[] =
    "usage: rnnscope [OPTIONS] [LESSON]\n"
    "\n"
    "  LESSON                 a lesson number (1-9), name (see --list) or file path\n"
    "  --set KEY=VALUE        set a config key for every run (repeatable)\n"
    "  --run KEY=VALUE[,...]  add a run with these overrides (up to 8; repeatable)\n"
    "  --steps N              train N steps headless and print one summary line per run\n"
    "  --csv FILE             write every diagnostic of every step as tidy CSV\n"
    "                         (with --export: the data the figure plots)\n"
    "  --trace FILE           one forward+backward pass as JSON (check it in PyTorch)\n"
    "  --export FILE.png      render the dashboard (or --panel NAME) headless, with the\n"
    "                         sidecar FILE.json; trains --steps N (default 200), or\n"
    "                         the lesson step's own steps (default step: the last)\n"
    "  --size WxH             export size, 320x240 .. 7680x4320 (default 1920x1080)\n"
    "  --panel NAME           gradient|heatmap|loss|clipping|spectrum|sentence|gates\n"
    "  --theme light|dark     export theme (default light)\n"
    "  --replay FILE.json     regenerate an export from its sidecar (same PNG bytes;\n"
    "                         to the recorded file, or to --export FILE.png)\n"
    "  --step K               start the lesson at step K (export: show step K)\n"
    "  --check                run the lesson's checks headless (all steps, or --step K)\n"
    "  --presenter            larger text (window and export)\n"
    "  --list                 list the built-in lessons\n"
    "  --bench                print the engine benchmark table\n"
    "  --bench-frames N       time N window frames (four runs, 1920x1080)\n"
    "  --help, --version\n"
    "\n"
    "config keys: task cell activation bidirectional hidden seq_len batch init init_scale\n"
    "  forget_bias clip clip_threshold optimizer lr momentum bptt seed label\n";

#define CLI_MAX_TOTAL_BYTES (2.0 * 1024 * 1024 * 1024)

static int parse_count(const char *flag, const char *v, long lo, long hi, long *out, Error *err)
{
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (end == v || *end || errno == ERANGE || x < lo || x > hi)
        return error_set(err, "%s: '%s' is not allowed (allowed: an integer %ld..%ld)", flag, v, lo, hi);
    *out = x;
    return 0;
}

static int parse_size(const char *v, int *w, int *h, Error *err)
{
    char *end;
    errno = 0;
    long a = strtol(v, &end, 10);
    if (end == v || *end != 'x') goto bad;
    const char *v2 = end + 1;
    long b = strtol(v2, &end, 10);
    if (end == v2 || *end || errno == ERANGE) goto bad;
    if (a < 320 || a > 7680 || b < 240 || b > 4320)
        return error_set(err, "--size: %ldx%ld is out of range (allowed: 320x240 .. 7680x4320)", a, b);
    *w = (int)a, *h = (int)b;
    return 0;
bad:
    return error_set(err, "--size: '%s' is not WxH (for example 1920x1080)", v);
}

/* 1 if a and b name the same file: the same text, or the same existing file. */
static int same_file(const char *a, const char *b)
{
    if (!a || !b) return 0;
    if (strcmp(a, b) == 0) return 1;
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static const char *const panel_names[] = {"gradient", "heatmap", "loss", "clipping",
                                          "spectrum", "sentence", "gates", NULL};

int cli_parse(Options *o, int argc, char **argv, Error *err)
{
    memset(o, 0, sizeof *o);
    config_default(&o->base);
    o->steps = -1;
    o->theme = -1;
    int n_set = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define NEED_VALUE()                                                                    \
    do {                                                                                \
        if (!v) return error_set(err, "%s: missing value (see rnnscope --help)", a);    \
        i++;                                                                            \
    } while (0)
#define NEED_FILE()                                                                     \
    do {                                                                                \
        NEED_VALUE();                                                                   \
        if (!v[0]) return error_set(err, "%s: empty file name", a);                     \
    } while (0)
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            o->help = 1;
        } else if (strcmp(a, "--version") == 0) {
            o->version = 1;
        } else if (strcmp(a, "--list") == 0) {
            o->list = 1;
        } else if (strcmp(a, "--check") == 0) {
            o->check = 1;
        } else if (strcmp(a, "--bench") == 0) {
            o->bench = 1;
        } else if (strcmp(a, "--presenter") == 0) {
            o->presenter = 1;
        } else if (strcmp(a, "--set") == 0) {
            NEED_VALUE();
            Error e2;
            if (config_set_pair(&o->base, v, &e2)) return error_set(err, "--set %s", e2.msg);
            n_set++;
        } else if (strcmp(a, "--run") == 0) {
            NEED_VALUE();
            if (o->n_runs == CLI_MAX_RUNS)
                return error_set(err, "--run: too many runs (allowed: at most %d)", CLI_MAX_RUNS);
            if (strlen(v) >= sizeof o->runs[0])
                return error_set(err, "--run: '%.20s...' is too long (allowed: %zu bytes)", v,
                                 sizeof o->runs[0] - 1);
            strcpy(o->runs[o->n_runs++], v);
        } else if (strcmp(a, "--steps") == 0) {
            NEED_VALUE();
            if (parse_count(a, v, 0, 100000000L, &o->steps, err)) return -1;
        } else if (strcmp(a, "--bench-frames") == 0) {
            NEED_VALUE();
            if (parse_count(a, v, 1, 1000000L, &o->bench_frames, err)) return -1;
        } else if (strcmp(a, "--step") == 0) {
            NEED_VALUE();
            long k;
            if (parse_count(a, v, 1, 1000, &k, err)) return -1;
            o->step = (int)k;
        } else if (strcmp(a, "--csv") == 0) {
            NEED_FILE();
            o->csv = v;
        } else if (strcmp(a, "--trace") == 0) {
            NEED_FILE();
            o->trace = v;
        } else if (strcmp(a, "--export") == 0) {
            NEED_FILE();
            o->export_path = v;
        } else if (strcmp(a, "--replay") == 0) {
            NEED_FILE();
            o->replay = v;
        } else if (strcmp(a, "--size") == 0) {
            NEED_VALUE();
            if (parse_size(v, &o->width, &o->height, err)) return -1;
        } else if (strcmp(a, "--panel") == 0) {
            NEED_VALUE();
            int ok = 0;
            for (int k = 0; panel_names[k]; k++) ok |= strcmp(v, panel_names[k]) == 0;
            if (!ok)
                return error_set(err, "--panel: '%s' is not allowed (allowed: gradient, heatmap, "
                                      "loss, clipping, spectrum, sentence, gates)", v);
            o->panel = v;
        } else if (strcmp(a, "--theme") == 0) {
            NEED_VALUE();
            if (strcmp(v, "light") == 0) o->theme = 0;
            else if (strcmp(v, "dark") == 0) o->theme = 1;
            else return error_set(err, "--theme: '%s' is not allowed (allowed: light, dark)", v);
        } else if (a[0] == '-' && a[1] != 0) {
            return error_set(err, "unknown option '%s' (see rnnscope --help)", a);
        } else {
            if (o->lesson)
                return error_set(err, "unexpected argument '%s' (a lesson '%s' was already given)", a,
                                 o->lesson);
            o->lesson = a;
        }
#undef NEED_FILE
#undef NEED_VALUE
    }
    /* export: --replay takes every setting from its sidecar; export is its own command */
    if (o->replay) {
        const char *extra = o->n_runs ? "--run" : n_set ? "--set" : o->width ? "--size"
                            : o->panel ? "--panel" : o->theme >= 0 ? "--theme"
                            : o->steps >= 0 ? "--steps" : o->step ? "--step"
                            : o->presenter ? "--presenter" : o->lesson ? "a lesson" : NULL;
        if (extra)
            return error_set(err, "--replay takes every setting from the sidecar: %s is not "
                                  "allowed with it (allowed: --export FILE.png, --csv FILE)", extra);
    }
    if (o->export_path || o->replay) {
        const char *other = o->check ? "--check" : o->trace ? "--trace" : o->bench ? "--bench"
                            : o->bench_frames ? "--bench-frames" : NULL;
        if (other)
            return error_set(err, "%s and %s are separate commands (give one of them)",
                             o->export_path ? "--export" : "--replay", other);
    }
    /* an output that is also an input, or another output, would overwrite it */
    const char *outs[3] = {o->csv, o->trace, o->export_path};
    static const char *const out_flags[3] = {"--csv", "--trace", "--export"};
    for (int k = 0; k < 3; k++) {
        if (same_file(outs[k], o->lesson))
            return error_set(err, "%s: '%s' is the lesson file (it would be overwritten)",
                             out_flags[k], outs[k]);
        if (same_file(outs[k], o->replay))
            return error_set(err, "%s: '%s' is the --replay sidecar (it would be overwritten)",
                             out_flags[k], outs[k]);
        for (int j = 0; j < k; j++)
            if (same_file(outs[k], outs[j]))
                return error_set(err, "%s and %s name the same file '%s'", out_flags[j],
                                 out_flags[k], outs[k]);
    }
    /* every run's config must be valid now, so errors come before any work; and all
     * runs together get the limit one run has (as a lesson step's runs do) */
    double bytes = 0;
    for (int i = 0; i < (o->n_runs ? o->n_runs : 1); i++) {
        Config c;
        if (cli_run_config(o, i, &c, err)) return -1;
        bytes += config_memory_bytes(&c);
    }
    if (bytes > CLI_MAX_TOTAL_BYTES)
        return error_set(err, "the %d runs need about %.1f GiB together (allowed: at most %.0f GiB); "
                              "lower hidden, seq_len or batch, or use fewer runs",
                         o->n_runs, bytes / (1024.0 * 1024 * 1024),
                         CLI_MAX_TOTAL_BYTES / (1024.0 * 1024 * 1024));
    return 0;
}

int cli_run_config(const Options *o, int i, Config *out, Error *err)
{
    *out = o->base;
    if (i < o->n_runs) {
        char buf[256];
        strcpy(buf, o->runs[i]);
        char *save = NULL;
        for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            Error e2;
            if (config_set_pair(out, tok, &e2))
                return error_set(err, "--run %s: %s", o->runs[i], e2.msg);
        }
    }
    Error e2;
    if (config_check(out, &e2)) {
        if (o->n_runs) return error_set(err, "--run %s: %s", o->runs[i], e2.msg);
        return error_set(err, "%s", e2.msg);
    }
    return 0;
}
