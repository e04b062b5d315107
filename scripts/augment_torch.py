"""CNN Studio's augmentation of one image from its draws (src/runtime-gpu/kernels/augment/
draws.ts: flip, crop offsets dy dx, resized-crop box top left h w, brightness, contrast), with
torchvision's functional ops, in CNN Studio's order: resized_crop (bilinear, no antialias),
zero padding P and the crop back to size, hflip, adjust_brightness, adjust_contrast. Shared by
scripts/golden_augment.py and scripts/lenet_reference.py (which replays a run's draws)."""

import torch.nn.functional as F
import torchvision.transforms.functional as TF
from torchvision.transforms import InterpolationMode


def apply(img, d, pad, jitter):
    flip, dy, dx, top, left, bh, bw, bright, contrast = (float(v) for v in d)
    c, h, w = img.shape
    out = img
    if (top, left, bh, bw) != (0, 0, h, w):
        out = TF.resized_crop(img, int(top), int(left), int(bh), int(bw), [h, w],
                              InterpolationMode.BILINEAR, antialias=False)
    out = F.pad(out, (pad, pad, pad, pad))[:, int(dy):int(dy) + h, int(dx):int(dx) + w]
    if flip > 0.5:
        out = TF.hflip(out)
    if jitter:
        out = TF.adjust_brightness(out, bright)
        out = TF.adjust_contrast(out, contrast)
    return out
