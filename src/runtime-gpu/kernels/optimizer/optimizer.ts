import { elementCount, uniformWords, type KernelCall, type TensorDesc } from '../../kernel.js';
import { flatCall, read, write } from '../flat.js';
import { adamWgsl, sgdWgsl } from './optimizer.wgsl.js';

export type OptimizerConfig =
  | { kind: 'sgd'; lr: number; momentum: number; weightDecay: number }
  | { kind: 'adam'; lr: number; beta1: number; beta2: number; eps: number; weightDecay: number };

/** The [4] f32 tensor of per-step values every optimizer call reads (one per plan). */
export const optimizerHyperDesc = (name: string): TensorDesc => ({
  name,
  shape: [4],
  dtype: 'f32',
});

/**
 * Contents of the hyper tensor for step t (1-based) at learning rate lr: the bias corrections
 * are computed here in float64, as PyTorch computes them in Python floats.
 */
export function optimizerHyper(o: OptimizerConfig, lr: number, t: number): Float32Array {
  if (o.kind === 'sgd') return Float32Array.of(lr, t, 0, 0);
  return Float32Array.of(lr, t, lr / (1 - o.beta1 ** t), Math.sqrt(1 - o.beta2 ** t));
}

/** State tensors of one weight, all starting at zero: SGD's momentum buffer, Adam's m and v. */
export function optimizerState(o: OptimizerConfig, weight: string, shape: number[]): TensorDesc[] {
  const state = (suffix: string): TensorDesc => ({
    name: `${weight}.${suffix}`,
    shape,
    dtype: 'f32',
  });
  if (o.kind === 'adam') return [state('exp_avg'), state('exp_avg_sq')];
  return o.momentum !== 0 ? [state('momentum_buffer')] : [];
}

/** Updates one weight in place from its gradient; `state` as listed by optimizerState. */
export function optimizerStep(
  o: OptimizerConfig,
  t: { hyper: string; weight: string; grad: string; state: string[] },
  shape: number[],
): KernelCall[] {
  const count = elementCount(shape);
  const common = [read(t.hyper), read(t.grad), write(t.weight), ...t.state.map(write)];
  if (o.kind === 'adam') {
    return [
      flatCall(
        'adam',
        adamWgsl,
        common,
        uniformWords([count, o.beta1, o.beta2, o.eps, o.weightDecay], new Set([1, 2, 3, 4])),
        count,
      ),
    ];
  }
  return [
    flatCall(
      'sgd',
      sgdWgsl(o.momentum !== 0),
      common,
      uniformWords([count, o.momentum, o.weightDecay], new Set([1, 2])),
      count,
    ),
  ];
}
