import type { KernelCaps, KernelProblem } from '../../tune/problem.js';
import {
  conv2dBackwardData,
  conv2dBackwardFilter,
  conv2dForward,
  conv2dProblem,
  type ConvOptions,
  type Kernels,
} from '../conv2d/conv2d.js';
import type { Conv2dDims } from '../conv2d/dims.js';
import type { ConvPass } from '../conv2d/variants.js';
import type { LinearDims } from './dims.js';

/**
 * A linear layer is a 1×1 convolution over a 1×1 image with inF input channels and outF
 * output channels; the tensors' memory layouts agree, so the conv GEMM kernels (every variant)
 * run it as is.
 */
export const asConv = (d: LinearDims): Conv2dDims => ({
  n: d.n,
  cin: d.inF,
  h: 1,
  w: 1,
  cout: d.outF,
  kh: 1,
  kw: 1,
  sh: 1,
  sw: 1,
  ph: 0,
  pw: 0,
  dilH: 1,
  dilW: 1,
  groups: 1,
  oh: 1,
  ow: 1,
});

type LinearOptions = Omit<ConvOptions, 'label'>;

/** y = act(x·wᵀ + b); y is overwritten. */
export const linearForward = (
  t: { x: string; w: string; b?: string; y: string; scratch?: string },
  d: LinearDims,
  o: LinearOptions = {},
): Kernels => conv2dForward(t, asConv(d), { ...o, label: 'linear' });

/** dx = dy·w; with `accumulate` the result is added to dx instead of replacing it. */
export const linearBackwardData = (
  t: { dy: string; w: string; dx: string; scratch?: string },
  d: LinearDims,
  accumulate: boolean,
  o: LinearOptions = {},
): Kernels => conv2dBackwardData(t, asConv(d), accumulate, { ...o, label: 'linear' });

/** dw = dyᵀ·x and db = Σₙ dy; both are overwritten. */
export const linearBackwardWeight = (
  t: { x: string; dy: string; dw: string; db?: string; scratch?: string },
  d: LinearDims,
  o: LinearOptions = {},
): Kernels => conv2dBackwardFilter(t, asConv(d), { ...o, label: 'linear' });

/** A linear pass as a tuning problem: the conv pass it is (so both share timings). */
export const linearProblem = (pass: ConvPass, d: LinearDims, caps: KernelCaps): KernelProblem =>
  conv2dProblem(pass, asConv(d), caps);
