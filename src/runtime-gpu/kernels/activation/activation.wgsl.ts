import type { Activation } from '../../reference/activation.js';
import { flatMain } from '../flat.js';
import { isNanWgsl } from '../nan.js';

/**
 * f(x), with a NaN passed on as PyTorch does (max and clamp may drop it); tanh's argument is
 * clamped where tanh is ±1 in f32, as drivers that compute it through exp overflow to NaN.
 */
const forwards: Record<Activation, string> = {
  ReLU: 'select(max(v, 0.0), v, isNan(v))',
  Sigmoid: 'select(1.0 / (1.0 + exp(-v)), v, isNan(v))',
  Tanh: 'select(tanh(clamp(v, -10.0, 10.0)), v, isNan(v))',
};

/**
 * dx from the output y = v and the gradient d. ReLU selects as PyTorch's threshold_backward does
 * (0 where y <= 0, else d: a NaN output passes d on, a NaN d where y is 0 gives 0).
 */
const grads: Record<Activation, string> = {
  ReLU: 'select(d, 0.0, v <= 0.0 && !isNan(v))',
  Sigmoid: 'd * (v * (1.0 - v))',
  Tanh: 'd * (1.0 - v * v)',
};

const uniforms = /* wgsl */ `struct U { count: u32, acc: u32 }`;

export const activationForwardWgsl = (kind: Activation): string => /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
${uniforms}
@group(0) @binding(2) var<uniform> u: U;
${isNanWgsl}
${flatMain(/* wgsl */ `
  if (i >= u.count) { return; }
  let v = x[i];
  y[i] = ${forwards[kind]};`)}`;

export const activationBackwardWgsl = (kind: Activation): string => /* wgsl */ `
@group(0) @binding(0) var<storage, read> y: array<f32>;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read_write> dx: array<f32>;
${uniforms}
@group(0) @binding(3) var<uniform> u: U;
${isNanWgsl}
${flatMain(/* wgsl */ `
  if (i >= u.count) { return; }
  let v = y[i];
  let d = dy[i];
  var g = ${grads[kind]};
  if (u.acc != 0u) { g += dx[i]; }
  dx[i] = g;`)}`;
