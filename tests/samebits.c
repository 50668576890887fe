/* samebits.c - trains a set of runs (every cell, both tasks with a vocabulary
 * or a sum, both clippings, sizes that leave vector tails, a batch of one at
 * H=130 for the single-row products) and prints every
 * number the engine produced, bit for bit: each step's loss, gradient norms
 * and sigma_max, every per-timestep diagnostic, and at the end the parameters,
 * as hexadecimal floats or a hash of their bytes. tests/meson.build links it
 * to copies of the engine built at other optimization levels and without the
 * target clones; test_samebits.sh checks that all of them print the same. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "kernels_isa.h"
#include "run.h"

static uint64_t fnv(uint64_t h, const double *x, long n)
{
    const unsigned char *p = (const unsigned char *)x;
    for (long i = 0; i < n * (long)sizeof *x; i++) h = (h ^ p[i]) * 0x100000001b3u;
    return h;
}

static int one(const char *const *pairs, int steps)
{
    Config c;
    Error err;
    config_default(&c);
    for (const char *const *p = pairs; *p; p++)
        if (config_set_pair(&c, *p, &err)) {
            fprintf(stderr, "samebits: %s\n", err.msg);
            return -1;
        }
    Run r;
    if (run_init(&r, &c, NULL, &err)) {
        fprintf(stderr, "samebits: %s\n", err.msg);
        return -1;
    }
    r.jacobians_every = 1;
    for (int s = 0; s < steps; s++) {
        run_step(&r);
        const Diag *d = &r.diag;
        uint64_t h = 0xcbf29ce484222325u;
        const double *arrays[] = {d->grad_h, d->grad_h_rev, d->grad_h_ex0, d->grad_c, d->grad_x,
                                  d->grad_x_ex0, d->whh_contrib, d->jac_norm, d->jac_prod, d->bound};
        for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++) h = fnv(h, arrays[i], d->T);
        h = fnv(h, d->grad_x_dir, 2L * d->T);
        h = fnv(h, d->grad_x_dir_ex0, 2L * d->T);
        h = fnv(h, d->gate_mean, (long)DIAG_MAX_GATES * d->T);
        printf("%s step %d loss %a norm %a clipped %a sigma %a diag %016llx\n", c.label, s + 1,
               d->loss, d->grad_norm, d->grad_norm_clipped, d->sigma_max, (unsigned long long)h);
    }
    const Model *m = &r.model;
    printf("params %016llx grads %016llx\n",
           (unsigned long long)fnv(0xcbf29ce484222325u, m->params, (long)m->n_params),
           (unsigned long long)fnv(0xcbf29ce484222325u, m->grads, (long)m->n_params));
    run_free(&r);
    return 0;
}

int main(void)
{
    fprintf(stderr, "# kernels: %s\n", kernels_isa()); /* test_samebits.sh reads it */
    static const char *const runs[][12] = {
        {"label=rnn", "cell=rnn", "task=kerala", "hidden=37", "seq_len=21", "batch=5",
         "clip=norm", "optimizer=sgd", NULL},
        {"label=lstm", "cell=lstm", "task=kerala", "hidden=21", "seq_len=21", "batch=7",
         "clip=norm", "optimizer=sgd", NULL},
        {"label=gru", "cell=gru", "task=kerala", "hidden=19", "seq_len=21", "batch=6",
         "clip=value", "optimizer=adam", NULL},
        {"label=lstm-bi", "cell=lstm", "task=mouse", "hidden=16", "seq_len=20", "batch=9",
         "bidirectional=1", "clip=value", "optimizer=adam", NULL},
        {"label=gru-64", "cell=gru", "task=adding", "hidden=64", "seq_len=20", "batch=16",
         "clip=norm", "optimizer=momentum", NULL},
        {"label=rnn-relu", "cell=rnn", "activation=relu", "task=adding", "hidden=32",
         "seq_len=20", "batch=4", "optimizer=adagrad", NULL},
        {"label=lstm-b1", "cell=lstm", "task=adding", "hidden=130", "seq_len=20", "batch=1",
         "clip=norm", "optimizer=adam", NULL},
        {"label=attention", "cell=attention", "task=kerala", "hidden=12", "heads=3", "layers=2",
         "ff=20", "seq_len=21", "batch=5", "attention_mask=causal", NULL},
    };
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++)
        if (one(runs[i], 12)) return 1;
    return 0;
}
