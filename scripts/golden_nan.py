"""PyTorch golden fixtures for NaN and ±inf: what each kernel whose WGSL could drop a NaN
(max/min/clamp/select and comparisons) must give, forward and backward.

- ReLU, Sigmoid, Tanh on NaN, ±inf and ordinary values, backward with NaN and inf gradients
  (ReLU's backward passes the gradient where its output is NaN: threshold_backward selects).
- MaxPool2d: a NaN wins its window, the last NaN in row-major order is the argmax; a window of
  -inf gives -inf at its first element; padding and ceil_mode windows.
- AvgPool2d with NaN and inf + -inf in a window.
- Softmax cross-entropy rows with NaN, +inf and -inf logits (a -inf at the label is an infinite
  loss with finite gradients), and torch.argmax's choice (the first NaN) for the accuracy.

Float32, as the GPU computes. Values that JSON cannot hold are written as "nan", "inf", "-inf".
Written to fixtures/ops/nan.json. Run with Debian's python3-torch:
`/usr/bin/python3 scripts/golden_nan.py`.
"""

import json
import math
from pathlib import Path

import torch
from torch.nn import functional as F
from atomic_file import write_atomic

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "ops" / "nan.json"
NAN, INF = float("nan"), float("inf")


def value(v):
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def flat(t):
    return [value(float(v)) for v in t.detach().reshape(-1).tolist()]


def activations():
    x = torch.tensor([NAN, INF, -INF, -1.0, 0.0, 2.0, 1e-3, -50.0, 50.0, -0.0])
    dys = {
        "ones": torch.ones(10),
        "special": torch.tensor([1.0, NAN, 2.0, INF, NAN, -1.0, NAN, -INF, 1.0, NAN]),
    }
    out = {}
    for name, fn in (("ReLU", torch.relu), ("Sigmoid", torch.sigmoid), ("Tanh", torch.tanh)):
        case = {"x": flat(x), "y": flat(fn(x)), "backward": {}}
        for dy_name, dy in dys.items():
            xi = x.clone().requires_grad_(True)
            (dx,) = torch.autograd.grad(fn(xi), xi, dy)
            case["backward"][dy_name] = {"dy": flat(dy), "dx": flat(dx)}
        out[name] = case
    return out


# (h, w, kernel, stride, padding, ceil_mode, the input)
POOLS = [
    (2, 4, (2, 2), (2, 2), (0, 0), False,
     [[1.0, NAN, 3.0, NAN], [0.0, 5.0, 2.0, 1.0]]),
    # Two NaNs in one window: the later one is the argmax.
    (2, 2, (2, 2), (2, 2), (0, 0), False, [[NAN, 1.0], [NAN, 2.0]]),
    (2, 2, (2, 2), (2, 2), (0, 0), False, [[-INF, -INF], [-INF, -INF]]),
    (3, 3, (3, 3), (1, 1), (1, 1), False,
     [[NAN, 1.0, -INF], [2.0, INF, 0.0], [-1.0, NAN, 3.0]]),
    (5, 5, (2, 2), (2, 2), (0, 0), True,
     [[1.0, 2.0, 3.0, 4.0, NAN],
      [5.0, -INF, 7.0, 8.0, 9.0],
      [INF, 1.0, NAN, 2.0, 3.0],
      [0.0, 0.0, 0.0, -INF, 1.0],
      [4.0, 3.0, 2.0, 1.0, NAN]]),
]


def pools():
    cases = []
    for h, w, k, s, p, ceil, rows in POOLS:
        x = torch.tensor(rows).reshape(1, 1, h, w)
        dims = {"n": 1, "c": 1, "h": h, "w": w, "kernel": k, "stride": s, "padding": p,
                "ceilMode": ceil}
        xi = x.clone().requires_grad_(True)
        y, argmax = F.max_pool2d(xi, k, s, p, ceil_mode=ceil, return_indices=True)
        dy = torch.arange(1.0, y.numel() + 1).reshape(y.shape)
        if y.numel() > 1:
            dy.view(-1)[1] = NAN
        (dx,) = torch.autograd.grad(y, xi, dy)
        xa = x.clone().requires_grad_(True)
        ya = F.avg_pool2d(xa, k, s, p, ceil_mode=ceil)
        (dxa,) = torch.autograd.grad(ya, xa, dy)
        cases.append({
            "dims": dims,
            "x": flat(x),
            "dy": flat(dy),
            "max": {"y": flat(y), "argmax": argmax.reshape(-1).tolist(), "dx": flat(dx)},
            "avg": {"y": flat(ya), "dx": flat(dxa)},
        })
    return cases


def cross_entropy():
    logits = torch.tensor([
        [1.0, NAN, 0.0],
        [NAN, 2.0, 1.0],
        [INF, 0.0, 0.0],
        [-INF, 0.0, 1.0],
        [0.0, 1.0, 2.0],
        [-INF, -INF, -INF],
        [0.0, -INF, 5.0],
    ])
    labels = torch.tensor([0, 1, 1, 0, 2, 0, 2])
    cases = []
    # Each row alone (one NaN makes the batch mean NaN), then the finite rows together.
    for rows in [[i] for i in range(len(labels))] + [[3, 4, 6]]:
        z = logits[rows].clone().requires_grad_(True)
        y = labels[rows]
        loss = F.cross_entropy(z, y)
        (dz,) = torch.autograd.grad(loss, z)
        cases.append({
            "n": len(rows),
            "classes": 3,
            "logits": flat(z),
            "labels": y.tolist(),
            "loss": value(float(loss)),
            "dlogits": flat(dz),
            "correct": int((z.detach().argmax(1) == y).sum()),
        })
    return cases


def main():
    fixtures = {
        "torch": torch.__version__,
        "activation": activations(),
        "pool": pools(),
        "crossEntropy": cross_entropy(),
    }
    write_atomic(OUT, json.dumps(fixtures) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
