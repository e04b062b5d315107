import { describe, expect, it } from 'vitest';
import { randomArray } from '../testing.js';
import { activation, activationBackward, type Activation } from './activation.js';
import { dot, numericGradient } from './gradcheck.js';

describe('activation references match finite differences', () => {
  for (const kind of ['ReLU', 'Sigmoid', 'Tanh'] satisfies Activation[]) {
    it(kind, () => {
      // Away from ReLU's kink at 0, where the finite difference is not the derivative.
      const x = randomArray(50, 9).map((v) => 3 * v + (Math.abs(v) < 0.01 ? 0.5 : 0));
      const r = randomArray(50, 10);
      const numeric = numericGradient((v) => dot(activation(kind, v), r), x);
      const analytic = activationBackward(kind, activation(kind, x), r);
      analytic.forEach((g, i) => expect(g).toBeCloseTo(numeric[i]!, 6));
    });
  }
});
