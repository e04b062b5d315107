import { describe, expect, it } from 'vitest';
import { randomArray } from '../testing.js';
import { batchNormBackward, batchNormTrain, type BatchNormShape } from './batchNorm.js';
import { dot, numericGradient } from './gradcheck.js';

describe('batch norm reference matches finite differences', () => {
  for (const s of [
    { n: 3, c: 2, hw: 5 },
    { n: 4, c: 3, hw: 1 },
  ] satisfies BatchNormShape[]) {
    it(`n ${s.n}, c ${s.c}, hw ${s.hw}`, () => {
      const x = randomArray(s.n * s.c * s.hw, 1).map((v) => 2 * v + 0.5);
      const gamma = randomArray(s.c, 2).map((v) => v + 1.5);
      const beta = randomArray(s.c, 3);
      const r = randomArray(x.length, 4);
      const running = { mean: new Float64Array(s.c), variance: new Float64Array(s.c).fill(1) };
      const loss = (xv: Float64Array, g: Float64Array, b: Float64Array): number =>
        dot(batchNormTrain(xv, s, g, b, running, 1e-5, 0.1).y, r);
      const fwd = batchNormTrain(x, s, gamma, beta, running, 1e-5, 0.1);
      const { dx, dgamma, dbeta } = batchNormBackward(r, x, s, gamma, fwd.mean, fwd.invstd);
      const close = (a: Float64Array, b: Float64Array): void =>
        a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 6));
      close(
        dx,
        numericGradient((v) => loss(v, gamma, beta), x),
      );
      close(
        dgamma,
        numericGradient((v) => loss(x, v, beta), gamma),
      );
      close(
        dbeta,
        numericGradient((v) => loss(x, gamma, v), beta),
      );
    });
  }
});
