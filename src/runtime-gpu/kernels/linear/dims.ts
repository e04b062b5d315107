/** A linear layer's sizes: x [n, inF], w [outF, inF], b [outF], y [n, outF]. */
export interface LinearDims {
  n: number;
  inF: number;
  outF: number;
}
