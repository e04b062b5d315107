import { uniformWords, type KernelCall } from '../../kernel.js';
import { flatCall, read, write } from '../flat.js';
import { adaptiveAvgPoolBackwardWgsl, adaptiveAvgPoolForwardWgsl } from './adaptivepool.wgsl.js';
import type { AdaptivePoolDims } from './dims.js';

export type { AdaptivePoolDims } from './dims.js';

const words = (d: AdaptivePoolDims, threads: number, accumulate: boolean): ArrayBuffer =>
  uniformWords([threads, d.h, d.w, d.oh, d.ow, accumulate ? 1 : 0]);

/** y [n, c, oh, ow] = AdaptiveAvgPool2d((oh, ow))(x); y is overwritten. */
export function adaptiveAvgPoolForward(x: string, y: string, d: AdaptivePoolDims): KernelCall[] {
  const threads = d.n * d.c * d.oh * d.ow;
  return [
    flatCall(
      'adaptiveavgpool.forward',
      adaptiveAvgPoolForwardWgsl,
      [read(x), write(y)],
      words(d, threads, false),
      threads,
    ),
  ];
}

export function adaptiveAvgPoolBackward(
  dy: string,
  dx: string,
  d: AdaptivePoolDims,
  accumulate: boolean,
): KernelCall[] {
  const threads = d.n * d.c * d.h * d.w;
  return [
    flatCall(
      'adaptiveavgpool.backward',
      adaptiveAvgPoolBackwardWgsl,
      [read(dy), write(dx)],
      words(d, threads, accumulate),
      threads,
    ),
  ];
}
