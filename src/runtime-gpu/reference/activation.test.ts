import { describe, expect, it } from 'vitest';
import { randomArray } from '../testing.js';
import { activation, activationBackward, savedInput, type Activation } from './activation.js';
import { dot, numericGradient } from './gradcheck.js';

const kinds = Object.keys(savedInput) as Activation[];
const alpha = 0.2;

describe('activation references match finite differences', () => {
  it.each(kinds)('%s', (kind) => {
    // Away from the kinks (0 for ReLU and LeakyReLU, ±3 and 6 for the hard ones), where the
    // finite difference is not the derivative.
    const kinks = [0, -3, 3, 6];
    const x = randomArray(60, 9).map((v) => {
      const at = 5 * v;
      return kinks.some((k) => Math.abs(at - k) < 0.01) ? at + 0.05 : at;
    });
    const r = randomArray(60, 10);
    const numeric = numericGradient((v) => dot(activation(kind, v, alpha), r), x);
    const saved = savedInput[kind] === 'x' ? x : activation(kind, x, alpha);
    const analytic = activationBackward(kind, saved, r, alpha);
    analytic.forEach((g, i) => expect(g).toBeCloseTo(numeric[i]!, 6));
  });
});
