#include "config.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"
#include "task.h"

static const char *const task_names[] = {"adding", "kerala", "mouse", "clouds", NULL};
#define CELL_LIST_NAME_(id, name, label, steps, reads, refuses, has) #name,
static const char *const cell_names[] = {CELL_LIST(CELL_LIST_NAME_) NULL};
#undef CELL_LIST_NAME_
static const char *const act_names[] = {"sigmoid", "tanh", "relu", "linear", NULL};
static const char *const init_names[] = {"uniform", "normal", "xavier", "orthogonal", "identity", NULL};
static const char *const clip_names[] = {"none", "norm", "value", NULL};
static const char *const opt_names[] = {"sgd", "momentum", "adam", "adagrad", NULL};
static const char *const mask_names[] = {"none", "causal", NULL};

const char *task_name(TaskKind k) { return task_names[k]; }
const char *cell_name(CellKind k) { return cell_names[k]; }
const char *activation_name(Activation a) { return act_names[a]; }
const char *optimizer_name(OptKind k) { return opt_names[k]; }
const char *mask_name(AttnMask k) { return mask_names[k]; }

/* 1 if the space-separated words of list include key. */
static int has_word(const char *list, const char *key)
{
    size_t n = strlen(key);
    for (const char *p = list; *p; p += strcspn(p, " "), p += strspn(p, " "))
        if (strcspn(p, " ") == n && !strncmp(p, key, n)) return 1;
    return 0;
}

/* 1 if words, one of a column's rows (CELL_COUNT of them), lists key for cell k, or
 * if no row lists it and some_is_all. */
static int column_says(const char *const *words, CellKind k, const char *key, int some_is_all)
{
    int some = 0;
    for (int c = 0; c < CELL_COUNT; c++) some |= has_word(words[c], key);
    if (!some) return some_is_all;
    return k >= 0 && k < CELL_COUNT && has_word(words[k], key);
}

#define CELL_LIST_READS_(id, name, label, steps, reads, refuses, has) reads,
static const char *const cell_reads[] = {CELL_LIST(CELL_LIST_READS_)};
#undef CELL_LIST_READS_
#define CELL_LIST_REFUSES_(id, name, label, steps, reads, refuses, has) refuses,
static const char *const cell_refuses[] = {CELL_LIST(CELL_LIST_REFUSES_)};
#undef CELL_LIST_REFUSES_
#define CELL_LIST_HAS_(id, name, label, steps, reads, refuses, has) has,
static const char *const cell_has[] = {CELL_LIST(CELL_LIST_HAS_)};
#undef CELL_LIST_HAS_

int config_cell_reads(CellKind k, const char *key) { return column_says(cell_reads, k, key, 1); }
int config_cell_refuses(CellKind k, const char *key) { return column_says(cell_refuses, k, key, 0); }
int config_cell_has(CellKind k, const char *quantity) { return column_says(cell_has, k, quantity, 1); }

void config_cells_having(const char *quantity, char *buf, size_t n)
{
    size_t o = 0;
    buf[0] = 0;
    for (int c = 0; c < CELL_COUNT; c++)
        if (has_word(cell_has[c], quantity) && o < n)
            o += (size_t)snprintf(buf + o, n - o, "%scell=%s", o ? " or " : "", cell_name((CellKind)c));
}

/* What the window's settings panel offers (ConfigSetting): choices, their labels, and
 * the ladders its +/- buttons step along. */
#define CELL_LIST_LABEL_(id, name, label, steps, reads, refuses, has) label,
static const char *const cell_labels[] = {CELL_LIST(CELL_LIST_LABEL_) NULL};
#undef CELL_LIST_LABEL_
static const char *const clip_labels[] = {"off", "norm", "value", NULL};
static const char *const dir_values[] = {"0", "1", NULL};
static const char *const dir_labels[] = {"one", "both", NULL};
static const char *const bias_values[] = {"0", "1", "2", "3", "5", "chrono", NULL};
static const double scale_ladder[] = {0.1, 0.25, 0.5, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 8};
static const double thr_ladder[] = {0.01, 0.1, 0.25, 0.5, 1, 2, 5, 10, 100};
static const double lr_ladder[] = {1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1};
static const double len_ladder[] = {5, 10, 15, 20, 30, 40, 50, 60, 80, 100, 150, 200};
static const double hidden_ladder[] = {4, 8, 16, 24, 32, 48, 64, 128, 256};
#define LADDER(a) a, (int)(sizeof a / sizeof a[0])

/* The keys, one row each: how --set parses a value, how config_get prints it, the
 * default, and the README's key table (tests/test_config_table.c compares them). */
#define F(field) offsetof(Config, field)
const ConfigKey config_table[] = {
    {"task", CONFIG_ENUM, F(task), task_names, 0, 0, 0, "kerala", NULL,
     "the data ([docs/tasks.md](docs/tasks.md))",
     {13, "task", task_names, NULL, 0, NULL, 0}},
    {"cell", CONFIG_ENUM, F(cell), cell_names, 0, 0, 0, "rnn", NULL,
     "recurrent cell, or a Transformer encoder ([Attention](#attention))",
     {1, "cell", cell_names, cell_labels, 0, NULL, 0}},
    {"activation", CONFIG_ENUM, F(activation), act_names, 0, 0, 0, "tanh", NULL,
     "vanilla RNN nonlinearity",
     {2, "activation", act_names, NULL, 0, NULL, 0}},
    {"bidirectional", CONFIG_INT, F(bidirectional), NULL, 0, 1, 0, "0", NULL,
     "add a reverse direction; the output reads `[h_fwd_t ; h_rev_t]`",
     {11, "reads", dir_values, dir_labels, 1, NULL, 0}},
    {"hidden", CONFIG_INT, F(hidden), NULL, 1, CONFIG_MAX_HIDDEN, 0, "32", NULL, "hidden units H",
     {9, "hidden units", NULL, NULL, 0, LADDER(hidden_ladder)}},
    {"seq_len", CONFIG_INT, F(seq_len), NULL, 2, CONFIG_MAX_SEQ_LEN, 0, "40",
     "at least the task's minimum", "sequence length T",
     {8, "sequence T", NULL, NULL, 0, LADDER(len_ladder)}},
    {"batch", CONFIG_INT, F(batch), NULL, 1, CONFIG_MAX_BATCH, 0, "32", NULL, "examples per step", {0}},
    {"init", CONFIG_ENUM, F(init), init_names, 0, 0, 0, "uniform", NULL,
     "W_hh initialization (uniform = PyTorch's U(±1/√H))",
     {3, "init", init_names, NULL, 0, NULL, 0}},
    {"init_scale", CONFIG_REAL, F(init_scale), NULL, 0, 100, 1, "1", NULL,
     "multiplies the W_hh initialization",
     {4, "init scale", NULL, NULL, 0, LADDER(scale_ladder)}},
    {"forget_bias", CONFIG_BIAS, F(forget_bias), NULL, -100, 100, 0, "3", NULL,
     "LSTM forget-gate bias; chrono = Tallec & Ollivier (2018)",
     {10, "forget bias", bias_values, NULL, 0, NULL, 0}},
    {"clip", CONFIG_ENUM, F(clip), clip_names, 0, 0, 0, "norm", NULL,
     "gradient clipping: global norm (Pascanu et al. 2013, Alg. 1) or elementwise",
     {5, "clipping", clip_names, clip_labels, 1, NULL, 0}},
    {"clip_threshold", CONFIG_REAL, F(clip_threshold), NULL, 0, 1e6, 1, "1", NULL, "clipping threshold",
     {6, "threshold", NULL, NULL, 0, LADDER(thr_ladder)}},
    {"optimizer", CONFIG_ENUM, F(optimizer), opt_names, 0, 0, 0, "adam", NULL,
     "PyTorch's update rules and default constants",
     {12, "optimizer", opt_names, NULL, 0, NULL, 0}},
    {"lr", CONFIG_REAL, F(lr), NULL, 0, 10, 1, "0.01", NULL, "learning rate",
     {7, "learning rate", NULL, NULL, 0, LADDER(lr_ladder)}},
    {"momentum", CONFIG_REAL, F(momentum), NULL, 0, 0.9999, 0, "0.9", NULL, "for `optimizer=momentum`", {0}},
    {"bptt", CONFIG_INT, F(bptt), NULL, 0, CONFIG_MAX_SEQ_LEN, 0, "0", "0 = full, at most `seq_len`",
     "truncated BPTT: no gradient crosses a chunk of this many steps", {0}},
    /* attention: two heads of 16 at the default hidden 32 (a PyTorch encoder of this
     * shape solves kerala at T = 200 within 50 Adam steps), one layer (one step from
     * every word to the blank is all the tasks need), ff 4 x hidden at the default
     * (Vaswani et al.'s ratio, 2048/512), no mask (BERT: the whole sentence) */
    {"heads", CONFIG_INT, F(heads), NULL, 1, CONFIG_MAX_HEADS, 0, "2", "divides `hidden`",
     "attention heads (`cell=attention`)", {0}},
    {"layers", CONFIG_INT, F(layers), NULL, 1, CONFIG_MAX_LAYERS, 0, "1", NULL,
     "encoder layers (`cell=attention`)", {0}},
    {"ff", CONFIG_INT, F(ff), NULL, 1, CONFIG_MAX_FF, 0, "128", NULL,
     "feed-forward width (`cell=attention`; 4 × the default hidden, as in Vaswani et al.)", {0}},
    {"attention_mask", CONFIG_ENUM, F(attention_mask), mask_names, 0, 0, 0, "none", NULL,
     "none: every word reads the whole sentence (BERT); causal: only the past", {0}},
    {"seed", CONFIG_SEED, F(seed), NULL, 0, 0, 0, "1", NULL, "initial weights and data", {0}},
    {"label", CONFIG_TEXT, F(label), NULL, 0, CONFIG_LABEL_MAX - 1, 0, "", NULL,
     "the run's name in legends (empty: derived from the settings)", {0}},
    {NULL, 0, 0, NULL, 0, 0, 0, NULL, NULL, NULL, {0}},
};
#undef F
#undef LADDER

const ConfigKey *config_key_find(const char *name)
{
    for (const ConfigKey *k = config_table; k->name; k++)
        if (strcmp(k->name, name) == 0) return k;
    return NULL;
}

void config_default(Config *c)
{
    memset(c, 0, sizeof *c);
    for (const ConfigKey *k = config_table; k->name; k++) {
        Error err;
        int bad = k->def[0] && config_set(c, k->name, k->def, &err);
        assert(!bad); /* a default the table's own parser refuses */
        (void)bad;
    }
}

static void join_names(const char *const *names, char *buf, size_t n)
{
    buf[0] = 0;
    for (int i = 0; names[i]; i++) {
        size_t len = strlen(buf);
        snprintf(buf + len, n - len, "%s%s", i ? "|" : "", names[i]);
    }
}

static int parse_enum(const char *key, const char *v, const char *const *names, int *out, Error *err)
{
    for (int i = 0; names[i]; i++) {
        if (strcmp(v, names[i]) == 0) {
            *out = i;
            return 0;
        }
    }
    char allowed[256];
    join_names(names, allowed, sizeof allowed);
    return error_set(err, "%s: '%s' is not allowed (allowed: %s)", key, v, allowed);
}

static int parse_long(const char *key, const char *v, long lo, long hi, long *out, Error *err)
{
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (end == v || *end != 0 || errno == ERANGE)
        return error_set(err, "%s: '%s' is not an integer (allowed: %ld..%ld)", key, v, lo, hi);
    if (x < lo || x > hi)
        return error_set(err, "%s: %ld is out of range (allowed: %ld..%ld)", key, x, lo, hi);
    *out = x;
    return 0;
}

/* Parses a finite number in [lo, hi]; lo_open excludes lo itself. */
static int parse_double(const char *key, const char *v, double lo, double hi, int lo_open,
                        double *out, Error *err)
{
    char *end;
    errno = 0;
    double x = strtod(v, &end);
    if (end == v || *end != 0)
        return error_set(err, "%s: '%s' is not a number (allowed: %s%g..%g)", key, v,
                         lo_open ? ">" : "", lo, hi);
    /* ERANGE also flags underflow (4.9e-324, 1e-400): finite, left to the range check */
    if (!isfinite(x) || (errno == ERANGE && fabs(x) > 1))
        return error_set(err, "%s: '%s' is not a finite number (allowed: %s%g..%g)", key, v,
                         lo_open ? ">" : "", lo, hi);
    if ((x < lo || x > hi || (lo_open && x == lo)) && errno == ERANGE)
        return error_set(err, "%s: '%s' rounds to %g, out of range (allowed: %s%g..%g)", key, v,
                         x, lo_open ? ">" : "", lo, hi);
    if (x < lo || x > hi || (lo_open && x == lo))
        return error_set(err, "%s: %g is out of range (allowed: %s%g..%g)", key, x,
                         lo_open ? ">" : "", lo, hi);
    *out = x;
    return 0;
}

/* The field a row stores into. */
static void *field(Config *c, const ConfigKey *k)
{
    return (char *)c + k->field;
}
static const void *cfield(const Config *c, const ConfigKey *k)
{
    return (const char *)c + k->field;
}

int config_set(Config *c, const char *key, const char *v, Error *err)
{
    int e = 0;
    long l = 0;
    double d = 0;
    const ConfigKey *k = config_key_find(key);
    if (!k) {
        char allowed[512] = "";
        for (const ConfigKey *r = config_table; r->name; r++) {
            size_t len = strlen(allowed);
            snprintf(allowed + len, sizeof allowed - len, "%s%s", len ? "," : "", r->name);
        }
        return error_set(err, "unknown key '%s' (allowed: %s)", key, allowed);
    }
    if (!v[0]) return error_set(err, "%s: empty value", key);
    switch (k->type) {
    case CONFIG_ENUM: /* every enum of Config is stored as an int */
        if (parse_enum(key, v, k->names, &e, err)) return -1;
        *(int *)field(c, k) = e;
        break;
    case CONFIG_INT:
        if (parse_long(key, v, (long)k->lo, (long)k->hi, &l, err)) return -1;
        *(int *)field(c, k) = (int)l;
        break;
    case CONFIG_REAL:
        if (parse_double(key, v, k->lo, k->hi, k->lo_open, &d, err)) return -1;
        *(double *)field(c, k) = d;
        break;
    case CONFIG_BIAS: /* a number, or "chrono" (Tallec & Ollivier's init) */
        if (strcmp(v, "chrono") == 0) {
            c->forget_chrono = 1;
            break;
        }
        if (parse_double(key, v, k->lo, k->hi, 0, &d, err))
            return error_set(err, "%s: '%s' is not allowed (allowed: a number in %g..%g, or chrono)",
                             key, v, k->lo, k->hi);
        *(double *)field(c, k) = d;
        c->forget_chrono = 0;
        break;
    case CONFIG_SEED: {
        char *end;
        errno = 0;
        if (v[0] == '-') return error_set(err, "%s: '%s' is negative (allowed: 0..2^64-1)", key, v);
        unsigned long long x = strtoull(v, &end, 10);
        if (end == v || *end != 0 || errno == ERANGE)
            return error_set(err, "%s: '%s' is not an integer (allowed: 0..2^64-1)", key, v);
        *(uint64_t *)field(c, k) = (uint64_t)x;
        break;
    }
    case CONFIG_TEXT: {
        size_t n = strlen(v);
        if (n > (size_t)k->hi)
            return error_set(err, "%s: too long (%zu bytes; allowed: at most %d)", key, n, (int)k->hi);
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)v[i] < 32 || v[i] == '"' || v[i] == '\\')
                return error_set(err, "%s: control characters, quotes and backslashes are not allowed",
                                 key);
        memcpy(field(c, k), v, n + 1);
        break;
    }
    }
    return 0;
}

int config_set_pair(Config *c, const char *pair, Error *err)
{
    const char *eq = strchr(pair, '=');
    if (!eq || eq == pair) return error_set(err, "'%s' is not KEY=VALUE", pair);
    char key[64];
    size_t n = (size_t)(eq - pair);
    if (n >= sizeof key) return error_set(err, "unknown key '%.*s...'", 20, pair);
    memcpy(key, pair, n);
    key[n] = 0;
    return config_set(c, key, eq + 1, err);
}

/* What run_init allocates (run_memory_bytes, beside each allocation), with the input
 * and output sizes bounded by the largest built-in task's, and an allowance for the
 * allocator's rounding of its ~30 blocks (a page each at most); tests/test_limits.c
 * checks run_memory_bytes against the allocations counted at many sizes. A pinned
 * sentence adds config_example_memory_bytes. */
double config_memory_bytes(const Config *c)
{
    enum { MAX_I = 64, MAX_O = 16 }; /* bounds of every task's I and O (test_tasks) */
    return run_memory_bytes(c, MAX_I, MAX_O) + 256.0 * 1024;
}

double config_example_memory_bytes(const Config *c)
{
    enum { MAX_I = 64, MAX_O = 16 }; /* as config_memory_bytes */
    Task t;
    Error err;
    if (task_init(&t, c, &err) || !t.words) return 0;
    return run_example_memory_bytes(c, MAX_I, MAX_O) + 64.0 * 1024; /* ~10 blocks' rounding */
}

#define CONFIG_MAX_RUN_BYTES (2.0 * 1024 * 1024 * 1024)

int config_check(const Config *c, Error *err)
{
    int min = task_min_seq_len(c->task);
    if (c->seq_len < min)
        return error_set(err, "seq_len: %d is too short for task %s (minimum %d)", c->seq_len,
                         task_name(c->task), min);
    if (config_cell_reads(c->cell, "heads") && c->hidden % c->heads != 0)
        return error_set(err, "heads: %d does not divide hidden %d (each head gets hidden/heads "
                              "dimensions)", c->heads, c->hidden);
    for (const ConfigKey *k = config_table; k->name; k++) { /* cell_list.h's refuses */
        if (!config_cell_refuses(c->cell, k->name)) continue;
        Config d = *c;
        Error e;
        char v[CONFIG_LABEL_MAX + 32], dv[CONFIG_LABEL_MAX + 32];
        config_set(&d, k->name, k->def, &e); /* the default as config_get prints it */
        config_get(c, k->name, v, sizeof v);
        config_get(&d, k->name, dv, sizeof dv);
        if (strcmp(v, dv) != 0)
            return error_set(err, "%s: %s does not apply to cell=%s (allowed: %s)", k->name, v,
                             cell_name(c->cell), k->def);
    }
    if (c->bptt < 0 || c->bptt > c->seq_len)
        return error_set(err, "bptt: %d is out of range (allowed: 0 (full) .. seq_len %d)",
                         c->bptt, c->seq_len);
    double bytes = config_memory_bytes(c);
    if (bytes > CONFIG_MAX_RUN_BYTES)
        return error_set(err, "hidden=%d seq_len=%d batch=%d needs about %.1f GiB for one run "
                              "(allowed: at most %.0f GiB); lower hidden, seq_len or batch",
                         c->hidden, c->seq_len, c->batch, bytes / (1024.0 * 1024 * 1024),
                         CONFIG_MAX_RUN_BYTES / (1024.0 * 1024 * 1024));
    return 0;
}

int config_get(const Config *c, const char *key, char *buf, size_t n)
{
    const ConfigKey *k = config_key_find(key);
    if (!k) return -1;
    switch (k->type) {
    case CONFIG_ENUM:
        snprintf(buf, n, "%s", k->names[*(const int *)cfield(c, k)]);
        break;
    case CONFIG_INT:
        snprintf(buf, n, "%d", *(const int *)cfield(c, k));
        break;
    case CONFIG_BIAS:
        if (c->forget_chrono) snprintf(buf, n, "chrono");
        else snprintf(buf, n, "%.17g", *(const double *)cfield(c, k));
        break;
    case CONFIG_REAL:
        snprintf(buf, n, "%.17g", *(const double *)cfield(c, k));
        break;
    case CONFIG_SEED:
        snprintf(buf, n, "%llu", (unsigned long long)*(const uint64_t *)cfield(c, k));
        break;
    case CONFIG_TEXT:
        snprintf(buf, n, "%s", (const char *)cfield(c, k));
        break;
    }
    return 0;
}

int config_equal(const Config *a, const Config *b)
{
    for (int k = 0; config_table[k].name; k++) {
        char x[CONFIG_LABEL_MAX + 32], y[CONFIG_LABEL_MAX + 32];
        config_get(a, config_table[k].name, x, sizeof x);
        config_get(b, config_table[k].name, y, sizeof y);
        if (strcmp(x, y) != 0) return 0;
    }
    return 1;
}

void config_key_values(const ConfigKey *k, char *buf, size_t n)
{
    size_t o = 0;
#define PUT(...) (o += (size_t)snprintf(buf + o, o < n ? n - o : 0, __VA_ARGS__))
    buf[0] = 0;
    switch (k->type) {
    case CONFIG_ENUM: /* the default first, then the others in their order */
        PUT("%s", k->def);
        for (int i = 0; k->names[i]; i++)
            if (strcmp(k->names[i], k->def) != 0) PUT(", %s", k->names[i]);
        break;
    case CONFIG_INT:
        if (k->hi - k->lo == 1) PUT("%g, %g", k->lo, k->hi);
        else PUT("%s (%g..%g)", k->def, k->lo, k->hi);
        break;
    case CONFIG_REAL:
        PUT("%s (%s%g..%g)", k->def, k->lo_open ? ">" : "", k->lo, k->hi);
        break;
    case CONFIG_BIAS:
        PUT("%s (%g..%g), or `chrono`", k->def, k->lo, k->hi);
        break;
    case CONFIG_SEED:
        PUT("%s (0..2^64-1)", k->def);
        break;
    case CONFIG_TEXT:
        PUT("text, at most %g bytes", k->hi);
        break;
    }
    if (k->note) PUT("; %s", k->note);
#undef PUT
}

void config_label(const Config *c, char *buf, size_t n)
{
    if (c->label[0]) {
        snprintf(buf, n, "%s", c->label);
        return;
    }
    const char *bi = c->bidirectional ? "bi-" : "";
    if (c->cell == CELL_ATTENTION) {
        snprintf(buf, n, "%sattention", c->attention_mask == MASK_CAUSAL ? "causal " : "");
    } else if (c->cell == CELL_RNN) {
        const char *extra = "";
        if (c->activation == ACT_RELU && c->init == INIT_IDENTITY) extra = " (IRNN)";
        snprintf(buf, n, "%s%s RNN%s", bi, act_names[c->activation], extra);
    } else {
        snprintf(buf, n, "%s%s", bi, cell_labels[c->cell]);
    }
}

/* A setting's value as a legend shows it: numbers in %g form (0.1, not 0.10000000000000001). */
static void short_value(const Config *c, const char *key, char *buf, size_t n)
{
    char v[96], *end;
    config_get(c, key, v, sizeof v);
    v[48] = 0; /* a legend has no room for more */
    double x = strtod(v, &end);
    if (end != v && *end == 0) snprintf(buf, n, "%g", x);
    else snprintf(buf, n, "%s", v);
}

void config_label_among(const Config *const *cfgs, int n, int i, char *buf, size_t len)
{
    config_label(cfgs[i], buf, len);
    int differs[64] = {0}, clash = 0;
    for (int j = 0; j < n; j++) {
        char other[CONFIG_LABEL_MAX + 32];
        if (j == i) continue;
        config_label(cfgs[j], other, sizeof other);
        if (strcmp(other, buf) != 0) continue;
        clash = 1;
        for (int k = 0; config_table[k].name && k < 64; k++) {
            char a[96], b[96];
            if (strcmp(config_table[k].name, "label") == 0) continue;
            config_get(cfgs[i], config_table[k].name, a, sizeof a);
            config_get(cfgs[j], config_table[k].name, b, sizeof b);
            if (strcmp(a, b) != 0) differs[k] = 1;
        }
    }
    if (!clash) return;
    size_t at = strlen(buf);
    int shown = 0;
    for (int k = 0; config_table[k].name && k < 64 && shown < 2; k++) {
        if (!differs[k]) continue;
        char v[96];
        short_value(cfgs[i], config_table[k].name, v, sizeof v);
        int w = snprintf(buf + at, at < len ? len - at : 0, ", %s=%s", config_table[k].name, v);
        if (w < 0 || at + (size_t)w >= len) break;
        at += (size_t)w;
        shown++;
    }
    if (!shown) snprintf(buf + at, at < len ? len - at : 0, " (run %d)", (i + 1) % 100);
}
