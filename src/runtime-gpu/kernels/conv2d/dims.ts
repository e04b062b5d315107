/**
 * A 2-D convolution's sizes, as PyTorch's Conv2d has them: input x [n, cin, h, w], filter
 * w [cout, cin / groups, kh, kw], output y [n, cout, oh, ow], stride (sh, sw), zero padding
 * (ph, pw) on both sides, dilation (dilH, dilW) between taps, and `groups` independent channel
 * groups (output channel co reads input channels g·cin/groups … (g + 1)·cin/groups − 1 of its
 * group g = co / (cout / groups); groups = cin = cout is a depthwise convolution).
 *
 * Every conv kernel variant (forward, input gradient, filter gradient; any tiling) takes these
 * dims and must support all of them: any stride, padding (including a kernel wider than the
 * padded input on one side), dilation, groups from 1 to cin (depthwise), bias or none, and for
 * the input gradient `accumulate` (add into dx). The tests in conv2d.test.ts and golden.test.ts
 * run every kernel over these cases against the float64 reference and PyTorch.
 */
export interface Conv2dDims {
  n: number;
  cin: number;
  h: number;
  w: number;
  cout: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  ph: number;
  pw: number;
  dilH: number;
  dilW: number;
  groups: number;
  oh: number;
  ow: number;
}

/** Output size on one axis: floor((n + 2p − d·(k − 1) − 1) / s) + 1. */
export const convOutSize = (
  size: number,
  kernel: number,
  stride: number,
  pad: number,
  dilation = 1,
): number => Math.floor((size + 2 * pad - dilation * (kernel - 1) - 1) / stride) + 1;

/** Throws when the sizes disagree, so a kernel never indexes out of range. */
export function checkConv2dDims(d: Conv2dDims): void {
  const all = Object.entries(d);
  const bad = all.find(([k, v]) => !Number.isInteger(v) || v < (k === 'ph' || k === 'pw' ? 0 : 1));
  if (bad) throw new Error(`conv2d: ${bad[0]} = ${bad[1]} is not a valid size`);
  if (d.cin % d.groups !== 0 || d.cout % d.groups !== 0) {
    throw new Error(`conv2d: ${d.groups} groups do not divide ${d.cin} → ${d.cout} channels`);
  }
  const oh = convOutSize(d.h, d.kh, d.sh, d.ph, d.dilH);
  const ow = convOutSize(d.w, d.kw, d.sw, d.pw, d.dilW);
  if (oh !== d.oh || ow !== d.ow) {
    throw new Error(`conv2d: output ${d.oh}×${d.ow} should be ${oh}×${ow} for these sizes`);
  }
}
