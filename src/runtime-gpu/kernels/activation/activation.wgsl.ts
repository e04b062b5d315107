import type { Activation } from '../../reference/activation.js';
import { flatMain } from '../flat.js';

/**
 * f(x); tanh's argument is clamped where tanh is ±1 in f32, as drivers that compute it through
 * exp overflow to NaN.
 */
const forwards: Record<Activation, string> = {
  ReLU: 'max(v, 0.0)',
  Sigmoid: '1.0 / (1.0 + exp(-v))',
  Tanh: 'tanh(clamp(v, -10.0, 10.0))',
};

/** f'(x) in terms of the output y = v. */
const slopes: Record<Activation, string> = {
  ReLU: 'select(0.0, 1.0, v > 0.0)',
  Sigmoid: 'v * (1.0 - v)',
  Tanh: '1.0 - v * v',
};

const uniforms = /* wgsl */ `struct U { count: u32, acc: u32 }`;

export const activationForwardWgsl = (kind: Activation): string => /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
${uniforms}
@group(0) @binding(2) var<uniform> u: U;
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
${flatMain(/* wgsl */ `
  if (i >= u.count) { return; }
  let v = y[i];
  var g = dy[i] * (${slopes[kind]});
  if (u.acc != 0u) { g += dx[i]; }
  dx[i] = g;`)}`;
