import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { elementCount } from '../../kernel.js';
import { maxRelError, runFloat } from '../../testing.js';
import { avgPool2dBackward, avgPool2dForward, poolOutput, type Pool2dDims } from './pool.js';

/** The pooling part of fixtures/ops/layers.json (scripts/golden_ops_layers.py). */
type Case = Record<'x' | 'y' | 'dy' | 'dx', number[]>;
interface Golden {
  pool: { dims: Pool2dDims; avg: Case; avgExcludingPad: Case }[];
}

const golden = JSON.parse(
  readFileSync(new URL('../../../../fixtures/ops/layers.json', import.meta.url), 'utf8'),
) as Golden;

describe('AvgPool2d kernels agree with PyTorch, ceil_mode divisors included', () => {
  const cases = golden.pool.flatMap((c) => [
    { d: c.dims, avg: c.avg },
    { d: { ...c.dims, countIncludePad: false }, avg: c.avgExcludingPad },
  ]);
  for (const { d, avg } of cases) {
    const counts = d.countIncludePad === false ? ' excluding padding' : '';
    it(`${d.h}×${d.w} k${d.kernel} s${d.stride} p${d.padding} ceil ${d.ceilMode}${counts}`, async () => {
      const outShape = [d.n, d.c, ...poolOutput(d)];
      expect(elementCount(outShape)).toBe(avg.y.length);
      const out = await runFloat(
        [...avgPool2dForward('x', 'y', d), ...avgPool2dBackward('dy', 'dx', d, false)],
        [
          { name: 'x', shape: [avg.x.length], data: Float32Array.from(avg.x) },
          { name: 'y', shape: outShape },
          { name: 'dy', shape: outShape, data: Float32Array.from(avg.dy) },
          { name: 'dx', shape: [avg.x.length] },
        ],
      );
      expect(maxRelError(out.get('y')!, avg.y)).toBeLessThanOrEqual(1e-5);
      expect(maxRelError(out.get('dx')!, avg.dx)).toBeLessThanOrEqual(1e-5);
    });
  }
});
