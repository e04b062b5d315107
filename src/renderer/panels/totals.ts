import { numel, type Analysis, type Summary } from '../../graph/index.js';

const floatBytes = 4;

/** Forward activations kept for backward plus the input batch, in float32. */
export function activationBytes(shapes: readonly (readonly number[])[], batch: number): number {
  return shapes.reduce((s, shape) => s + numel(shape), 0) * batch * floatBytes;
}

/** The network's totals, as the status bar and the Summary tab show them. */
export interface Totals {
  params: number;
  trainable: number;
  macs: number;
  /** Every layer's output for the whole batch, as kept for the backward pass. */
  activationBytes: number;
  weightBytes: number;
  errors: number;
  warnings: number;
}

export function totalsOf(analysis: Analysis, summary: Summary, batch: number): Totals {
  return {
    params: summary.total_params,
    trainable: summary.trainable_params,
    macs: summary.macs,
    activationBytes: activationBytes(
      analysis.ops.map((o) => o.shape),
      batch,
    ),
    weightBytes: summary.total_params * floatBytes,
    errors: analysis.problems.filter((p) => p.severity === 'error').length,
    warnings: analysis.problems.filter((p) => p.severity === 'warning').length,
  };
}
