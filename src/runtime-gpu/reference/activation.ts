/**
 * Float64 references of the activations. Each backward reads one saved tensor: the output y where
 * the derivative is a function of it, else the input x (`savedInput`). NaN and ±∞ go where
 * PyTorch 1.13's CPU kernels send them on tensors of any real size (its vectorised path; the
 * scalar path, used only for a few trailing elements, differs in places: Hardswish's gradient at
 * x = 3 and at NaN, ReLU6's at NaN).
 */

export type Activation =
  'ReLU' | 'Sigmoid' | 'Tanh' | 'ReLU6' | 'LeakyReLU' | 'Hardswish' | 'Hardsigmoid' | 'SiLU';

/** Which tensor each activation's backward reads. */
export const savedInput: Record<Activation, 'x' | 'y'> = {
  ReLU: 'y',
  Sigmoid: 'y',
  Tanh: 'y',
  ReLU6: 'x',
  LeakyReLU: 'x',
  Hardswish: 'x',
  Hardsigmoid: 'x',
  SiLU: 'x',
};

/**
 * The activations a Conv2d or Linear may apply as it stores its output (the plan fuses them when
 * the layer's output feeds only the activation): their backward reads the output, so the
 * layer's own output is never needed.
 */
export type FusedActivation = 'ReLU' | 'Sigmoid' | 'Tanh';
export const fusedInStore = (kind: Activation): kind is FusedActivation => savedInput[kind] === 'y';

/** min(max(v, 0), 6) with NaN passed through, as PyTorch's clamp. */
const clamp6 = (v: number): number => (v < 0 ? 0 : v > 6 ? 6 : v);

/** f(x); `alpha` is LeakyReLU's negative slope. */
const forwards: Record<Activation, (x: number, alpha: number) => number> = {
  ReLU: (x) => Math.max(x, 0),
  Sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  Tanh: (x) => Math.tanh(x),
  ReLU6: clamp6,
  LeakyReLU: (x, alpha) => (x > 0 ? x : x * alpha),
  // −∞ · 0 is NaN, as in PyTorch.
  Hardswish: (x) => (x * clamp6(x + 3)) / 6,
  Hardsigmoid: (x) => clamp6(x + 3) / 6,
  SiLU: (x) => x / (1 + Math.exp(-x)),
};

/**
 * dx from dy and the saved tensor v (y or x, see savedInput). Where PyTorch selects (a gradient
 * of 0 outside a range) a NaN dy stays out; where it multiplies, NaN and ∞ propagate. ReLU
 * selects as PyTorch's threshold_backward does: dy passes where y is NaN.
 */
const backwards: Record<Activation, (v: number, dy: number, alpha: number) => number> = {
  ReLU: (y, dy) => (y <= 0 ? 0 : dy),
  Sigmoid: (y, dy) => dy * (y * (1 - y)),
  Tanh: (y, dy) => dy * (1 - y * y),
  ReLU6: (x, dy) => (x > 0 && x < 6 ? dy : 0),
  LeakyReLU: (x, dy, alpha) => (x > 0 ? dy : dy * alpha),
  Hardswish: (x, dy) => (x < -3 ? 0 : x >= 3 ? dy : dy * (x / 3 + 0.5)),
  Hardsigmoid: (x, dy) => (x > -3 && x < 3 ? dy / 6 : 0),
  SiLU: (x, dy) => {
    const s = 1 / (1 + Math.exp(-x));
    return dy * s * (1 + x * (1 - s));
  },
};

export const activation = (kind: Activation, x: ArrayLike<number>, alpha = 0): Float64Array =>
  Float64Array.from(x, (v) => forwards[kind](v, alpha));

/** dx, from the saved tensor (y or x, see savedInput) and dy. */
export const activationBackward = (
  kind: Activation,
  saved: ArrayLike<number>,
  dy: ArrayLike<number>,
  alpha = 0,
): Float64Array => Float64Array.from(saved, (v, i) => backwards[kind](v, dy[i]!, alpha));
