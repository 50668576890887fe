/* cells.c - the table of recurrent cells (cells.h), made from cell_list.h's rows; each
 * row's Cell lives in its cell's file (cell_rnn.c, cell_lstm.c, cell_gru.c). */
#include "cells.h"

#include <stddef.h>

#define CELL_ROW_CELL_(name) &cell_##name
#define CELL_ROW_NONE_(name) NULL /* not a recurrence: its own branch of the model */
#define CELL_ROW_(id, name, label, steps, reads, refuses, has) [CELL_##id] = CELL_ROW_##steps##_(name),
static const Cell *const table[CELL_COUNT] = {CELL_LIST(CELL_ROW_)};
#undef CELL_ROW_
#undef CELL_ROW_NONE_
#undef CELL_ROW_CELL_

const Cell *cell_of(CellKind k)
{
    return (unsigned)k < CELL_COUNT ? table[k] : NULL;
}
