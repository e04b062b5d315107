import { describe, expect, it } from 'vitest';
import { adaptiveAvgPool, adaptiveAvgPoolBackward } from '../../reference/adaptivePool.js';
import { pointwiseGolden, values } from '../../test/pointwiseGolden.js';
import { maxRelError, runFloat } from '../../testing.js';
import { adaptiveAvgPoolBackward as backward, adaptiveAvgPoolForward } from './adaptivepool.js';
import type { AdaptivePoolDims } from './dims.js';

interface Golden {
  dims: AdaptivePoolDims;
  x: number[];
  y: number[];
  dy: number[];
  dx: number[];
}

describe('AdaptiveAvgPool2d against PyTorch', () => {
  it.each(pointwiseGolden<Golden>('adaptiveAvgPool'))(
    '$dims.h×$dims.w → $dims.oh×$dims.ow',
    async (g) => {
      const d = g.dims;
      const out = await runFloat(
        [...adaptiveAvgPoolForward('x', 'y', d), ...backward('dy', 'dx', d, false)],
        [
          { name: 'x', shape: [g.x.length], data: values(g.x) },
          { name: 'y', shape: [g.y.length] },
          { name: 'dy', shape: [g.dy.length], data: values(g.dy) },
          { name: 'dx', shape: [g.dx.length] },
        ],
      );
      expect(maxRelError(out.get('y')!, g.y), 'kernel y').toBeLessThanOrEqual(1e-5);
      expect(maxRelError(out.get('dx')!, g.dx), 'kernel dx').toBeLessThanOrEqual(1e-5);
      expect(maxRelError(adaptiveAvgPool(g.x, d), g.y), 'reference y').toBeLessThanOrEqual(1e-6);
      expect(
        maxRelError(adaptiveAvgPoolBackward(g.dy, d), g.dx),
        'reference dx',
      ).toBeLessThanOrEqual(1e-6);
    },
    60_000,
  );
});
