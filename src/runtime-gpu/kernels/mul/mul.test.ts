import { describe, expect, it } from 'vitest';
import { mul, mulBackward as reference } from '../../reference/merge.js';
import { maxRelError, randomArray, runFloat } from '../../testing.js';
import { mulBackward, mulForward, type MulDims } from './mul.js';

const [n, c, hw] = [3, 5, 7];
const count = n * c * hw;
const cases: [string, MulDims][] = [
  ['scale × map (squeeze-and-excitation)', { count, hw, aPerChannel: true, bPerChannel: false }],
  ['map × scale', { count, hw, aPerChannel: false, bPerChannel: true }],
  ['equal shapes', { count, hw, aPerChannel: false, bPerChannel: false }],
];

describe('mul kernels match the float64 reference', () => {
  it.each(cases)(
    '%s',
    async (_, d) => {
      const size = (perChannel: boolean) => (perChannel ? n * c : count);
      const a = Float32Array.from(randomArray(size(d.aPerChannel), 1));
      const b = Float32Array.from(randomArray(size(d.bPerChannel), 2));
      const dy = Float32Array.from(randomArray(count, 3));
      const da0 = Float32Array.from(randomArray(a.length, 4));
      const db0 = Float32Array.from(randomArray(b.length, 5));
      const accumulate: [boolean, boolean] = [true, false];
      const out = await runFloat(
        [
          ...mulForward({ a: 'a', b: 'b', y: 'y' }, d),
          ...mulBackward({ a: 'a', b: 'b', dy: 'dy', da: 'da', db: 'db' }, d, accumulate),
        ],
        [
          { name: 'a', shape: [a.length], data: a },
          { name: 'b', shape: [b.length], data: b },
          { name: 'y', shape: [count] },
          { name: 'dy', shape: [count], data: dy },
          { name: 'da', shape: [a.length], data: da0 },
          { name: 'db', shape: [b.length], data: db0 },
        ],
      );
      const A = { data: a, perChannel: d.aPerChannel };
      const B = { data: b, perChannel: d.bPerChannel };
      expect(maxRelError(out.get('y')!, mul(A, B, count, hw))).toBeLessThanOrEqual(1e-5);
      const [da, db] = reference(A, B, dy, hw);
      expect(
        maxRelError(
          out.get('da')!,
          da.map((v, i) => v + da0[i]!),
        ),
      ).toBeLessThanOrEqual(1e-5);
      expect(maxRelError(out.get('db')!, db)).toBeLessThanOrEqual(1e-5);
    },
    60_000,
  );
});
