#include "history.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int history_init(History *h, int cap, int T)
{
    memset(h, 0, sizeof *h);
    if (cap < 2) cap = 2;
    cap += cap & 1; /* even, so halving is exact */
    h->e = calloc((size_t)cap, sizeof *h->e);
    h->grad_h = calloc((size_t)cap * (size_t)T * 2, sizeof(double)); /* grad_h, grad_x */
    if (!h->e || !h->grad_h) {
        history_free(h);
        return -1;
    }
    h->grad_x = h->grad_h + (size_t)cap * (size_t)T;
    h->cap = cap, h->T = T;
    history_clear(h);
    return 0;
}

void history_free(History *h)
{
    free(h->e);
    free(h->grad_h);
    memset(h, 0, sizeof *h);
}

void history_clear(History *h)
{
    h->n = 0, h->stride = 1, h->pending_clips = 0;
    h->clips_total = 0, h->first_clip = 0;
    h->first_clip_norm = h->first_clip_after = h->first_clip_angle = 0;
    h->drop_lo = INFINITY, h->drop_hi = -INFINITY, h->drop_hi_step = 0;
}

/* keep the entries at multiples of 2*stride; their clip counts absorb the dropped ones */
static void compact(History *h)
{
    int k = 0, clips = 0;
    long s2 = 2 * h->stride;
    for (int i = 0; i < h->n; i++) {
        clips += h->e[i].clips;
        if (h->e[i].step % s2 != 0) {
            double l = h->e[i].loss;
            if (isfinite(l) && l < h->drop_lo) h->drop_lo = l;
            if (isfinite(l) && l > h->drop_hi) h->drop_hi = l, h->drop_hi_step = h->e[i].step;
            continue;
        }
        h->e[k] = h->e[i];
        h->e[k].clips = clips;
        clips = 0;
        memmove(h->grad_h + (long)k * h->T, h->grad_h + (long)i * h->T, sizeof(double) * (size_t)h->T);
        memmove(h->grad_x + (long)k * h->T, h->grad_x + (long)i * h->T, sizeof(double) * (size_t)h->T);
        k++;
    }
    h->pending_clips += clips;
    h->n = k;
    h->stride = s2;
}

void history_record(History *h, long step, const Diag *d)
{
    h->pending_clips += d->clipped != 0;
    if (d->clipped) {
        if (!h->clips_total) {
            h->first_clip = step;
            h->first_clip_norm = d->grad_norm, h->first_clip_after = d->grad_norm_clipped;
            h->first_clip_angle = d->clip_angle;
        }
        h->clips_total++;
    }
    if (step % h->stride != 0) return;
    if (h->n == h->cap) {
        compact(h);
        if (step % h->stride != 0) return;
    }
    HistEntry *e = &h->e[h->n];
    e->step = step;
    e->loss = d->loss, e->accuracy = d->accuracy;
    e->loss_mean = d->loss_mean, e->accuracy_mean = d->accuracy_mean;
    e->loss_median = d->loss_median;
    e->grad_norm = d->grad_norm, e->grad_norm_clipped = d->grad_norm_clipped;
    e->clipped = d->clipped;
    e->clip_angle = d->clip_angle;
    e->clips = h->pending_clips;
    h->pending_clips = 0;
    e->sigma_max = d->sigma_max, e->spectral_radius = d->spectral_radius;
    memcpy(h->grad_h + (long)h->n * h->T, d->grad_h, sizeof(double) * (size_t)h->T);
    memcpy(h->grad_x + (long)h->n * h->T, d->grad_x, sizeof(double) * (size_t)h->T);
    h->n++;
}
