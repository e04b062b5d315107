/** Float64 references of the activations; each backward reads the saved output y. */

export type Activation = 'ReLU' | 'Sigmoid' | 'Tanh';

const forwards: Record<Activation, (x: number) => number> = {
  ReLU: (x) => Math.max(x, 0),
  Sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  Tanh: (x) => Math.tanh(x),
};

/** dy/dx written in terms of the output y. */
const slopes: Record<Activation, (y: number) => number> = {
  ReLU: (y) => (y > 0 ? 1 : 0),
  Sigmoid: (y) => y * (1 - y),
  Tanh: (y) => 1 - y * y,
};

export const activation = (kind: Activation, x: ArrayLike<number>): Float64Array =>
  Float64Array.from(x, forwards[kind]);

export const activationBackward = (
  kind: Activation,
  y: ArrayLike<number>,
  dy: ArrayLike<number>,
): Float64Array => Float64Array.from(y, (v, i) => dy[i]! * slopes[kind](v));
