"""PyTorch golden fixtures for the newer layer kinds' kernels: the activations (ReLU6, LeakyReLU,
Hardswish, Hardsigmoid, SiLU), AdaptiveAvgPool2d and the per-channel Mul, forward and the
gradient of sum(y * dy).

Float32, as the GPU runs them. The activation inputs mix random values with NaN, ±inf and the
ends of each kernel's pieces (0, ±3, 6), and the dy of a second case holds NaN and inf, so the
fixtures pin down where PyTorch sends non-finite values (its vectorised CPU path: the tensors are
256 elements). JSON has no NaN or inf: they are written as the strings "NaN", "Infinity" and
"-Infinity". Written to fixtures/ops/pointwise.json.

Run with a Python that has torch (Debian's python3-torch):
`/usr/bin/python3 scripts/golden_ops_pointwise.py`.
"""

import json
import math
from pathlib import Path

import torch
from torch.nn import functional as F

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "ops" / "pointwise.json"
gen = torch.Generator().manual_seed(0)

SLOPE = 0.2
ACTIVATIONS = {
    "ReLU6": F.relu6,
    "LeakyReLU": lambda x: F.leaky_relu(x, SLOPE),
    "Hardswish": F.hardswish,
    "Hardsigmoid": F.hardsigmoid,
    "SiLU": F.silu,
}
SPECIAL = [math.nan, math.inf, -math.inf, 0.0, -0.0, 3.0, -3.0, 6.0, -6.0, 100.0, -100.0, 1e-8]

# (n, c, h, w, oh, ow)
ADAPTIVE_CASES = [(2, 3, 7, 9, 3, 4), (1, 2, 6, 6, 6, 6), (1, 1, 3, 2, 5, 7), (2, 2, 13, 11, 1, 1)]
# (n, c, h, w, which operand is the per-channel scale: "a", "b" or None)
MUL_CASES = [(2, 4, 5, 3, "a"), (1, 3, 4, 4, "b"), (2, 2, 3, 3, None)]


def flat(t):
    def word(v):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return v

    return [word(float(v)) for v in t.detach().reshape(-1).tolist()]


def randn(*shape):
    return torch.randn(*shape, generator=gen)


def activation_inputs():
    x = 4 * randn(256)
    x[: len(SPECIAL)] = torch.tensor(SPECIAL)
    return x


def activations():
    cases = []
    for kind, fn in ACTIVATIONS.items():
        for dy_special in (False, True):
            x = activation_inputs().requires_grad_(True)
            y = fn(x)
            dy = randn(256)
            if dy_special:
                dy[len(SPECIAL):len(SPECIAL) + 4] = torch.tensor([math.nan, math.inf, -math.inf, math.nan])
                dy[:: 7] = math.nan
            (y * dy).sum().backward()
            cases.append({"kind": kind, "alpha": SLOPE if kind == "LeakyReLU" else 0,
                          "x": flat(x), "y": flat(y), "dy": flat(dy), "dx": flat(x.grad)})
    return cases


def adaptive():
    cases = []
    for n, c, h, w, oh, ow in ADAPTIVE_CASES:
        x = randn(n, c, h, w).requires_grad_(True)
        y = F.adaptive_avg_pool2d(x, (oh, ow))
        dy = randn(*y.shape)
        (y * dy).sum().backward()
        cases.append({"dims": {"n": n, "c": c, "h": h, "w": w, "oh": oh, "ow": ow},
                      "x": flat(x), "y": flat(y), "dy": flat(dy), "dx": flat(x.grad)})
    return cases


def mul():
    cases = []
    for n, c, h, w, scale in MUL_CASES:
        shape = lambda per_channel: (n, c, 1, 1) if per_channel else (n, c, h, w)  # noqa: E731
        a = randn(*shape(scale == "a")).requires_grad_(True)
        b = randn(*shape(scale == "b")).requires_grad_(True)
        y = a * b
        dy = randn(*y.shape)
        (y * dy).sum().backward()
        cases.append({"dims": {"count": n * c * h * w, "hw": h * w, "aPerChannel": scale == "a",
                               "bPerChannel": scale == "b"},
                      "a": flat(a), "b": flat(b), "y": flat(y), "dy": flat(dy),
                      "da": flat(a.grad), "db": flat(b.grad)})
    return cases


def main():
    data = {"torch": torch.__version__, "activation": activations(), "adaptiveAvgPool": adaptive(),
            "mul": mul()}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
