import { flatMain } from '../flat.js';

/**
 * Element i of a tensor that is either full (the output's shape) or a per-channel scale of
 * [n, c, 1, 1] broadcast over the `hw` pixels of each channel.
 */
const operandIndex = /* wgsl */ `
fn at(i: u32, perChannel: u32) -> u32 { return select(i, i / u.hw, perChannel != 0u); }`;

const uniforms = /* wgsl */ `
struct U { count: u32, hw: u32, aPerChannel: u32, bPerChannel: u32, acc: u32 }`;

/** y = a · b, one thread per output element. */
export const mulForwardWgsl = /* wgsl */ `
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
${uniforms}
@group(0) @binding(3) var<uniform> u: U;
${operandIndex}
${flatMain(/* wgsl */ `
  if (i >= u.count) { return; }
  y[i] = a[at(i, u.aPerChannel)] * b[at(i, u.bPerChannel)];`)}`;

/**
 * The gradient of a full operand: d = dy · other (the other broadcast when it is per channel),
 * one thread per element. `a` here is the other operand.
 */
export const mulGradFullWgsl = /* wgsl */ `
@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read_write> d: array<f32>;
${uniforms}
@group(0) @binding(3) var<uniform> u: U;
${operandIndex}
${flatMain(/* wgsl */ `
  if (i >= u.count) { return; }
  var g = dy[i] * a[at(i, u.aPerChannel)];
  if (u.acc != 0u) { g += d[i]; }
  d[i] = g;`)}`;

/**
 * The gradient of a per-channel scale: d[nc] = Σ over the channel's pixels of dy · other, in
 * pixel order, one thread per (sample, channel). `a` here is the other (full) operand.
 */
export const mulGradScaleWgsl = /* wgsl */ `
@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read_write> d: array<f32>;
${uniforms}
@group(0) @binding(3) var<uniform> u: U;
${flatMain(/* wgsl */ `
  if (i >= u.count / u.hw) { return; }
  var s = 0.0;
  for (var k = i * u.hw; k < (i + 1u) * u.hw; k++) { s += dy[k] * a[k]; }
  if (u.acc != 0u) { s += d[i]; }
  d[i] = s;`)}`;
