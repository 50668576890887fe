#!/usr/bin/python3
"""cell=attention against PyTorch, interleaved: for each shape, R rounds of (rnnscope
--steps N, its steps_per_s; then the same model in PyTorch, N steps timed), so both
see the same load on a shared machine; prints the medians and their ratio.

PyTorch side: torch.nn.Linear(I, E) embedding + a learned position embedding (T, E) +
torch.nn.TransformerEncoder(TransformerEncoderLayer(E, heads, ff, dropout=0,
activation="relu"), layers) + torch.nn.Linear(E, O), float32, one thread, train mode,
cross-entropy at the scored (last) position, Adam (lr 0.01), norm clipping at 1: the
steps rnnscope takes (kerala task, one-hot words; double precision, one thread).
rnnscope's steps_per_s times run_step alone (batch drawing, forward, backward,
clipping, Adam, diagnostics), not building the run; PyTorch's times its step on a
fixed batch (no data drawing): a bias in PyTorch's favour.

Usage: /usr/bin/python3 tools/bench_attention.py [--rounds R] [--quick] [RNNSCOPE]"""
import re
import resource
import statistics
import subprocess
import sys
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(0)

# (task, I, O, E, T, B): the lesson sizes (lesson 10: kerala T=40 batch 16, mouse T=14),
# the README's (batch 32 at T = 40, 100, 200) and the largest (E = 64, T = 200)
SHAPES = [("kerala", 62, 8, 32, 40, 16), ("mouse", 48, 4, 32, 14, 16),
          ("kerala", 62, 8, 32, 40, 32), ("kerala", 62, 8, 32, 100, 32),
          ("kerala", 62, 8, 32, 200, 32), ("kerala", 62, 8, 64, 200, 32)]
HEADS, FF, LAYERS = 2, 128, 1


def torch_rate(I, O, E, T, B, steps):
    embed = torch.nn.Linear(I, E)
    pos = torch.nn.Parameter(0.02 * torch.randn(T, E))
    layer = torch.nn.TransformerEncoderLayer(E, HEADS, dim_feedforward=FF, dropout=0.0,
                                             activation="relu")
    enc = torch.nn.TransformerEncoder(layer, LAYERS, enable_nested_tensor=False)
    out = torch.nn.Linear(E, O)
    params = list(embed.parameters()) + [pos] + list(enc.parameters()) + list(out.parameters())
    opt = torch.optim.Adam(params, lr=0.01)
    enc.train()
    x = torch.nn.functional.one_hot(torch.randint(0, I, (T, B)), I).float()
    y = torch.randint(0, O, (B,))

    def step():
        opt.zero_grad()
        h = enc(embed(x) + pos[:, None, :])
        loss = torch.nn.functional.cross_entropy(out(h[-1]), y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()

    step()  # warm-up
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(steps):
        step()
    return steps / (time.perf_counter() - t0), steps / (time.process_time() - c0)


def ours_rate(exe, task, E, T, B, steps):
    cmd = [exe, "--set", "task=" + task, "--set", "cell=attention", "--set", "hidden=%d" % E,
           "--set", "seq_len=%d" % T, "--set", "batch=%d" % B, "--set", "heads=%d" % HEADS,
           "--set", "ff=%d" % FF, "--set", "layers=%d" % LAYERS, "--steps", str(steps)]
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    text = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)  # with start-up: < 2%
    return float(re.search(r"steps_per_s=([0-9.]+)", text).group(1)), steps / cpu


def main():
    args = [a for a in sys.argv[1:]]
    rounds = 5
    if "--rounds" in args:
        i = args.index("--rounds")
        rounds = int(args[i + 1])
        del args[i:i + 2]
    quick = "--quick" in args
    args = [a for a in args if a != "--quick"]
    exe = args[0] if args else "build/src/rnnscope"
    shapes = SHAPES[:1] if quick else SHAPES
    print("# cell=attention vs torch.nn.TransformerEncoder: heads %d, ff %d, layers %d; %d interleaved"
          % (HEADS, FF, LAYERS, rounds))
    print("# rounds per shape, medians; PyTorch %s float32, %d thread; rnnscope double, one thread"
          % (torch.__version__, torch.get_num_threads()))
    print("# wall: steps per second of elapsed time; cpu: per second of the process's CPU time")
    print("# (user + sys; rnnscope's includes its start-up), less sensitive to other load")
    print("%-6s %4s %4s %4s %6s %10s %10s %7s   %s" % ("task", "E", "T", "B", "clock", "rnnscope/s",
                                                       "pytorch/s", "ratio", "per-round ratios"))
    for task, I, O, E, T, B in shapes:
        # about 1 s of CPU per side and round (estimated from PyTorch's rate)
        steps = max(10, min(400, int(1.0 * torch_rate(I, O, E, T, B, 3)[1])))
        ours, theirs = [], []
        for _ in range(rounds):
            ours.append(ours_rate(exe, task, E, T, B, steps))
            theirs.append(torch_rate(I, O, E, T, B, steps))
        for k, clock in ((0, "wall"), (1, "cpu")):
            mo, mt = statistics.median(o[k] for o in ours), statistics.median(t[k] for t in theirs)
            per = " ".join("%.1f" % (a[k] / b[k]) for a, b in zip(ours, theirs))
            print("%-6s %4d %4d %4d %6s %10.1f %10.1f %6.2fx   %s" % (task, E, T, B, clock, mo, mt, mo / mt,
                                                                     per), flush=True)


if __name__ == "__main__":
    main()
