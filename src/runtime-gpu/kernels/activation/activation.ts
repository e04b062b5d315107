import { uniformWords, type KernelCall } from '../../kernel.js';
import type { Activation } from '../../reference/activation.js';
import { flatCall, read, write } from '../flat.js';
import { activationBackwardWgsl, activationForwardWgsl } from './activation.wgsl.js';

export {
  fusedInStore,
  savedInput,
  type Activation,
  type FusedActivation,
} from '../../reference/activation.js';

/** Uniform word 2 is LeakyReLU's slope, a float. */
const words = (count: number, accumulate: boolean, alpha: number): ArrayBuffer =>
  uniformWords([count, accumulate ? 1 : 0, alpha], new Set([2]));

/** y = f(x) elementwise over `count` values; `alpha` is LeakyReLU's negative slope. */
export function activationForward(
  kind: Activation,
  x: string,
  y: string,
  count: number,
  alpha = 0,
): KernelCall[] {
  return [
    flatCall(
      `${kind.toLowerCase()}.forward`,
      activationForwardWgsl(kind),
      [read(x), write(y)],
      words(count, false, alpha),
      count,
    ),
  ];
}

/**
 * dx = dy·f'(x), computed from the tensor the forward saved for it: its output y or its input
 * x, as `savedInput[kind]` says (the plan must keep that one).
 */
export function activationBackward(
  kind: Activation,
  saved: string,
  dy: string,
  dx: string,
  count: number,
  accumulate: boolean,
  alpha = 0,
): KernelCall[] {
  return [
    flatCall(
      `${kind.toLowerCase()}.backward`,
      activationBackwardWgsl(kind),
      [read(saved), read(dy), write(dx)],
      words(count, accumulate, alpha),
      count,
    ),
  ];
}
