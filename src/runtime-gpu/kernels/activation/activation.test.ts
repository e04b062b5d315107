import { describe, expect, it } from 'vitest';
import { activation, activationBackward as reference } from '../../reference/activation.js';
import { maxRelError, randomArray, runFloat } from '../../testing.js';
import {
  activationBackward,
  activationForward,
  savedInput,
  type Activation,
} from './activation.js';

describe('activation kernels match the float64 reference', () => {
  const count = 1001;
  // Wide enough to reach saturation (|x| up to 40), where a naive tanh overflows.
  const x = Float32Array.from(randomArray(count, 1), (v) => 40 * v ** 3);
  const dy = Float32Array.from(randomArray(count, 2));
  const dx0 = Float32Array.from(randomArray(count, 3));
  const alpha = 0.15;

  it.each(Object.keys(savedInput) as Activation[])(
    '%s',
    async (kind) => {
      const fwd = await runFloat(activationForward(kind, 'x', 'y', count, alpha), [
        { name: 'x', shape: [count], data: x },
        { name: 'y', shape: [count] },
      ]);
      const y = fwd.get('y')!;
      expect(maxRelError(y, activation(kind, x, alpha))).toBeLessThanOrEqual(1e-5);
      const saved = savedInput[kind] === 'x' ? x : y;
      for (const accumulate of [false, true]) {
        const out = await runFloat(
          activationBackward(kind, 'saved', 'dy', 'dx', count, accumulate, alpha),
          [
            { name: 'saved', shape: [count], data: saved },
            { name: 'dy', shape: [count], data: dy },
            { name: 'dx', shape: [count], data: dx0 },
          ],
        );
        const want = reference(kind, saved, dy, alpha).map(
          (v, i) => v + (accumulate ? dx0[i]! : 0),
        );
        expect(maxRelError(out.get('dx')!, want)).toBeLessThanOrEqual(1e-5);
      }
    },
    60_000,
  );
});
