import { describe, expect, it } from 'vitest';
import { mul, mulBackward as reference } from '../../reference/merge.js';
import { pointwiseGolden, values } from '../../test/pointwiseGolden.js';
import { maxRelError, runFloat } from '../../testing.js';
import { mulBackward, mulForward, type MulDims } from './mul.js';

interface Golden {
  dims: MulDims;
  a: number[];
  b: number[];
  y: number[];
  dy: number[];
  da: number[];
  db: number[];
}

describe('Mul against PyTorch', () => {
  it.each(pointwiseGolden<Golden>('mul'))(
    'a per channel $dims.aPerChannel, b per channel $dims.bPerChannel',
    async (g) => {
      const d = g.dims;
      const tensor = (name: 'a' | 'b' | 'dy') => ({
        name,
        shape: [g[name].length],
        data: values(g[name]),
      });
      const out = await runFloat(
        [
          ...mulForward({ a: 'a', b: 'b', y: 'y' }, d),
          ...mulBackward({ a: 'a', b: 'b', dy: 'dy', da: 'da', db: 'db' }, d, [false, false]),
        ],
        [
          tensor('a'),
          tensor('b'),
          tensor('dy'),
          { name: 'y', shape: [g.y.length] },
          { name: 'da', shape: [g.da.length] },
          { name: 'db', shape: [g.db.length] },
        ],
      );
      for (const k of ['y', 'da', 'db'] as const) {
        expect(maxRelError(out.get(k)!, g[k]), `kernel ${k}`).toBeLessThanOrEqual(1e-5);
      }
      const A = { data: g.a, perChannel: d.aPerChannel };
      const B = { data: g.b, perChannel: d.bPerChannel };
      const [da, db] = reference(A, B, g.dy, d.hw);
      expect(maxRelError(mul(A, B, d.count, d.hw), g.y), 'reference y').toBeLessThanOrEqual(1e-6);
      expect(maxRelError(da, g.da), 'reference da').toBeLessThanOrEqual(1e-6);
      expect(maxRelError(db, g.db), 'reference db').toBeLessThanOrEqual(1e-6);
    },
    60_000,
  );
});
