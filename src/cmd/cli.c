#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "panel_list.h"

const char cli_usage[] =
    "usage: rnnscope [OPTIONS] [LESSON]\n"
    "\n"
    "  LESSON                 a lesson number or name (see --list), or a lesson file\n"
    "  --set KEY=VALUE        set a config key for every run (repeatable)\n"
    "  --run KEY=VALUE[,...]  add a run with these overrides (up to 8; repeatable)\n"
    "  --steps N              train N steps headless and print one summary line per run\n"
    "  --csv FILE             write every diagnostic of every step as tidy CSV\n"
    "                         (with --export: the data the figure plots)\n"
    "  --trace FILE           one forward+backward pass as JSON (check it in PyTorch)\n"
    "  --export FILE.png      render the dashboard (or --panel NAME) headless, with the\n"
    "                         sidecar FILE.json; trains --steps N (default 200), or\n"
    "                         the lesson step's own steps (default step: the last);\n"
    "                         FILE.svg writes SVG (text as text, lines as paths)\n"
    "  --format png|svg       the image format when the file name does not say it\n"
    "                         (--export, --replay; default: by the name, else png)\n"
    "  --size WxH             export size, 320x240 .. 7680x4320 (default 1920x1080)\n"
    "  --panel NAME           %s\n"
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
    "\n";

void cli_print_usage(FILE *f)
{
    char names[256];
    /* the one line that names the panels, from their list */
    const char *panel_line = strstr(cli_usage, "%s\n");
    fprintf(f, "%.*s%s", (int)(panel_line - cli_usage), cli_usage,
            plot_panel_names_joined(names, sizeof names, "|"));
    fputs(panel_line + 2, f);
    /* the keys, from the config table, wrapped like the lines above */
    int col = fprintf(f, "config keys:");
    for (const ConfigKey *k = config_table; k->name; k++) {
        if (col + 1 + (int)strlen(k->name) > 88) {
            fputs("\n ", f);
            col = 1;
        }
        col += fprintf(f, " %s", k->name);
    }
    fputs("\n", f);
}

/* 1 if s holds a control character (a newline in a file name splits every listing) */
static int has_control(const char *s)
{
    for (const unsigned char *c = (const unsigned char *)s; *c; c++)
        if (*c < 0x20 || *c == 0x7f) return 1;
    return 0;
}

static int parse_limit(CliLimitId id, const char *v, long *out, Error *err)
{
    const char *flag = cli_limits[id].flag;
    long lo = cli_limits[id].lo, hi = cli_limits[id].hi;
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (end == v || *end || errno == ERANGE || x < lo || x > hi) {
        /* -1 here, not error_set's value: the compiler cannot see into error.c, and
         * with its value, a 0 would leave *out unset (-Wmaybe-uninitialized at -O3) */
        error_set(err, "%s: '%s' is not allowed (allowed: an integer %ld..%ld)", flag, v, lo, hi);
        return -1;
    }
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
    const CliLimit *lw = &cli_limits[CLI_LIMIT_WIDTH], *lh = &cli_limits[CLI_LIMIT_HEIGHT];
    if (a < lw->lo || a > lw->hi || b < lh->lo || b > lh->hi)
        return error_set(err, "--size: %ldx%ld is out of range (allowed: %ldx%ld .. %ldx%ld)", a, b,
                         lw->lo, lh->lo, lw->hi, lh->hi);
    *w = (int)a, *h = (int)b;
    return 0;
bad:
    return error_set(err, "--size: '%s' is not WxH (for example 1920x1080)", v);
}

/* ---- which flags each command uses --------------------------------------------- */

enum {
    F_SET = 1u << 0, F_RUN = 1u << 1, F_STEPS = 1u << 2, F_CSV = 1u << 3, F_TRACE = 1u << 4,
    F_EXPORT = 1u << 5, F_REPLAY = 1u << 6, F_SIZE = 1u << 7, F_PANEL = 1u << 8,
    F_THEME = 1u << 9, F_STEP = 1u << 10, F_CHECK = 1u << 11, F_PRESENTER = 1u << 12,
    F_LIST = 1u << 13, F_BENCH = 1u << 14, F_BENCH_FRAMES = 1u << 15, F_LESSON = 1u << 16,
    F_FORMAT = 1u << 17,
};
#define C(cmd) (1u << (cmd))

/* Commands by name, for messages: "--panel has no effect in the window". */
static const struct {
    const char *name, *in; /* "--check", "with --check" */
} commands[] = {
    [CMD_WINDOW] = {"the window", "in the window"},
    [CMD_STEPS] = {"headless training (--steps)", "in headless training (--steps)"},
    [CMD_CHECK] = {"--check", "with --check"},
    [CMD_TRACE] = {"--trace", "with --trace"},
    [CMD_EXPORT] = {"--export", "with --export"},
    [CMD_REPLAY] = {"--replay", "with --replay"},
    [CMD_LIST] = {"--list", "with --list"},
    [CMD_BENCH] = {"--bench", "with --bench"},
    [CMD_BENCH_FRAMES] = {"--bench-frames", "with --bench-frames"},
    [CMD_HELP] = {"--help", "with --help"},
    [CMD_VERSION] = {"--version", "with --version"},
};

/* The flags that choose a command: at most one of them (--export with --replay is
 * the replay to another file). */
static const struct {
    unsigned flag;
    const char *name;
    CliCommand cmd;
} command_flags[] = {
    {F_LIST, "--list", CMD_LIST},
    {F_BENCH, "--bench", CMD_BENCH},
    {F_TRACE, "--trace", CMD_TRACE},
    {F_REPLAY, "--replay", CMD_REPLAY},
    {F_EXPORT, "--export", CMD_EXPORT},
    {F_CHECK, "--check", CMD_CHECK},
    {F_BENCH_FRAMES, "--bench-frames", CMD_BENCH_FRAMES},
};

/* Every other flag, and the commands it has an effect with. */
#define FREE_PLAY (C(CMD_WINDOW) | C(CMD_STEPS) | C(CMD_TRACE) | C(CMD_EXPORT) | C(CMD_BENCH_FRAMES))
static const struct {
    unsigned flag;
    const char *name;
    unsigned works; /* C(CMD_...) | ... */
} option_flags[] = {
    {F_SET, "--set", FREE_PLAY},
    {F_RUN, "--run", FREE_PLAY},
    {F_STEPS, "--steps", C(CMD_STEPS) | C(CMD_EXPORT)},
    {F_CSV, "--csv", C(CMD_STEPS) | C(CMD_EXPORT) | C(CMD_REPLAY)},
    {F_EXPORT, "--export", C(CMD_EXPORT) | C(CMD_REPLAY)},
    {F_SIZE, "--size", C(CMD_WINDOW) | C(CMD_EXPORT)},
    {F_PANEL, "--panel", C(CMD_EXPORT)},
    {F_FORMAT, "--format", C(CMD_EXPORT) | C(CMD_REPLAY)},
    {F_THEME, "--theme", C(CMD_WINDOW) | C(CMD_EXPORT)},
    {F_STEP, "--step", C(CMD_WINDOW) | C(CMD_STEPS) | C(CMD_CHECK) | C(CMD_EXPORT)},
    {F_PRESENTER, "--presenter", C(CMD_WINDOW) | C(CMD_EXPORT)},
    {F_LESSON, "a lesson", C(CMD_WINDOW) | C(CMD_STEPS) | C(CMD_CHECK) | C(CMD_EXPORT)},
};

/* Picks o->command from o->given; -1 with err for two commands at once. */
static int pick_command(Options *o, Error *err)
{
    o->command = o->help ? CMD_HELP : o->version ? CMD_VERSION : CMD_WINDOW;
    if (o->help || o->version) return 0;
    const char *first = NULL;
    for (size_t k = 0; k < sizeof command_flags / sizeof command_flags[0]; k++) {
        if (!(o->given & command_flags[k].flag)) continue;
        if (command_flags[k].flag == F_EXPORT && (o->given & F_REPLAY)) continue;
        if (first)
            return error_set(err, "%s and %s are separate commands (give one of them)", first,
                             command_flags[k].name);
        first = command_flags[k].name;
        o->command = command_flags[k].cmd;
    }
    if (!first && (o->given & F_STEPS)) o->command = CMD_STEPS;
    return 0;
}

/* A flag the command would ignore is an error that names it. */
static int check_flags(const Options *o, Error *err)
{
    if (o->command == CMD_HELP || o->command == CMD_VERSION) return 0;
    for (size_t k = 0; k < sizeof option_flags / sizeof option_flags[0]; k++) {
        unsigned works = option_flags[k].works;
        if (!(o->given & option_flags[k].flag) || (works & C(o->command))) continue;
        if (o->command == CMD_REPLAY)
            return error_set(err, "--replay takes every setting from the sidecar: %s is not "
                                  "allowed with it (allowed: --export FILE.png, --csv FILE, "
                                  "--format png|svg)",
                             option_flags[k].name);
        char list[160] = "";
        int n = 0;
        for (int c = 0; c <= CMD_VERSION; c++) {
            if (!(works & C(c))) continue;
            size_t len = strlen(list);
            snprintf(list + len, sizeof list - len, "%s%s", n++ ? ", " : "", commands[c].name);
        }
        return error_set(err, "%s has no effect %s (it works with: %s)", option_flags[k].name,
                         commands[o->command].in, list);
    }
    if ((o->given & F_LESSON) && (o->given & (F_SET | F_RUN)))
        return error_set(err, "--run/--set configure free play; a lesson sets its own runs "
                              "(give either a lesson or --run/--set)");
    if ((o->given & F_STEP) && !(o->given & F_LESSON))
        return error_set(err, "--step needs a lesson (see rnnscope --list)");
    if (o->command == CMD_CHECK && !(o->given & F_LESSON))
        return error_set(err, "--check needs a lesson (a number, name or file; see --list)");
    if (o->command == CMD_TRACE && o->n_runs > 1)
        return error_set(err, "--trace writes one pass of one run (allowed: at most one --run)");
    return 0;
}

/* Flags that take one value: given again, the second value would silently replace
 * the first (--csv a.csv --csv b.csv wrote b.csv alone). --set and --run add up. */
#define ONCE_FLAGS (F_STEPS | F_BENCH_FRAMES | F_STEP | F_CSV | F_TRACE | F_EXPORT | F_REPLAY | \
                    F_SIZE | F_PANEL | F_THEME | F_FORMAT)

/* The F_ bit of the flag named a in the tables above, 0 if none. */
static unsigned flag_bit(const char *a)
{
    for (size_t k = 0; k < sizeof command_flags / sizeof command_flags[0]; k++)
        if (strcmp(a, command_flags[k].name) == 0) return command_flags[k].flag;
    for (size_t k = 0; k < sizeof option_flags / sizeof option_flags[0]; k++)
        if (strcmp(a, option_flags[k].name) == 0) return option_flags[k].flag;
    return 0;
}

/* ---- one argument -------------------------------------------------------------- */

/* The parse_* functions below return 0 if the argument is not theirs, 1 if they took
 * it (and its value: *i moves past it), -1 with err if it is wrong. */

#define NEED_VALUE()                                                                    \
    do {                                                                                \
        if (!v) return error_set(err, "%s: missing value (see rnnscope --help)", a);    \
        (*i)++;                                                                         \
    } while (0)
#define NEED_FILE()                                                                     \
    do {                                                                                \
        NEED_VALUE();                                                                   \
        if (!v[0]) return error_set(err, "%s: empty file name", a);                     \
        if (has_control(v))                                                             \
            return error_set(err, "%s: '%s' is not allowed (allowed: a file name without " \
                                  "control characters)", a, v);                         \
    } while (0)

/* The flags without a value. */
static int parse_switch(Options *o, const char *a)
{
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
        o->help = 1;
    } else if (strcmp(a, "--version") == 0) {
        o->version = 1;
    } else if (strcmp(a, "--list") == 0) {
        o->list = 1;
        o->given |= F_LIST;
    } else if (strcmp(a, "--check") == 0) {
        o->check = 1;
        o->given |= F_CHECK;
    } else if (strcmp(a, "--bench") == 0) {
        o->bench = 1;
        o->given |= F_BENCH;
    } else if (strcmp(a, "--presenter") == 0) {
        o->presenter = 1;
        o->given |= F_PRESENTER;
    } else {
        return 0;
    }
    return 1;
}

/* The flags that name a file: --csv, --trace, --export, --replay. */
static int parse_file(Options *o, const char *a, const char *v, int *i, Error *err)
{
    const char **field;
    unsigned bit;
    if (strcmp(a, "--csv") == 0) field = &o->csv, bit = F_CSV;
    else if (strcmp(a, "--trace") == 0) field = &o->trace, bit = F_TRACE;
    else if (strcmp(a, "--export") == 0) field = &o->export_path, bit = F_EXPORT;
    else if (strcmp(a, "--replay") == 0) field = &o->replay, bit = F_REPLAY;
    else return 0;
    NEED_FILE();
    *field = v;
    o->given |= bit;
    return 1;
}

/* --set KEY=VALUE and --run KEY=VALUE[,...]: the runs' configs. */
static int parse_config(Options *o, const char *a, const char *v, int *i, Error *err)
{
    if (strcmp(a, "--set") == 0) {
        NEED_VALUE();
        Error e2;
        if (config_set_pair(&o->base, v, &e2)) return error_set(err, "--set %s", e2.msg);
        o->given |= F_SET;
    } else if (strcmp(a, "--run") == 0) {
        NEED_VALUE();
        if (o->n_runs == CLI_MAX_RUNS)
            return error_set(err, "--run: too many runs (allowed: at most %d)", CLI_MAX_RUNS);
        if (strlen(v) >= sizeof o->runs[0])
            return error_set(err, "--run: '%.20s...' is too long (allowed: %zu bytes)", v,
                             sizeof o->runs[0] - 1);
        strcpy(o->runs[o->n_runs++], v);
        o->given |= F_RUN;
    } else {
        return 0;
    }
    return 1;
}

/* The flags that take a number: --steps, --bench-frames, --step, --size. */
static int parse_number(Options *o, const char *a, const char *v, int *i, Error *err)
{
    if (strcmp(a, "--steps") == 0) {
        NEED_VALUE();
        if (parse_limit(CLI_LIMIT_STEPS, v, &o->steps, err)) return -1;
        o->given |= F_STEPS;
    } else if (strcmp(a, "--bench-frames") == 0) {
        NEED_VALUE();
        if (parse_limit(CLI_LIMIT_BENCH_FRAMES, v, &o->bench_frames, err)) return -1;
        o->given |= F_BENCH_FRAMES;
    } else if (strcmp(a, "--step") == 0) {
        NEED_VALUE();
        long k;
        if (parse_limit(CLI_LIMIT_STEP, v, &k, err)) return -1;
        o->step = (int)k;
        o->given |= F_STEP;
    } else if (strcmp(a, "--size") == 0) {
        NEED_VALUE();
        if (parse_size(v, &o->width, &o->height, err)) return -1;
        o->given |= F_SIZE;
    } else {
        return 0;
    }
    return 1;
}

/* The flags that take one of a few names: --panel, --format, --theme. */
static int parse_choice(Options *o, const char *a, const char *v, int *i, Error *err)
{
    if (strcmp(a, "--panel") == 0) {
        NEED_VALUE();
        char names[256];
        if (plot_panel_find(v, strlen(v)) < 0)
            return error_set(err, "--panel: '%s' is not allowed (allowed: %s)", v,
                             plot_panel_names_joined(names, sizeof names, ", "));
        o->panel = v;
        o->given |= F_PANEL;
    } else if (strcmp(a, "--format") == 0) {
        NEED_VALUE();
        if (strcmp(v, "png") == 0) o->format = 1;
        else if (strcmp(v, "svg") == 0) o->format = 2;
        else return error_set(err, "--format: '%s' is not allowed (allowed: png, svg)", v);
        o->given |= F_FORMAT;
    } else if (strcmp(a, "--theme") == 0) {
        NEED_VALUE();
        if (strcmp(v, "light") == 0) o->theme = 0;
        else if (strcmp(v, "dark") == 0) o->theme = 1;
        else return error_set(err, "--theme: '%s' is not allowed (allowed: light, dark)", v);
        o->given |= F_THEME;
    } else {
        return 0;
    }
    return 1;
}

#undef NEED_FILE
#undef NEED_VALUE

/* Anything else: an unknown option, or the lesson (once). */
static int parse_lesson(Options *o, const char *a, Error *err)
{
    if (a[0] == '-' && a[1] != 0) return error_set(err, "unknown option '%s' (see rnnscope --help)", a);
    if (o->lesson)
        return error_set(err, "unexpected argument '%s' (a lesson '%s' was already given)", a,
                         o->lesson);
    o->lesson = a;
    o->given |= F_LESSON;
    return 1;
}

/* Every run's config must be valid now, so errors come before any work; and all
 * runs together get the limit one run has (as a lesson step's runs do). */
static int check_runs(const Options *o, Error *err)
{
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

int cli_parse(Options *o, int argc, char **argv, Error *err)
{
    memset(o, 0, sizeof *o);
    config_default(&o->base);
    o->steps = -1;
    o->theme = -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (flag_bit(a) & ONCE_FLAGS & o->given)
            return error_set(err, "%s is given twice (allowed: once; the second value would "
                                  "replace the first)", a);
        int r = parse_switch(o, a);
        if (r == 0) r = parse_file(o, a, v, &i, err);
        if (r == 0) r = parse_config(o, a, v, &i, err);
        if (r == 0) r = parse_number(o, a, v, &i, err);
        if (r == 0) r = parse_choice(o, a, v, &i, err);
        if (r == 0) r = parse_lesson(o, a, err);
        if (r < 0) return -1;
    }
    if (pick_command(o, err) || check_flags(o, err)) return -1;
    return check_runs(o, err);
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

const char *cli_lesson_file(const Options *o)
{
    struct stat st;
    if (!o->lesson || strspn(o->lesson, "0123456789") == strlen(o->lesson)) return NULL;
    return stat(o->lesson, &st) == 0 ? o->lesson : NULL;
}
