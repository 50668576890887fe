#!/usr/bin/python3
"""rnnscope against PyTorch (CPU, one thread, float32), side by side: for each
shape, R rounds of (one rnnscope repeat, then one PyTorch repeat), so that both
see the same load on a shared machine; prints the medians of the rounds, their
ratio and rnnscope's matmul GFLOP/s against this machine's double-precision peak,
measured by rnnscope in the same run.

Both sides are timed by CPU time, not wall time: rnnscope by its thread's CPU
clock around its training steps (RNNSCOPE_BENCH_SHAPE, src/cmd/bench.c), PyTorch by
this process's (time.process_time) around its steps. A repeat is about 0.2 s of
CPU on each side.

The model is the one `rnnscope --bench` trains: the adding task (I=2, O=1), MSE on
the last step, Adam (lr 0.001), norm clipping at 1. rnnscope's step also draws
its batch and computes its diagnostics (gradient norms per step, sigma_max);
PyTorch's step reuses one fixed batch: a bias in PyTorch's favour.

Usage: /usr/bin/python3 tools/bench_torch.py [--rounds R] [--quick] [--shape "CELL H T B"]... [RNNSCOPE]
  default: the corners H 32/128 x T 20/200 x B 1/32 and H=64 T=50 B=16, for RNN,
  LSTM and GRU; --quick: H=64 T=50 B=16 alone; --shape (repeatable): these alone."""
import os
import statistics
import subprocess
import sys
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(0)

CORNERS = [(H, T, B) for H in (32, 128) for T in (20, 200) for B in (1, 32)] + [(64, 50, 16)]


class TorchModel:
    def __init__(self, cell, H, T, B):
        I, O = 2, 1
        self.rnn = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell](I, H)
        self.out = torch.nn.Linear(H, O)
        self.params = list(self.rnn.parameters()) + list(self.out.parameters())
        self.opt = torch.optim.Adam(self.params, lr=0.001)
        self.x = torch.rand(T, B, I)
        self.y = torch.rand(B, O)
        t0 = time.process_time()
        self.step()  # warm-up
        one = time.process_time() - t0
        self.n = max(2, min(2000, int(0.2 / max(one, 1e-6))))

    def step(self):
        self.opt.zero_grad()
        h, _ = self.rnn(self.x)
        loss = torch.nn.functional.mse_loss(self.out(h[-1]), self.y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.params, 1.0)
        self.opt.step()

    def rate(self):
        """training steps per CPU second over one repeat of self.n steps"""
        t0 = time.process_time()
        for _ in range(self.n):
            self.step()
        return self.n / (time.process_time() - t0)


def ours(exe, spec):
    env = dict(os.environ, RNNSCOPE_BENCH_SHAPE=spec)
    return subprocess.run([exe, "--bench"], env=env, check=True, capture_output=True,
                          text=True).stdout


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main():
    args = sys.argv[1:]
    rounds = 5
    if "--rounds" in args:
        i = args.index("--rounds")
        rounds = int(args[i + 1])
        del args[i:i + 2]
    only = []
    while "--shape" in args:
        i = args.index("--shape")
        f = args[i + 1].split()
        only.append((f[0], int(f[1]), int(f[2]), int(f[3])))
        del args[i:i + 2]
    quick = "--quick" in args
    args = [a for a in args if a != "--quick"]
    exe = args[0] if args else "build/src/rnnscope"
    shapes = [(64, 50, 16)] if quick else CORNERS
    print("# rnnscope (double) vs PyTorch %s (float32), one thread each, %d thread(s) in torch"
          % (torch.__version__, torch.get_num_threads()))
    print("# steps per CPU second, median of %d rounds, the two alternating repeat by repeat;" % rounds)
    print("# load average (1, 5, 15 min) at the start: %s; %d CPUs" % (loadavg(), os.cpu_count()))
    peak = ours(exe, "peak")
    sys.stdout.write(peak)
    peak_gflops = float(peak.split("precision: ")[1].split()[0])
    print("%-4s %4s %4s %4s %11s %11s %7s %8s %7s   %s" % ("cell", "H", "T", "B", "rnnscope/s",
          "pytorch/s", "ratio", "GFLOP/s", "of_peak", "per-round ratios"), flush=True)
    worst = None
    todo = only or [(cell, H, T, B) for cell in ("rnn", "lstm", "gru") for H, T, B in shapes]
    for cell, H, T, B in todo:
        model = TorchModel(cell, H, T, B)
        mine, theirs, gfl = [], [], []
        for _ in range(rounds):
            f = ours(exe, "%s %d %d %d" % (cell, H, T, B)).split()
            mine.append(float(f[4]))
            gfl.append(float(f[5]))
            theirs.append(model.rate())
        mo, mt = statistics.median(mine), statistics.median(theirs)
        g = statistics.median(gfl)
        per = " ".join("%.1f" % (a / b) for a, b in zip(mine, theirs))
        print("%-4s %4d %4d %4d %11.1f %11.1f %6.2fx %8.2f %6.0f%%   %s"
              % (cell, H, T, B, mo, mt, mo / mt, g, 100 * g / peak_gflops, per), flush=True)
        if worst is None or mo / mt < worst[0]:
            worst = (mo / mt, cell, H, T, B)
    print("# load average at the end: %s; lowest ratio %.2fx (%s H=%d T=%d B=%d)"
          % ((loadavg(),) + worst))


if __name__ == "__main__":
    main()
