import type { AugmentDims } from '../kernels/augment/augment.js';
import { drawWidth } from '../kernels/augment/draws.js';

/**
 * Float64 reference of the augmentation kernels: per sample, the resized crop's box read
 * bilinearly back to h × w, the random crop of the zero-padded result, the horizontal flip,
 * brightness then contrast (each clamped to [0, 1]), as torchvision's functional ops on tensors.
 */
export function augment(
  x: ArrayLike<number>,
  draws: ArrayLike<number>,
  d: AugmentDims,
  jitter: boolean,
): Float64Array {
  const { n, c, h, w, pad } = d;
  const plane = h * w;
  const y = new Float64Array(n * c * plane);
  const source = (o: number, box: number, size: number) => {
    const s = Math.max((box / size) * (o + 0.5) - 0.5, 0);
    const i0 = Math.min(Math.floor(s), box - 1);
    return [i0, Math.min(i0 + 1, box - 1), s - i0] as const;
  };
  for (let s = 0; s < n; s++) {
    const [flip, dy, dx, top, left, bh, bw, bright, contrast] = Array.from(
      { length: drawWidth },
      (_, k) => draws[s * drawWidth + k]!,
    ) as number[];
    for (let ch = 0; ch < c; ch++) {
      const base = (s * c + ch) * plane + top! * w + left!;
      for (let oy = 0; oy < h; oy++) {
        for (let ox0 = 0; ox0 < w; ox0++) {
          const ox = flip! > 0.5 ? w - 1 - ox0 : ox0;
          const cy = oy + dy! - pad;
          const cx = ox + dx! - pad;
          let v = 0;
          if (cy >= 0 && cy < h && cx >= 0 && cx < w) {
            const [y0, y1, ly] = source(cy, bh!, h);
            const [x0, x1, lx] = source(cx, bw!, w);
            const at = (yy: number, xx: number) => x[base + yy * w + xx]!;
            const t = (1 - lx) * at(y0, x0) + lx * at(y0, x1);
            const b = (1 - lx) * at(y1, x0) + lx * at(y1, x1);
            v = (1 - ly) * t + ly * b;
          }
          y[(s * c + ch) * plane + oy * w + ox0] = Math.min(Math.max(v * bright!, 0), 1);
        }
      }
    }
    if (!jitter) continue;
    const at = y.subarray(s * c * plane, (s + 1) * c * plane);
    let mean = 0;
    if (c === 3) {
      for (let p = 0; p < plane; p++) {
        mean += 0.2989 * at[p]! + 0.587 * at[plane + p]! + 0.114 * at[2 * plane + p]!;
      }
      mean /= plane;
    } else {
      mean = at.reduce((a, v) => a + v, 0) / at.length;
    }
    at.forEach(
      (v, i) => (at[i] = Math.min(Math.max(contrast! * v + (1 - contrast!) * mean, 0), 1)),
    );
  }
  return y;
}
