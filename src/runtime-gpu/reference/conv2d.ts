import type { Conv2dDims } from '../kernels/conv2d/dims.js';

type Vec = ArrayLike<number>;

/**
 * Visits every (output element, filter tap) pair whose input sample lies inside the image (the
 * Explain view lists one element's taps as the products that sum to it).
 */
export function forEachTap(
  d: Conv2dDims,
  visit: (yIndex: number, xIndex: number, wIndex: number, co: number) => void,
): void {
  const cinG = d.cin / d.groups;
  const coutG = d.cout / d.groups;
  for (let n = 0; n < d.n; n++)
    for (let co = 0; co < d.cout; co++)
      for (let oy = 0; oy < d.oh; oy++)
        for (let ox = 0; ox < d.ow; ox++) {
          const yIndex = ((n * d.cout + co) * d.oh + oy) * d.ow + ox;
          // Output channel co reads only the input channels of its group.
          const group = Math.floor(co / coutG);
          for (let c = 0; c < cinG; c++)
            for (let ky = 0; ky < d.kh; ky++) {
              const iy = oy * d.sh - d.ph + ky * d.dilH;
              if (iy < 0 || iy >= d.h) continue;
              for (let kx = 0; kx < d.kw; kx++) {
                const ix = ox * d.sw - d.pw + kx * d.dilW;
                if (ix < 0 || ix >= d.w) continue;
                const xIndex = ((n * d.cin + group * cinG + c) * d.h + iy) * d.w + ix;
                const wIndex = ((co * cinG + c) * d.kh + ky) * d.kw + kx;
                visit(yIndex, xIndex, wIndex, co);
              }
            }
        }
}

/** PyTorch's conv2d (cross-correlation, zero padding, dilation, groups) in float64. */
export function conv2dForwardRef(x: Vec, w: Vec, b: Vec | undefined, d: Conv2dDims): Float64Array {
  const y = new Float64Array(d.n * d.cout * d.oh * d.ow);
  forEachTap(d, (yi, xi, wi) => {
    y[yi]! += x[xi]! * w[wi]!;
  });
  if (b) {
    for (let i = 0; i < y.length; i++) y[i]! += b[Math.floor(i / (d.oh * d.ow)) % d.cout]!;
  }
  return y;
}

/** Gradients of conv2d with respect to input, filter and bias, given dL/dy. */
export function conv2dBackwardRef(
  x: Vec,
  w: Vec,
  dy: Vec,
  d: Conv2dDims,
): { dx: Float64Array; dw: Float64Array; db: Float64Array } {
  const dx = new Float64Array(x.length);
  const dw = new Float64Array(w.length);
  const db = new Float64Array(d.cout);
  forEachTap(d, (yi, xi, wi) => {
    dx[xi]! += dy[yi]! * w[wi]!;
    dw[wi]! += dy[yi]! * x[xi]!;
  });
  for (let i = 0; i < dy.length; i++) db[Math.floor(i / (d.oh * d.ow)) % d.cout]! += dy[i]!;
  return { dx, dw, db };
}
