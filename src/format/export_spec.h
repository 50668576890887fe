/* export_spec.h - what an exported figure is, and its sidecar file.
 *
 * An ExportSpec is everything that decides the picture: the runs' configs, how far
 * they train, size, theme, panel, title and caption texts. The sidecar records it,
 * so a replay needs neither the lesson file nor the original command line, and the
 * same spec always gives the same PNG bytes. The --export command (export_cmd.h)
 * and the window's export key both fill one in. */
#ifndef RNNSCOPE_EXPORT_SPEC_H
#define RNNSCOPE_EXPORT_SPEC_H

#include <stddef.h>

#include "atomic_file.h"
#include "config.h"
#include "error.h"
#include "lesson.h"
#include "plot.h"
#include "run.h"

#define EXPORT_MAX_RUNS PLOT_MAX_RUNS
#define EXPORT_DEFAULT_STEPS 200        /* training steps without a lesson or --steps */
#define EXPORT_DEFAULT_W 1920
#define EXPORT_DEFAULT_H 1080
#define EXPORT_SIDECAR_MAX (1024 * 1024) /* larger sidecars are rejected */
#define EXPORT_CURSOR_MAX 1000000       /* the sidecar's "cursor" (a timestep) */
#define EXPORT_PRESENTER_SCALE PLOT_PRESENTER_SCALE /* --presenter: as in the window */
#define EXPORT_PANEL_SCALE 1.35         /* --panel: text scale of a one-panel figure */

/* The image file's format: by its name's ending, or --format (export_format_of_name). */
typedef enum ExportFormat { EXPORT_PNG, EXPORT_SVG } ExportFormat;

typedef struct ExportSpec {
    char version[32];          /* rnnscope version that wrote it */
    char image[256];           /* image file name beside the sidecar (no directory) */
    ExportFormat format;       /* of the image: PNG, or SVG (the drawing list, src/format/svg.c) */
    int width, height;         /* 320x240 .. 7680x4320 */
    PlotTheme theme;
    PanelKind panel;           /* one panel alone, or PANEL_NONE: the dashboard */
    double text_scale;         /* presenter and panel text scales multiplied (0.5..3) */
    long steps;                /* training steps of every run */
    int n_runs;                /* 1..EXPORT_MAX_RUNS */
    Config cfg[EXPORT_MAX_RUNS];
    char label[EXPORT_MAX_RUNS][64]; /* legend labels, unique */
    unsigned char color_of[EXPORT_MAX_RUNS]; /* each run's colour slot + 1, 0: its index
                               * (PlotView.color_of; the sidecar's "colour") */
    PanelKind highlight;       /* panel drawn with the accent frame, or PANEL_NONE */
    unsigned beside;           /* panels (1 << PanelKind) kept beside it first (`beside:`) */
    GradMode grad_mode;        /* what the gradient panel plots */
    int featured;              /* run the sentence strip shows (index), -1 = the first */
    double shade_lo, shade_hi; /* log10 colour scale of the strip and heatmap; NaN = default */
    int slopes;                /* the gradient panel's sigma'/tanh' inset */
    int loss_scale;            /* the loss axis: PLOT_SCALE_* (a lesson step's) */
    int cursor;                /* backward cursor k: the gradient panel draws t >= k; -1 = off */
    int n_readouts;            /* numbers the highlighted panel shows: check texts */
    char readout[PLOT_MAX_READOUTS][240];
    char caption[4096];        /* narration box text, "" = none */
    char example[LESSON_EXAMPLE_MAX]; /* sentence pinned as sample 0 of every run, "" = none */
    int has_lesson;            /* the fields below describe where the runs came from */
    char lesson_name[32];      /* short name, e.g. "kerala" ("" if the lesson has none) */
    char lesson_source[256];   /* file name, e.g. "lessons/06-kerala.md" */
    char lesson_title[256];    /* the lesson's "# " title */
    int lesson_step, lesson_steps; /* step shown (1-based) and how many the lesson has */
    char heading[256];         /* that step's "## " heading */
} ExportSpec;

/* Every field at its default (no runs, no version). */
void export_spec_defaults(ExportSpec *s);
/* export_spec_defaults, with this version of rnnscope as the writer. */
void export_spec_init(ExportSpec *s);
/* Lesson l's step k (1-based, valid) into s: its runs and labels, training (steps, or
 * the step's train: when steps < 0), view, readouts, caption, example and where it
 * comes from. s->panel must be set before (a panel alone has no highlight). */
void export_spec_lesson_step(ExportSpec *s, const Lesson *l, int k, long steps);


/* 0 if the spec's steps of its runs fit the work one command may ask for (cli.h,
 * CLI_MAX_WORK); -1 with err (without a prefix) otherwise. */
int export_spec_work_check(const ExportSpec *s, Error *err);

/* Parses a sidecar from text[0..len) (need not be NUL-terminated); name is used in
 * messages, which read "name:line:col: what is wrong (allowed: ...)". Keys missing
 * from the sidecar take the command line's defaults; unknown keys are errors.
 * Pure: no file system. 0, or -1 with err set. */
int export_sidecar_parse(ExportSpec *s, const char *name, const char *text, size_t len,
                         Error *err);
/* Reads at most EXPORT_SIDECAR_MAX bytes of path and parses them: 0; -1 (err set) if
 * the sidecar cannot be read or is wrong; -2 (err set) if its directory stayed locked
 * by another process (a busy directory, not a bad input). */
int export_sidecar_load(ExportSpec *s, const char *path, Error *err);
/* Writes the sidecar JSON of s (errors are remembered by f). Byte-identical for
 * equal specs: no timestamps. */
void export_sidecar_write(const ExportSpec *s, AtomicFile *f);
/* 1 if name may be the image a sidecar names: a file name ending in .png or .svg (any
 * case), without '/', '\\' or control characters. The sidecar parser and --export keep to
 * this one rule, so that every sidecar --export writes can be replayed. */
int export_image_name_ok(const char *name);
/* The format a file name's ending says: EXPORT_PNG (.png), EXPORT_SVG (.svg), any
 * case; -1 for any other name. */
int export_format_of_name(const char *name);
/* FILE.png (or FILE.svg) -> FILE.json into out (size n). */
void export_sidecar_path(const char *png, char *out, size_t n);

/* The view that draws s: theme, focus or highlight, grad mode, title, caption.
 * title (size n) receives the title text the view points to. */
void export_spec_view(const ExportSpec *s, const Run *runs, PlotView *v, char *title, size_t n);

/* Builds the runs of s at their seed and trains them s->steps steps (Jacobian
 * diagnostics at the last step, or at every step when the gradient panel shows
 * them, as the window does), measuring the readouts of s into ro[0..*nro) on the way
 * (ro may be NULL). 0, or -1 with err set (nothing left allocated). */
int export_train(const ExportSpec *s, Run *runs, PlotReadout *ro, int *nro, Error *err);

/* s's runs (labels, configs, training) as a lesson step, with its readouts parsed as
 * the step's checks, so the lesson's evaluator can measure them. 0, or -1 with err
 * (a readout that does not fit the runs; name is used in the message). */
int export_spec_step(const ExportSpec *s, LessonStep *st, const char *name, Error *err);

#endif
