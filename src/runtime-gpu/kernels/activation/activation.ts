import { uniformWords, type KernelCall } from '../../kernel.js';
import type { Activation } from '../../reference/activation.js';
import { flatCall, read, write } from '../flat.js';
import { activationBackwardWgsl, activationForwardWgsl } from './activation.wgsl.js';

export type { Activation } from '../../reference/activation.js';

/** y = f(x) elementwise over `count` values. */
export function activationForward(
  kind: Activation,
  x: string,
  y: string,
  count: number,
): KernelCall[] {
  return [
    flatCall(
      `${kind.toLowerCase()}.forward`,
      activationForwardWgsl(kind),
      [read(x), write(y)],
      uniformWords([count, 0]),
      count,
    ),
  ];
}

/** dx = dy·f'(x), computed from the forward's saved output y (the plan must keep y, not x). */
export function activationBackward(
  kind: Activation,
  y: string,
  dy: string,
  dx: string,
  count: number,
  accumulate: boolean,
): KernelCall[] {
  return [
    flatCall(
      `${kind.toLowerCase()}.backward`,
      activationBackwardWgsl(kind),
      [read(y), read(dy), write(dx)],
      uniformWords([count, accumulate ? 1 : 0]),
      count,
    ),
  ];
}
