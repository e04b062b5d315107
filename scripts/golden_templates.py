"""Golden fixtures from PyTorch for src/graph's tests.

Builds the seven networks of the CNN chapter of the Chinese PyTorch edition of Dive into Deep
Learning (动手学深度学习 PyTorch 版, chapter 5 卷积神经网络), as the chapter prints them, and the
three that d2l.ai's English edition prints differently (LeNet, AlexNet, GoogLeNet: the
"-d2l" variants), for Fashion-MNIST (1 input channel, 10 classes), with module names equal to
CNN Studio's node ids and composite child names, so that state_dict keys are
`<op name>.<weight name>`, and records what torch computes for them. The modules are also
imported by scripts/export_check.py, which runs them on the app's weights.
Also records sliding-window output sizes for random (n, kernel, stride, padding, ceil_mode).

Run with a Python that has torch (Debian's python3-torch): `npm run golden`.
"""

import json
import random
from collections import OrderedDict
from pathlib import Path

import torch
from torch import nn
from torch.nn import functional as F
from atomic_file import write_atomic

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "golden"


def seq(*named):
    return nn.Sequential(OrderedDict(named))


def numbered(*modules):
    """A Sequential whose children are named 0, 1, 2, ... as d2l's are."""
    return nn.Sequential(*modules)


# --- d2l building blocks (the same in the chapter and in d2l.ai) ---------------------------


def vgg_block(num_convs, in_channels, out_channels):
    layers = []
    for _ in range(num_convs):
        layers += [nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1), nn.ReLU()]
        in_channels = out_channels
    layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
    return numbered(*layers)


def nin_block(in_channels, out_channels, kernel_size, strides, padding):
    return numbered(
        nn.Conv2d(in_channels, out_channels, kernel_size, strides, padding),
        nn.ReLU(),
        nn.Conv2d(out_channels, out_channels, kernel_size=1),
        nn.ReLU(),
        nn.Conv2d(out_channels, out_channels, kernel_size=1),
        nn.ReLU(),
    )


class Inception(nn.Module):
    def __init__(self, in_channels, c1, c2, c3, c4):
        super().__init__()
        self.p1_1 = nn.Conv2d(in_channels, c1, kernel_size=1)
        self.p2_1 = nn.Conv2d(in_channels, c2[0], kernel_size=1)
        self.p2_2 = nn.Conv2d(c2[0], c2[1], kernel_size=3, padding=1)
        self.p3_1 = nn.Conv2d(in_channels, c3[0], kernel_size=1)
        self.p3_2 = nn.Conv2d(c3[0], c3[1], kernel_size=5, padding=2)
        self.p4_1 = nn.MaxPool2d(kernel_size=3, stride=1, padding=1)
        self.p4_2 = nn.Conv2d(in_channels, c4, kernel_size=1)

    def forward(self, x):
        p1 = F.relu(self.p1_1(x))
        p2 = F.relu(self.p2_2(F.relu(self.p2_1(x))))
        p3 = F.relu(self.p3_2(F.relu(self.p3_1(x))))
        p4 = F.relu(self.p4_2(self.p4_1(x)))
        return torch.cat((p1, p2, p3, p4), dim=1)


class Residual(nn.Module):
    def __init__(self, input_channels, num_channels, use_1x1conv=False, strides=1):
        super().__init__()
        self.conv1 = nn.Conv2d(input_channels, num_channels, kernel_size=3, padding=1, stride=strides)
        self.conv2 = nn.Conv2d(num_channels, num_channels, kernel_size=3, padding=1)
        self.conv3 = (
            nn.Conv2d(input_channels, num_channels, kernel_size=1, stride=strides)
            if use_1x1conv
            else None
        )
        self.bn1 = nn.BatchNorm2d(num_channels)
        self.bn2 = nn.BatchNorm2d(num_channels)

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        if self.conv3 is not None:
            x = self.conv3(x)
        return F.relu(y + x)


def conv_block(input_channels, num_channels):
    return numbered(
        nn.BatchNorm2d(input_channels),
        nn.ReLU(),
        nn.Conv2d(input_channels, num_channels, kernel_size=3, padding=1),
    )


class DenseBlock(nn.Module):
    def __init__(self, num_convs, input_channels, num_channels):
        super().__init__()
        self.net = numbered(
            *[conv_block(num_channels * i + input_channels, num_channels) for i in range(num_convs)]
        )

    def forward(self, x):
        for blk in self.net:
            x = torch.cat((x, blk(x)), dim=1)
        return x


def transition_block(input_channels, num_channels):
    return numbered(
        nn.BatchNorm2d(input_channels),
        nn.ReLU(),
        nn.Conv2d(input_channels, num_channels, kernel_size=1),
        nn.AvgPool2d(kernel_size=2, stride=2),
    )


def stem():
    """b1 of ResNet and DenseNet."""
    return numbered(
        nn.Conv2d(1, 64, kernel_size=7, stride=2, padding=3),
        nn.BatchNorm2d(64),
        nn.ReLU(),
        nn.MaxPool2d(kernel_size=3, stride=2, padding=1),
    )


# --- the networks, named as src/graph/templates names their nodes ---------------------------


def lenet_with(pool, padding, flat):
    return seq(
        ("conv1", nn.Conv2d(1, 6, kernel_size=5, padding=padding)),
        ("sig1", nn.Sigmoid()),
        ("pool1", pool(kernel_size=2, stride=2)),
        ("conv2", nn.Conv2d(6, 16, kernel_size=5)),
        ("sig2", nn.Sigmoid()),
        ("pool2", pool(kernel_size=2, stride=2)),
        ("flatten", nn.Flatten()),
        ("fc1", nn.Linear(flat, 120)),
        ("sig3", nn.Sigmoid()),
        ("fc2", nn.Linear(120, 84)),
        ("sig4", nn.Sigmoid()),
        ("fc3", nn.Linear(84, 10)),
    )


def lenet():
    """The chapter's (5.5): Conv2d(1, 6, 5), MaxPool2d(2, 2), ..., Linear(16*4*4, 120)."""
    return lenet_with(nn.MaxPool2d, 0, 16 * 4 * 4)


def lenet_d2l():
    """d2l.ai's (7.6): padding 2 on the first conv and AvgPool2d, so Linear(16*5*5, 120)."""
    return lenet_with(nn.AvgPool2d, 2, 16 * 5 * 5)


def alexnet_with(first_padding):
    return seq(
        ("conv1", nn.Conv2d(1, 96, kernel_size=11, stride=4, padding=first_padding)),
        ("relu1", nn.ReLU()),
        ("pool1", nn.MaxPool2d(kernel_size=3, stride=2)),
        ("conv2", nn.Conv2d(96, 256, kernel_size=5, padding=2)),
        ("relu2", nn.ReLU()),
        ("pool2", nn.MaxPool2d(kernel_size=3, stride=2)),
        ("conv3", nn.Conv2d(256, 384, kernel_size=3, padding=1)),
        ("relu3", nn.ReLU()),
        ("conv4", nn.Conv2d(384, 384, kernel_size=3, padding=1)),
        ("relu4", nn.ReLU()),
        ("conv5", nn.Conv2d(384, 256, kernel_size=3, padding=1)),
        ("relu5", nn.ReLU()),
        ("pool3", nn.MaxPool2d(kernel_size=3, stride=2)),
        ("flatten", nn.Flatten()),
        ("fc1", nn.Linear(6400, 4096)),
        ("relu6", nn.ReLU()),
        ("drop1", nn.Dropout(p=0.5)),
        ("fc2", nn.Linear(4096, 4096)),
        ("relu7", nn.ReLU()),
        ("drop2", nn.Dropout(p=0.5)),
        ("fc3", nn.Linear(4096, 10)),
    )


def alexnet():
    """The chapter's (5.6): the first conv is nn.Conv2d(1, 96, 11, 4), unpadded."""
    return alexnet_with(0)


def alexnet_d2l():
    """d2l.ai's (8.1): padding=1 on the first conv."""
    return alexnet_with(1)


def vgg11():
    conv_arch = ((1, 64), (1, 128), (2, 256), (2, 512), (2, 512))
    blocks, in_channels = [], 1
    for i, (num_convs, out_channels) in enumerate(conv_arch):
        blocks.append((f"vgg{i + 1}", vgg_block(num_convs, in_channels, out_channels)))
        in_channels = out_channels
    return seq(
        *blocks,
        ("flatten", nn.Flatten()),
        ("fc1", nn.Linear(in_channels * 7 * 7, 4096)),
        ("relu1", nn.ReLU()),
        ("drop1", nn.Dropout(0.5)),
        ("fc2", nn.Linear(4096, 4096)),
        ("relu2", nn.ReLU()),
        ("drop2", nn.Dropout(0.5)),
        ("fc3", nn.Linear(4096, 10)),
    )


def nin():
    return seq(
        ("nin1", nin_block(1, 96, kernel_size=11, strides=4, padding=0)),
        ("pool1", nn.MaxPool2d(3, stride=2)),
        ("nin2", nin_block(96, 256, kernel_size=5, strides=1, padding=2)),
        ("pool2", nn.MaxPool2d(3, stride=2)),
        ("nin3", nin_block(256, 384, kernel_size=3, strides=1, padding=1)),
        ("pool3", nn.MaxPool2d(3, stride=2)),
        ("drop", nn.Dropout(0.5)),
        ("nin4", nin_block(384, 10, kernel_size=3, strides=1, padding=1)),
        ("gap", nn.AdaptiveAvgPool2d((1, 1))),
        ("flatten", nn.Flatten()),
    )


def googlenet_with(b2):
    b1 = numbered(
        nn.Conv2d(1, 64, kernel_size=7, stride=2, padding=3),
        nn.ReLU(),
        nn.MaxPool2d(kernel_size=3, stride=2, padding=1),
    )
    b3 = numbered(
        Inception(192, 64, (96, 128), (16, 32), 32),
        Inception(256, 128, (128, 192), (32, 96), 64),
        nn.MaxPool2d(kernel_size=3, stride=2, padding=1),
    )
    b4 = numbered(
        Inception(480, 192, (96, 208), (16, 48), 64),
        Inception(512, 160, (112, 224), (24, 64), 64),
        Inception(512, 128, (128, 256), (24, 64), 64),
        Inception(512, 112, (144, 288), (32, 64), 64),
        Inception(528, 256, (160, 320), (32, 128), 128),
        nn.MaxPool2d(kernel_size=3, stride=2, padding=1),
    )
    b5 = numbered(
        Inception(832, 256, (160, 320), (32, 128), 128),
        Inception(832, 384, (192, 384), (48, 128), 128),
        nn.AdaptiveAvgPool2d((1, 1)),
        nn.Flatten(),
    )
    return seq(("b1", b1), ("b2", b2), ("b3", b3), ("b4", b4), ("b5", b5), ("fc", nn.Linear(1024, 10)))


def googlenet():
    """The chapter's (5.9): b2 has no ReLU between or after its two convs."""
    return googlenet_with(
        numbered(
            nn.Conv2d(64, 64, kernel_size=1),
            nn.Conv2d(64, 192, kernel_size=3, padding=1),
            nn.MaxPool2d(kernel_size=3, stride=2, padding=1),
        )
    )


def googlenet_d2l():
    """d2l.ai's (8.4): a ReLU after each of b2's convs."""
    return googlenet_with(
        numbered(
            nn.Conv2d(64, 64, kernel_size=1),
            nn.ReLU(),
            nn.Conv2d(64, 192, kernel_size=3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(kernel_size=3, stride=2, padding=1),
        )
    )


def resnet18():
    def resnet_block(input_channels, num_channels, num_residuals, first_block=False):
        blk = []
        for i in range(num_residuals):
            if i == 0 and not first_block:
                blk.append(Residual(input_channels, num_channels, use_1x1conv=True, strides=2))
            else:
                blk.append(Residual(num_channels, num_channels))
        return numbered(*blk)

    return seq(
        ("b1", stem()),
        ("b2", resnet_block(64, 64, 2, first_block=True)),
        ("b3", resnet_block(64, 128, 2)),
        ("b4", resnet_block(128, 256, 2)),
        ("b5", resnet_block(256, 512, 2)),
        ("last", numbered(nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(), nn.Linear(512, 10))),
    )


def densenet():
    num_channels, growth_rate = 64, 32
    num_convs_in_dense_blocks = [4, 4, 4, 4]
    blks = []
    for i, num_convs in enumerate(num_convs_in_dense_blocks):
        blks.append((f"dense_blk{i + 1}", DenseBlock(num_convs, num_channels, growth_rate)))
        num_channels += num_convs * growth_rate
        if i != len(num_convs_in_dense_blocks) - 1:
            blks.append((f"tran_blk{i + 1}", transition_block(num_channels, num_channels // 2)))
            num_channels = num_channels // 2
    last = numbered(
        nn.BatchNorm2d(num_channels),
        nn.ReLU(),
        nn.AdaptiveAvgPool2d((1, 1)),
        nn.Flatten(),
        nn.Linear(num_channels, 10),
    )
    return seq(("b1", stem()), *blks, ("last", last))


TEMPLATES = {
    "lenet": (lenet, 28),
    "alexnet": (alexnet, 224),
    "vgg11": (vgg11, 224),
    "nin": (nin, 224),
    "googlenet": (googlenet, 96),
    "resnet18": (resnet18, 96),
    "densenet": (densenet, 96),
    "lenet-d2l": (lenet_d2l, 28),
    "alexnet-d2l": (alexnet_d2l, 224),
    "googlenet-d2l": (googlenet_d2l, 96),
}


def describe(build, size):
    net = build()
    net.eval()
    leaves = []

    def hook(name):
        def record(module, _inputs, output):
            leaves.append(
                {
                    "name": name,
                    "output_shape": list(output.shape[1:]),
                    "params": sum(p.numel() for p in module.parameters(recurse=False)),
                }
            )

        return record

    for name, module in net.named_modules():
        if len(list(module.children())) == 0:
            module.register_forward_hook(hook(name))
    with torch.no_grad():
        net(torch.zeros(2, 1, size, size))
    return {
        "input_shape": [1, size, size],
        "total_params": sum(p.numel() for p in net.parameters()),
        "state_dict": [[k, list(v.shape)] for k, v in sorted(net.state_dict().items())],
        "leaves": leaves,
    }


def window_cases(count=400, seed=2):
    """Random sliding-window geometries; output sizes as torch computes them (None: torch refuses)."""
    rng = random.Random(seed)
    cases = []
    while len(cases) < count:
        n, k, s = rng.randint(1, 40), rng.randint(1, 9), rng.randint(1, 6)
        op = rng.choice(["pool", "conv"])
        p = rng.randint(0, k // 2) if op == "pool" else rng.randint(0, 5)
        ceil_mode = op == "pool" and rng.random() < 0.5
        x = torch.zeros(1, 1, n, n)
        try:
            if op == "pool":
                y = F.max_pool2d(x, k, stride=s, padding=p, ceil_mode=ceil_mode)
            else:
                y = F.conv2d(x, torch.zeros(1, 1, k, k), stride=s, padding=p)
            out = y.shape[-1]
        except RuntimeError:
            out = None
        cases.append({"op": op, "n": n, "kernel": k, "stride": s, "padding": p, "ceil_mode": ceil_mode, "out": out})
    return cases


def item_lines(items, indent):
    """One JSON value a line, so that a change in torch or a template gives a small diff."""
    return ",\n".join(" " * indent + json.dumps(i, sort_keys=True) for i in items)


def write_templates(path, templates):
    parts = []
    for name, t in templates.items():
        parts.append(
            f'  "{name}": {{\n'
            f'    "input_shape": {json.dumps(t["input_shape"])},\n'
            f'    "total_params": {t["total_params"]},\n'
            f'    "state_dict": [\n{item_lines(t["state_dict"], 6)}\n    ],\n'
            f'    "leaves": [\n{item_lines(t["leaves"], 6)}\n    ]\n'
            "  }"
        )
    version = f'  "torch_version": {json.dumps(torch.__version__)}'
    write_atomic(path, "{\n" + ",\n".join([version, *parts]) + "\n}\n")


def write_windows(path, cases):
    version = json.dumps(torch.__version__)
    write_atomic(path, f'{{\n  "torch_version": {version},\n  "cases": [\n{item_lines(cases, 4)}\n  ]\n}}\n')


def main():
    torch.manual_seed(0)
    OUT.mkdir(parents=True, exist_ok=True)
    templates = {name: describe(build, size) for name, (build, size) in TEMPLATES.items()}
    write_templates(OUT / "templates.json", templates)
    write_windows(OUT / "windows.json", window_cases())
    for name, t in templates.items():
        print(f"{name:10s} {t['total_params']:>12,d} params")


if __name__ == "__main__":
    main()
