import { uniformWords, type KernelCall } from '../../kernel.js';
import { flatCall, read, write } from '../flat.js';
import { augmentContrastWgsl, augmentGeometryWgsl, augmentMeanWgsl } from './augment.wgsl.js';

/** A batch [n, c, h, w] augmented into one of the same shape; P is the random crop's padding. */
export interface AugmentDims {
  n: number;
  c: number;
  h: number;
  w: number;
  pad: number;
}

/**
 * The calls that augment `x` into `y` with each sample's draws ([n × drawWidth], see
 * ./draws.ts); `means` ([n]) is scratch for the contrast, which runs only when `jitter` is set.
 */
export function augmentCalls(
  t: { x: string; draws: string; y: string; means: string },
  d: AugmentDims,
  jitter: boolean,
): KernelCall[] {
  const total = d.n * d.c * d.h * d.w;
  const calls = [
    flatCall(
      'augment.geometry',
      augmentGeometryWgsl,
      [read(t.x), read(t.draws), write(t.y)],
      uniformWords([total, d.c, d.h, d.w, d.pad]),
      total,
    ),
  ];
  if (!jitter) return calls;
  return [
    ...calls,
    flatCall(
      'augment.mean',
      augmentMeanWgsl,
      [read(t.y), write(t.means)],
      uniformWords([d.n, d.c, d.h * d.w]),
      d.n,
    ),
    flatCall(
      'augment.contrast',
      augmentContrastWgsl,
      [read(t.draws), read(t.means), write(t.y)],
      uniformWords([total, d.c * d.h * d.w]),
      total,
    ),
  ];
}
