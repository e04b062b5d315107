import { describe, expect, it } from 'vitest';
import { randomArray } from '../testing.js';
import { dot, numericGradient } from './gradcheck.js';
import { linearBackwardRef, linearForwardRef } from './linear.js';

describe('linear reference', () => {
  it('matches finite differences', () => {
    const d = { n: 3, inF: 5, outF: 4 };
    const x = randomArray(d.n * d.inF, 1);
    const w = randomArray(d.outF * d.inF, 2);
    const b = randomArray(d.outF, 3);
    const r = randomArray(d.n * d.outF, 4);
    const g = linearBackwardRef(x, w, r, d);
    const numeric = {
      dx: numericGradient((v) => dot(linearForwardRef(v, w, b, d), r), x),
      dw: numericGradient((v) => dot(linearForwardRef(x, v, b, d), r), w),
      db: numericGradient((v) => dot(linearForwardRef(x, w, v, d), r), b),
    };
    for (const key of ['dx', 'dw', 'db'] as const) {
      g[key].forEach((v, i) => expect(v, `${key}[${i}]`).toBeCloseTo(numeric[key][i]!, 6));
    }
  });

  it('computes x·wᵀ + b', () => {
    const y = linearForwardRef([1, 2], [3, 4, 5, 6], [10, 20], { n: 1, inF: 2, outF: 2 });
    expect(Array.from(y)).toEqual([21, 37]);
  });
});
