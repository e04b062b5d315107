import { poolOutput, type Pool2dDims } from '../kernels/pool/dims.js';

/** Float64 references of MaxPool2d, AvgPool2d (with or without count_include_pad) and GlobalAvgPool2d. */

/**
 * Visits every window of every plane with its clipped extent and PyTorch's avg divisor; `o` is
 * the window's index in the output.
 */
export function eachWindow(
  d: Pool2dDims,
  visit: (
    plane: number,
    o: number,
    y0: number,
    y1: number,
    x0: number,
    x1: number,
    divisor: number,
  ) => void,
): void {
  const [oh, ow] = poolOutput(d);
  for (let plane = 0; plane < d.n * d.c; plane++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const ys = oy * d.stride[0] - d.padding[0];
        const xs = ox * d.stride[1] - d.padding[1];
        // The divisor counts padding but not what lies past the padded edge (ceil_mode); without
        // count_include_pad, only the input.
        const ye = Math.min(ys + d.kernel[0], d.h + d.padding[0]);
        const xe = Math.min(xs + d.kernel[1], d.w + d.padding[1]);
        const divisor =
          d.countIncludePad === false
            ? (Math.min(ye, d.h) - Math.max(ys, 0)) * (Math.min(xe, d.w) - Math.max(xs, 0))
            : (ye - ys) * (xe - xs);
        const o = (plane * oh + oy) * ow + ox;
        visit(
          plane,
          o,
          Math.max(ys, 0),
          Math.min(ye, d.h),
          Math.max(xs, 0),
          Math.min(xe, d.w),
          divisor,
        );
      }
    }
  }
}

const outCount = (d: Pool2dDims): number => {
  const [oh, ow] = poolOutput(d);
  return d.n * d.c * oh * ow;
};

/**
 * y and the argmax of each window as an index into its h×w plane: the first maximum wins, and a
 * NaN beats everything, the last NaN being the argmax (PyTorch's `val > max || isnan(val)`).
 */
export function maxPool2d(
  x: ArrayLike<number>,
  d: Pool2dDims,
): { y: Float64Array; argmax: Int32Array } {
  const y = new Float64Array(outCount(d));
  const argmax = new Int32Array(y.length);
  eachWindow(d, (plane, o, y0, y1, x0, x1) => {
    let best = -Infinity;
    let arg = y0 * d.w + x0;
    for (let iy = y0; iy < y1; iy++) {
      for (let ix = x0; ix < x1; ix++) {
        const v = x[plane * d.h * d.w + iy * d.w + ix]!;
        if (v > best || Number.isNaN(v)) {
          best = v;
          arg = iy * d.w + ix;
        }
      }
    }
    y[o] = best;
    argmax[o] = arg;
  });
  return { y, argmax };
}

export function maxPool2dBackward(
  dy: ArrayLike<number>,
  argmax: ArrayLike<number>,
  d: Pool2dDims,
): Float64Array {
  const [oh, ow] = poolOutput(d);
  const dx = new Float64Array(d.n * d.c * d.h * d.w);
  for (let o = 0; o < dy.length; o++) {
    const plane = Math.floor(o / (oh * ow));
    dx[plane * d.h * d.w + argmax[o]!]! += dy[o]!;
  }
  return dx;
}

export function avgPool2d(x: ArrayLike<number>, d: Pool2dDims): Float64Array {
  const y = new Float64Array(outCount(d));
  eachWindow(d, (plane, o, y0, y1, x0, x1, divisor) => {
    let s = 0;
    for (let iy = y0; iy < y1; iy++) {
      for (let ix = x0; ix < x1; ix++) s += x[plane * d.h * d.w + iy * d.w + ix]!;
    }
    y[o] = s / divisor;
  });
  return y;
}

export function avgPool2dBackward(dy: ArrayLike<number>, d: Pool2dDims): Float64Array {
  const dx = new Float64Array(d.n * d.c * d.h * d.w);
  eachWindow(d, (plane, o, y0, y1, x0, x1, divisor) => {
    for (let iy = y0; iy < y1; iy++) {
      for (let ix = x0; ix < x1; ix++) dx[plane * d.h * d.w + iy * d.w + ix]! += dy[o]! / divisor;
    }
  });
  return dx;
}

/** Mean of each plane: x [planes, size] → y [planes]. */
export function globalAvgPool(x: ArrayLike<number>, planes: number, size: number): Float64Array {
  const y = new Float64Array(planes);
  for (let p = 0; p < planes; p++) {
    let s = 0;
    for (let k = 0; k < size; k++) s += x[p * size + k]!;
    y[p] = s / size;
  }
  return y;
}

export function globalAvgPoolBackward(
  dy: ArrayLike<number>,
  planes: number,
  size: number,
): Float64Array {
  const dx = new Float64Array(planes * size);
  for (let p = 0; p < planes; p++) for (let k = 0; k < size; k++) dx[p * size + k] = dy[p]! / size;
  return dx;
}
