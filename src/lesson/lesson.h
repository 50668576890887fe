/* lesson.h - lesson files: a title, then steps, each with narration, the runs
 * to compare, how long to train them, the panel to highlight and checks.
 * The file format is documented in lessons/README.md.
 *
 * A Lesson is plain data built by lesson_parse, a pure function of
 * (name, bytes): no file system, no globals, bounded memory for any input.
 * Every run's Config is fully resolved at parse time (defaults, then the
 * lesson's `set:`, then the step's `set:`, then the run's own KEY=VALUE),
 * so whoever shows or checks a step needs nothing but the LessonStep.
 *
 * Step semantics: entering a step applies its settings and resets its runs
 * to their seed (run_init / run_reset); a step never continues the training
 * of the step before it. Checks see exactly what the window shows. */
#ifndef RNNSCOPE_LESSON_H
#define RNNSCOPE_LESSON_H

#include <stddef.h>

#include "config.h"
#include "error.h"
#include "panel_list.h"

#define LESSON_MAX_BYTES (1024 * 1024) /* larger files are rejected */
#define LESSON_MAX_STEPS 64
#define LESSON_MAX_RUNS 8              /* runs compared in one step */
#define LESSON_MAX_CHECKS 16           /* checks in one step */
#define LESSON_MAX_TRAIN 1000000L      /* training steps of one lesson step */
#define LESSON_DEFAULT_TRAIN 100       /* first step without `train:` */
#define LESSON_NAME_MAX 24             /* short name, e.g. "kerala" (with NUL) */
#define LESSON_CHECK_MAX 240           /* bytes of one check's text (with NUL) */
#define LESSON_EXAMPLE_MAX 1024       /* bytes of an `example:` sentence (with NUL) */
#define LESSON_SMOOTH 20               /* loss/accuracy in checks: mean of the last 20 steps */

/* What the gradient panel plots (panel: gradient [grad_h|jac_prod|whh_contrib]). */
typedef enum { LESSON_VIEW_GRAD_H, LESSON_VIEW_JAC_PROD, LESSON_VIEW_WHH_CONTRIB } LessonGradView;

/* The loss axis of a step (`loss_scale: linear|log`); without it a step played live
 * is linear (the axis never changes while it plays) and one shown trained is chosen
 * from its data. */
typedef enum { LESSON_SCALE_DEFAULT, LESSON_SCALE_LINEAR, LESSON_SCALE_LOG } LessonScale;

/* Quantities a check can measure (names as written in checks). */
typedef enum {
    LESSON_Q_NONE,
    LESSON_Q_LOSS,              /* mean loss of the last LESSON_SMOOTH steps */
    LESSON_Q_ACCURACY,          /* mean accuracy of the last LESSON_SMOOTH steps (xent tasks) */
    LESSON_Q_GRAD_NORM,         /* global gradient norm before clipping, this step */
    LESSON_Q_GRAD_NORM_CLIPPED, /* after clipping, this step */
    LESSON_Q_CLIPPED,           /* fraction of the steps so far that clipped, 0..1 */
    LESSON_Q_CLIP_ANGLE,        /* degrees clipping turned this step (clip=value) */
    LESSON_Q_SIGMA_MAX,         /* largest singular value of W_hh */
    LESSON_Q_SPECTRAL_RADIUS,   /* needs an eigenvalue solver, NaN without */
    /* per timestep, written NAME[t] with t = 0..T-1 or T-1..T-T */
    LESSON_Q_GRAD_H,            /* ||dL/dh_t|| */
    LESSON_Q_GRAD_H_REV,        /* reverse direction (bidirectional runs) */
    LESSON_Q_GRAD_C,            /* ||dL/dc_t|| (LSTM) */
    LESSON_Q_GRAD_X,            /* ||dL/dx_t||, the gradient reaching the input (both directions) */
    LESSON_Q_WHH_CONTRIB,       /* ||timestep t's share of dL/dW_hh|| */
    LESSON_Q_JAC_NORM,          /* ||dh_t/dh_{t-1}|| */
    LESSON_Q_JAC_PROD,          /* ||dh_{T-1}/dh_t|| */
    LESSON_Q_BOUND,             /* Pascanu bound */
    LESSON_Q_INPUT_GATE,        /* mean gate activations (LSTM) */
    LESSON_Q_FORGET_GATE,
    LESSON_Q_OUTPUT_GATE,
    LESSON_Q_RESET_GATE,        /* (GRU) */
    LESSON_Q_UPDATE_GATE,
    LESSON_Q_ATTN,              /* the largest attention weight any head puts on word t from
                                 * the scored position (cell=attention; diag.attn) */
    LESSON_Q_COUNT
} LessonQty;

typedef enum { LESSON_LT, LESSON_LE, LESSON_GT, LESSON_GE } LessonCmp;

/* at step N: holds at step N; by step N: holds at some step 1..N;
 * until step N: holds at every step 1..N. Without a clause: at step <train>. */
typedef enum { LESSON_AT, LESSON_BY, LESSON_UNTIL } LessonWhen;

/* One side of a comparison: a number, or a run's quantity (optionally a ratio
 * of two quantities of that run). */
typedef struct LessonOperand {
    int run;             /* index into the step's runs; -1: the number below */
    double number;
    LessonQty num, den;  /* den == LESSON_Q_NONE: no division */
    int num_t, den_t;    /* timestep index (0..T-1), -1 for scalar quantities */
} LessonOperand;

typedef struct LessonCheck {
    char text[LESSON_CHECK_MAX]; /* as written after "check:" */
    int line;                    /* where it was written */
    int diverged;                /* 1: "RUN [not] diverged" (lhs.run only) */
    int negate;                  /* "not diverged": the whole check negated */
    LessonOperand lhs, rhs;
    LessonCmp cmp;
    LessonWhen when;
    long step;                   /* N of the when-clause, 1..train */
    int readout;                 /* 1: written `readout:`: the highlighted panel shows its value */
} LessonCheck;

typedef struct LessonRun {
    Config cfg;                  /* fully resolved */
    char label[CONFIG_LABEL_MAX]; /* unique in its step: given, or config_label() */
} LessonRun;

typedef struct LessonStep {
    char *title;                 /* the "## " heading */
    char *narration;             /* paragraphs separated by "\n\n", list items by "\n" */
    char *try_this;              /* "> Try this: ..." text, NULL if none */
    int line;                    /* line of the heading */
    int n_runs;
    LessonRun runs[LESSON_MAX_RUNS];
    long train;                  /* training steps when entering the step, 1..LESSON_MAX_TRAIN */
    double play;                 /* `train: N over S s`: the window plays them live over S
                                  * seconds (1..600); 0 = as fast as it can */
    PanelKind panel;             /* the panel highlighted (panel_list.h) */
    unsigned beside;             /* `beside:`: panels (1 << PanelKind) the narration also
                                  * speaks of, kept beside the highlighted one when few fit
                                  * (presenter mode); this step only */
    LessonScale loss_scale;      /* `loss_scale:` (inherited like panel:) */
    LessonGradView grad_view;
    int sweep;                   /* 1: animate the backward cursor t = T-1 .. 0 */
    int slopes;                  /* 1: the gradient panel shows sigma'(z) and tanh'(z) */
    int show;                    /* run the sentence strip shows (`show:`), -1 = the first */
    char example[LESSON_EXAMPLE_MAX]; /* `example:`: the sentence the strip shows for every
                                       * run (run_set_example: not trained on); "" = the
                                       * batch's own example 0 */
    int n_checks;
    LessonCheck checks[LESSON_MAX_CHECKS];
} LessonStep;

typedef struct Lesson {
    char source[256];            /* the name given to lesson_parse (file path) */
    char name[LESSON_NAME_MAX];  /* short name from `name:`, "" if none */
    char *title;
    char *intro;                 /* narration before the first step, "" if none */
    double shade_lo, shade_hi;   /* `shade: LO .. HI`: log10 range of the strip's and heatmap's
                                  * colours in every step; NaN = the program's default */
    int n_steps;
    LessonStep *steps;           /* (n_steps) */
} Lesson;

/* Parses a lesson from text[0..len) (need not be NUL-terminated). `name` is
 * used in messages (a file path). Returns 0, or -1 with err->msg one line
 * "name:line:col: what is wrong (allowed: ...)"; out is then empty and needs
 * no lesson_free (calling it is harmless). Columns count UTF-8 characters. */
int lesson_parse(Lesson *out, const char *name, const char *text, size_t len, Error *err);

/* Reads at most LESSON_MAX_BYTES + 1 bytes of `path` and parses them. */
int lesson_load(Lesson *out, const char *path, Error *err);

/* Frees what lesson_parse allocated; leaves *l empty. */
void lesson_free(Lesson *l);

/* Built-in lessons (compiled in from the lessons directory, in teaching order). */
int lesson_builtin_count(void);
/* Parses built-in lesson i (0-based). */
int lesson_builtin(int i, Lesson *out, Error *err);
/* The embedded bytes of built-in lesson i and its file name ("lessons/06-kerala.md"). */
const char *lesson_builtin_text(int i, size_t *len, const char **file);

/* Resolves a command-line argument: a number 1..count, a built-in short name
 * ("kerala"; it wins over a file of that name), or a path to a lesson file
 * (anything with '/' or '.', or an existing file). On error err->msg is one
 * line and the caller exits with status 2. */
int lesson_resolve(Lesson *out, const char *arg, Error *err);

/* The title bar of a lesson step, "3/7  Heading  ·  step 1500": step1 is the
 * 1-based lesson step, the heading loses a leading "3. " (the counter says it). */
void lesson_format_title(char *buf, size_t n, int step1, int n_steps, const char *heading,
                         long train_step);

/* What side (0: left, 1: right) of check c measures, for people: "‖∂h(20)/∂h(19)‖",
 * "‖∂L/∂h(0)‖ / ‖∂L/∂h(39)‖", "accuracy"; "largest ..." / "smallest ..." for an
 * `until` check (its value is the worst over the steps); *unit is how a readout writes
 * the value (PLOT_UNIT_PERCENT for fractions, PLOT_UNIT_DEGREES for angles). A loss or
 * accuracy measured at training step `at` < LESSON_SMOOTH says it is the mean of `at`
 * steps ("step 1" for one); at = 0 (not measured yet) gives the full window. */
void lesson_check_label(const LessonCheck *c, const LessonStep *st, int side, long at, char *buf,
                        size_t n, int *unit);

/* Parses the text of a check (as written after "check:") against the runs and training
 * of st, as the lesson parser does; `name` is used in messages. 0, or -1 with err set. */
int lesson_parse_check(LessonCheck *c, const char *name, const char *text, const LessonStep *st,
                       Error *err);

#endif
