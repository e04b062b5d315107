import { describe, expect, it } from 'vitest';
import { globalAvgPool, globalAvgPoolBackward as reference } from '../../reference/pool.js';
import { maxRelError, randomArray, runFloat } from '../../testing.js';
import { globalAvgPoolBackward, globalAvgPoolForward } from './globalpool.js';

describe('global average pool kernels match the float64 reference', () => {
  for (const d of [
    { n: 3, c: 5, h: 7, w: 9 },
    { n: 2, c: 4, h: 1, w: 1 },
  ]) {
    it(`${d.n}×${d.c}×${d.h}×${d.w}`, async () => {
      const planes = d.n * d.c;
      const size = d.h * d.w;
      const x = Float32Array.from(randomArray(planes * size, 5));
      const dy = Float32Array.from(randomArray(planes, 6));
      const dx0 = Float32Array.from(randomArray(planes * size, 7));
      const fwd = await runFloat(globalAvgPoolForward('x', 'y', d), [
        { name: 'x', shape: [planes * size], data: x },
        { name: 'y', shape: [planes] },
      ]);
      expect(maxRelError(fwd.get('y')!, globalAvgPool(x, planes, size))).toBeLessThanOrEqual(1e-5);
      for (const accumulate of [false, true]) {
        const out = await runFloat(globalAvgPoolBackward('dy', 'dx', d, accumulate), [
          { name: 'dy', shape: [planes], data: dy },
          { name: 'dx', shape: [planes * size], data: dx0 },
        ]);
        const want = reference(dy, planes, size).map((v, i) => v + (accumulate ? dx0[i]! : 0));
        expect(maxRelError(out.get('dx')!, want)).toBeLessThanOrEqual(1e-5);
      }
    });
  }
});
