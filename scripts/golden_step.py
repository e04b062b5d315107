"""Golden fixtures for the runtime's whole-network check (src/runtime-gpu/step.test.ts).

For LeNet (28x28), a small ResNet (1x16x16 -> conv -> BN -> ReLU -> Residual(16, 1x1, /2)
-> global avg pool -> flatten -> linear) and a small network of the newer layer kinds
(modern_net below: dilated depthwise and grouped convs, squeeze-and-excitation with a per-channel
Mul, Hardswish, ReLU6, SiLU, Hardsigmoid, LeakyReLU, uneven AdaptiveAvgPool2d), built with module
names equal to CNN Studio's op names, runs two training steps on one batch from seeded weights
and records:

  input, labels               the batch (labels as I64)
  init.<key>                  the starting state_dict (BN affine and running stats perturbed,
                              so their paths are exercised)
  eval.output                 logits in eval mode from those weights (BN running statistics)
  step<k>.loss, step<k>.output  loss and logits of step k (before its update)
  step<k>.<key>               the state_dict after step k

into fixtures/golden/step-<name>-<optimizer>.safetensors. Two steps so that momentum and Adam's
moments matter. Run with Debian's python3-torch: /usr/bin/python3 scripts/golden_step.py
"""

import sys
from collections import OrderedDict
from pathlib import Path

import torch
from torch import nn
from torch.nn import functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
from golden_templates import Residual, lenet  # noqa: E402
from safetensors_torch import save  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "golden"

# Optimizer settings shared with step.test.ts.
SGD = dict(lr=0.1, momentum=0.9, weight_decay=1e-3)
ADAM = dict(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-3)


def small_resnet():
    return nn.Sequential(
        OrderedDict(
            [
                ("conv", nn.Conv2d(1, 8, kernel_size=3, padding=1)),
                ("bn", nn.BatchNorm2d(8)),
                ("relu", nn.ReLU()),
                ("res", Residual(8, 16, use_1x1conv=True, strides=2)),
                ("gap", nn.AdaptiveAvgPool2d((1, 1))),
                ("flatten", nn.Flatten()),
                ("fc", nn.Linear(16, 10)),
            ]
        )
    )


class Mul(nn.Module):
    def forward(self, a, b):
        return a * b


class ModernNet(nn.Module):
    """src/runtime-gpu/test/graphs.ts modernNet: the same layers under the same names."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(1, 8, 3, padding=1)
        self.act1 = nn.Hardswish()
        self.dw = nn.Conv2d(8, 8, 3, stride=2, padding=2, dilation=2, groups=8)
        self.bn = nn.BatchNorm2d(8)
        self.act2 = nn.ReLU6()
        self.se_pool = nn.AdaptiveAvgPool2d((1, 1))
        self.se_fc1 = nn.Conv2d(8, 4, 1)
        self.se_act = nn.SiLU()
        self.se_fc2 = nn.Conv2d(4, 8, 1)
        self.se_gate = nn.Hardsigmoid()
        self.se_mul = Mul()
        self.grouped = nn.Conv2d(8, 12, 3, padding=1, groups=4, bias=False)
        self.act3 = nn.LeakyReLU(0.1)
        self.pool = nn.AdaptiveAvgPool2d((3, 2))
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(72, 10)

    def forward(self, x):
        x = self.act2(self.bn(self.dw(self.act1(self.stem(x)))))
        s = self.se_gate(self.se_fc2(self.se_act(self.se_fc1(self.se_pool(x)))))
        x = self.act3(self.grouped(self.se_mul(s, x)))
        return self.fc(self.flatten(self.pool(x)))


def perturb_batchnorm(model):
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            with torch.no_grad():
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.5, 0.5)
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.5, 2.0)


def fixture(name, build, size, optimizer, batch=4):
    torch.manual_seed(1)
    model = build()
    perturb_batchnorm(model)
    x = torch.randn(batch, 1, size, size)
    labels = torch.randint(0, 10, (batch,))
    out = {"input": x, "labels": labels}
    out.update({f"init.{k}": v.clone() for k, v in model.state_dict().items()})
    model.eval()
    with torch.no_grad():
        out["eval.output"] = model(x)
    opt = (
        torch.optim.SGD(model.parameters(), **SGD)
        if optimizer == "sgd"
        else torch.optim.Adam(model.parameters(), **ADAM)
    )
    model.train()
    for step in (1, 2):
        logits = model(x)
        loss = F.cross_entropy(logits, labels)
        opt.zero_grad()
        loss.backward()
        opt.step()
        out[f"step{step}.loss"] = loss.detach().reshape(1)
        out[f"step{step}.output"] = logits.detach()
        out.update({f"step{step}.{k}": v.clone() for k, v in model.state_dict().items()})
    path = OUT / f"step-{name}-{optimizer}.safetensors"
    save(out, str(path), {"generator": "scripts/golden_step.py", "torch": torch.__version__})
    print(f"{path.name}: loss {out['step1.loss'].item():.6f} -> {out['step2.loss'].item():.6f}")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    fixture("lenet", lenet, 28, "sgd")
    fixture("resnet", small_resnet, 16, "sgd")
    fixture("resnet", small_resnet, 16, "adam")
    fixture("modern", ModernNet, 16, "sgd")


if __name__ == "__main__":
    main()
