/**
 * A 2-D convolution's sizes: input x [n, cin, h, w], filter w [cout, cin, kh, kw],
 * output y [n, cout, oh, ow], stride (sh, sw) and zero padding (ph, pw), as in PyTorch.
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
  oh: number;
  ow: number;
}

/** Output size on one axis: floor((n + 2p − k) / s) + 1. */
export const convOutSize = (size: number, kernel: number, stride: number, pad: number): number =>
  Math.floor((size + 2 * pad - kernel) / stride) + 1;

/** Throws when oh/ow disagree with the other sizes, so a kernel never indexes out of range. */
export function checkConv2dDims(d: Conv2dDims): void {
  const all = Object.entries(d);
  const bad = all.find(([k, v]) => !Number.isInteger(v) || v < (k === 'ph' || k === 'pw' ? 0 : 1));
  if (bad) throw new Error(`conv2d: ${bad[0]} = ${bad[1]} is not a valid size`);
  const oh = convOutSize(d.h, d.kh, d.sh, d.ph);
  const ow = convOutSize(d.w, d.kw, d.sw, d.pw);
  if (oh !== d.oh || ow !== d.ow) {
    throw new Error(`conv2d: output ${d.oh}×${d.ow} should be ${oh}×${ow} for these sizes`);
  }
}
