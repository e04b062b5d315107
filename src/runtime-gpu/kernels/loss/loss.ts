import { uniformWords, type KernelCall, type TensorDesc } from '../../kernel.js';
import { flatCall, read, write } from '../flat.js';
import { crossEntropyRowsWgsl, crossEntropyTotalWgsl } from './loss.wgsl.js';

/** Per-sample loss and hit, summed by the second call ([n, 2] f32). */
export function softmaxCrossEntropyScratch(prefix: string, n: number): TensorDesc[] {
  return [{ name: `${prefix}.rows`, shape: [n, 2], dtype: 'f32' }];
}

export interface CrossEntropyTensors {
  /** [n, classes] f32 */
  logits: string;
  /** [n] u32 class indices */
  labels: string;
  /** [1] f32: mean loss over the batch */
  loss: string;
  /** [1] u32: samples whose first argmax is their label */
  correct: string;
  /** [n, classes] f32, overwritten */
  dlogits: string;
  /** the scratch tensor of softmaxCrossEntropyScratch */
  rows: string;
}

/** Softmax cross-entropy, mean over the batch (nn.CrossEntropyLoss()), with its gradient. */
export function softmaxCrossEntropy(
  t: CrossEntropyTensors,
  n: number,
  classes: number,
): KernelCall[] {
  const u = uniformWords([n, classes]);
  return [
    flatCall(
      'cross-entropy.rows',
      crossEntropyRowsWgsl,
      [read(t.logits), read(t.labels), write(t.dlogits), write(t.rows)],
      u,
      n,
    ),
    flatCall(
      'cross-entropy.total',
      crossEntropyTotalWgsl,
      [read(t.rows), write(t.loss), write(t.correct)],
      u,
      1,
    ),
  ];
}
