/* cells.c - the table of recurrent cells (cells.h), one row each; each row lives in
 * its cell's file (cell_rnn.c, cell_lstm.c, cell_gru.c). */
#include "cells.h"

#include <stddef.h>

const Cell *cell_of(CellKind k)
{
    static const Cell *const table[] = {
        [CELL_RNN] = &cell_rnn,
        [CELL_LSTM] = &cell_lstm,
        [CELL_GRU] = &cell_gru,
        [CELL_ATTENTION] = NULL, /* not a recurrence: attention.c */
    };
    return (unsigned)k < sizeof table / sizeof table[0] ? table[k] : NULL;
}
