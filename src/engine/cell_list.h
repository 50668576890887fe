/* cell_list.h - the cells, one row each: X(ID, name, label, steps, reads, refuses, has).
 *   ID       the constant CELL_ID (CellKind)
 *   name     the value of the config key cell (--set cell=lstm, lessons, the sidecar, traces)
 *   label    how the settings panel and a run's label name it
 *   steps    CELL: a recurrence, whose steps, sizes and Jacobian are its Cell, cell_<name>,
 *            in its own file cell_<name>.c (cells.h; cells.c's table is made from this
 *            list); NONE: not a recurrence, the model's own branch (attention.c)
 *   reads    which of the keys that only some cells read this one reads: a key no row
 *            lists applies to every cell (config_cell_reads); the settings panel greys a
 *            key that none of its runs reads (attention: no W_hh to initialize, no second
 *            direction, attention_mask says which words it reads, no chunks to truncate)
 *   refuses  keys this cell does not read whose value config_check refuses unless it is
 *            the default (attention has no recurrence: no second direction to add, no
 *            chunks to truncate), where leaving them unread would mislead
 *   has      which of the lesson quantities that only some cells have this one has: a
 *            quantity no row lists belongs to every cell (config_cell_has; lesson checks
 *            and readouts, lessons/README.md)
 * Adding a recurrent cell: its file cell_<name>.c (and its line in meson.build) and its
 * row here; docs/cells.md says what else follows from the row. */
#ifndef RNNSCOPE_CELL_LIST_H
#define RNNSCOPE_CELL_LIST_H

#define CELL_LIST(X)                                                                            \
    /* ID        name       label        steps reads                                     */    \
    /*                                         refuses                 has               */    \
    X(RNN,       rnn,       "RNN",       CELL, "activation init init_scale bidirectional bptt", \
                                               "",                     CELL_HAS_W_HH_ " bound") \
    X(LSTM,      lstm,      "LSTM",      CELL, "forget_bias init init_scale bidirectional bptt",\
                                               "",                     CELL_HAS_W_HH_           \
                                               " grad_c input_gate forget_gate output_gate")    \
    X(GRU,       gru,       "GRU",       CELL, "init init_scale bidirectional bptt",            \
                                               "",                     CELL_HAS_W_HH_           \
                                               " reset_gate update_gate")                       \
    X(ATTENTION, attention, "attention", NONE, "heads layers ff attention_mask",                \
                                               "bidirectional bptt",   "attn")

/* what a recurrence W_hh has: its step Jacobians, its share of the gradient, its spectrum
 * (the Pascanu bound only where |act'| bounds the step: the plain RNN) */
#define CELL_HAS_W_HH_ "jac_norm jac_prod whh_contrib sigma_max spectral_radius"

#define CELL_LIST_ENUM_(id, name, label, steps, reads, refuses, has) CELL_##id,
typedef enum { CELL_LIST(CELL_LIST_ENUM_) CELL_COUNT } CellKind;
#undef CELL_LIST_ENUM_

#endif
