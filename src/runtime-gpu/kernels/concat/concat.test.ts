import { describe, expect, it } from 'vitest';
import { concat, concatBackward as reference } from '../../reference/merge.js';
import { randomArray, runFloat } from '../../testing.js';
import { concatBackward, concatForward } from './concat.js';

describe('concat kernels match the reference', () => {
  for (const d of [
    { n: 3, hw: 5 * 7, channels: [2, 5, 1] },
    { n: 4, hw: 1, channels: [3, 7] },
  ]) {
    it(`channels ${d.channels}, hw ${d.hw}`, async () => {
      const total = d.channels.reduce((s, c) => s + c, 0);
      const xs = d.channels.map((c, k) => Float32Array.from(randomArray(d.n * c * d.hw, k + 1)));
      const names = xs.map((_, k) => `x${k}`);
      const fwd = await runFloat(concatForward(names, 'y', d), [
        ...xs.map((data, k) => ({ name: names[k]!, shape: [data.length], data })),
        { name: 'y', shape: [d.n * total * d.hw] },
      ]);
      const want = concat(
        xs.map((data, k) => ({ data, channels: d.channels[k]! })),
        d.n,
        d.hw,
      );
      expect(Array.from(fwd.get('y')!)).toEqual(Array.from(want));

      const dy = Float32Array.from(randomArray(d.n * total * d.hw, 9));
      const dx0 = xs.map((x, k) => Float32Array.from(randomArray(x.length, 20 + k)));
      // The first input overwrites, the others add; the last needs no gradient.
      const accumulate = d.channels.map((_, k) => k > 0);
      const dxNames = names.map((n, k) => (k === names.length - 1 ? null : `d${n}`));
      const out = await runFloat(concatBackward('dy', dxNames, accumulate, d), [
        { name: 'dy', shape: [dy.length], data: dy },
        ...dx0.map((data, k) => ({ name: `d${names[k]}`, shape: [data.length], data })),
      ]);
      const grads = reference(dy, d.channels, d.n, d.hw);
      grads.forEach((g, k) => {
        const expected =
          dxNames[k] === null
            ? dx0[k]!
            : g.map((v, i) => Math.fround(v + (accumulate[k] ? dx0[k]![i]! : 0)));
        expect(Array.from(out.get(`d${names[k]}`)!)).toEqual(Array.from(expected));
      });
    });
  }
});
