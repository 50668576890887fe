/* task.h - deterministic data generators: adding, kerala, mouse, clouds.
 * A Task knows its sizes and vocabulary; task_batch draws a batch from an Rng,
 * so the same seed always gives the same data. */
#ifndef RNNSCOPE_TASK_H
#define RNNSCOPE_TASK_H

#include <stddef.h>

#include "batch.h"
#include "config.h"
#include "error.h"
#include "rng.h"

typedef enum { LOSS_XENT, LOSS_MSE } LossKind;

typedef struct Task {
    TaskKind kind;
    LossKind loss;
    int T;                       /* sequence length (== config seq_len) */
    int I;                       /* input size (vocabulary size for word tasks) */
    int O;                       /* output size (number of classes for xent) */
    const char *const *words;    /* (I) input words, NULL for numeric tasks */
    const char *const *classes;  /* (O) class names for xent, NULL for mse */
    double chance_accuracy;      /* accuracy of the best input-blind guess (xent) */
    double baseline_mse;         /* MSE of the best constant prediction (mse) */
    int min_seq_len;             /* smallest seq_len the task supports */
    int score_step;              /* the one timestep where the loss is scored */
    int cue_step;                /* first timestep that carries information about
                                    the answer; -1 if it varies (adding) */
    int cue_span;                /* 1: the cue is the whole ending after cue_step, up
                                    to the padding (mouse: no single word after the
                                    blank holds the class, docs/tasks.md) */
} Task;

/* Sets up the task named by cfg->task for cfg->seq_len. */
int task_init(Task *t, const Config *cfg, Error *err);

/* Fills b (allocated with batch_alloc(T, B, I, O)) with a fresh batch. */
void task_batch(const Task *t, Rng *rng, Batch *b);

/* Smallest seq_len the task accepts (for config_check). */
int task_min_seq_len(TaskKind k);

/* The word with one-hot index id, or "?" if id is out of range or the task
 * is numeric. The string is static: do not free. */
const char *task_word(const Task *t, int id);

/* The last timestep of the cue in sample col of b: cue_step for a one-word cue, the
 * ending's last word before any padding for a cue_span task; -1 if the task has none. */
int task_cue_end(const Task *t, const Batch *b, int col);

/* Writes sample col of b as one line of text into buf (size n, always
 * NUL-terminated, truncated with "..." if it does not fit): words separated
 * by spaces, a scored step as "[___ -> answer]"; for adding, "0.42" per step,
 * marked values as "[0.42]", then " -> target". Returns strlen(buf). */
int task_format(const Task *t, const Batch *b, int col, char *buf, size_t n);

/* Reads a sentence for the task (words separated by spaces, case ignored, a
 * word's trailing "." read as the word "."; mouse sentences are padded with
 * <pad>) into tokens (T ids) and its answer into *target. On error returns
 * -1, fills err and sets *at to the byte offset in text of the bad word. */
int task_example(const Task *t, const char *text, int *tokens, int *target, int *at,
                 Error *err);

/* Replaces sample col of b with the sentence tokens (from task_example),
 * scored as target. */
void task_put_example(const Task *t, Batch *b, int col, const int *tokens, int target);

#endif
