#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attention.h"
#include "task.h"

const char *const config_keys[] = {
    "task", "cell", "activation", "bidirectional", "hidden", "seq_len", "batch",
    "init", "init_scale", "forget_bias", "clip", "clip_threshold", "optimizer",
    "lr", "momentum", "bptt", "heads", "layers", "ff", "attention_mask", "seed", "label", NULL,
};

static const char *const task_names[] = {"adding", "kerala", "mouse", "clouds", NULL};
static const char *const cell_names[] = {"rnn", "lstm", "gru", "attention", NULL};
static const char *const act_names[] = {"sigmoid", "tanh", "relu", "linear", NULL};
static const char *const init_names[] = {"uniform", "normal", "xavier", "orthogonal", "identity", NULL};
static const char *const clip_names[] = {"none", "norm", "value", NULL};
static const char *const opt_names[] = {"sgd", "momentum", "adam", "adagrad", NULL};
static const char *const mask_names[] = {"none", "causal", NULL};

const char *task_name(TaskKind k) { return task_names[k]; }
const char *cell_name(CellKind k) { return cell_names[k]; }
const char *activation_name(Activation a) { return act_names[a]; }
const char *init_name(InitKind k) { return init_names[k]; }
const char *clip_name(ClipKind k) { return clip_names[k]; }
const char *optimizer_name(OptKind k) { return opt_names[k]; }
const char *mask_name(AttnMask k) { return mask_names[k]; }

void config_default(Config *c)
{
    memset(c, 0, sizeof *c);
    c->task = TASK_KERALA;
    c->cell = CELL_RNN;
    c->activation = ACT_TANH;
    c->bidirectional = 0;
    c->hidden = 32;
    c->seq_len = 40;
    c->batch = 32;
    c->init = INIT_UNIFORM;
    c->init_scale = 1.0;
    c->forget_bias = 3.0;
    c->forget_chrono = 0;
    c->clip = CLIP_NORM;
    c->clip_threshold = 1.0;
    c->optimizer = OPT_ADAM;
    c->lr = 0.01;
    c->momentum = 0.9;
    c->bptt = 0;
    /* attention: two heads of 16 at the default hidden 32 (a PyTorch encoder of this
     * shape solves kerala at T = 200 within 50 Adam steps), one layer (one step from
     * every word to the blank is all the tasks need), ff 4 x hidden at the default
     * (Vaswani et al.'s ratio, 2048/512), no mask (BERT: the whole sentence) */
    c->heads = 2;
    c->layers = 1;
    c->ff = 128;
    c->attention_mask = MASK_NONE;
    c->seed = 1;
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

int config_set(Config *c, const char *key, const char *v, Error *err)
{
    int e;
    long l;
    double d;
    if (!v[0]) return error_set(err, "%s: empty value", key);
    if (strcmp(key, "task") == 0) {
        if (parse_enum(key, v, task_names, &e, err)) return -1;
        c->task = (TaskKind)e;
    } else if (strcmp(key, "cell") == 0) {
        if (parse_enum(key, v, cell_names, &e, err)) return -1;
        c->cell = (CellKind)e;
    } else if (strcmp(key, "activation") == 0) {
        if (parse_enum(key, v, act_names, &e, err)) return -1;
        c->activation = (Activation)e;
    } else if (strcmp(key, "bidirectional") == 0) {
        if (parse_long(key, v, 0, 1, &l, err)) return -1;
        c->bidirectional = (int)l;
    } else if (strcmp(key, "hidden") == 0) {
        if (parse_long(key, v, 1, CONFIG_MAX_HIDDEN, &l, err)) return -1;
        c->hidden = (int)l;
    } else if (strcmp(key, "seq_len") == 0) {
        if (parse_long(key, v, 2, CONFIG_MAX_SEQ_LEN, &l, err)) return -1;
        c->seq_len = (int)l;
    } else if (strcmp(key, "batch") == 0) {
        if (parse_long(key, v, 1, CONFIG_MAX_BATCH, &l, err)) return -1;
        c->batch = (int)l;
    } else if (strcmp(key, "init") == 0) {
        if (parse_enum(key, v, init_names, &e, err)) return -1;
        c->init = (InitKind)e;
    } else if (strcmp(key, "init_scale") == 0) {
        if (parse_double(key, v, 0, 100, 1, &d, err)) return -1;
        c->init_scale = d;
    } else if (strcmp(key, "forget_bias") == 0) {
        if (strcmp(v, "chrono") == 0) {
            c->forget_chrono = 1;
        } else {
            if (parse_double(key, v, -100, 100, 0, &d, err)) {
                return error_set(err, "forget_bias: '%s' is not allowed (allowed: a number in "
                                      "-100..100, or chrono)", v);
            }
            c->forget_bias = d;
            c->forget_chrono = 0;
        }
    } else if (strcmp(key, "clip") == 0) {
        if (parse_enum(key, v, clip_names, &e, err)) return -1;
        c->clip = (ClipKind)e;
    } else if (strcmp(key, "clip_threshold") == 0) {
        if (parse_double(key, v, 0, 1e6, 1, &d, err)) return -1;
        c->clip_threshold = d;
    } else if (strcmp(key, "optimizer") == 0) {
        if (parse_enum(key, v, opt_names, &e, err)) return -1;
        c->optimizer = (OptKind)e;
    } else if (strcmp(key, "lr") == 0) {
        if (parse_double(key, v, 0, 10, 1, &d, err)) return -1;
        c->lr = d;
    } else if (strcmp(key, "momentum") == 0) {
        if (parse_double(key, v, 0, 0.9999, 0, &d, err)) return -1;
        c->momentum = d;
    } else if (strcmp(key, "bptt") == 0) {
        if (parse_long(key, v, 0, CONFIG_MAX_SEQ_LEN, &l, err)) return -1;
        c->bptt = (int)l;
    } else if (strcmp(key, "heads") == 0) {
        if (parse_long(key, v, 1, CONFIG_MAX_HEADS, &l, err)) return -1;
        c->heads = (int)l;
    } else if (strcmp(key, "layers") == 0) {
        if (parse_long(key, v, 1, CONFIG_MAX_LAYERS, &l, err)) return -1;
        c->layers = (int)l;
    } else if (strcmp(key, "ff") == 0) {
        if (parse_long(key, v, 1, CONFIG_MAX_FF, &l, err)) return -1;
        c->ff = (int)l;
    } else if (strcmp(key, "attention_mask") == 0) {
        if (parse_enum(key, v, mask_names, &e, err)) return -1;
        c->attention_mask = (AttnMask)e;
    } else if (strcmp(key, "seed") == 0) {
        char *end;
        errno = 0;
        if (v[0] == '-') return error_set(err, "seed: '%s' is negative (allowed: 0..2^64-1)", v);
        unsigned long long s = strtoull(v, &end, 10);
        if (end == v || *end != 0 || errno == ERANGE)
            return error_set(err, "seed: '%s' is not an integer (allowed: 0..2^64-1)", v);
        c->seed = (uint64_t)s;
    } else if (strcmp(key, "label") == 0) {
        size_t n = strlen(v);
        if (n >= CONFIG_LABEL_MAX)
            return error_set(err, "label: too long (%zu bytes; allowed: at most %d)", n,
                             CONFIG_LABEL_MAX - 1);
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)v[i] < 32 || v[i] == '"' || v[i] == '\\')
                return error_set(err, "label: control characters, quotes and backslashes are not allowed");
        memcpy(c->label, v, n + 1);
    } else {
        char allowed[512];
        join_names(config_keys, allowed, sizeof allowed);
        for (char *p = allowed; *p; p++)
            if (*p == '|') *p = ',';
        return error_set(err, "unknown key '%s' (allowed: %s)", key, allowed);
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

/* Mirrors what run_init allocates (model.c, batch.c, diag.c, history.c, run.c), in
 * doubles, with the input and output sizes bounded by the largest built-in task's;
 * tests/test_limits.c checks it against the allocations counted at many sizes. */
double config_memory_bytes(const Config *c)
{
    double G = c->cell == CELL_LSTM ? 4 : c->cell == CELL_GRU ? 3 : 1;
    double D = c->bidirectional ? 2 : 1;
    double H = c->hidden, T = c->seq_len, B = c->batch, GH = G * H;
    double I = 64, O = 16; /* bounds of every task's I and O */
    double params = D * (GH * I + GH * H + 2 * GH) + O * D * H + O;
    double attn = 0;
    if (c->cell == CELL_ATTENTION) { /* attention.c: its parameters, caches and work space */
        double E = H, F = c->ff;
        params += E * I + E + T * E + c->layers * (4 * E * E + 3 * E + 2 * F * E + F + 6 * E);
        attn = attention_memory_doubles(c, I);
    }
    double model = 4 * params; /* weights, gradients, two optimizer moments */
    double states = c->cell == CELL_LSTM ? 2 * (T + 1) + 3 * T : c->cell == CELL_GRU ? T + 1 + 2 * T
                                                                                   : T + 1 + T;
    double cache = D * B * (H * states + T * GH) + 3 * T * B * O + T * B * I + 2 * H;
    double scratch = 2 * D * (I * GH + H * GH) + 2 * D * H * O + 4 * B * GH + 3 * B * H + B * I + H * GH +
                     T / 8 + 64;
    double n = c->cell == CELL_LSTM ? 2 * H : H; /* Jacobian state size */
    double jac = 3 * n * n + 4 * n;
    double batch = T * B * (I + O + 2);
    double diag = 17 * T;
    double hist = 1024.0 * (2 * T + 8);
    double eig = H * (2 + H) + 8 * H + 64;
    double overhead = 256.0 * 1024; /* allocator rounding of ~25 blocks */
    return 8.0 * (model + cache + scratch + jac + batch + diag + hist + eig + attn) + overhead;
}

#define CONFIG_MAX_RUN_BYTES (2.0 * 1024 * 1024 * 1024)

int config_check(const Config *c, Error *err)
{
    int min = task_min_seq_len(c->task);
    if (c->seq_len < min)
        return error_set(err, "seq_len: %d is too short for task %s (minimum %d)", c->seq_len,
                         task_name(c->task), min);
    if (c->cell == CELL_ATTENTION) {
        if (c->hidden % c->heads != 0)
            return error_set(err, "heads: %d does not divide hidden %d (each head gets hidden/heads "
                                  "dimensions)", c->heads, c->hidden);
        if (c->bidirectional)
            return error_set(err, "bidirectional: 1 does not apply to cell=attention (it reads "
                                  "both sides with attention_mask=none)");
        if (c->bptt)
            return error_set(err, "bptt: %d does not apply to cell=attention (no recurrence to "
                                  "truncate; allowed: 0)", c->bptt);
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
    if (strcmp(key, "task") == 0) snprintf(buf, n, "%s", task_names[c->task]);
    else if (strcmp(key, "cell") == 0) snprintf(buf, n, "%s", cell_names[c->cell]);
    else if (strcmp(key, "activation") == 0) snprintf(buf, n, "%s", act_names[c->activation]);
    else if (strcmp(key, "bidirectional") == 0) snprintf(buf, n, "%d", c->bidirectional);
    else if (strcmp(key, "hidden") == 0) snprintf(buf, n, "%d", c->hidden);
    else if (strcmp(key, "seq_len") == 0) snprintf(buf, n, "%d", c->seq_len);
    else if (strcmp(key, "batch") == 0) snprintf(buf, n, "%d", c->batch);
    else if (strcmp(key, "init") == 0) snprintf(buf, n, "%s", init_names[c->init]);
    else if (strcmp(key, "init_scale") == 0) snprintf(buf, n, "%.17g", c->init_scale);
    else if (strcmp(key, "forget_bias") == 0) {
        if (c->forget_chrono) snprintf(buf, n, "chrono");
        else snprintf(buf, n, "%.17g", c->forget_bias);
    } else if (strcmp(key, "clip") == 0) snprintf(buf, n, "%s", clip_names[c->clip]);
    else if (strcmp(key, "clip_threshold") == 0) snprintf(buf, n, "%.17g", c->clip_threshold);
    else if (strcmp(key, "optimizer") == 0) snprintf(buf, n, "%s", opt_names[c->optimizer]);
    else if (strcmp(key, "lr") == 0) snprintf(buf, n, "%.17g", c->lr);
    else if (strcmp(key, "momentum") == 0) snprintf(buf, n, "%.17g", c->momentum);
    else if (strcmp(key, "bptt") == 0) snprintf(buf, n, "%d", c->bptt);
    else if (strcmp(key, "heads") == 0) snprintf(buf, n, "%d", c->heads);
    else if (strcmp(key, "layers") == 0) snprintf(buf, n, "%d", c->layers);
    else if (strcmp(key, "ff") == 0) snprintf(buf, n, "%d", c->ff);
    else if (strcmp(key, "attention_mask") == 0) snprintf(buf, n, "%s", mask_names[c->attention_mask]);
    else if (strcmp(key, "seed") == 0) snprintf(buf, n, "%llu", (unsigned long long)c->seed);
    else if (strcmp(key, "label") == 0) snprintf(buf, n, "%s", c->label);
    else return -1;
    return 0;
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
        snprintf(buf, n, "%s%s", bi, c->cell == CELL_LSTM ? "LSTM" : "GRU");
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
        for (int k = 0; config_keys[k] && k < 64; k++) {
            char a[96], b[96];
            if (strcmp(config_keys[k], "label") == 0) continue;
            config_get(cfgs[i], config_keys[k], a, sizeof a);
            config_get(cfgs[j], config_keys[k], b, sizeof b);
            if (strcmp(a, b) != 0) differs[k] = 1;
        }
    }
    if (!clash) return;
    size_t at = strlen(buf);
    int shown = 0;
    for (int k = 0; config_keys[k] && k < 64 && shown < 2; k++) {
        if (!differs[k]) continue;
        char v[96];
        short_value(cfgs[i], config_keys[k], v, sizeof v);
        int w = snprintf(buf + at, at < len ? len - at : 0, ", %s=%s", config_keys[k], v);
        if (w < 0 || at + (size_t)w >= len) break;
        at += (size_t)w;
        shown++;
    }
    if (!shown) snprintf(buf + at, at < len ? len - at : 0, " (run %d)", (i + 1) % 100);
}
