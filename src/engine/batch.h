/* batch.h - one minibatch, time-major like PyTorch's default (seq, batch, feature). */
#ifndef RNNSCOPE_BATCH_H
#define RNNSCOPE_BATCH_H

typedef struct Batch {
    int T, B, I, O;
    double *x;           /* (T, B, I) inputs (one-hot words or numbers) */
    int *target;         /* (T, B) class index for cross-entropy, -1 where not scored */
    double *y;           /* (T, B, O) regression targets for MSE (0 where not scored) */
    unsigned char *mask; /* (T, B) 1 where the loss is scored */
    int *token;          /* (T, B) input word id, -1 for numeric tasks */
} Batch;

/* Allocates all buffers (zeroed); returns 0 or -1 on out of memory. */
int batch_alloc(Batch *b, int T, int B, int I, int O);
void batch_free(Batch *b);

#endif
