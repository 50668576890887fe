#include "bench.h"

#include <stdlib.h>
#include <string.h>

#include "bench_peak.h"
#include "kernels_isa.h"
#include "cells.h"
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

/* Training steps per CPU second of one shape (adding task, Adam, norm clipping,
 * lr 0.001: tools/bench_torch.py's PyTorch model), the median of reps repeats of
 * about 0.2 s each; *gflops gets the matmul GFLOP/s at that rate. Returns < 0
 * (after printing why) if the run cannot be built. */
static double bench_rate(FILE *out, CellKind cell, int H, int T, int B, int diag, int quick, int reps,
                         double *gflops)
{
    Config c;
    config_default(&c);
    c.task = TASK_ADDING, c.cell = cell, c.hidden = H, c.seq_len = T, c.batch = B;
    c.clip = CLIP_NORM, c.optimizer = OPT_ADAM, c.lr = 0.001;
    Run r;
    Error err;
    if (run_init(&r, &c, NULL, &err)) {
        fprintf(out, "# %s\n", err.msg);
        return -1;
    }
    r.jacobians_every = diag ? 1 : 0;
    r.model.diag_extra = diag; /* off: the training alone, PyTorch's loop */
    /* enough steps for ~0.2 s per repeat (estimated from one warm-up step) */
    double t0 = bench_cpu_s();
    run_step(&r);
    double one = bench_cpu_s() - t0;
    int steps = (int)(0.2 / (one > 1e-6 ? one : 1e-6));
    if (steps < 2) steps = 2;
    if (steps > 2000) steps = 2000;
    if (quick) steps = 2, reps = 1;
    enum { MAX_REPEATS = 15 };
    double rate[MAX_REPEATS];
    if (reps > MAX_REPEATS) reps = MAX_REPEATS;
    for (int k = 0; k < reps; k++) {
        t0 = bench_cpu_s();
        for (int s = 0; s < steps; s++) run_step(&r);
        double dt = bench_cpu_s() - t0;
        rate[k] = steps / (dt > 1e-9 ? dt : 1e-9);
    }
    qsort(rate, (size_t)reps, sizeof rate[0], clock_cmp_double);
    double med = rate[reps / 2];
    *gflops = med * step_flops(&r) * 1e-9;
    run_free(&r);
    return med;
}

static void bench_one(FILE *out, CellKind cell, int H, int T, int B, int diag, int quick, double peak)
{
    double gflops, med = bench_rate(out, cell, H, T, B, diag, quick, 5, &gflops);
    if (med < 0) return;
    fprintf(out, "%-4s %5d %5d %5d %5s %12.1f %9.3f %7.0f%%\n", cell_name(cell), H, T, B,
            diag ? "full" : "off", med, gflops, 100 * gflops / peak);
}

static void print_peak(FILE *out, double peak, double fma)
{
    fprintf(out, "# peak of this machine, one thread, double precision: %.1f GFLOP/s with separate\n"
                 "# multiplies and adds (the engine's ceiling: it fuses nothing, for the same bits\n"
                 "# everywhere), %.1f GFLOP/s with FMAs; of_peak = GFLOP/s / %.1f.\n",
            peak, fma, peak);
    fprintf(out, "# kernels: %s (the widest vectors this CPU runs, or RNNSCOPE_KERNELS=avx2 or base)\n",
            kernels_isa());
}

/* RNNSCOPE_BENCH_SHAPE, for tools/bench_torch.py, which alternates rnnscope and
 * PyTorch repeat by repeat: "peak" prints the peak lines alone; "CELL H T B"
 * times one repeat of that shape and prints "CELL H T B steps_per_s GFLOP/s". */
static int bench_shape(FILE *out, const char *spec)
{
    if (strcmp(spec, "peak") == 0) {
        double peak, fma;
        bench_peak(&peak, &fma);
        print_peak(out, peak, fma);
        return 0;
    }
    char name[16];
    int H, T, B, n = 0;
    if (sscanf(spec, "%15s %d %d %d %n", name, &H, &T, &B, &n) != 4 || spec[n]) {
        fprintf(stderr, "RNNSCOPE_BENCH_SHAPE: expected \"peak\" or \"CELL H T B\", got \"%s\"\n", spec);
        return 2;
    }
    char names[64] = "";
    for (int cell = 0; cell < CELL_COUNT; cell++) {
        if (!cell_of((CellKind)cell)) continue; /* the recurrent cells: step_flops is theirs */
        size_t len = strlen(names);
        snprintf(names + len, sizeof names - len, "%s%s", len ? ", " : "", cell_name((CellKind)cell));
        if (strcmp(name, cell_name((CellKind)cell)) != 0) continue;
        double gflops, med = bench_rate(out, (CellKind)cell, H, T, B, 0, 0, 1, &gflops);
        if (med < 0) return 1;
        fprintf(out, "%s %d %d %d %.2f %.4f\n", name, H, T, B, med, gflops);
        return 0;
    }
    fprintf(stderr, "RNNSCOPE_BENCH_SHAPE: cell \"%s\" is not one of %s\n", name, names);
    return 2;
}

int bench_engine(FILE *out, int quick)
{
    const char *spec = getenv("RNNSCOPE_BENCH_SHAPE");
    if (spec) return bench_shape(out, spec);
    fprintf(out, "# training steps per CPU second of the thread (median of 5 repeats) and matmul\n"
                 "# GFLOP/s; adding task, Adam, norm clipping, double precision, one thread.\n"
                 "# diag=full adds the window's diagnostics (the Jacobians of example 0, each\n"
                 "# timestep's share of dL/dW_hh, sigma_max of W_hh); off: training alone.\n");
    double peak = 1, fma = 1;
    if (!quick) bench_peak(&peak, &fma);
    print_peak(out, peak, fma);
    fprintf(out, "%-4s %5s %5s %5s %5s %12s %9s %8s\n", "cell", "H", "T", "B", "diag", "steps_per_s",
            "GFLOP/s", "of_peak");
    static const int Hs[] = {32, 64, 128, 256}, Ts[] = {20, 50, 200}, Bs[] = {1, 16, 32};
    for (int cell = 0; cell < CELL_COUNT; cell++) {
        if (!cell_of((CellKind)cell)) continue; /* the recurrent cells: step_flops is theirs */
        for (int i = 0; i < 4; i++) bench_one(out, (CellKind)cell, Hs[i], 50, 16, 0, quick, peak);
        for (int i = 0; i < 3; i++)
            if (Ts[i] != 50) bench_one(out, (CellKind)cell, 64, Ts[i], 16, 0, quick, peak);
        for (int i = 0; i < 3; i++)
            if (Bs[i] != 16) bench_one(out, (CellKind)cell, 64, 50, Bs[i], 0, quick, peak);
        bench_one(out, (CellKind)cell, 64, 50, 16, 1, quick, peak);
    }
    return 0;
}
