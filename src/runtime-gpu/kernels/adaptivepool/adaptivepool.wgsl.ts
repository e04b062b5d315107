import { flatMain } from '../flat.js';

const uniforms = /* wgsl */ `
struct U { total: u32, h: u32, w: u32, oh: u32, ow: u32, acc: u32 }`;

/** PyTorch's window of output cell i when `size` is pooled to `out`: [⌊i·size/out⌋, ⌈(i+1)·size/out⌉). */
const windows = /* wgsl */ `
fn windowStart(i: u32, size: u32, out: u32) -> u32 { return i * size / out; }
fn windowEnd(i: u32, size: u32, out: u32) -> u32 { return ((i + 1u) * size + out - 1u) / out; }`;

/** One thread per output: the mean of its window. */
export const adaptiveAvgPoolForwardWgsl = /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
${uniforms}
@group(0) @binding(2) var<uniform> u: U;
${windows}
${flatMain(/* wgsl */ `
  if (i >= u.total) { return; }
  let ox = i % u.ow;
  let oy = i / u.ow % u.oh;
  let base = i / (u.ow * u.oh) * u.h * u.w;
  let y0 = windowStart(oy, u.h, u.oh);
  let y1 = windowEnd(oy, u.h, u.oh);
  let x0 = windowStart(ox, u.w, u.ow);
  let x1 = windowEnd(ox, u.w, u.ow);
  var s = 0.0;
  for (var iy = y0; iy < y1; iy++) {
    for (var ix = x0; ix < x1; ix++) { s += x[base + iy * u.w + ix]; }
  }
  y[i] = s / f32((y1 - y0) * (x1 - x0));`)}`;

/**
 * One thread per input element: the sum, in a fixed order, of each window's gradient share over
 * the windows that contain it — rows ⌊iy·oh/h⌋ … ⌈(iy+1)·oh/h⌉ − 1, columns likewise.
 */
export const adaptiveAvgPoolBackwardWgsl = /* wgsl */ `
@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read_write> dx: array<f32>;
${uniforms}
@group(0) @binding(2) var<uniform> u: U;
${windows}
${flatMain(/* wgsl */ `
  if (i >= u.total) { return; }
  let ix = i % u.w;
  let iy = i / u.w % u.h;
  let base = i / (u.w * u.h) * u.oh * u.ow;
  var s = 0.0;
  for (var oy = iy * u.oh / u.h; oy < windowEnd(iy, u.oh, u.h); oy++) {
    let rows = windowEnd(oy, u.h, u.oh) - windowStart(oy, u.h, u.oh);
    for (var ox = ix * u.ow / u.w; ox < windowEnd(ix, u.ow, u.w); ox++) {
      let cols = windowEnd(ox, u.w, u.ow) - windowStart(ox, u.w, u.ow);
      s += dy[base + oy * u.ow + ox] / f32(rows * cols);
    }
  }
  if (u.acc != 0u) { s += dx[i]; }
  dx[i] = s;`)}`;
