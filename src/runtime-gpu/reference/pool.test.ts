import { describe, expect, it } from 'vitest';
import type { Pool2dDims } from '../kernels/pool/dims.js';
import { randomArray } from '../testing.js';
import { dot, numericGradient } from './gradcheck.js';
import {
  avgPool2d,
  avgPool2dBackward,
  globalAvgPool,
  globalAvgPoolBackward,
  maxPool2d,
  maxPool2dBackward,
} from './pool.js';

const cases: Pool2dDims[] = [
  { n: 2, c: 3, h: 5, w: 7, kernel: [3, 3], stride: [2, 2], padding: [1, 1], ceilMode: false },
  { n: 1, c: 2, h: 6, w: 5, kernel: [2, 3], stride: [3, 4], padding: [0, 1], ceilMode: true },
  { n: 1, c: 1, h: 7, w: 7, kernel: [3, 2], stride: [2, 2], padding: [1, 1], ceilMode: true },
];

describe('pooling references match finite differences', () => {
  for (const d of cases) {
    const size = d.n * d.c * d.h * d.w;
    const label = `${d.h}×${d.w} k${d.kernel} s${d.stride} p${d.padding} ceil ${d.ceilMode}`;
    it(`avg pool ${label}`, () => {
      const x = randomArray(size, 3);
      const r = randomArray(avgPool2d(x, d).length, 4);
      const numeric = numericGradient((v) => dot(avgPool2d(v, d), r), x);
      const analytic = avgPool2dBackward(r, d);
      analytic.forEach((g, i) => expect(g).toBeCloseTo(numeric[i]!, 6));
    });
    it(`max pool ${label}`, () => {
      const x = randomArray(size, 5);
      const { y, argmax } = maxPool2d(x, d);
      const r = randomArray(y.length, 6);
      const numeric = numericGradient((v) => dot(maxPool2d(v, d).y, r), x);
      const analytic = maxPool2dBackward(r, argmax, d);
      analytic.forEach((g, i) => expect(g).toBeCloseTo(numeric[i]!, 6));
    });
  }

  it('global average pool', () => {
    const x = randomArray(3 * 10, 7);
    const r = randomArray(3, 8);
    const numeric = numericGradient((v) => dot(globalAvgPool(v, 3, 10), r), x);
    const analytic = globalAvgPoolBackward(r, 3, 10);
    analytic.forEach((g, i) => expect(g).toBeCloseTo(numeric[i]!, 6));
  });
});
