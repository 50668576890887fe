#include "batch.h"

#include <stdlib.h>
#include <string.h>

int batch_alloc(Batch *b, int T, int B, int I, int O)
{
    memset(b, 0, sizeof *b);
    b->T = T, b->B = B, b->I = I, b->O = O;
    size_t tb = (size_t)T * B;
    b->x = calloc(tb * I, sizeof *b->x);
    b->target = calloc(tb, sizeof *b->target);
    b->y = calloc(tb * O, sizeof *b->y);
    b->mask = calloc(tb, 1);
    b->token = calloc(tb, sizeof *b->token);
    if (!b->x || !b->target || !b->y || !b->mask || !b->token) {
        batch_free(b);
        return -1;
    }
    return 0;
}

void batch_free(Batch *b)
{
    free(b->x);
    free(b->target);
    free(b->y);
    free(b->mask);
    free(b->token);
    memset(b, 0, sizeof *b);
}
