import { describe, expect, it } from 'vitest';
import { activation, activationBackward as reference } from '../../reference/activation.js';
import { pointwiseGolden, values, type Word } from '../../test/pointwiseGolden.js';
import { maxRelError, runFloat } from '../../testing.js';
import {
  activationBackward,
  activationForward,
  savedInput,
  type Activation,
} from './activation.js';

interface Golden {
  kind: Activation;
  alpha: number;
  x: Word[];
  y: Word[];
  dy: Word[];
  dx: Word[];
}

describe('activations against PyTorch, NaN and infinities included', () => {
  const cases = pointwiseGolden<Golden>('activation').map(
    (g, i) => [`${g.kind} ${i % 2 ? 'NaN dy' : ''}`, g] as const,
  );

  it.each(cases)(
    '%s',
    async (_, g) => {
      const [x, y, dy, dx] = [g.x, g.y, g.dy, g.dx].map(values) as [
        Float32Array,
        Float32Array,
        Float32Array,
        Float32Array,
      ];
      const count = x.length;
      const saved = savedInput[g.kind] === 'x' ? x : y;
      const out = await runFloat(
        [
          ...activationForward(g.kind, 'x', 'y', count, g.alpha),
          ...activationBackward(g.kind, 'saved', 'dy', 'dx', count, false, g.alpha),
        ],
        [
          { name: 'x', shape: [count], data: x },
          { name: 'y', shape: [count] },
          { name: 'saved', shape: [count], data: saved },
          { name: 'dy', shape: [count], data: dy },
          { name: 'dx', shape: [count] },
        ],
      );
      expect(maxRelError(out.get('y')!, y), 'kernel y').toBeLessThanOrEqual(1e-5);
      expect(maxRelError(out.get('dx')!, dx), 'kernel dx').toBeLessThanOrEqual(1e-5);
      expect(maxRelError(activation(g.kind, x, g.alpha), y), 'reference y').toBeLessThanOrEqual(
        1e-6,
      );
      expect(
        maxRelError(reference(g.kind, saved, dy, g.alpha), dx),
        'reference dx',
      ).toBeLessThanOrEqual(1e-6);
    },
    60_000,
  );
});
