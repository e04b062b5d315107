import { uniformWords, type KernelCall } from '../../kernel.js';
import { flatCall, read, write } from '../flat.js';
import { globalAvgPoolBackwardWgsl, globalAvgPoolForwardWgsl } from './globalpool.wgsl.js';

/** GlobalAvgPool2d (AdaptiveAvgPool2d((1, 1))) of an [n, c, h, w] tensor. */
export interface GlobalPoolDims {
  n: number;
  c: number;
  h: number;
  w: number;
}

const words = (d: GlobalPoolDims, accumulate: boolean): ArrayBuffer =>
  uniformWords([d.n * d.c, d.h * d.w, accumulate ? 1 : 0]);

/** y [n, c, 1, 1] = mean of each h×w plane of x. */
export function globalAvgPoolForward(x: string, y: string, d: GlobalPoolDims): KernelCall[] {
  return [
    flatCall(
      'globalavgpool.forward',
      globalAvgPoolForwardWgsl,
      [read(x), write(y)],
      words(d, false),
      d.n * d.c,
    ),
  ];
}

export function globalAvgPoolBackward(
  dy: string,
  dx: string,
  d: GlobalPoolDims,
  accumulate: boolean,
): KernelCall[] {
  return [
    flatCall(
      'globalavgpool.backward',
      globalAvgPoolBackwardWgsl,
      [read(dy), write(dx)],
      words(d, accumulate),
      d.n * d.c * d.h * d.w,
    ),
  ];
}
