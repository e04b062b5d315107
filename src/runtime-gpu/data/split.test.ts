import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stratifiedSplit } from './split.js';

describe('the validation split', () => {
  it('holds out round(fraction × n) of every class, disjoint from the rest, the same per seed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 300 }),
        fc.double({ min: 0, max: 0.9, noNaN: true }),
        fc.nat(),
        (labels, fraction, seed) => {
          const s = stratifiedSplit(labels, fraction, seed);
          expect([...s.train, ...s.val].sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
          for (let c = 0; c <= 4; c++) {
            const n = labels.filter((l) => l === c).length;
            expect([...s.val].filter((i) => labels[i] === c).length).toBe(Math.round(fraction * n));
          }
          expect(stratifiedSplit(labels, fraction, seed)).toEqual(s);
        },
      ),
    );
  });

  it('draws another split for another seed', () => {
    const labels = Array.from({ length: 1000 }, (_, i) => i % 10);
    const a = stratifiedSplit(labels, 0.1, 1).val;
    const b = stratifiedSplit(labels, 0.1, 2).val;
    expect(a.length).toBe(100);
    expect([...a]).not.toEqual([...b]);
  });
});
