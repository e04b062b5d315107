import { describe, expect, it } from 'vitest';
import { augment as reference } from '../../reference/augment.js';
import { maxRelError, runFloat } from '../../testing.js';
import { augmentCalls, type AugmentDims } from './augment.js';
import { augmentDraws, drawWidth, type AugmentOptions } from './draws.js';

// SwiftShader compiles pipelines slowly on a busy machine.
const gpu = { timeout: 60_000 };

/** Pixels as a dataset gives them: k / 255. */
const pixels = (count: number, seed: number) =>
  Float32Array.from({ length: count }, (_, i) => ((i * 7919 + seed * 104729) % 256) / 255);

async function gpuAugment(x: Float32Array, draws: Float32Array, d: AugmentDims, jitter: boolean) {
  const t = { x: 'x', draws: 'draws', y: 'y', means: 'means' };
  const out = await runFloat(augmentCalls(t, d, jitter), [
    { name: 'x', shape: [d.n, d.c, d.h, d.w], data: x },
    { name: 'draws', shape: [d.n, drawWidth], data: draws },
    { name: 'y', shape: [d.n, d.c, d.h, d.w] },
    { name: 'means', shape: [d.n] },
  ]);
  return out.get('y')!;
}

describe('augmentation kernels match the float64 reference', gpu, () => {
  const cases: [AugmentOptions, Omit<AugmentDims, 'pad'>][] = [
    [
      { flip: true, cropPad: 4, resizedCrop: false, jitter: 0 },
      { n: 5, c: 1, h: 28, w: 28 },
    ],
    [
      { flip: true, cropPad: 0, resizedCrop: true, jitter: 0 },
      { n: 4, c: 1, h: 11, w: 17 },
    ],
    [
      { flip: false, cropPad: 2, resizedCrop: true, jitter: 0.4 },
      { n: 3, c: 3, h: 9, w: 9 },
    ],
    [
      { flip: true, cropPad: 1, resizedCrop: false, jitter: 0.9 },
      { n: 2, c: 2, h: 5, w: 3 },
    ],
  ];
  for (const [k, [a, dims]] of cases.entries()) {
    it(`${JSON.stringify(a)} on ${dims.n}×${dims.c}×${dims.h}×${dims.w}`, async () => {
      const d = { ...dims, pad: a.cropPad };
      const x = pixels(d.n * d.c * d.h * d.w, k);
      const draws = augmentDraws(a, { height: d.h, width: d.w }, d.n, 11, 2 + k);
      const want = reference(x, draws, d, a.jitter > 0);
      expect(maxRelError(await gpuAugment(x, draws, d, a.jitter > 0), want)).toBeLessThanOrEqual(
        1e-5,
      );
    });
  }
});

describe('augmentation draws', () => {
  const all: AugmentOptions = { flip: true, cropPad: 4, resizedCrop: true, jitter: 0.5 };
  const shape = { height: 28, width: 28 };

  it('are the same for a seed and epoch, and differ for another epoch', () => {
    const a = augmentDraws(all, shape, 200, 3, 1);
    expect(augmentDraws(all, shape, 200, 3, 1)).toEqual(a);
    expect(augmentDraws(all, shape, 200, 3, 2)).not.toEqual(a);
  });

  it('stay within their ranges: offsets in [0, 2P], boxes inside the image, factors within B', () => {
    const d = augmentDraws(all, shape, 500, 9, 1);
    let flips = 0;
    for (let k = 0; k < 500; k++) {
      const [flip, dy, dx, top, left, h, w, b, c] = d.subarray(k * drawWidth, (k + 1) * drawWidth);
      flips += flip!;
      for (const o of [dy!, dx!]) expect(Number.isInteger(o) && o >= 0 && o <= 8).toBe(true);
      expect(h! >= 1 && top! >= 0 && top! + h! <= 28 && w! >= 1 && left! + w! <= 28).toBe(true);
      for (const f of [b!, c!]) expect(f >= 0.5 && f <= 1.5).toBe(true);
    }
    // About half flipped (500 fair coins: 5 standard deviations either side).
    expect(Math.abs(flips - 250)).toBeLessThan(56);
  });

  it('are the identity without augmentation', () => {
    const none = { flip: false, cropPad: 0, resizedCrop: false, jitter: 0 };
    expect([...augmentDraws(none, shape, 1, 0, 1)]).toEqual([0, 0, 0, 0, 0, 28, 28, 1, 1]);
  });
});
