import { describe, expect, it } from 'vitest';
import { randomArray } from '../testing.js';
import { dot, numericGradient } from './gradcheck.js';
import { add, concat, concatBackward, mul, mulBackward } from './merge.js';

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

  it.each([
    ['a per-channel scale times a map', true, false],
    ['a map times a per-channel scale', false, true],
    ['equal shapes', false, false],
  ])('mul backward is the gradient of mul: %s', (_, aPer, bPer) => {
    const [n, c, hw] = [2, 3, 5];
    const count = n * c * hw;
    const a = { data: randomArray(aPer ? n * c : count, 1), perChannel: aPer };
    const b = { data: randomArray(bPer ? n * c : count, 2), perChannel: bPer };
    const r = randomArray(count, 3);
    const [da, db] = mulBackward(a, b, r, hw);
    const numericA = numericGradient((v) => dot(mul({ ...a, data: v }, b, count, hw), r), a.data);
    const numericB = numericGradient((v) => dot(mul(a, { ...b, data: v }, count, hw), r), b.data);
    da.forEach((g, i) => expect(g).toBeCloseTo(numericA[i]!, 7));
    db.forEach((g, i) => expect(g).toBeCloseTo(numericB[i]!, 7));
  });

  it('mul broadcasts a scale over each channel', () => {
    const y = mul(
      { data: [2, 10], perChannel: true },
      { data: [1, 2, 3, 4], perChannel: false },
      4,
      2,
    );
    expect(Array.from(y)).toEqual([2, 4, 30, 40]);
  });
});
