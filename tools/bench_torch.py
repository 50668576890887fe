#!/usr/bin/python3
"""Reference timing: PyTorch (CPU, one thread, float32) training steps per second
for the same shapes as `rnnscope --bench` (adding task: I=2, O=1, MSE on the last
step, Adam, norm clipping at 1). Run with Debian's python3-torch:
    /usr/bin/python3 tools/bench_torch.py [--quick]
Prints: cell H T B steps_per_s (median of 5 repeats)."""
import statistics
import sys
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(0)


def bench(cell, H, T, B, repeats=5):
    I, O = 2, 1
    rnn = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell](I, H)
    out = torch.nn.Linear(H, O)
    params = list(rnn.parameters()) + list(out.parameters())
    opt = torch.optim.Adam(params, lr=0.001)
    x = torch.rand(T, B, I)
    y = torch.rand(B, O)

    def step():
        opt.zero_grad()
        h, _ = rnn(x)
        loss = torch.nn.functional.mse_loss(out(h[-1]), y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()

    t0 = time.perf_counter()
    step()
    one = time.perf_counter() - t0
    n = max(2, min(2000, int(0.2 / max(one, 1e-6))))
    rates = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(n):
            step()
        rates.append(n / (time.perf_counter() - t0))
    return statistics.median(rates)


def main():
    quick = "--quick" in sys.argv
    shapes = [(64, 50, 16)] if quick else [
        (32, 50, 16), (64, 50, 16), (128, 50, 16), (256, 50, 16),
        (64, 20, 16), (64, 200, 16), (64, 50, 1), (64, 50, 32)]
    print("# PyTorch %s, float32, %d thread" % (torch.__version__, torch.get_num_threads()))
    print("cell     H     T     B  steps_per_s")
    for cell in ("rnn", "lstm", "gru"):
        for H, T, B in shapes:
            print("%-4s %5d %5d %5d %12.1f" % (cell, H, T, B, bench(cell, H, T, B)), flush=True)


if __name__ == "__main__":
    main()
