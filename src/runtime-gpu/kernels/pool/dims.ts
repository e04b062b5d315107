import { windowOutput } from '../../../graph/layers/window.js';

/** A pooling layer applied to an [n, c, h, w] tensor; pairs are (height, width). */
export interface Pool2dDims {
  n: number;
  c: number;
  h: number;
  w: number;
  kernel: readonly [number, number];
  stride: readonly [number, number];
  padding: readonly [number, number];
  ceilMode: boolean;
  /** AvgPool2d's divisor counts the zero padding (PyTorch's default, and when left out). */
  countIncludePad?: boolean;
}

/** Output height and width, as PyTorch computes them (ceil_mode included). */
export function poolOutput(d: Pool2dDims): [number, number] {
  return [
    windowOutput(d.h, d.kernel[0], d.stride[0], d.padding[0], d.ceilMode),
    windowOutput(d.w, d.kernel[1], d.stride[1], d.padding[1], d.ceilMode),
  ];
}
