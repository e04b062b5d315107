import type { KernelCall, TensorDesc } from '../../kernel.js';
import {
  conv2dBackwardData,
  conv2dBackwardFilter,
  conv2dBackwardFilterScratch,
  conv2dForward,
} from '../conv2d/conv2d.js';
import type { Conv2dDims } from '../conv2d/dims.js';
import type { LinearDims } from './dims.js';

/**
 * A linear layer is a 1×1 convolution over a 1×1 image with inF input channels and outF
 * output channels; the tensors' memory layouts agree, so the conv GEMM kernels run it as is.
 */
const asConv = (d: LinearDims): Conv2dDims => ({
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

/** y = x·wᵀ + b; y is overwritten. */
export const linearForward = (
  t: { x: string; w: string; b?: string; y: string },
  d: LinearDims,
): KernelCall[] => conv2dForward(t, asConv(d), 'linear.forward');

/** dx = dy·w; with `accumulate` the result is added to dx instead of replacing it. */
export const linearBackwardData = (
  t: { dy: string; w: string; dx: string },
  d: LinearDims,
  accumulate: boolean,
): KernelCall[] => conv2dBackwardData(t, asConv(d), accumulate, 'linear.backwardData');

/**
 * Scratch tensors linearBackwardWeight needs (split-K partials), named from `prefix`; pass the
 * same prefix as `scratchPrefix` (default: the dw tensor's name).
 */
export const linearBackwardWeightScratch = (prefix: string, d: LinearDims): TensorDesc[] =>
  conv2dBackwardFilterScratch(prefix, asConv(d));

/** dw = dyᵀ·x and db = Σₙ dy; both are overwritten. */
export const linearBackwardWeight = (
  t: { x: string; dy: string; dw: string; db?: string; scratchPrefix?: string },
  d: LinearDims,
): KernelCall[] => conv2dBackwardFilter(t, asConv(d), 'linear.backwardWeight');
