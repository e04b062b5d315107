import type { LinearDims } from '../kernels/linear/dims.js';

type Vec = ArrayLike<number>;

/** PyTorch's linear layer, y = x·wᵀ + b with x [n, inF], w [outF, inF], in float64. */
export function linearForwardRef(x: Vec, w: Vec, b: Vec | undefined, d: LinearDims): Float64Array {
  const y = new Float64Array(d.n * d.outF);
  for (let n = 0; n < d.n; n++)
    for (let o = 0; o < d.outF; o++) {
      let s = b ? b[o]! : 0;
      for (let f = 0; f < d.inF; f++) s += x[n * d.inF + f]! * w[o * d.inF + f]!;
      y[n * d.outF + o] = s;
    }
  return y;
}

/** Gradients of the linear layer with respect to input, weight and bias, given dL/dy. */
export function linearBackwardRef(
  x: Vec,
  w: Vec,
  dy: Vec,
  d: LinearDims,
): { dx: Float64Array; dw: Float64Array; db: Float64Array } {
  const dx = new Float64Array(d.n * d.inF);
  const dw = new Float64Array(d.outF * d.inF);
  const db = new Float64Array(d.outF);
  for (let n = 0; n < d.n; n++)
    for (let o = 0; o < d.outF; o++) {
      const g = dy[n * d.outF + o]!;
      db[o]! += g;
      for (let f = 0; f < d.inF; f++) {
        dx[n * d.inF + f]! += g * w[o * d.inF + f]!;
        dw[o * d.inF + f]! += g * x[n * d.inF + f]!;
      }
    }
  return { dx, dw, db };
}
