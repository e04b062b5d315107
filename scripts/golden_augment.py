"""Goldens for CNN Studio's augmentation (src/runtime-gpu/reference/augment.ts): images and
per-sample draws (flip, crop offsets, resized-crop box, brightness, contrast) applied with
torchvision's functional ops on tensors in the order CNN Studio applies them: resized_crop
(bilinear, no antialias), pad + crop, hflip, adjust_brightness, adjust_contrast.
Writes fixtures/training/augment.json.

Run with Debian's python3-torch: /usr/bin/python3 scripts/golden_augment.py
"""

import json
from pathlib import Path

import torch
from augment_torch import apply

ROOT = Path(__file__).resolve().parent.parent


g = torch.Generator().manual_seed(7)
cases = []
for (n, c, h, w, pad, jitter) in [(3, 1, 9, 7, 2, False), (2, 3, 8, 8, 0, True), (3, 1, 12, 10, 3, True)]:
    x = torch.rand(n, c, h, w, generator=g, dtype=torch.float64)
    draws = []
    for k in range(n):
        bh = int(torch.randint(1, h + 1, (1,), generator=g))
        bw = int(torch.randint(1, w + 1, (1,), generator=g))
        draws.append([
            float(k % 2), float(torch.randint(0, 2 * pad + 1, (1,), generator=g)),
            float(torch.randint(0, 2 * pad + 1, (1,), generator=g)),
            float(torch.randint(0, h - bh + 1, (1,), generator=g)),
            float(torch.randint(0, w - bw + 1, (1,), generator=g)), float(bh), float(bw),
            0.6 + 0.8 * float(torch.rand(1, generator=g)) if jitter else 1.0,
            0.6 + 0.8 * float(torch.rand(1, generator=g)) if jitter else 1.0,
        ])
    y = torch.stack([apply(x[k], draws[k], pad, jitter) for k in range(n)])
    cases.append({"dims": {"n": n, "c": c, "h": h, "w": w, "pad": pad}, "jitter": jitter,
                  "x": x.flatten().tolist(), "draws": draws, "y": y.flatten().tolist()})

out = ROOT / "fixtures" / "training" / "augment.json"
out.write_text(json.dumps({"cases": cases}) + "\n")
print(f"wrote {out}")
