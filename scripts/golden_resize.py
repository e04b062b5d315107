"""Golden fixture for the GPU bilinear resize (src/runtime-gpu/kernels/resize/resize.test.ts).

Records torch.nn.functional.interpolate(x, size, mode='bilinear', align_corners=False,
antialias=False) for a few inputs and sizes (up, down, odd ratios, identity, 28 -> 96) into
fixtures/golden/resize.safetensors, keys `x.<case>` and `y.<case>.<H>x<W>`.
Run with Debian's python3-torch: /usr/bin/python3 scripts/golden_resize.py
"""

import sys
from pathlib import Path

import torch
from torch.nn import functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
from safetensors_torch import save  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "golden" / "resize.safetensors"

CASES = {
    "small": ((2, 3, 5, 7), [(11, 13), (3, 4), (5, 7), (8, 3), (1, 1)]),
    "mnist": ((1, 1, 28, 28), [(96, 96)]),
}


def main() -> None:
    torch.manual_seed(0)
    tensors = {}
    for name, (shape, sizes) in CASES.items():
        x = torch.rand(shape)
        tensors[f"x.{name}"] = x
        for h, w in sizes:
            y = F.interpolate(x, size=(h, w), mode="bilinear", align_corners=False, antialias=False)
            tensors[f"y.{name}.{h}x{w}"] = y
    save(tensors, str(OUT), {"torch": torch.__version__})


if __name__ == "__main__":
    main()
