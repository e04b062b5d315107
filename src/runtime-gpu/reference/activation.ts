/** Float64 references of the activations; each backward reads the saved output y. */

export type Activation = 'ReLU' | 'Sigmoid' | 'Tanh';

const forwards: Record<Activation, (x: number) => number> = {
  ReLU: (x) => Math.max(x, 0),
  Sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  Tanh: (x) => Math.tanh(x),
};

/**
 * dx from the output y and the gradient dy. ReLU selects rather than multiplies, as PyTorch's
 * threshold_backward does: dy passes where y is NaN, and a NaN dy where y is 0 gives 0.
 */
const grads: Record<Activation, (y: number, dy: number) => number> = {
  ReLU: (y, dy) => (y <= 0 ? 0 : dy),
  Sigmoid: (y, dy) => dy * (y * (1 - y)),
  Tanh: (y, dy) => dy * (1 - y * y),
};

export const activation = (kind: Activation, x: ArrayLike<number>): Float64Array =>
  Float64Array.from(x, forwards[kind]);

export const activationBackward = (
  kind: Activation,
  y: ArrayLike<number>,
  dy: ArrayLike<number>,
): Float64Array => Float64Array.from(y, (v, i) => grads[kind](v, dy[i]!));
