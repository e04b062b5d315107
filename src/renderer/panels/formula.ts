import type { Op } from '../../graph/index.js';
import { windowOutput } from '../../graph/layers/window.js';

export interface AxisFormula {
  axis: 'H' | 'W';
  text: string;
  result: number;
}

/**
 * The output-size formula of a sliding window with the node's numbers filled in, per axis:
 * ⌊(n + 2p − k) / s⌋ + 1 (⌈⌉ in ceil mode). Null for layers without a window.
 */
export function windowFormula(op: Op): AxisFormula[] | null {
  const { kernel_size: kernel, stride, padding, ceil_mode } = op.params;
  const input = op.inputShapes[0];
  if (!Array.isArray(kernel) || !Array.isArray(stride) || !Array.isArray(padding)) return null;
  if (!input || input.length !== 3) return null;
  const ceil = ceil_mode === true;
  const [open, close] = ceil ? ['⌈', '⌉'] : ['⌊', '⌋'];
  return (['H', 'W'] as const).map((axis, i) => {
    const n = input[i + 1]!;
    const [k, s, pad] = [kernel[i]!, stride[i]!, padding[i]!];
    return {
      axis,
      text: `${open}(${n} + 2·${pad} − ${k}) / ${s}${close} + 1`,
      result: windowOutput(n, k, s, pad, ceil),
    };
  });
}
