import { flatMain } from '../flat.js';

/**
 * A channel's m = n·hw values are split into `parts` strided subsets, one thread each, and the
 * per-part results are merged by one thread per channel: a deterministic two-stage reduction.
 */
const layout = /* wgsl */ `
struct U { c: u32, hw: u32, m: u32, parts: u32, eps: f32, momentum: f32, acc: u32 }
fn at(ch: u32, j: u32) -> u32 { return ((j / u.hw) * u.c + ch) * u.hw + j % u.hw; }
fn partCount(p: u32) -> u32 { return (u.m - p + u.parts - 1u) / u.parts; }`;

/** Per part: its mean and its sum of squared deviations from that mean (two passes). */
export const statsPartsWgsl = /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> partials: array<f32>;
${layout}
@group(0) @binding(2) var<uniform> u: U;
${flatMain(/* wgsl */ `
  if (i >= u.c * u.parts) { return; }
  let ch = i / u.parts;
  let p = i % u.parts;
  var s = 0.0;
  for (var j = p; j < u.m; j += u.parts) { s += x[at(ch, j)]; }
  let mean = s / f32(partCount(p));
  var q = 0.0;
  for (var j = p; j < u.m; j += u.parts) {
    let d = x[at(ch, j)] - mean;
    q += d * d;
  }
  partials[2u * i] = mean;
  partials[2u * i + 1u] = q;`)}`;

/**
 * Per channel: merges the parts (Chan et al.), keeps mean and 1/√(var+eps) for the backward,
 * and moves the running statistics, whose variance is the unbiased one as in PyTorch.
 */
export const statsMergeWgsl = /* wgsl */ `
@group(0) @binding(0) var<storage, read> partials: array<f32>;
@group(0) @binding(1) var<storage, read_write> mean: array<f32>;
@group(0) @binding(2) var<storage, read_write> invstd: array<f32>;
@group(0) @binding(3) var<storage, read_write> runningMean: array<f32>;
@group(0) @binding(4) var<storage, read_write> runningVar: array<f32>;
${layout}
@group(0) @binding(5) var<uniform> u: U;
${flatMain(/* wgsl */ `
  if (i >= u.c) { return; }
  let base = 2u * i * u.parts;
  var s = 0.0;
  for (var p = 0u; p < u.parts; p++) { s += f32(partCount(p)) * partials[base + 2u * p]; }
  let mu = s / f32(u.m);
  var q = 0.0;
  for (var p = 0u; p < u.parts; p++) {
    let d = partials[base + 2u * p] - mu;
    q += partials[base + 2u * p + 1u] + f32(partCount(p)) * d * d;
  }
  let variance = q / f32(u.m);
  mean[i] = mu;
  invstd[i] = 1.0 / sqrt(variance + u.eps);
  runningMean[i] = (1.0 - u.momentum) * runningMean[i] + u.momentum * mu;
  runningVar[i] = (1.0 - u.momentum) * runningVar[i] + u.momentum * q / f32(max(u.m, 2u) - 1u);`)}`;

/** y = (x − mean)·invstd·γ + β, with batch (training) or running (eval) statistics. */
export const normaliseWgsl = (statistics: 'batch' | 'running'): string => /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> mean: array<f32>;
@group(0) @binding(2) var<storage, read> spread: array<f32>;
@group(0) @binding(3) var<storage, read> gamma: array<f32>;
@group(0) @binding(4) var<storage, read> beta: array<f32>;
@group(0) @binding(5) var<storage, read_write> y: array<f32>;
${layout}
@group(0) @binding(6) var<uniform> u: U;
${flatMain(/* wgsl */ `
  if (i >= u.m * u.c) { return; }
  let ch = (i / u.hw) % u.c;
  ${statistics === 'batch' ? 'let inv = spread[ch];' : 'let inv = 1.0 / sqrt(spread[ch] + u.eps);'}
  y[i] = (x[i] - mean[ch]) * inv * gamma[ch] + beta[ch];`)}`;

/** Per part: Σdy and Σdy·(x − mean). */
export const gradPartsWgsl = /* wgsl */ `
@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> mean: array<f32>;
@group(0) @binding(3) var<storage, read_write> partials: array<f32>;
${layout}
@group(0) @binding(4) var<uniform> u: U;
${flatMain(/* wgsl */ `
  if (i >= u.c * u.parts) { return; }
  let ch = i / u.parts;
  let mu = mean[ch];
  var s = 0.0;
  var sx = 0.0;
  for (var j = i % u.parts; j < u.m; j += u.parts) {
    let k = at(ch, j);
    s += dy[k];
    sx += dy[k] * (x[k] - mu);
  }
  partials[2u * i] = s;
  partials[2u * i + 1u] = sx;`)}`;

/** Per channel: dβ = Σdy, dγ = Σdy·x̂ (overwritten, as parameter gradients are). */
export const gradMergeWgsl = /* wgsl */ `
@group(0) @binding(0) var<storage, read> partials: array<f32>;
@group(0) @binding(1) var<storage, read> invstd: array<f32>;
@group(0) @binding(2) var<storage, read_write> dgamma: array<f32>;
@group(0) @binding(3) var<storage, read_write> dbeta: array<f32>;
${layout}
@group(0) @binding(4) var<uniform> u: U;
${flatMain(/* wgsl */ `
  if (i >= u.c) { return; }
  var s = 0.0;
  var sx = 0.0;
  for (var p = 0u; p < u.parts; p++) {
    s += partials[2u * (i * u.parts + p)];
    sx += partials[2u * (i * u.parts + p) + 1u];
  }
  dbeta[i] = s;
  dgamma[i] = sx * invstd[i];`)}`;

/** dx = γ·invstd·(dy − dβ/m − x̂·dγ/m). */
export const gradInputWgsl = /* wgsl */ `
@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> mean: array<f32>;
@group(0) @binding(3) var<storage, read> invstd: array<f32>;
@group(0) @binding(4) var<storage, read> gamma: array<f32>;
@group(0) @binding(5) var<storage, read> dgamma: array<f32>;
@group(0) @binding(6) var<storage, read> dbeta: array<f32>;
@group(0) @binding(7) var<storage, read_write> dx: array<f32>;
${layout}
@group(0) @binding(8) var<uniform> u: U;
${flatMain(/* wgsl */ `
  if (i >= u.m * u.c) { return; }
  let ch = (i / u.hw) % u.c;
  let xhat = (x[i] - mean[ch]) * invstd[ch];
  let m = f32(u.m);
  var g = gamma[ch] * invstd[ch] * (dy[i] - dbeta[ch] / m - xhat * dgamma[ch] / m);
  if (u.acc != 0u) { g += dx[i]; }
  dx[i] = g;`)}`;
