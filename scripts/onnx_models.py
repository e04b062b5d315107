"""ONNX models exported by torch.onnx.export, for the importer's checks (src/import).

usage: /usr/bin/python3 scripts/onnx_models.py OUT NAME[:SIZE[:OPSET]] ...

NAME is `every_op` (a small module using every op the importer reads, as PyTorch writes them),
`tiny_resnet` (Conv, folded BatchNorm, MaxPool, residual Add, GlobalAveragePool, Gemm), or a
torchvision model (weights=None, seed 0; googlenet with aux_logits=False), exported in eval mode
with a dynamic batch at SIZE×SIZE images (default 224) and OPSET (default 17). For each it writes
(FILE is NAME, or NAME_opsetOPSET for another opset than 17):

  OUT/FILE.onnx              the model
  OUT/FILE.io.safetensors    "input": 2 random images, "output": PyTorch's eval output on them
  OUT/FILE.json              {"opset", "torch_params": parameters of the PyTorch module,
                              "file_params": parameters the file's layers hold (a tensor two
                              layers share, as the exporter deduplicates equal initializers,
                              counts for each; BatchNorm's running statistics do not count)}
"""

import json
import os
import sys
from pathlib import Path

import onnx
import torch
import torchvision
from torch import nn
from onnx import numpy_helper

sys.path.insert(0, str(Path(__file__).resolve().parent))
from safetensors_torch import save  # noqa: E402


class EveryOp(nn.Module):
    """Every op the importer reads: at opset 11 and 13 PyTorch writes Hardswish as
    x · HardSigmoid(x), from 14 as HardSwish; SiLU always as x · Sigmoid(x); nn.ZeroPad2d and an
    AvgPool2d that counts its padding as a Pad (whose pads it computes with ConstantOfShape,
    Concat, Reshape, Slice, Transpose and Cast) before the conv or pool."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.bn = nn.BatchNorm2d(8)  # folded into conv by the exporter
        self.relu = nn.ReLU()
        self.dw = nn.Conv2d(8, 8, 3, padding=2, dilation=2, groups=8, bias=False)
        self.relu6 = nn.ReLU6()
        self.pool = nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True)
        self.bn2 = nn.BatchNorm2d(8)  # after a pool: kept
        self.leaky = nn.LeakyReLU(0.2)
        self.se_pool = nn.AdaptiveAvgPool2d(1)
        self.se_fc1 = nn.Conv2d(8, 4, 1)
        self.se_act = nn.SiLU()
        self.se_fc2 = nn.Conv2d(4, 8, 1)
        self.gate = nn.Hardsigmoid()
        self.hswish = nn.Hardswish()
        self.branch_a = nn.Conv2d(8, 4, 1)
        self.branch_b = nn.Sequential(nn.ZeroPad2d(1), nn.Conv2d(8, 4, 3))
        self.smooth = nn.AvgPool2d(3, stride=1, padding=1)
        self.avg = nn.AvgPool2d(2, stride=2, ceil_mode=True)
        self.tanh = nn.Tanh()
        self.fc1 = nn.Linear(72, 16)
        self.bn1d = nn.BatchNorm1d(16)
        self.sig = nn.Sigmoid()
        self.drop = nn.Dropout(0.5)
        self.w = nn.Parameter(torch.randn(16, 12) / 4)
        self.b = nn.Parameter(torch.randn(12))
        self.w2 = nn.Parameter(torch.randn(12, 10) / 4)

    def forward(self, x):
        x = self.relu(self.bn(self.conv(x)))
        x = self.relu6(self.dw(x))
        x = self.leaky(self.bn2(self.pool(x)))
        s = self.gate(self.se_fc2(self.se_act(self.se_fc1(self.se_pool(x)))))
        x = self.smooth(self.hswish(x * s))
        x = x + torch.cat([self.branch_a(x), self.branch_b(x)], 1)
        x = torch.flatten(self.tanh(self.avg(x)), 1)
        x = self.drop(self.sig(self.bn1d(self.fc1(x))))
        x = x @ self.w + self.b
        return x.reshape(-1, 12) @ self.w2


class TinyResNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(8)
        self.relu = nn.ReLU()
        self.maxpool = nn.MaxPool2d(3, stride=2, padding=1)
        self.conv2 = nn.Conv2d(8, 8, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(8)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(8, 10)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.relu(x + self.bn2(self.conv2(x)))
        return self.fc(torch.flatten(self.avgpool(x), 1))


def build(name):
    torch.manual_seed(0)
    if name == "every_op":
        return EveryOp()
    if name == "tiny_resnet":
        return TinyResNet()
    kwargs = {"aux_logits": False, "init_weights": True} if name == "googlenet" else {}
    return getattr(torchvision.models, name)(weights=None, **kwargs)


def perturb_batchnorm(model):
    """Moves BatchNorm's statistics away from 0 and 1, so that using them wrongly shows."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.modules.batchnorm._BatchNorm):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.5, 0.5)
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.5, 2.0)


# The inputs of each op that hold parameters.
WEIGHT_INPUTS = {"Conv": (1, 2), "Gemm": (1, 2), "MatMul": (1,), "BatchNormalization": (1, 2),
                 "Add": (0, 1)}


def file_params(model):
    g = model.graph
    sizes = {t.name: numpy_helper.to_array(t).size for t in g.initializer}
    alias = {n.output[0]: n.input[0] for n in g.node if n.op_type == "Identity"}

    def resolve(v):
        while v in alias:
            v = alias[v]
        return v

    return sum(sizes[resolve(n.input[i])] for n in g.node for i in WEIGHT_INPUTS.get(n.op_type, ())
               if i < len(n.input) and resolve(n.input[i]) in sizes)


def export(out, name, size, opset):
    model = build(name).eval()
    perturb_batchnorm(model)
    path = os.path.join(out, name if opset == 17 else f"{name}_opset{opset}")
    torch.onnx.export(model, torch.rand(1, 3, size, size), path + ".onnx", opset_version=opset,
                      input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
    x = torch.rand(2, 3, size, size)
    with torch.no_grad():
        y = model(x)
    save({"input": x, "output": y}, path + ".io.safetensors", {"generator": "scripts/onnx_models.py"})
    meta = {"opset": opset, "torch_params": sum(p.numel() for p in model.parameters()),
            "file_params": file_params(onnx.load(path + ".onnx"))}
    with open(path + ".json", "w") as f:
        json.dump(meta, f)


def main():
    out, *specs = sys.argv[1:]
    os.makedirs(out, exist_ok=True)
    for spec in specs:
        name, *rest = spec.split(":")
        size, opset = (int(v) for v in (rest + ["224", "17"][len(rest):])[:2])
        export(out, name, size, opset)
        print(f"{name}: opset {opset}, {size}×{size}", flush=True)


if __name__ == "__main__":
    main()
