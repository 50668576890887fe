/* history.h - bounded record of a run's training steps.
 * Memory does not grow with steps: when the buffer is full it keeps every
 * other entry and doubles its stride, so it always spans the whole run with
 * between cap/2 and cap entries (every `stride`-th step; subsampled, not smoothed). */
#ifndef RNNSCOPE_HISTORY_H
#define RNNSCOPE_HISTORY_H

#include "diag.h"

typedef struct HistEntry {
    long step;            /* training step this entry was recorded at (1-based) */
    double loss, accuracy;
    double loss_mean, accuracy_mean; /* means of the last RUN_MEAN_STEPS steps (diag.h) */
    double loss_median;   /* median loss of those steps */
    double grad_norm, grad_norm_clipped;
    int clipped;          /* this step clipped */
    int clips;            /* clipped steps in (previous entry's step, step] */
    double clip_angle;    /* degrees the clipping turned the step (diag.h) */
    double sigma_max, spectral_radius;
} HistEntry;

typedef struct History {
    int cap, T;
    int n;                /* entries held */
    long stride;          /* steps between entries */
    int pending_clips;
    long clips_total;     /* clipped steps in all */
    long first_clip;      /* the first step that clipped, 0 if none yet; then its */
    double first_clip_norm, first_clip_after, first_clip_angle; /* norms and angle */
    double drop_lo, drop_hi; /* the least and the largest finite loss of the entries compaction
                          * dropped (+inf and -inf while none), and the step of the largest:
                          * a loss axis drawn over the history never narrows as it thins */
    long drop_hi_step;
    HistEntry *e;         /* (cap) */
    double *grad_h;       /* (cap, T) ||dL/dh_t|| per entry, for the heatmap */
    double *grad_x;       /* (cap, T) ||dL/dx_t|| per entry (diag.h), both directions */
} History;

int history_init(History *h, int cap, int T);
void history_free(History *h);
void history_clear(History *h);
/* Records step `step` (1-based, consecutive) from its diagnostics. No allocation. */
void history_record(History *h, long step, const Diag *d);

#endif
