import { uniformWords, type KernelCall, type TensorDesc } from '../../kernel.js';
import { flatCall, read, write } from '../flat.js';
import { dropoutBackwardWgsl, dropoutForwardWgsl } from './dropout.wgsl.js';

/** Which random numbers a dropout call draws: fixed seed and stream (one per layer), per step. */
export interface DropoutRandom {
  seed: number;
  /** Distinguishes layers sharing a seed, e.g. the op's name. */
  stream: string;
  /** The training step, 1, 2, …: a new mask each step. */
  step: number;
}

/** FNV-1a of the stream name. */
function streamId(stream: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < stream.length; i++) h = Math.imul(h ^ stream.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The mask the forward keeps for the backward: 0 or 1/(1−p) per element (f32). */
export function dropoutSaved(prefix: string, shape: number[]): TensorDesc[] {
  return [{ name: `${prefix}.mask`, shape, dtype: 'f32' }];
}

/**
 * Training-mode Dropout (eval mode is the identity: alias, no call). Only `random.step`
 * changes the uniforms from one step to the next.
 */
export function dropoutForward(
  x: string,
  y: string,
  mask: string,
  count: number,
  p: number,
  random: DropoutRandom,
): KernelCall[] {
  const scale = p < 1 ? 1 / (1 - p) : 0;
  return [
    flatCall(
      'dropout.forward',
      dropoutForwardWgsl,
      [read(x), write(y), write(mask)],
      uniformWords(
        [count, random.seed >>> 0, streamId(random.stream), random.step >>> 0, p, scale],
        new Set([4, 5]),
      ),
      count,
    ),
  ];
}

export function dropoutBackward(
  dy: string,
  mask: string,
  dx: string,
  count: number,
  accumulate: boolean,
): KernelCall[] {
  return [
    flatCall(
      'dropout.backward',
      dropoutBackwardWgsl,
      [read(dy), read(mask), write(dx)],
      uniformWords([count, accumulate ? 1 : 0]),
      count,
    ),
  ];
}
