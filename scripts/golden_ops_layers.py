"""PyTorch golden fixtures for pooling, BatchNorm, cross-entropy and the optimizers.

Everything runs in float64 so the float64 references can be held to a tight tolerance:
the fixtures pin down PyTorch's semantics (ceil_mode windows and AvgPool divisors, BatchNorm's
unbiased running variance, SGD's first momentum step, Adam's bias corrections), not its rounding.
Written to fixtures/ops/layers.json.

Run with a Python that has torch (Debian's python3-torch):
`/usr/bin/python3 scripts/golden_ops_layers.py`.
"""

import json
from pathlib import Path

import torch
from torch.nn import functional as F
from atomic_file import write_atomic

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "ops" / "layers.json"
torch.set_default_dtype(torch.float64)
gen = torch.Generator().manual_seed(0)

# (n, c, h, w, kernel, stride, padding, ceil_mode)
POOL_CASES = [
    (1, 2, 6, 5, (2, 3), (3, 4), (0, 1), True),
    (2, 1, 7, 7, (3, 3), (2, 2), (1, 1), True),
    (1, 1, 5, 8, (3, 2), (2, 3), (1, 1), False),
    (1, 3, 9, 6, (2, 2), (2, 2), (1, 0), True),
    # The last windows run past the padded edge on both axes: AvgPool's divisor shrinks.
    (1, 2, 5, 6, (2, 3), (2, 2), (0, 1), True),
    (1, 1, 6, 6, (5, 5), (3, 3), (2, 2), True),
]


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def randn(*shape):
    return torch.randn(*shape, generator=gen)


def pools():
    cases = []
    # Its own generator, so that the other fixtures' draws stay as they were before it.
    excl_gen = torch.Generator().manual_seed(1)
    for n, c, h, w, k, s, p, ceil in POOL_CASES:
        dims = {"n": n, "c": c, "h": h, "w": w, "kernel": k, "stride": s, "padding": p,
                "ceilMode": ceil}
        case = {"dims": dims}
        for name, fn in (("avg", F.avg_pool2d), ("max", F.max_pool2d)):
            x = randn(n, c, h, w).requires_grad_(True)
            y = fn(x, k, s, p, ceil_mode=ceil)
            dy = randn(*y.shape)
            (y * dy).sum().backward()
            case[name] = {"x": flat(x), "y": flat(y), "dy": flat(dy), "dx": flat(x.grad)}
        # AvgPool2d(count_include_pad=False): the divisor counts only the input.
        x = torch.randn(n, c, h, w, generator=excl_gen).requires_grad_(True)
        y = F.avg_pool2d(x, k, s, p, ceil_mode=ceil, count_include_pad=False)
        dy = torch.randn(*y.shape, generator=excl_gen)
        (y * dy).sum().backward()
        case["avgExcludingPad"] = {"x": flat(x), "y": flat(y), "dy": flat(dy), "dx": flat(x.grad)}
        cases.append(case)
    return cases


def batchnorms():
    cases = []
    for shape in ((4, 3, 5, 5), (6, 4)):
        c = shape[1]
        bn = torch.nn.BatchNorm2d(c) if len(shape) == 4 else torch.nn.BatchNorm1d(c)
        with torch.no_grad():
            bn.weight.copy_(randn(c) + 1)
            bn.bias.copy_(randn(c))
            bn.running_mean.copy_(randn(c))
            bn.running_var.copy_(randn(c).abs() + 0.5)
        start = {k: flat(v) for k, v in bn.state_dict().items() if k != "num_batches_tracked"}
        bn.train()
        steps = []
        for _ in range(2):
            x = (2 * randn(*shape) + 1).requires_grad_(True)
            bn.zero_grad()
            y = bn(x)
            dy = randn(*shape)
            (y * dy).sum().backward()
            steps.append({
                "x": flat(x), "y": flat(y), "dy": flat(dy), "dx": flat(x.grad),
                "dgamma": flat(bn.weight.grad), "dbeta": flat(bn.bias.grad),
                "running_mean": flat(bn.running_mean), "running_var": flat(bn.running_var),
            })
        bn.eval()
        x = randn(*shape)
        hw = shape[2] * shape[3] if len(shape) == 4 else 1
        cases.append({
            "dims": {"n": shape[0], "c": c, "hw": hw, "eps": bn.eps, "momentum": bn.momentum},
            "start": start, "train": steps,
            "num_batches_tracked": int(bn.num_batches_tracked),
            "eval": {"x": flat(x), "y": flat(bn(x))},
        })
    return cases


def cross_entropy():
    n, classes = 6, 5
    z = (3 * randn(n, classes)).requires_grad_(True)
    labels = torch.randint(0, classes, (n,), generator=gen)
    loss = F.cross_entropy(z, labels)
    loss.backward()
    return {"n": n, "classes": classes, "logits": flat(z), "labels": labels.tolist(),
            "loss": float(loss), "dlogits": flat(z.grad)}


def optimizers():
    cases = []
    configs = [
        ("sgd", {"lr": 0.1, "momentum": 0.9, "weight_decay": 0.01}),
        ("sgd", {"lr": 0.2, "momentum": 0.0, "weight_decay": 0.0}),
        ("adam", {"lr": 0.01, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.1}),
        ("adam", {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.0}),
    ]
    for kind, cfg in configs:
        w = torch.nn.Parameter(randn(10))
        start = flat(w)
        opt = (torch.optim.SGD if kind == "sgd" else torch.optim.Adam)([w], **cfg)
        steps = []
        for _ in range(3):
            g = randn(10)
            w.grad = g.clone()
            opt.step()
            steps.append({"grad": flat(g), "weight": flat(w)})
        config = {"kind": kind, "lr": cfg["lr"], "weightDecay": cfg["weight_decay"]}
        if kind == "sgd":
            config["momentum"] = cfg["momentum"]
        else:
            config.update(beta1=cfg["betas"][0], beta2=cfg["betas"][1], eps=cfg["eps"])
        cases.append({"config": config, "weight": start, "steps": steps})
    return cases


def main():
    data = {
        "torch": torch.__version__,
        "pool": pools(),
        "batchnorm": batchnorms(),
        "crossEntropy": cross_entropy(),
        "optimizer": optimizers(),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(OUT, json.dumps(data) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
