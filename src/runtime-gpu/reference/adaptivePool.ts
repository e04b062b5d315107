import { adaptiveWindow } from '../../graph/layers/adaptiveAvgPool2d.js';
import type { AdaptivePoolDims } from '../kernels/adaptivepool/dims.js';

/** Visits every output cell with its window [y0, y1) × [x0, x1), as PyTorch computes them. */
function eachCell(
  d: AdaptivePoolDims,
  visit: (plane: number, o: number, y0: number, y1: number, x0: number, x1: number) => void,
): void {
  for (let plane = 0; plane < d.n * d.c; plane++) {
    for (let oy = 0; oy < d.oh; oy++) {
      const [y0, y1] = adaptiveWindow(oy, d.h, d.oh);
      for (let ox = 0; ox < d.ow; ox++) {
        const [x0, x1] = adaptiveWindow(ox, d.w, d.ow);
        visit(plane, (plane * d.oh + oy) * d.ow + ox, y0, y1, x0, x1);
      }
    }
  }
}

/** Float64 AdaptiveAvgPool2d: each output cell is the mean of its window. */
export function adaptiveAvgPool(x: ArrayLike<number>, d: AdaptivePoolDims): Float64Array {
  const y = new Float64Array(d.n * d.c * d.oh * d.ow);
  eachCell(d, (plane, o, y0, y1, x0, x1) => {
    let s = 0;
    for (let iy = y0; iy < y1; iy++) {
      for (let ix = x0; ix < x1; ix++) s += x[(plane * d.h + iy) * d.w + ix]!;
    }
    y[o] = s / ((y1 - y0) * (x1 - x0));
  });
  return y;
}

/** Spreads each output's gradient evenly over its window (windows may overlap). */
export function adaptiveAvgPoolBackward(dy: ArrayLike<number>, d: AdaptivePoolDims): Float64Array {
  const dx = new Float64Array(d.n * d.c * d.h * d.w);
  eachCell(d, (plane, o, y0, y1, x0, x1) => {
    const share = dy[o]! / ((y1 - y0) * (x1 - x0));
    for (let iy = y0; iy < y1; iy++) {
      for (let ix = x0; ix < x1; ix++) dx[(plane * d.h + iy) * d.w + ix]! += share;
    }
  });
  return dx;
}
