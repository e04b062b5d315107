"""PyTorch reference for the LeNet parity check (issue 4): LeNet trained with d2l's `train_ch6`
recipe on the same gzipped IDX files `cnn-studio train` reads. --net lenet (the default) is the
chapter's LeNet (5.5: sigmoid, max pooling, no padding, 44,426 parameters); --net lenet-d2l is
d2l.ai's (7.6 there: average pooling, padding 2, 61,706 parameters), as the templates of the
same names. Both come from scripts/golden_templates.py, with CNN Studio's module names.

Prints one JSON line per epoch: epoch, loss (mean train loss over the epoch's samples), train_acc,
test_acc (eval mode), samples_per_s. Same knobs as the CLI: --epochs, --batch, --lr, --limit
(the first N training and the first N test samples, as `cnn-studio train --limit N`).

--init default keeps PyTorch's default initialisation; --init xavier
applies d2l's init_cnn (xavier_uniform_ on every Conv2d and Linear weight; biases unchanged).
--start FILE replays a CNN Studio run: FILE (safetensors, see scripts/lenetReplay.ts) holds its
initial state_dict and, as order1, order2, ..., each epoch's sample order; the run then starts
from those weights and takes batches in that order instead of its own draws.

--schedule constant|step:E:G|cosine|onecycle [--warmup N] sets the learning rate per step with
torch.optim.lr_scheduler's own schedulers (StepLR, CosineAnnealingLR after a LinearLR warmup,
OneCycleLR without momentum cycling), as CNN Studio's schedules are defined.
--augment flip,crop:P,resized-crop,jitter:B (with --start) replays the run's augmentation: the
start file's augment1, augment2, ... hold each position's draws, applied with torchvision's
functional ops (scripts/augment_torch.py).

--step-losses adds each step's loss to the epoch's line ("step_losses"), for the divergence
rule's benchmark (bench/divergence.ts).

--device cuda trains on the GPU; the seed's initial weights and shuffles are the same as on the
CPU (both are drawn on the CPU), only the rounding differs.

Run with Debian's python3-torch: /usr/bin/python3 scripts/lenet_reference.py --epochs 3
"""

import argparse
import gzip
import json
import struct
import time
from pathlib import Path

import torch
from torch import nn
from torch.optim import lr_scheduler

from augment_torch import apply as augment
from golden_templates import lenet, lenet_d2l
from safetensors_torch import load as load_safetensors

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "build" / "datasets" / "fashion-mnist"


def read_idx(path):
    raw = gzip.open(path, "rb").read() if path.suffix == ".gz" else path.read_bytes()
    dims = raw[3]
    shape = struct.unpack(">" + "I" * dims, raw[4 : 4 + 4 * dims])
    return torch.frombuffer(bytearray(raw[4 + 4 * dims :]), dtype=torch.uint8).reshape(shape)


def load(split, limit):
    images = read_idx(DATA / f"{split}-images-idx3-ubyte.gz")
    labels = read_idx(DATA / f"{split}-labels-idx1-ubyte.gz")
    if limit is not None:
        images, labels = images[:limit], labels[:limit]
    # torchvision's ToTensor: pixel / 255, NCHW.
    return images.float().div(255).unsqueeze(1), labels.long()


def init_cnn(module):
    if isinstance(module, (nn.Linear, nn.Conv2d)):
        nn.init.xavier_uniform_(module.weight)


def accuracy(net, x, y, batch):
    net.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(y), batch):
            correct += (net(x[i : i + batch]).argmax(1) == y[i : i + batch]).sum().item()
    return correct / len(y)


def scheduler(opt, text, warmup, epochs, steps_per_epoch):
    total = epochs * steps_per_epoch
    if text == "constant":
        return lr_scheduler.LambdaLR(opt, lambda t: 1.0)
    if text.startswith("step:"):
        _, every, gamma = text.split(":")
        return lr_scheduler.StepLR(opt, step_size=int(every) * steps_per_epoch, gamma=float(gamma))
    if text == "cosine" and warmup == 0:
        return lr_scheduler.CosineAnnealingLR(opt, T_max=total)
    if text == "cosine":
        w = warmup * steps_per_epoch
        return lr_scheduler.SequentialLR(
            opt,
            [lr_scheduler.LinearLR(opt, start_factor=1 / w, total_iters=w - 1),
             lr_scheduler.CosineAnnealingLR(opt, T_max=total - w)],
            milestones=[w],
        )
    if text == "onecycle":
        return lr_scheduler.OneCycleLR(opt, max_lr=opt.defaults["lr"], total_steps=total,
                                       cycle_momentum=False)
    raise SystemExit(f"unknown --schedule {text}")


def augmentation(text):
    """(pad, jitter) of an --augment list; flip and resized-crop need nothing but the draws."""
    pad, jitter = 0, False
    for part in filter(None, text.split(",")):
        if part.startswith("crop:"):
            pad = int(part[5:])
        elif part.startswith("jitter:"):
            jitter = True
    return pad, jitter


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--lr", type=float, default=0.9)
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--init", choices=["default", "xavier"], default="default")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--device", default="cpu")
    p.add_argument("--start", default=None)
    p.add_argument("--net", choices=["lenet", "lenet-d2l"], default="lenet")
    p.add_argument("--step-losses", action="store_true")
    p.add_argument("--schedule", default="constant")
    p.add_argument("--warmup", type=int, default=0)
    p.add_argument("--augment", default="")
    a = p.parse_args()

    torch.manual_seed(a.seed)
    torch.set_num_threads(a.threads)
    train_x, train_y = (t.to(a.device) for t in load("train", a.limit))
    test_x, test_y = (t.to(a.device) for t in load("t10k", a.limit))
    net = lenet() if a.net == "lenet" else lenet_d2l()
    if a.init == "xavier":
        net.apply(init_cnn)
    replay = load_safetensors(a.start) if a.start else None
    if replay is not None:
        net.load_state_dict(
            {k: v for k, v in replay.items() if not k.startswith(("order", "augment"))}
        )
    net.to(a.device)
    opt = torch.optim.SGD(net.parameters(), lr=a.lr)
    steps_per_epoch = -(-len(train_y) // a.batch)
    sched = scheduler(opt, a.schedule, a.warmup, a.epochs, steps_per_epoch)
    pad, jitter = augmentation(a.augment)
    if a.augment and replay is None:
        raise SystemExit("--augment replays a run's draws: give --start")
    loss_fn = nn.CrossEntropyLoss()

    for epoch in range(1, a.epochs + 1):
        net.train()
        order = torch.randperm(len(train_y)) if replay is None else replay[f"order{epoch}"].long()
        loss_sum, correct, seen, losses = 0.0, 0, 0, []
        start = time.perf_counter()
        # DataLoader(shuffle=True, drop_last=False): a smaller last batch is kept.
        for i in range(0, len(order), a.batch):
            idx = order[i : i + a.batch]
            x, y = train_x[idx], train_y[idx]
            if a.augment:
                draws = replay[f"augment{epoch}"][i : i + a.batch]
                x = torch.stack([augment(x[k], draws[k], pad, jitter) for k in range(len(idx))])
            out = net(x)
            loss = loss_fn(out, y)
            opt.zero_grad()
            loss.backward()
            last_lr = opt.param_groups[0]["lr"]
            opt.step()
            sched.step()
            loss_sum += loss.item() * len(y)
            losses.append(loss.item())
            correct += (out.argmax(1) == y).sum().item()
            seen += len(y)
        seconds = time.perf_counter() - start
        report = {
            "epoch": epoch,
            "loss": loss_sum / seen,
            "train_acc": correct / seen,
            "test_acc": accuracy(net, test_x, test_y, a.batch),
            "samples_per_s": seen / seconds,
            "lr": last_lr,
        }
        if a.step_losses:
            report["step_losses"] = losses
        print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
