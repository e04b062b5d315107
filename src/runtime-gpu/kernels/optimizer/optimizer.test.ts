import { describe, expect, it } from 'vitest';
import { elementCount } from '../../kernel.js';
import { adamStep, sgdStep } from '../../reference/optimizer.js';
import { maxRelError, randomArray, runFloat } from '../../testing.js';
import {
  optimizerHyper,
  optimizerHyperDesc,
  optimizerState,
  optimizerStep,
  type OptimizerConfig,
} from './optimizer.js';

const shape = [7, 3, 5];
const count = elementCount(shape);
const configs: OptimizerConfig[] = [
  { kind: 'sgd', lr: 0.1, momentum: 0, weightDecay: 0 },
  { kind: 'sgd', lr: 0.05, momentum: 0.9, weightDecay: 1e-2 },
  { kind: 'adam', lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 },
  { kind: 'adam', lr: 0.01, beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 0.1 },
];

describe('optimizer kernels match the float64 reference over 3 steps', () => {
  for (const o of configs) {
    it(JSON.stringify(o), async () => {
      const state = optimizerState(o, 'w', shape);
      const hyper = optimizerHyperDesc('hyper');
      const calls = optimizerStep(
        o,
        { hyper: hyper.name, weight: 'w', grad: 'g', state: state.map((s) => s.name) },
        shape,
      );
      let w: Float32Array = Float32Array.from(randomArray(count, 1));
      let buffers: Float32Array[] = state.map(() => new Float32Array(count));
      const ref = { w: Float64Array.from(w), s: state.map(() => new Float64Array(count)) };
      for (let t = 1; t <= 3; t++) {
        const g = Float32Array.from(randomArray(count, 10 + t));
        // A learning-rate change between steps reaches the kernel through the hyper tensor.
        const lr = o.lr * (t === 3 ? 0.5 : 1);
        const out = await runFloat(calls, [
          { name: 'hyper', shape: hyper.shape, data: optimizerHyper(o, lr, t) },
          { name: 'w', shape, data: w },
          { name: 'g', shape, data: g },
          ...state.map((s, k) => ({ name: s.name, shape, data: buffers[k]! })),
        ]);
        if (o.kind === 'sgd')
          sgdStep(ref.w, g, ref.s[0] ?? new Float64Array(count), t, { ...o, lr });
        else adamStep(ref.w, g, ref.s[0]!, ref.s[1]!, t, { ...o, lr });
        w = out.get('w')!;
        buffers = state.map((s) => out.get(s.name)!);
        expect(maxRelError(w, ref.w)).toBeLessThanOrEqual(1e-5);
        buffers.forEach((b, k) => expect(maxRelError(b, ref.s[k]!)).toBeLessThanOrEqual(1e-5));
      }
    });
  }
});
