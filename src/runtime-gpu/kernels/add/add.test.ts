import { describe, expect, it } from 'vitest';
import { add } from '../../reference/merge.js';
import { maxRelError, randomArray, runFloat } from '../../testing.js';
import { addBackward, addForward } from './add.js';

describe('add kernels', () => {
  const count = 777;
  for (const inputs of [2, 8]) {
    it(`sums ${inputs} inputs`, async () => {
      const xs = Array.from({ length: inputs }, (_, k) =>
        Float32Array.from(randomArray(count, k + 1)),
      );
      const names = xs.map((_, k) => `x${k}`);
      const calls = addForward(names, 'y', count);
      expect(calls.length).toBe(Math.ceil(inputs / 6));
      const out = await runFloat(calls, [
        ...xs.map((data, k) => ({ name: names[k]!, shape: [count], data })),
        { name: 'y', shape: [count], data: Float32Array.from(randomArray(count, 99)) },
      ]);
      expect(maxRelError(out.get('y')!, add(xs))).toBeLessThanOrEqual(1e-6);
    });
  }

  it('passes dy to every input, overwriting or adding per input', async () => {
    const dy = Float32Array.from(randomArray(count, 5));
    const d0 = Float32Array.from(randomArray(count, 6));
    const d1 = Float32Array.from(randomArray(count, 7));
    const out = await runFloat(addBackward('dy', ['d0', null, 'd1'], [false, false, true], count), [
      { name: 'dy', shape: [count], data: dy },
      { name: 'd0', shape: [count], data: d0 },
      { name: 'd1', shape: [count], data: d1 },
    ]);
    expect(out.get('d0')!).toEqual(dy);
    expect(out.get('d1')!).toEqual(dy.map((g, i) => Math.fround(g + d1[i]!)));
  });
});
