#include "bench.h"

#include <stdlib.h>

#include "bench_peak.h"
#include "clock.h"
#include "run.h"

/* matmul flops of one training step: forward 2TB*GH*(I+H); backward
 * 2TB*GH*I (dW_ih) + 2TB*GH*H (dW_hh) + 2TB*GH*H (dh_{t-1}) */
static double step_flops(const Run *r)
{
    const Model *m = &r->model;
    double GH = (double)m->G * m->H, TB = (double)m->T * m->B;
    return m->D * 2.0 * TB * GH * (2.0 * m->I + 3.0 * m->H);
}

static void bench_one(FILE *out, CellKind cell, int H, int T, int B, int diag, int quick, double peak)
{
    Config c;
    config_default(&c);
    c.task = TASK_ADDING, c.cell = cell, c.hidden = H, c.seq_len = T, c.batch = B;
    c.clip = CLIP_NORM, c.optimizer = OPT_ADAM, c.lr = 0.001;
    Run r;
    Error err;
    if (run_init(&r, &c, NULL, &err)) {
        fprintf(out, "# %s\n", err.msg);
        return;
    }
    r.jacobians_every = diag ? 1 : 0;
    /* enough steps for ~0.2 s per repeat (estimated from one warm-up step) */
    double t0 = clock_now_s();
    run_step(&r);
    double one = clock_now_s() - t0;
    int steps = (int)(0.2 / (one > 1e-6 ? one : 1e-6));
    if (steps < 2) steps = 2;
    if (steps > 2000) steps = 2000;
    if (quick) steps = 2;
    enum { REPEATS = 5 };
    double rate[REPEATS];
    int reps = quick ? 1 : REPEATS;
    for (int k = 0; k < reps; k++) {
        t0 = clock_now_s();
        for (int s = 0; s < steps; s++) run_step(&r);
        rate[k] = steps / (clock_now_s() - t0);
    }
    qsort(rate, (size_t)reps, sizeof rate[0], clock_cmp_double);
    double med = rate[reps / 2];
    double gflops = med * step_flops(&r) * 1e-9;
    fprintf(out, "%-4s %5d %5d %5d %5s %12.1f %9.3f %7.0f%%\n", cell_name(cell), H, T, B,
            diag ? "full" : "off", med, gflops, 100 * gflops / peak);
    run_free(&r);
}

int bench_engine(FILE *out, int quick)
{
    fprintf(out, "# training steps/s (median of 5 repeats) and matmul GFLOP/s; adding task,\n"
                 "# Adam, norm clipping, double precision, one thread. diag=full adds the\n"
                 "# Jacobian diagnostics of example 0 (the window's default), off skips them.\n");
    double peak = 1, fma = 1;
    if (!quick) bench_peak(&peak, &fma);
    fprintf(out, "# peak of this machine, one thread, double precision: %.1f GFLOP/s with separate\n"
                 "# multiplies and adds (the engine's ceiling: it fuses nothing, for the same bits\n"
                 "# everywhere), %.1f GFLOP/s with FMAs; of_peak = GFLOP/s / %.1f.\n",
            peak, fma, peak);
    fprintf(out, "%-4s %5s %5s %5s %5s %12s %9s %8s\n", "cell", "H", "T", "B", "diag", "steps_per_s",
            "GFLOP/s", "of_peak");
    static const int Hs[] = {32, 64, 128, 256}, Ts[] = {20, 50, 200}, Bs[] = {1, 16, 32};
    for (int cell = 0; cell < 3; cell++) {
        for (int i = 0; i < 4; i++) bench_one(out, (CellKind)cell, Hs[i], 50, 16, 0, quick, peak);
        for (int i = 0; i < 3; i++)
            if (Ts[i] != 50) bench_one(out, (CellKind)cell, 64, Ts[i], 16, 0, quick, peak);
        for (int i = 0; i < 3; i++)
            if (Bs[i] != 16) bench_one(out, (CellKind)cell, 64, 50, Bs[i], 0, quick, peak);
        bench_one(out, (CellKind)cell, 64, 50, 16, 1, quick, peak);
    }
    return 0;
}
