import { flatMain } from '../flat.js';

/**
 * One thread per output value: the horizontal flip, then the window of the zero-padded image
 * (random crop), read bilinearly from the resized crop's box (torchvision's resized_crop on a
 * tensor: interpolate with align_corners=False, no antialias; a box of the whole image reads
 * each pixel exactly), then the brightness factor, clamped to [0, 1] as torchvision clamps.
 */
export const augmentGeometryWgsl = /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> draws: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
struct U { total: u32, c: u32, h: u32, w: u32, pad: i32 }
@group(0) @binding(3) var<uniform> u: U;

fn source(o: i32, box: f32, size: u32) -> vec3f {
  let s = max(box / f32(size) * (f32(o) + 0.5) - 0.5, 0.0);
  let last = u32(box) - 1u;
  let i0 = min(u32(s), last);
  return vec3f(f32(i0), f32(min(i0 + 1u, last)), s - f32(i0));
}
${flatMain(/* wgsl */ `
  if (i >= u.total) { return; }
  let plane = u.h * u.w;
  let n = i / (plane * u.c);
  let d = n * ${9}u;
  var ox = i32(i % u.w);
  let oy = i32((i / u.w) % u.h);
  if (draws[d] > 0.5) { ox = i32(u.w) - 1 - ox; }
  let cy = oy + i32(draws[d + 1u]) - u.pad;
  let cx = ox + i32(draws[d + 2u]) - u.pad;
  var v = 0.0;
  if (cy >= 0 && cy < i32(u.h) && cx >= 0 && cx < i32(u.w)) {
    let sy = source(cy, draws[d + 5u], u.h);
    let sx = source(cx, draws[d + 6u], u.w);
    let base = (i / plane) * plane + u32(draws[d + 3u]) * u.w + u32(draws[d + 4u]);
    let r0 = base + u32(sy.x) * u.w;
    let r1 = base + u32(sy.y) * u.w;
    let top = (1.0 - sx.z) * x[r0 + u32(sx.x)] + sx.z * x[r0 + u32(sx.y)];
    let bottom = (1.0 - sx.z) * x[r1 + u32(sx.x)] + sx.z * x[r1 + u32(sx.y)];
    v = (1.0 - sy.z) * top + sy.z * bottom;
  }
  y[i] = clamp(v * draws[d + 7u], 0.0, 1.0);`)}`;

/**
 * One thread per sample: the mean of its grayscale image (torchvision's rgb_to_grayscale
 * weights for 3 channels, the plain mean otherwise), which contrast blends towards.
 */
export const augmentMeanWgsl = /* wgsl */ `
@group(0) @binding(0) var<storage, read> y: array<f32>;
@group(0) @binding(1) var<storage, read_write> means: array<f32>;
struct U { n: u32, c: u32, plane: u32 }
@group(0) @binding(2) var<uniform> u: U;
${flatMain(/* wgsl */ `
  if (i >= u.n) { return; }
  let base = i * u.c * u.plane;
  var sum = 0.0;
  if (u.c == 3u) {
    for (var p = 0u; p < u.plane; p++) {
      sum += 0.2989 * y[base + p] + 0.587 * y[base + u.plane + p] + 0.114 * y[base + 2u * u.plane + p];
    }
    means[i] = sum / f32(u.plane);
  } else {
    for (var p = 0u; p < u.c * u.plane; p++) { sum += y[base + p]; }
    means[i] = sum / f32(u.c * u.plane);
  }`)}`;

/** One thread per value: contrast, c·v + (1 − c)·mean, clamped to [0, 1]. */
export const augmentContrastWgsl = /* wgsl */ `
@group(0) @binding(0) var<storage, read> draws: array<f32>;
@group(0) @binding(1) var<storage, read> means: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
struct U { total: u32, sample: u32 }
@group(0) @binding(3) var<uniform> u: U;
${flatMain(/* wgsl */ `
  if (i >= u.total) { return; }
  let n = i / u.sample;
  let c = draws[n * ${9}u + 8u];
  y[i] = clamp(c * y[i] + (1.0 - c) * means[n], 0.0, 1.0);`)}`;
