/* cells.h - the recurrent cells, one file each (cell_rnn.c, cell_lstm.c,
 * cell_gru.c), each a forward/backward pair and the one-step Jacobian, and the
 * table the model reads them from (Cell, cell_of), made from cell_list.h's rows:
 * adding a cell is its file and its row there (docs/cells.md).
 * The model computes the two affine parts for one timestep,
 *   pre_ih = x_t W_ih^T + b_ih    (B, G*H)
 *   pre_hh = h_{t-1} W_hh^T + b_hh  (B, G*H)
 * and a cell turns them into the new state. Backward returns the gradients of
 * the loss with respect to pre_ih (dz_ih) and pre_hh (dz_hh); the model pushes
 * them through the weights. Gate order is PyTorch's: a (B, G*H) row holds G
 * blocks of H, block k at offset k*H; the enums below name the blocks. */
#ifndef RNNSCOPE_CELLS_H
#define RNNSCOPE_CELLS_H

#include "config.h"
#include "diag.h"
#include "rng.h"

typedef struct DirCache DirCache; /* model.h: a direction's per-step cache */

/* Which of DirCache's per-step buffers a cell keeps beyond h, gate and dh. */
enum { CELL_CACHE_C = 1 /* c, tc, dc */, CELL_CACHE_HN = 2 /* hn */ };

/* A cell, one row of the table: its sizes and its steps on a direction's cache
 * (model.h's DirCache), step s reading state s and writing state s+1. */
typedef struct Cell {
    int gates;    /* G: blocks of H in a (B, G*H) row */
    int state;    /* vectors of H in the state: 1 (h), or 2 (h, c), whose second
                   * vector's columns of the one-step Jacobian are diagonal */
    int caches;   /* CELL_CACHE_* */
    int split_dz; /* 1: dL/dpre_ih differs from dL/dpre_hh (its own buffer) */
    int candidate;            /* the gate block of W_hh inside the candidate (spectrum) */
    int n_plotted;            /* gates whose mean the gates panel plots, */
    int plotted[DIAG_MAX_GATES]; /* their blocks in its order, */
    const char *plotted_name[DIAG_MAX_GATES];   /* their names ("input": the panel, its CSV; */
                                                /* NAME_gate in cell_list.h's has), */
    const char *plotted_letter[DIAG_MAX_GATES]; /* and the letters at their lines' ends */
    /* state s+1 of c, its gates and caches, from state s and the affine parts */
    void (*forward)(DirCache *c, int s, const double *pre_ih, const double *pre_hh, Activation act,
                    int B, int H);
    /* step s back from dh (B, H), the total dL/dh at its output: writes dz_hh and
     * dz_ih (B, G*H; one buffer unless split_dz), dh_prev (B, H) = dL/dh_{s} by
     * the paths that do not go through W_hh (overwritten), and for state 2 turns dc
     * (B, H) from dL/dc through step s+1 into dL/dc_{s} (in place) */
    void (*backward)(double *dz_ih, double *dz_hh, double *dh_prev, double *dc, const double *dh,
                     DirCache *c, int s, Activation act, int B, int H);
    /* for state 2: h_{s+1} again from c_{s+1} changed after the step (the test probe,
     * model.h), and what the cell caches of it; NULL for state 1 */
    void (*output)(DirCache *c, int s, int B, int H);
    /* J (state*H, state*H), row stride n, cleared by the caller: ds_{s+1}/ds_{s} of
     * example 0 (the first row of each cached (B, .) block) */
    void (*jacobian)(double *J, int n, const double *w_hh, const DirCache *c, int s, Activation act,
                     int B, int H);
    /* the bound gamma >= |act'| of Pascanu et al.'s gradient bound, or NULL where the
     * bound does not apply (gated cells) */
    double (*act_bound)(Activation act);
    /* the input biases b_ih (G*H) a fresh model starts from beyond zero, or NULL;
     * may draw from rng (T: the sequence length) */
    void (*init_bias)(double *b_ih, const Config *cfg, int T, Rng *rng, int H);
} Cell;

/* cell_<name>, in cell_<name>.c, for each row of cell_list.h whose steps are CELL */
#define CELL_EXTERN_CELL_(name) extern const Cell cell_##name;
#define CELL_EXTERN_NONE_(name)
#define CELL_EXTERN_(id, name, label, steps, reads, refuses, has) CELL_EXTERN_##steps##_(name)
CELL_LIST(CELL_EXTERN_)
#undef CELL_EXTERN_
#undef CELL_EXTERN_NONE_
#undef CELL_EXTERN_CELL_

/* The cell of kind k, or NULL for a kind that is not a recurrence (attention). */
const Cell *cell_of(CellKind k);

/* LSTM gate blocks: input, forget, candidate (g), output */
enum { LSTM_I, LSTM_F, LSTM_G, LSTM_O, LSTM_GATES };
/* GRU gate blocks: reset, update (z), candidate (n) */
enum { GRU_R, GRU_Z, GRU_N, GRU_GATES };

#endif
