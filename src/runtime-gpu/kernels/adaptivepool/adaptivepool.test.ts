import { describe, expect, it } from 'vitest';
import { adaptiveAvgPool, adaptiveAvgPoolBackward } from '../../reference/adaptivePool.js';
import { maxRelError, randomArray, runFloat } from '../../testing.js';
import { adaptiveAvgPoolBackward as backward, adaptiveAvgPoolForward } from './adaptivepool.js';
import type { AdaptivePoolDims } from './dims.js';

const cases: AdaptivePoolDims[] = [
  { n: 2, c: 3, h: 12, w: 12, oh: 6, ow: 6 },
  { n: 1, c: 2, h: 7, w: 9, oh: 3, ow: 4 },
  { n: 2, c: 1, h: 3, w: 2, oh: 5, ow: 7 },
  { n: 1, c: 4, h: 13, w: 11, oh: 1, ow: 1 },
];

describe('adaptive average pooling kernels match the float64 reference', () => {
  it.each(cases)(
    '$h×$w → $oh×$ow',
    async (d) => {
      const inCount = d.n * d.c * d.h * d.w;
      const outCount = d.n * d.c * d.oh * d.ow;
      const x = Float32Array.from(randomArray(inCount, 1));
      const dy = Float32Array.from(randomArray(outCount, 2));
      const dx0 = Float32Array.from(randomArray(inCount, 3));
      for (const accumulate of [false, true]) {
        const out = await runFloat(
          [...adaptiveAvgPoolForward('x', 'y', d), ...backward('dy', 'dx', d, accumulate)],
          [
            { name: 'x', shape: [inCount], data: x },
            { name: 'y', shape: [outCount] },
            { name: 'dy', shape: [outCount], data: dy },
            { name: 'dx', shape: [inCount], data: dx0 },
          ],
        );
        expect(maxRelError(out.get('y')!, adaptiveAvgPool(x, d))).toBeLessThanOrEqual(1e-5);
        const want = adaptiveAvgPoolBackward(dy, d).map((v, i) => v + (accumulate ? dx0[i]! : 0));
        expect(maxRelError(out.get('dx')!, want)).toBeLessThanOrEqual(1e-5);
      }
    },
    60_000,
  );
});
