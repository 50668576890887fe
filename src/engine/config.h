/* config.h - everything that defines one training run.
 * A Config is plain data: copy it freely. Keys and values are the ones the
 * command line (--set KEY=VALUE) and lesson files use. */
#ifndef RNNSCOPE_CONFIG_H
#define RNNSCOPE_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "cell_list.h"
#include "error.h"

typedef enum { TASK_ADDING, TASK_KERALA, TASK_MOUSE, TASK_CLOUDS } TaskKind;
typedef enum { ACT_SIGMOID, ACT_TANH, ACT_RELU, ACT_LINEAR } Activation;
typedef enum { INIT_UNIFORM, INIT_NORMAL, INIT_XAVIER, INIT_ORTHOGONAL, INIT_IDENTITY } InitKind;
typedef enum { CLIP_NONE, CLIP_NORM, CLIP_VALUE } ClipKind;
typedef enum { OPT_SGD, OPT_MOMENTUM, OPT_ADAM, OPT_ADAGRAD } OptKind;
typedef enum { MASK_NONE, MASK_CAUSAL } AttnMask;

/* limits (checked by config_set / config_check) */
#define CONFIG_MAX_HIDDEN 1024
#define CONFIG_MAX_SEQ_LEN 10000
#define CONFIG_MAX_BATCH 1024
#define CONFIG_LABEL_MAX 32
#define CONFIG_MAX_HEADS 8
#define CONFIG_MAX_LAYERS 4
#define CONFIG_MAX_FF 4096

typedef struct Config {
    TaskKind task;
    CellKind cell;
    Activation activation; /* vanilla RNN only */
    int bidirectional;     /* 0 or 1 */
    int hidden;            /* H */
    int seq_len;           /* T */
    int batch;             /* B */
    InitKind init;         /* recurrent matrix W_hh */
    double init_scale;     /* multiplies the W_hh init */
    double forget_bias;    /* LSTM forget-gate bias (ignored if forget_chrono) */
    int forget_chrono;     /* 1: Tallec & Ollivier chrono init, b_f ~ log U(1, T-1), b_i = -b_f */
    ClipKind clip;
    double clip_threshold;
    OptKind optimizer;
    double lr;
    double momentum;       /* for optimizer=momentum */
    int bptt;              /* truncation length; 0 = full backpropagation through time */
    /* cell=attention (a Transformer encoder, src/engine/attention.h) */
    int heads;             /* attention heads, divides hidden */
    int layers;            /* encoder layers */
    int ff;                /* feed-forward width (dim_feedforward) */
    AttnMask attention_mask; /* none: every word sees every word (BERT); causal: only the past */
    uint64_t seed;         /* initial weights and data */
    char label[CONFIG_LABEL_MAX]; /* run name shown in legends; "" = derived */
} Config;

/* 1 if a and b give every key the same value (as config_get prints it). */
int config_equal(const Config *a, const Config *b);

/* Fills the shared defaults. */
void config_default(Config *c);

/* Sets one key from its text value. On error returns -1 and err says
 * "KEY: what is wrong (allowed: ...)"; the caller adds where it came from. */
int config_set(Config *c, const char *key, const char *value, Error *err);

/* Parses "KEY=VALUE" (as given to --set). */
int config_set_pair(Config *c, const char *pair, Error *err);

/* Cross-key checks (e.g. minimum seq_len of a task, memory a run needs). */
int config_check(const Config *c, Error *err);

/* The value of KEY as canonical text into buf; returns -1 for an unknown key. */
int config_get(const Config *c, const char *key, char *buf, size_t n);

/* One row per key: the one place a key is defined. It drives config_set, config_get,
 * config_default, the usage text, the sidecar and the README's key table. */
typedef enum ConfigType {
    CONFIG_ENUM, /* one of names (stored as an int) */
    CONFIG_INT,  /* an integer in lo..hi (stored as an int) */
    CONFIG_REAL, /* a finite number in lo..hi, lo excluded if lo_open (a double) */
    CONFIG_BIAS, /* a number in lo..hi, or "chrono" (forget_bias and forget_chrono) */
    CONFIG_SEED, /* 0..2^64-1 (a uint64_t) */
    CONFIG_TEXT, /* at most hi bytes, no control characters, quotes or backslashes */
} ConfigType;

/* How the window's settings panel offers a key: its place there (1, 2, ...; 0 = not
 * offered), the label beside the control, and either choices (values to step through
 * or, with segments, buttons side by side) or a ladder of numbers the +/- buttons step
 * along. */
typedef struct ConfigSetting {
    int order;
    const char *label;
    const char *const *choices;       /* NULL-terminated values --set takes, or NULL */
    const char *const *choice_labels; /* what the buttons say; NULL: the values */
    int segments;
    const double *ladder;             /* increasing, nladder numbers; NULL with choices */
    int nladder;
} ConfigSetting;

typedef struct ConfigKey {
    const char *name;
    ConfigType type;
    size_t field;             /* offsetof(Config, ...) */
    const char *const *names; /* CONFIG_ENUM: the values, NULL-terminated */
    double lo, hi;
    int lo_open;
    const char *def;          /* the default as --set takes it ("" for none) */
    const char *note;         /* what the range does not say, or NULL */
    const char *meaning;      /* what the key does (README) */
    ConfigSetting ui;         /* the settings panel's control ({0}: none) */
} ConfigKey;

/* Every key, in canonical order; a row with name NULL ends it. */
extern const ConfigKey config_table[];
/* The row of a key, or NULL. */
const ConfigKey *config_key_find(const char *name);
/* A row's values as the README's key table shows them ("32 (1..1024)", "kerala, adding,
 * ...": the default first) into buf. */
void config_key_values(const ConfigKey *k, char *buf, size_t n);

/* A short label such as "tanh RNN", "LSTM", "bi-GRU" (uses c->label if set). */
void config_label(const Config *c, char *buf, size_t n);
/* The label of run i among n runs shown together: config_label, and where another run
 * has the same one, up to two settings that tell them apart (", init_scale=3"), else
 * " (run k)". */
void config_label_among(const Config *const *cfgs, int n, int i, char *buf, size_t len);

/* Names for enum values. */
const char *task_name(TaskKind k);
const char *cell_name(CellKind k);
const char *activation_name(Activation a);
const char *optimizer_name(OptKind k);
const char *mask_name(AttnMask k);
/* 1 if a run of cell k reads key: the key is in k's row of cell_list.h, or in no row. */
int config_cell_reads(CellKind k, const char *key);
/* 1 if config_check refuses key at any value but its default for cell k (its row's refuses). */
int config_cell_refuses(CellKind k, const char *key);
/* 1 if a run of cell k has the lesson quantity (lesson_check.c's names): it is in k's
 * row's has, or in no row's. */
int config_cell_has(CellKind k, const char *quantity);
/* Into buf (n bytes): the cells that list quantity in their has, "cell=lstm or cell=gru". */
void config_cells_having(const char *quantity, char *buf, size_t n);

/* Estimated bytes one run of this config allocates (model, caches, history). */
double config_memory_bytes(const Config *c);
/* What pinning a sentence (a lesson step's `example:`, a sidecar's "example") adds to
 * config_memory_bytes: a second model at batch 1, its batch and diagnostics
 * (run_example_memory_bytes at every task's bounds); 0 for a task without sentences. */
double config_example_memory_bytes(const Config *c);

#endif
