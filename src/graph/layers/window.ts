import { ShapeError } from '../shape.js';

/** PyTorch's output length of a sliding window on one axis. */
export function windowOutput(
  n: number,
  kernel: number,
  stride: number,
  padding: number,
  ceilMode = false,
): number {
  const span = n + 2 * padding - kernel;
  // Floor division also for a negative span: with ceil_mode, PyTorch still gives one window
  // when the kernel is a little larger than the padded input.
  let out = Math.floor((span + (ceilMode ? stride - 1 : 0)) / stride) + 1;
  // PyTorch drops a last window that would start entirely inside the right padding.
  if (ceilMode && (out - 1) * stride >= n + padding) out -= 1;
  return Math.max(out, 0);
}

/** The span a kernel covers with `dilation − 1` gaps between its taps: d·(k − 1) + 1. */
export const dilatedSpan = (
  kernel: readonly [number, number],
  dilation: readonly [number, number],
): [number, number] => [dilation[0] * (kernel[0] - 1) + 1, dilation[1] * (kernel[1] - 1) + 1];

/** Output H×W of a kernel sliding over an H×W map, with a student-readable error if it vanishes. */
export function slide(
  what: string,
  h: number,
  w: number,
  kernel: readonly [number, number],
  stride: readonly [number, number],
  padding: readonly [number, number],
  ceilMode = false,
  dilation: readonly [number, number] = [1, 1],
): [number, number] {
  const [kh, kw] = dilatedSpan(kernel, dilation);
  const oh = windowOutput(h, kh, stride[0], padding[0], ceilMode);
  const ow = windowOutput(w, kw, stride[1], padding[1], ceilMode);
  if (oh < 1 || ow < 1) {
    const dilated = dilation[0] === 1 && dilation[1] === 1 ? '' : ` dilated to ${kh}×${kw}`;
    throw new ShapeError(
      `${what}'s ${kernel[0]}×${kernel[1]} kernel${dilated} with padding ${padding[0]}×${padding[1]} does not fit the ${h}×${w} input ` +
        `(output ${oh}×${ow}); use a smaller kernel, more padding, or fewer downsampling layers before it`,
    );
  }
  return [oh, ow];
}

export const pairText = (p: readonly [number, number]): string =>
  p[0] === p[1] ? `${p[0]}` : `${p[0]}×${p[1]}`;

export const pyPair = (p: readonly [number, number]): string => `(${p[0]}, ${p[1]})`;
