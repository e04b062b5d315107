import { describe, expect, it } from 'vitest';
import { randomArray } from '../testing.js';
import { dot, numericGradient } from './gradcheck.js';
import { add, concat, concatBackward } from './merge.js';

describe('merge references', () => {
  it('concat backward is the gradient of concat', () => {
    const channels = [2, 3, 1];
    const xs = channels.map((c, k) => randomArray(2 * c * 4, 20 + k));
    const r = randomArray(2 * 6 * 4, 30);
    const grads = concatBackward(r, channels, 2, 4);
    channels.forEach((c, k) => {
      const f = (v: Float64Array): number =>
        dot(
          concat(
            channels.map((ch, j) => ({ data: j === k ? v : xs[j]!, channels: ch })),
            2,
            4,
          ),
          r,
        );
      const numeric = numericGradient(f, xs[k]!);
      grads[k]!.forEach((g, i) => expect(g).toBeCloseTo(numeric[i]!, 7));
    });
  });

  it('add sums its inputs', () => {
    expect(
      Array.from(
        add([
          [1, 2],
          [10, 20],
          [100, 200],
        ]),
      ),
    ).toEqual([111, 222]);
  });
});
