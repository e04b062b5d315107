import type { KernelCall } from '../../kernel.js';
import { channelCopy } from './slice.js';

/** Concat along channels of [n, c_k, hw] inputs (hw = 1 for flat [n, c_k] tensors). */
export interface ConcatDims {
  n: number;
  hw: number;
  /** Channels of each input, in order. */
  channels: number[];
}

const offsets = (channels: number[]): number[] =>
  channels.map((_, k) => channels.slice(0, k).reduce((s, c) => s + c, 0));
const total = (channels: number[]): number => channels.reduce((s, c) => s + c, 0);

/** y = cat(inputs, dim=1): one copy per input into its channel slice. */
export function concatForward(inputs: string[], y: string, d: ConcatDims): KernelCall[] {
  const at = offsets(d.channels);
  return inputs.map((x, k) =>
    channelCopy(
      'concat.forward',
      { tensor: x, channels: d.channels[k]!, offset: 0 },
      { tensor: y, channels: total(d.channels), offset: at[k]! },
      d.channels[k]!,
      d.n,
      d.hw,
      false,
    ),
  );
}

/** Each input's gradient is its channel slice of dy; null where an input needs no gradient. */
export function concatBackward(
  dy: string,
  dx: (string | null)[],
  accumulate: boolean[],
  d: ConcatDims,
): KernelCall[] {
  const at = offsets(d.channels);
  return dx.flatMap((g, k) =>
    g === null
      ? []
      : [
          channelCopy(
            'concat.backward',
            { tensor: dy, channels: total(d.channels), offset: at[k]! },
            { tensor: g, channels: d.channels[k]!, offset: 0 },
            d.channels[k]!,
            d.n,
            d.hw,
            accumulate[k]!,
          ),
        ],
  );
}
