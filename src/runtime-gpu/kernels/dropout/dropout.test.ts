import { describe, expect, it } from 'vitest';
import { maxRelError, randomArray, runFloat } from '../../testing.js';
import { dropoutBackward, dropoutForward, dropoutSaved, type DropoutRandom } from './dropout.js';

const count = 20000;
const x = Float32Array.from(randomArray(count, 1));

async function forward(p: number, random: DropoutRandom): Promise<Map<string, Float32Array>> {
  const [mask] = dropoutSaved('drop', [count]);
  return runFloat(dropoutForward('x', 'y', mask!.name, count, p, random), [
    { name: 'x', shape: [count], data: x },
    { name: 'y', shape: [count] },
    mask!,
  ]);
}

describe('dropout kernels', () => {
  it('zeroes a fraction p and scales the rest by 1/(1−p), y = x·mask', async () => {
    const p = 0.3;
    const out = await forward(p, { seed: 1, stream: 'fc1', step: 1 });
    const mask = out.get('drop.mask')!;
    const y = out.get('y')!;
    const scale = Math.fround(1 / (1 - p));
    const dropped = mask.filter((m) => m === 0).length;
    expect(mask.every((m) => m === 0 || m === scale)).toBe(true);
    // Binomial(20000, 0.3) has standard deviation ≈ 65: 4σ bounds.
    expect(Math.abs(dropped - p * count)).toBeLessThan(260);
    y.forEach((v, i) => expect(v).toBe(Math.fround(x[i]! * mask[i]!)));
  });

  it('draws the same mask for the same (seed, stream, step) and a new one otherwise', async () => {
    const base = { seed: 3, stream: 'fc1', step: 5 };
    const a = (await forward(0.5, base)).get('drop.mask')!;
    const again = (await forward(0.5, base)).get('drop.mask')!;
    expect(again).toEqual(a);
    for (const other of [{ step: 6 }, { seed: 4 }, { stream: 'fc2' }]) {
      const b = (await forward(0.5, { ...base, ...other })).get('drop.mask')!;
      const same = a.filter((m, i) => m === b[i]).length;
      // Independent masks agree on about half the elements.
      expect(Math.abs(same / count - 0.5)).toBeLessThan(0.03);
    }
  });

  it('keeps everything at p = 0', async () => {
    const y = (await forward(0, { seed: 1, stream: 's', step: 1 })).get('y')!;
    expect(y).toEqual(x);
  });

  it('backward multiplies dy by the saved mask, adding when asked', async () => {
    const mask = Float32Array.from(randomArray(count, 2), (v) => (v > 0 ? 2 : 0));
    const dy = Float32Array.from(randomArray(count, 3));
    const dx0 = Float32Array.from(randomArray(count, 4));
    for (const accumulate of [false, true]) {
      const out = await runFloat(dropoutBackward('dy', 'mask', 'dx', count, accumulate), [
        { name: 'dy', shape: [count], data: dy },
        { name: 'mask', shape: [count], data: mask },
        { name: 'dx', shape: [count], data: dx0 },
      ]);
      const want = dy.map((g, i) => Math.fround(g * mask[i]!) + (accumulate ? dx0[i]! : 0));
      // Numeric equality: a dropped negative gradient may come back as −0 or +0.
      expect(maxRelError(out.get('dx')!, want)).toBe(0);
    }
  });
});
