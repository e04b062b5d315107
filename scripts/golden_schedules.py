"""Goldens for CNN Studio's learning-rate schedules (src/training/schedule.ts): the rate every
step of a run trains with, as torch.optim.lr_scheduler's own schedulers give it (stepped once
per optimizer step). Writes fixtures/training/schedules.json.

Run with Debian's python3-torch: /usr/bin/python3 scripts/golden_schedules.py
"""

import json
from pathlib import Path

import torch
from torch.optim import lr_scheduler as S

ROOT = Path(__file__).resolve().parent.parent
LR, EPOCHS, STEPS = 0.1, 4, 7
TOTAL = EPOCHS * STEPS


def rates(make):
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=LR)
    sched = make(opt)
    out = []
    for _ in range(TOTAL):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return out


def warmup_cosine(w):
    return lambda opt: S.SequentialLR(
        opt,
        [S.LinearLR(opt, start_factor=1 / w, total_iters=w - 1),
         S.CosineAnnealingLR(opt, T_max=TOTAL - w)],
        milestones=[w],
    )


cases = [
    ("constant", 0, lambda opt: S.LambdaLR(opt, lambda t: 1.0)),
    # StepLR is stepped per epoch: every E epochs is every E × STEPS steps.
    ("step:1:0.5", 0, lambda opt: S.StepLR(opt, step_size=STEPS, gamma=0.5)),
    ("step:3:0.1", 0, lambda opt: S.StepLR(opt, step_size=3 * STEPS, gamma=0.1)),
    ("cosine", 0, lambda opt: S.CosineAnnealingLR(opt, T_max=TOTAL)),
    ("cosine", 1, warmup_cosine(STEPS)),
    ("cosine", 2, warmup_cosine(2 * STEPS)),
    ("onecycle", 0, lambda opt: S.OneCycleLR(opt, max_lr=LR, total_steps=TOTAL, cycle_momentum=False)),
]

golden = {
    "lr": LR,
    "epochs": EPOCHS,
    "stepsPerEpoch": STEPS,
    "cases": [{"schedule": s, "warmup": w, "rates": rates(make)} for s, w, make in cases],
}
out = ROOT / "fixtures" / "training" / "schedules.json"
out.parent.mkdir(parents=True, exist_ok=True)
out.write_text(json.dumps(golden) + "\n")
print(f"wrote {out}")
