#!/usr/bin/python3
"""Checks an rnnscope trace (rnnscope --trace FILE) against PyTorch in float64.

Loss and every gradient come from torch.nn.RNN/LSTM/GRU + torch.nn.Linear and
autograd (an implementation independent of rnnscope's BPTT); the per-timestep
norms ||dL/dh_t|| (and ||dL/dc_t||) and ||dL/dx_t|| from stepping the same weights one timestep
at a time with retained gradients. Prints the worst relative difference and
exits 1 if it exceeds the tolerance. A cell=attention trace is rebuilt as
torch.nn.TransformerEncoder (post-norm layers, dropout 0, ReLU) under a linear
embedding and a learned position embedding, its state_dict loaded from the
trace's encoder.* tensors (check_attention). Usage: check_trace.py TRACE.json [...]"""
import json
import sys

import torch

TOL = 1e-9


def tensor(entry):
    return torch.tensor(entry["data"], dtype=torch.float64).reshape(entry["shape"])


def rel(a, b):
    a, b = torch.as_tensor(a, dtype=torch.float64), torch.as_tensor(b, dtype=torch.float64)
    scale = torch.maximum(a.abs().max(), b.abs().max()).clamp_min(1e-300)
    return float((a - b).abs().max() / scale)


def act_fn(name):
    return {"tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": torch.relu,
            "linear": lambda z: z}[name]


def step(cell, act, x, h, c, w_ih, w_hh, b_ih, b_hh):
    """One timestep, PyTorch's equations (for sigmoid/linear RNNs, which
    torch.nn.RNN does not offer, and for the per-timestep gradients)."""
    if cell == "rnn":
        return act(x @ w_ih.T + b_ih + h @ w_hh.T + b_hh), None
    gi, gh = x @ w_ih.T + b_ih, h @ w_hh.T + b_hh
    if cell == "lstm":
        i, f, g, o = (gi + gh).chunk(4, 1)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        return torch.sigmoid(o) * torch.tanh(c), c
    ir, iz, inn = gi.chunk(3, 1)
    hr, hz, hn = gh.chunk(3, 1)
    r, z = torch.sigmoid(ir + hr), torch.sigmoid(iz + hz)
    n = torch.tanh(inn + r * hn)
    return (1 - z) * n + z * h, None


def loss_of(tr, y, mask, targets):
    sel = mask.bool()
    if tr["loss"] == "xent":
        return torch.nn.functional.cross_entropy(y[sel], targets[sel].long())
    return torch.nn.functional.mse_loss(y[sel], targets[sel])


def check_attention(tr):
    """Loss, every gradient, ||dL/dx_t|| and ||dL/d(encoder output_t)|| from
    torch.nn.TransformerEncoder and autograd; returns the worst relative difference."""
    P = {k: tensor(v) for k, v in tr["params"].items()}
    x = tensor(tr["inputs"]).requires_grad_(True)
    T, B, I = x.shape
    E, layers, heads = P["embed.weight"].shape[0], tr["layers"], tr["heads"]
    assert tr["attention_mask"] in ("none", "causal")
    layer = torch.nn.TransformerEncoderLayer(E, heads, dim_feedforward=tr["ff"], dropout=0.0,
                                             activation="relu", dtype=torch.float64)
    enc = torch.nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
    embed = torch.nn.Linear(I, E, dtype=torch.float64)
    out_l = torch.nn.Linear(E, P["out.bias"].shape[0], dtype=torch.float64)
    pos = torch.nn.Parameter(P["pos_embedding"].clone())
    with torch.no_grad():
        state = {k[len("encoder."):]: v for k, v in P.items() if k.startswith("encoder.")}
        enc.load_state_dict(state, strict=True)
        embed.weight.copy_(P["embed.weight"]), embed.bias.copy_(P["embed.bias"])
        out_l.weight.copy_(P["out.weight"]), out_l.bias.copy_(P["out.bias"])
    enc.train()  # the autograd path, not the inference fast path
    mask = None
    if tr["attention_mask"] == "causal":
        # -inf above the diagonal: position i reads j <= i (generate_square_subsequent_mask)
        mask = torch.triu(torch.full((T, T), float("-inf"), dtype=torch.float64), diagonal=1)
    h = enc(embed(x) + pos[:, None, :], mask=mask)
    h.retain_grad()
    worst_w = check_attention_weights(tr, enc, embed(x) + pos[:, None, :], mask)
    loss = loss_of(tr, out_l(h), tensor(tr["target_mask"]), tensor(tr["targets"]))
    loss.backward()
    worst = abs(float(loss) - tr["loss_value"]) / abs(float(loss))
    grads = {"encoder." + k: p.grad for k, p in enc.named_parameters()}
    grads["embed.weight"], grads["embed.bias"] = embed.weight.grad, embed.bias.grad
    grads["pos_embedding"] = pos.grad
    grads["out.weight"], grads["out.bias"] = out_l.weight.grad, out_l.bias.grad
    assert set(grads) == set(tr["grads"]), sorted(set(grads) ^ set(tr["grads"]))
    for name, g in grads.items():
        worst = max(worst, rel(g, tensor(tr["grads"][name])))
    worst = max(worst, rel(x.grad.flatten(1).norm(dim=1), tr["grad_x_norm"]))
    worst = max(worst, rel(h.grad.flatten(1).norm(dim=1), tr["grad_h_norm"]))
    return max(worst, worst_w)


def check_attention_weights(tr, enc, x0, mask):
    """Example 0's attention weights (attn_map: every row; attn_weights: the row of the
    scored position attn_query) against nn.MultiheadAttention's own, asked for with
    need_weights=True, average_attn_weights=False, layer by layer; and the closed
    form: every row sums to 1, the masked weights are exactly 0. Returns the worst
    relative difference (row sums: absolute)."""
    L, H = tr["layers"], tr["heads"]
    T = x0.shape[0]
    mask0 = tensor(tr["target_mask"])[:, 0]
    q = int(mask0.nonzero().max()) if mask0.any() else -1
    assert tr["attn_query"] == q, (tr["attn_query"], q)
    amap, arow = tensor(tr["attn_map"]), tensor(tr["attn_weights"])
    assert list(amap.shape) == [L, H, T, T] and list(arow.shape) == [L, H, T]
    worst, x = 0.0, x0
    with torch.no_grad():
        for l, layer in enumerate(enc.layers):
            _, w = layer.self_attn(x, x, x, attn_mask=mask, need_weights=True,
                                   average_attn_weights=False)  # (B, heads, T, T)
            worst = max(worst, rel(w[0], amap[l]), rel(w[0, :, q, :], arow[l]))
            x = layer(x, src_mask=mask)
    sums = amap.sum(dim=-1)
    worst = max(worst, float((sums - 1).abs().max()), float((arow.sum(dim=-1) - 1).abs().max()))
    if tr["attention_mask"] == "causal":
        above = torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1)
        assert float(amap[..., above].abs().max() if above.any() else 0) == 0.0, "masked weight not 0"
    print("     attention weights: worst relative difference %.2e, worst |row sum - 1| %.2e" %
          (worst, float((sums - 1).abs().max())))
    return worst


def check(path):
    tr = json.load(open(path))
    cell, actname, bi = tr["cell"], tr["activation"], tr["bidirectional"]
    if cell == "attention":
        worst = check_attention(tr)
        ok = worst <= TOL
        print("%s attention mask=%-6s heads=%d layers=%d %-4s worst relative difference vs PyTorch "
              "%.2e %s" % ("ok  " if ok else "FAIL", tr["attention_mask"], tr["heads"], tr["layers"],
                           tr["loss"], worst, "" if ok else "> %g" % TOL))
        return ok
    P = {k: tensor(v).requires_grad_(True) for k, v in tr["params"].items()}
    x = tensor(tr["inputs"])
    T, B, I = x.shape
    H = P["weight_hh_l0"].shape[1]
    mask = tensor(tr["target_mask"])
    targets = tensor(tr["targets"])
    worst = 0.0

    # 1. torch.nn modules where PyTorch has them
    if cell != "rnn" or actname in ("tanh", "relu"):
        kw = dict(bidirectional=bool(bi), dtype=torch.float64)
        if cell == "rnn":
            mod = torch.nn.RNN(I, H, nonlinearity=actname, **kw)
        else:
            mod = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell](I, H, **kw)
        with torch.no_grad():
            for name, p in mod.named_parameters():
                p.copy_(P[name])
        out_l = torch.nn.Linear(out_features=P["out.bias"].shape[0], in_features=P["out.weight"].shape[1],
                                dtype=torch.float64)
        with torch.no_grad():
            out_l.weight.copy_(P["out.weight"])
            out_l.bias.copy_(P["out.bias"])
        xl = x.clone().requires_grad_(True)
        hs, _ = mod(xl)
        loss = loss_of(tr, out_l(hs), mask, targets)
        loss.backward()
        worst = max(worst, abs(float(loss) - tr["loss_value"]) / abs(float(loss)))
        worst = max(worst, rel(xl.grad.flatten(1).norm(dim=1), tr["grad_x_norm"]))
        grads = {name: p.grad for name, p in mod.named_parameters()}
        grads["out.weight"], grads["out.bias"] = out_l.weight.grad, out_l.bias.grad
        for name, g in grads.items():
            worst = max(worst, rel(g, tensor(tr["grads"][name])))

    # 2. timestep by timestep: loss, gradients and ||dL/dh_t||
    act = act_fn(actname)
    dirs = [("", range(T))] + ([("_reverse", range(T - 1, -1, -1))] if bi else [])
    outs, states, cells, xs = [], [], [], []
    for suf, order in dirs:
        xd = x.clone().requires_grad_(True)  # this direction's own leaf: its share of dL/dx
        xs.append(xd)
        w = [P[n + "_l0" + suf] for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
        h = torch.zeros(B, H, dtype=torch.float64)
        c = torch.zeros(B, H, dtype=torch.float64)
        per_t, hs_t, cs_t = [None] * T, [None] * T, [None] * T
        for t in order:
            h, c2 = step(cell, act, xd[t], h, c, *w)
            if c2 is not None:
                c = c2
                c.retain_grad()
                cs_t[t] = c
            h.retain_grad()
            hs_t[t] = h
            per_t[t] = h
        outs.append(torch.stack(per_t))
        states.append(hs_t)
        cells.append(cs_t)
    y = torch.cat(outs, dim=2) @ P["out.weight"].T + P["out.bias"]
    for p in P.values():
        p.grad = None
    loss = loss_of(tr, y, mask, targets)
    loss.backward()
    worst = max(worst, abs(float(loss) - tr["loss_value"]) / abs(float(loss)))
    for name, p in P.items():
        worst = max(worst, rel(p.grad, tensor(tr["grads"][name])))
    norms = [float(states[0][t].grad.norm()) for t in range(T)]
    worst = max(worst, rel(norms, tr["grad_h_norm"]))
    if bi:
        norms_r = [float(states[1][t].grad.norm()) for t in range(T)]
        worst = max(worst, rel(norms_r, tr["grad_h_norm_reverse"]))
    dx = sum(xd.grad for xd in xs)
    worst = max(worst, rel(dx.flatten(1).norm(dim=1), tr["grad_x_norm"]))
    if bi:
        worst = max(worst, rel(xs[0].grad.flatten(1).norm(dim=1), tr["grad_x_norm_forward"]))
        worst = max(worst, rel(xs[1].grad.flatten(1).norm(dim=1), tr["grad_x_norm_reverse"]))
    if cell == "lstm":
        norms_c = [float(cells[0][t].grad.norm()) for t in range(T)]
        worst = max(worst, rel(norms_c, tr["grad_c_norm"]))
    ok = worst <= TOL
    print("%s %-4s %-7s bi=%d %-4s worst relative difference vs PyTorch %.2e %s" % (
        "ok  " if ok else "FAIL", cell, actname, bi, tr["loss"], worst, "" if ok else "> %g" % TOL))
    return ok


if __name__ == "__main__":
    results = [check(p) for p in sys.argv[1:]]
    print("%d passed, %d failed" % (sum(results), len(results) - sum(results)))
    sys.exit(0 if all(results) else 1)
