import { flatMain } from '../flat.js';

/**
 * Counter-based randomness: each element's uniform is a hash of (seed, stream, step, index), so
 * a step's mask needs no RNG state, only the step number in the uniforms.
 */
export const dropoutForwardWgsl = /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<storage, read_write> mask: array<f32>;
struct U { count: u32, seed: u32, stream: u32, step: u32, p: f32, scale: f32 }
@group(0) @binding(3) var<uniform> u: U;
// PCG's output permutation (Jarzynski & Olano, "Hash Functions for GPU Rendering", 2020).
fn pcg(v: u32) -> u32 {
  let state = v * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}
${flatMain(/* wgsl */ `
  if (i >= u.count) { return; }
  let h = pcg(i ^ pcg(u.step ^ pcg(u.stream ^ pcg(u.seed))));
  let uniform01 = f32(h >> 8u) * (1.0 / 16777216.0);
  let m = select(0.0, u.scale, uniform01 >= u.p);
  mask[i] = m;
  y[i] = x[i] * m;`)}`;

/** dx = dy·mask, the mask holding 0 or 1/(1−p). */
export const dropoutBackwardWgsl = /* wgsl */ `
@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> mask: array<f32>;
@group(0) @binding(2) var<storage, read_write> dx: array<f32>;
struct U { count: u32, acc: u32 }
@group(0) @binding(3) var<uniform> u: U;
${flatMain(/* wgsl */ `
  if (i >= u.count) { return; }
  var g = dy[i] * mask[i];
  if (u.acc != 0u) { g += dx[i]; }
  dx[i] = g;`)}`;
