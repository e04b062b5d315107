/**
 * Central finite differences of a scalar function at `x`: the gradient every backward reference
 * is checked against. `x` is restored after each probe.
 */
export function numericGradient(
  f: (x: Float64Array) => number,
  x: Float64Array,
  step = 1e-6,
): Float64Array {
  const grad = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const keep = x[i]!;
    x[i] = keep + step;
    const up = f(x);
    x[i] = keep - step;
    const down = f(x);
    x[i] = keep;
    grad[i] = (up - down) / (2 * step);
  }
  return grad;
}

/** Σ y·r: a scalar whose gradient with respect to y is r, so backward(dy = r) can be checked. */
export function dot(y: ArrayLike<number>, r: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i]! * r[i]!;
  return s;
}
