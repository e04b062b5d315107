import type { Activation, FusedActivation } from '../../reference/activation.js';
import { flatMain } from '../flat.js';
import { isNanWgsl } from '../nan.js';

/**
 * f(v) of the input v, with a NaN passed on as PyTorch does (WGSL's max, min and clamp may drop
 * it, so a NaN is tested by its bits); tanh's argument is clamped where tanh is ±1 in f32, as
 * drivers that compute it through exp overflow to NaN.
 */
const forwards: Record<Activation, string> = {
  ReLU: 'select(max(v, 0.0), v, isNan(v))',
  Sigmoid: 'select(1.0 / (1.0 + exp(-v)), v, isNan(v))',
  Tanh: 'select(tanh(clamp(v, -10.0, 10.0)), v, isNan(v))',
  ReLU6: 'relu6(v)',
  LeakyReLU: 'select(v * u.alpha, v, v > 0.0)',
  Hardswish: 'v * relu6(v + 3.0) / 6.0',
  Hardsigmoid: 'relu6(v + 3.0) / 6.0',
  SiLU: 'v / (1.0 + exp(-v))',
};

/**
 * dx from g = dy and v, the saved tensor (the output y or the input x, see savedInput), with
 * the same NaN and ∞ behaviour as the float64 reference: where PyTorch selects a zero gradient
 * a NaN dy stays out, where it multiplies NaN and ∞ propagate. ReLU selects as PyTorch's
 * threshold_backward does (0 where y <= 0, else dy: a NaN output passes dy on).
 */
const backwards: Record<Activation, string> = {
  ReLU: 'select(g, 0.0, v <= 0.0 && !isNan(v))',
  Sigmoid: 'g * (v * (1.0 - v))',
  Tanh: 'g * (1.0 - v * v)',
  ReLU6: 'select(0.0, g, v > 0.0 && v < 6.0)',
  LeakyReLU: 'select(g * u.alpha, g, v > 0.0)',
  Hardswish: 'select(select(g * (v / 3.0 + 0.5), g, v >= 3.0), 0.0, v < -3.0)',
  Hardsigmoid: 'select(0.0, g / 6.0, v > -3.0 && v < 3.0)',
  SiLU: 'siluGrad(v, g)',
};

const helpers = /* wgsl */ `
// A compiler that assumes no NaN may turn these selects into min/max: the bit test keeps it.
fn relu6(v: f32) -> f32 { return select(select(select(v, 6.0, v > 6.0), 0.0, v < 0.0), v, isNan(v)); }
fn siluGrad(v: f32, g: f32) -> f32 {
  let s = 1.0 / (1.0 + exp(-v));
  return g * s * (1.0 + v * (1.0 - s));
}`;

/** `fn activation(v: f32) -> f32`, for the kernels that apply it as they store their result. */
export const fusedActivationWgsl = (kind: FusedActivation): string => /* wgsl */ `
${helpers}
${isNanWgsl}
fn activation(v: f32) -> f32 { return ${forwards[kind]}; }`;

/** `alpha` is LeakyReLU's negative slope (unused by the others). */
const uniforms = /* wgsl */ `struct U { count: u32, acc: u32, alpha: f32 }`;

export const activationForwardWgsl = (kind: Activation): string => /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
${uniforms}
@group(0) @binding(2) var<uniform> u: U;
${helpers}
${isNanWgsl}
${flatMain(/* wgsl */ `
  if (i >= u.count) { return; }
  let v = x[i];
  y[i] = ${forwards[kind]};`)}`;

export const activationBackwardWgsl = (kind: Activation): string => /* wgsl */ `
@group(0) @binding(0) var<storage, read> saved: array<f32>;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read_write> dx: array<f32>;
${uniforms}
@group(0) @binding(3) var<uniform> u: U;
${helpers}
${isNanWgsl}
${flatMain(/* wgsl */ `
  if (i >= u.count) { return; }
  let v = saved[i];
  let g = dy[i];
  var d = ${backwards[kind]};
  if (u.acc != 0u) { d += dx[i]; }
  dx[i] = d;`)}`;
