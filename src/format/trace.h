/* trace.h - one forward and backward pass written as JSON, with PyTorch's
 * parameter names, so any number can be checked in PyTorch (docs/trace.md). */
#ifndef RNNSCOPE_TRACE_H
#define RNNSCOPE_TRACE_H

#include "config.h"
#include "error.h"

/* Builds the model for cfg, draws one batch, runs forward + backward and writes
 * the trace to path (all or nothing). Returns 0, -1 with err (I/O error). */
int trace_write(const Config *cfg, const char *path, Error *err);

#endif
