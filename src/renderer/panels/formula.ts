import type { Op } from '../../graph/index.js';
import { windowOutput } from '../../graph/layers/window.js';

export interface AxisFormula {
  axis: 'H' | 'W';
  text: string;
  result: number;
}

/**
 * The output-size formula of a sliding window with the node's numbers filled in, per axis:
 * ⌊(n + 2p − k) / s⌋ + 1 (⌈⌉ in ceil mode), with d·(k − 1) + 1 for k when the kernel is dilated.
 * Null for layers without a window.
 */
export function windowFormula(op: Op): AxisFormula[] | null {
  const { kernel_size: kernel, stride, padding, ceil_mode, dilation } = op.params;
  const input = op.inputShapes[0];
  if (!Array.isArray(kernel) || !Array.isArray(stride) || !Array.isArray(padding)) return null;
  if (!input || input.length !== 3) return null;
  const ceil = ceil_mode === true;
  const [open, close] = ceil ? ['⌈', '⌉'] : ['⌊', '⌋'];
  return (['H', 'W'] as const).map((axis, i) => {
    const n = input[i + 1]!;
    const [k, s, pad] = [kernel[i]!, stride[i]!, padding[i]!];
    const d = Array.isArray(dilation) ? dilation[i]! : 1;
    const span = d === 1 ? `${k}` : `(${d}·(${k} − 1) + 1)`;
    return {
      axis,
      text: `${open}(${n} + 2·${pad} − ${span}) / ${s}${close} + 1`,
      result: windowOutput(n, d * (k - 1) + 1, s, pad, ceil),
    };
  });
}
