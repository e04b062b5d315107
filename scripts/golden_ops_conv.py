"""PyTorch golden fixtures for the Conv2d and Linear kernels (forward and all gradients).

Conv2d cases cover stride, padding, dilation and groups (depthwise included).

For each case: random float32 inputs (seeded), torch's output and the gradients of
sum(output * dy) with respect to input, weight and bias. Written to fixtures/ops/conv.json.

Run with a Python that has torch (Debian's python3-torch):
`/usr/bin/python3 scripts/golden_ops_conv.py`.
"""

import json
from pathlib import Path

import torch
from torch.nn import functional as F
from atomic_file import write_atomic

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "ops" / "conv.json"

# (n, cin, h, w, cout, (kh, kw), (sh, sw), (ph, pw), bias, (dh, dw), groups)
CONV_CASES = [
    (2, 3, 7, 6, 4, (3, 3), (1, 1), (1, 1), True, (1, 1), 1),
    (1, 2, 11, 10, 3, (5, 4), (4, 3), (2, 1), True, (1, 1), 1),
    (2, 3, 6, 7, 5, (1, 1), (2, 2), (0, 0), False, (1, 1), 1),
    (1, 2, 9, 9, 2, (2, 2), (3, 3), (1, 1), True, (1, 1), 1),
    (1, 3, 10, 9, 4, (3, 3), (1, 1), (2, 2), True, (2, 2), 1),
    (2, 2, 12, 11, 3, (3, 2), (2, 3), (1, 2), False, (3, 2), 1),
    (2, 6, 7, 7, 6, (3, 3), (2, 2), (1, 1), True, (1, 1), 6),
    (1, 4, 8, 6, 8, (5, 3), (1, 2), (2, 1), False, (1, 1), 4),
    (1, 8, 6, 6, 6, (3, 3), (1, 1), (2, 2), True, (2, 2), 2),
]
# (n, in_features, out_features, bias)
LINEAR_CASES = [(3, 7, 5, True), (2, 9, 4, False)]


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def gradients(fn, inputs, out_shape, gen):
    for t in inputs:
        t.requires_grad_(True)
    y = fn(*inputs)
    dy = torch.randn(out_shape, generator=gen)
    (y * dy).sum().backward()
    return y, dy


def conv_case(gen, n, cin, h, w, cout, k, s, p, bias, d, groups):
    x = torch.randn(n, cin, h, w, generator=gen)
    wt = torch.randn(cout, cin // groups, *k, generator=gen)
    b = torch.randn(cout, generator=gen) if bias else None
    inputs = [x, wt] + ([b] if bias else [])
    conv = dict(stride=s, padding=p, dilation=d, groups=groups)
    y, dy = gradients(
        lambda x_, w_, b_=None: F.conv2d(x_, w_, b_, **conv),
        inputs,
        F.conv2d(x, wt, None, **conv).shape,
        gen,
    )
    dims = dict(n=n, cin=cin, h=h, w=w, cout=cout, kh=k[0], kw=k[1], sh=s[0], sw=s[1],
                ph=p[0], pw=p[1], dilH=d[0], dilW=d[1], groups=groups, oh=y.shape[2],
                ow=y.shape[3])
    case = dict(dims=dims, x=flat(x), w=flat(wt), dy=flat(dy), y=flat(y),
                dx=flat(x.grad), dw=flat(wt.grad))
    if bias:
        case.update(b=flat(b), db=flat(b.grad))
    return case


def linear_case(gen, n, in_f, out_f, bias):
    x = torch.randn(n, in_f, generator=gen)
    wt = torch.randn(out_f, in_f, generator=gen)
    b = torch.randn(out_f, generator=gen) if bias else None
    inputs = [x, wt] + ([b] if bias else [])
    y, dy = gradients(lambda x_, w_, b_=None: F.linear(x_, w_, b_), inputs, (n, out_f), gen)
    case = dict(dims=dict(n=n, inF=in_f, outF=out_f), x=flat(x), w=flat(wt), dy=flat(dy),
                y=flat(y), dx=flat(x.grad), dw=flat(wt.grad))
    if bias:
        case.update(b=flat(b), db=flat(b.grad))
    return case


def main():
    gen = torch.Generator().manual_seed(0)
    data = dict(
        torch=torch.__version__,
        conv2d=[conv_case(gen, *c) for c in CONV_CASES],
        linear=[linear_case(gen, *c) for c in LINEAR_CASES],
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(OUT, json.dumps(data) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
