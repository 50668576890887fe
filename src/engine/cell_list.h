/* cell_list.h - the cells, one row each: X(ID, name, label, reads).
 *   ID     the constant CELL_ID (CellKind)
 *   name   the value of the config key cell (--set cell=lstm, lessons, the sidecar, traces)
 *   label  how the settings panel and a run's label name it
 *   reads  which of the keys that only some cells read this one reads: a key no row
 *          lists applies to every cell (config_cell_reads); the settings panel greys a
 *          key that none of its runs reads (attention: no W_hh to initialize, no second
 *          direction, attention_mask says which words it reads, no chunks to truncate)
 * A recurrent cell's steps, sizes and Jacobian are its Cell, cell_<name>, in its own
 * file (cells.h, cell_<name>.c); attention is not a recurrence (attention.c).
 * Adding a cell: its file, its row here, and its Cell in cells.c's table. */
#ifndef RNNSCOPE_CELL_LIST_H
#define RNNSCOPE_CELL_LIST_H

#define CELL_LIST(X)                                                                            \
    /* ID        name       label        reads */                                               \
    X(RNN,       rnn,       "RNN",       "activation init init_scale bidirectional bptt")       \
    X(LSTM,      lstm,      "LSTM",      "forget_bias init init_scale bidirectional bptt")      \
    X(GRU,       gru,       "GRU",       "init init_scale bidirectional bptt")                  \
    X(ATTENTION, attention, "attention", "heads layers ff attention_mask")

#define CELL_LIST_ENUM_(id, name, label, reads) CELL_##id,
typedef enum { CELL_LIST(CELL_LIST_ENUM_) CELL_COUNT } CellKind;
#undef CELL_LIST_ENUM_

#endif
