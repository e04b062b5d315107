import { uniformWords, type KernelCall } from '../../kernel.js';
import { flatCall, read, write } from '../flat.js';
import { mulForwardWgsl, mulGradFullWgsl, mulGradScaleWgsl } from './mul.wgsl.js';

/**
 * An element-wise product of a and b, each either of the output's shape [n, c, h, w] (or
 * [n, f]) or a per-channel scale [n, c, 1, 1] broadcast over the hw pixels of each channel.
 */
export interface MulDims {
  /** Output elements. */
  count: number;
  /** Pixels per channel. */
  hw: number;
  aPerChannel: boolean;
  bPerChannel: boolean;
}

const words = (d: MulDims, aPerChannel: boolean, bPerChannel: boolean, acc: boolean) =>
  uniformWords([d.count, d.hw, aPerChannel ? 1 : 0, bPerChannel ? 1 : 0, acc ? 1 : 0]);

/** y = a · b; y is overwritten. */
export function mulForward(t: { a: string; b: string; y: string }, d: MulDims): KernelCall[] {
  return [
    flatCall(
      'mul.forward',
      mulForwardWgsl,
      [read(t.a), read(t.b), write(t.y)],
      words(d, d.aPerChannel, d.bPerChannel, false),
      d.count,
    ),
  ];
}

/**
 * The gradients of a and b from dy; null where an operand needs none, `accumulate` adds into
 * the existing gradient.
 */
export function mulBackward(
  t: { a: string; b: string; dy: string; da: string | null; db: string | null },
  d: MulDims,
  accumulate: [boolean, boolean],
): KernelCall[] {
  const grad = (
    g: string,
    other: string,
    perChannel: boolean,
    otherPerChannel: boolean,
    acc: boolean,
  ): KernelCall =>
    perChannel
      ? flatCall(
          'mul.backwardScale',
          mulGradScaleWgsl,
          [read(t.dy), read(other), write(g)],
          words(d, false, false, acc),
          d.count / d.hw,
        )
      : flatCall(
          'mul.backward',
          mulGradFullWgsl,
          [read(t.dy), read(other), write(g)],
          words(d, otherPerChannel, false, acc),
          d.count,
        );
  return [
    ...(t.da ? [grad(t.da, t.b, d.aPerChannel, d.bPerChannel, accumulate[0])] : []),
    ...(t.db ? [grad(t.db, t.a, d.bPerChannel, d.aPerChannel, accumulate[1])] : []),
  ];
}
