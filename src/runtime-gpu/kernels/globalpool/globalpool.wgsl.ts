import { flatMain } from '../flat.js';

const uniforms = /* wgsl */ `struct U { planes: u32, size: u32, acc: u32 }`;

/** One thread per (sample, channel) plane: its mean. */
export const globalAvgPoolForwardWgsl = /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
${uniforms}
@group(0) @binding(2) var<uniform> u: U;
${flatMain(/* wgsl */ `
  if (i >= u.planes) { return; }
  var s = 0.0;
  for (var k = 0u; k < u.size; k++) { s += x[i * u.size + k]; }
  y[i] = s / f32(u.size);`)}`;

export const globalAvgPoolBackwardWgsl = /* wgsl */ `
@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read_write> dx: array<f32>;
${uniforms}
@group(0) @binding(2) var<uniform> u: U;
${flatMain(/* wgsl */ `
  if (i >= u.planes * u.size) { return; }
  var g = dy[i / u.size] / f32(u.size);
  if (u.acc != 0u) { g += dx[i]; }
  dx[i] = g;`)}`;
