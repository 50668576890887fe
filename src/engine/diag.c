#include "diag.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define DIAG_ARRAYS 8 /* grad_h, grad_h_rev, grad_h_ex0, grad_c, whh_contrib, jac_norm, jac_prod, bound */

int diag_alloc(Diag *d, int T)
{
    memset(d, 0, sizeof *d);
    double *p = calloc((size_t)T * (DIAG_ARRAYS + DIAG_MAX_GATES), sizeof(double));
    if (!p) return -1;
    d->T = T;
    d->grad_h = p, p += T;
    d->grad_h_rev = p, p += T;
    d->grad_h_ex0 = p, p += T;
    d->grad_c = p, p += T;
    d->whh_contrib = p, p += T;
    d->jac_norm = p, p += T;
    d->jac_prod = p, p += T;
    d->bound = p, p += T;
    d->gate_mean = p;
    return 0;
}

void diag_free(Diag *d)
{
    free(d->grad_h);
    memset(d, 0, sizeof *d);
}

void diag_copy(Diag *dst, const Diag *src)
{
    double *keep = dst->grad_h;
    ptrdiff_t off[9] = {
        dst->grad_h - keep, dst->grad_h_rev - keep, dst->grad_c - keep, dst->whh_contrib - keep,
        dst->jac_norm - keep, dst->jac_prod - keep, dst->bound - keep, dst->gate_mean - keep,
        dst->grad_h_ex0 - keep,
    };
    memcpy(keep, src->grad_h, sizeof(double) * (size_t)src->T * (DIAG_ARRAYS + DIAG_MAX_GATES));
    *dst = *src;
    dst->grad_h = keep + off[0], dst->grad_h_rev = keep + off[1], dst->grad_c = keep + off[2];
    dst->whh_contrib = keep + off[3], dst->jac_norm = keep + off[4], dst->jac_prod = keep + off[5];
    dst->bound = keep + off[6], dst->gate_mean = keep + off[7], dst->grad_h_ex0 = keep + off[8];
}
