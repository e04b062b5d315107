import { describe, expect, it } from 'vitest';
import type { AdaptivePoolDims } from '../kernels/adaptivepool/dims.js';
import { randomArray } from '../testing.js';
import { adaptiveAvgPool, adaptiveAvgPoolBackward } from './adaptivePool.js';
import { dot, numericGradient } from './gradcheck.js';

const cases: AdaptivePoolDims[] = [
  { n: 2, c: 2, h: 6, w: 6, oh: 3, ow: 2 },
  // Uneven windows that overlap: 5 → 3 takes rows {0,1}, {1,2,3}, {3,4}.
  { n: 1, c: 3, h: 5, w: 7, oh: 3, ow: 4 },
  // More outputs than inputs.
  { n: 1, c: 1, h: 2, w: 3, oh: 5, ow: 4 },
];

describe('adaptive average pooling reference', () => {
  it.each(cases)('matches finite differences, $h×$w → $oh×$ow', (d) => {
    const x = randomArray(d.n * d.c * d.h * d.w, 1);
    const r = randomArray(d.n * d.c * d.oh * d.ow, 2);
    const numeric = numericGradient((v) => dot(adaptiveAvgPool(v, d), r), x);
    adaptiveAvgPoolBackward(r, d).forEach((g, i) => expect(g).toBeCloseTo(numeric[i]!, 7));
  });

  it('averages the windows PyTorch takes, by hand', () => {
    // One row 0..4 pooled to 3 cells: means of {0,1}, {1,2,3}, {3,4}.
    const y = adaptiveAvgPool([0, 1, 2, 3, 4], { n: 1, c: 1, h: 1, w: 5, oh: 1, ow: 3 });
    expect(Array.from(y)).toEqual([0.5, 2, 3.5]);
  });
});
