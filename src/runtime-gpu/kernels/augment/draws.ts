import { mulberry32 } from '../../data/random.js';

/** Which augmentations a run applies (the training settings' `augment`, parsed). */
export interface AugmentOptions {
  flip: boolean;
  /** Zero padding on every side before cropping back to size; 0: none. */
  cropPad: number;
  resizedCrop: boolean;
  /** Brightness and contrast factors drawn from [1 − B, 1 + B]; 0: none. */
  jitter: number;
}

export const augments = (a: AugmentOptions): boolean =>
  a.flip || a.cropPad > 0 || a.resizedCrop || a.jitter > 0;

/**
 * The values drawn for one sample, in this order: flip (0 or 1), the crop's offsets dy, dx in
 * [0, 2P] (the window's corner in the padded image), the resized crop's box top, left, height,
 * width (the whole image without one), the brightness and contrast factors (1 without jitter).
 */
export const drawWidth = 9;

/**
 * Every sample's draws of one epoch, [count × drawWidth], for the samples in the order the epoch
 * takes them: seeded by (seed, epoch), so a run and its resumption draw the same, and written by
 * `train --save-start` so another framework can replay them.
 */
export function augmentDraws(
  a: AugmentOptions,
  shape: { height: number; width: number },
  count: number,
  seed: number,
  epoch: number,
): Float32Array {
  const { height: H, width: W } = shape;
  const random = mulberry32((Math.imul(seed ^ 0x68e31da4, 0x85ebca6b) + epoch * 0x27d4eb2f) >>> 0);
  const uniform = (lo: number, hi: number) => lo + (hi - lo) * random();
  const int = (n: number) => Math.min(Math.floor(random() * n), n - 1);
  const out = new Float32Array(count * drawWidth);
  for (let k = 0; k < count; k++) {
    const d = out.subarray(k * drawWidth, (k + 1) * drawWidth);
    d.set([0, a.cropPad, a.cropPad, 0, 0, H, W, 1, 1]);
    if (a.resizedCrop) d.set(resizedCropBox(H, W, uniform, int), 3);
    if (a.cropPad > 0) {
      d[1] = int(2 * a.cropPad + 1);
      d[2] = int(2 * a.cropPad + 1);
    }
    if (a.flip) d[0] = random() < 0.5 ? 1 : 0;
    if (a.jitter > 0) {
      d[7] = uniform(1 - a.jitter, 1 + a.jitter);
      d[8] = uniform(1 - a.jitter, 1 + a.jitter);
    }
  }
  return out;
}

/**
 * torchvision's RandomResizedCrop.get_params (scale 0.08–1, ratio 3/4–4/3): ten tries at a box
 * of random area and aspect inside the image, then the central crop of the nearest ratio.
 */
function resizedCropBox(
  H: number,
  W: number,
  uniform: (lo: number, hi: number) => number,
  int: (n: number) => number,
): [number, number, number, number] {
  const area = H * W;
  for (let attempt = 0; attempt < 10; attempt++) {
    const target = area * uniform(0.08, 1);
    const aspect = Math.exp(uniform(Math.log(3 / 4), Math.log(4 / 3)));
    const w = Math.round(Math.sqrt(target * aspect));
    const h = Math.round(Math.sqrt(target / aspect));
    if (w > 0 && w <= W && h > 0 && h <= H) return [int(H - h + 1), int(W - w + 1), h, w];
  }
  const ratio = W / H;
  const [h, w] =
    ratio < 3 / 4
      ? [Math.round(W / (3 / 4)), W]
      : ratio > 4 / 3
        ? [H, Math.round(H * (4 / 3))]
        : [H, W];
  return [Math.floor((H - h) / 2), Math.floor((W - w) / 2), h, w];
}
