import { flatMain } from '../flat.js';
import { isNanWgsl } from '../nan.js';

/** Geometry shared by the pooling kernels; `total` is the thread count. */
const uniforms = /* wgsl */ `
struct U {
  total: u32, h: u32, w: u32, oh: u32, ow: u32,
  kh: u32, kw: u32, sh: u32, sw: u32, ph: u32, pw: u32, acc: u32, countPad: u32,
}`;

/** A window's first row/column, possibly negative (inside the padding). */
const windowStart = /* wgsl */ `
  let ys = i32(oy * u.sh) - i32(u.ph);
  let xs = i32(ox * u.sw) - i32(u.pw);`;

/**
 * One thread per output; argmax is the index inside the h×w plane. As in PyTorch: the first
 * maximum wins, a NaN beats everything and the last NaN is the argmax, and a window of -inf
 * points at its first element.
 */
export const maxPoolForwardWgsl = /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<storage, read_write> argmax: array<u32>;
${uniforms}
@group(0) @binding(3) var<uniform> u: U;
${isNanWgsl}
${flatMain(/* wgsl */ `
  if (i >= u.total) { return; }
  let ox = i % u.ow;
  let oy = (i / u.ow) % u.oh;
  let base = (i / (u.ow * u.oh)) * u.h * u.w;
  ${windowStart}
  let y0 = u32(max(ys, 0));
  let y1 = u32(min(ys + i32(u.kh), i32(u.h)));
  let x0 = u32(max(xs, 0));
  let x1 = u32(min(xs + i32(u.kw), i32(u.w)));
  // Starting from the window's first element equals PyTorch's start from −inf.
  var arg = y0 * u.w + x0;
  var best = x[base + arg];
  for (var iy = y0; iy < y1; iy++) {
    for (var ix = x0; ix < x1; ix++) {
      let v = x[base + iy * u.w + ix];
      if (isNan(v) || (!isNan(best) && v > best)) {
        best = v;
        arg = iy * u.w + ix;
      }
    }
  }
  y[i] = best;
  argmax[i] = arg;`)}`;

/**
 * Range of windows (along one axis) that contain input position p: those with
 * start <= p < start + k, where start = o·s − pad.
 */
const windowsContaining = /* wgsl */ `
fn firstWindow(p: u32, k: u32, s: u32, pad: u32) -> u32 {
  if (p + pad < k) { return 0u; }
  return (p + pad - k) / s + 1u;
}
fn lastWindow(p: u32, s: u32, pad: u32, count: u32) -> i32 {
  return min(i32((p + pad) / s), i32(count) - 1);
}`;

/**
 * One thread per input element: sums, in a fixed order, the gradients of the windows whose
 * argmax is this element, so the result is deterministic without atomics.
 */
export const maxPoolBackwardWgsl = /* wgsl */ `
@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> argmax: array<u32>;
@group(0) @binding(2) var<storage, read_write> dx: array<f32>;
${uniforms}
@group(0) @binding(3) var<uniform> u: U;
${windowsContaining}
${flatMain(/* wgsl */ `
  if (i >= u.total) { return; }
  let ix = i % u.w;
  let iy = (i / u.w) % u.h;
  let base = (i / (u.w * u.h)) * u.oh * u.ow;
  let me = iy * u.w + ix;
  let oyEnd = lastWindow(iy, u.sh, u.ph, u.oh);
  let oxEnd = lastWindow(ix, u.sw, u.pw, u.ow);
  var s = 0.0;
  for (var oy = i32(firstWindow(iy, u.kh, u.sh, u.ph)); oy <= oyEnd; oy++) {
    for (var ox = i32(firstWindow(ix, u.kw, u.sw, u.pw)); ox <= oxEnd; ox++) {
      let o = base + u32(oy) * u.ow + u32(ox);
      if (argmax[o] == me) { s += dy[o]; }
    }
  }
  if (u.acc != 0u) { s += dx[i]; }
  dx[i] = s;`)}`;

/**
 * PyTorch's AvgPool2d divisor: with count_include_pad, the window clipped to the padded input
 * (ceil_mode windows can run past it); without, clipped to the input itself.
 */
const avgDivisor = /* wgsl */ `
fn divisor(oy: u32, ox: u32) -> f32 {
  var ys = i32(oy * u.sh) - i32(u.ph);
  var xs = i32(ox * u.sw) - i32(u.pw);
  var ye = min(ys + i32(u.kh), i32(u.h + u.ph));
  var xe = min(xs + i32(u.kw), i32(u.w + u.pw));
  if (u.countPad == 0u) {
    ys = max(ys, 0);
    xs = max(xs, 0);
    ye = min(ye, i32(u.h));
    xe = min(xe, i32(u.w));
  }
  return f32((ye - ys) * (xe - xs));
}`;

export const avgPoolForwardWgsl = /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
${uniforms}
@group(0) @binding(2) var<uniform> u: U;
${avgDivisor}
${flatMain(/* wgsl */ `
  if (i >= u.total) { return; }
  let ox = i % u.ow;
  let oy = (i / u.ow) % u.oh;
  let base = (i / (u.ow * u.oh)) * u.h * u.w;
  ${windowStart}
  let y1 = u32(min(ys + i32(u.kh), i32(u.h)));
  let x1 = u32(min(xs + i32(u.kw), i32(u.w)));
  var s = 0.0;
  for (var iy = u32(max(ys, 0)); iy < y1; iy++) {
    for (var ix = u32(max(xs, 0)); ix < x1; ix++) { s += x[base + iy * u.w + ix]; }
  }
  y[i] = s / divisor(oy, ox);`)}`;

export const avgPoolBackwardWgsl = /* wgsl */ `
@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read_write> dx: array<f32>;
${uniforms}
@group(0) @binding(2) var<uniform> u: U;
${avgDivisor}
${windowsContaining}
${flatMain(/* wgsl */ `
  if (i >= u.total) { return; }
  let ix = i % u.w;
  let iy = (i / u.w) % u.h;
  let base = (i / (u.w * u.h)) * u.oh * u.ow;
  let oyEnd = lastWindow(iy, u.sh, u.ph, u.oh);
  let oxEnd = lastWindow(ix, u.sw, u.pw, u.ow);
  var s = 0.0;
  for (var oy = i32(firstWindow(iy, u.kh, u.sh, u.ph)); oy <= oyEnd; oy++) {
    for (var ox = i32(firstWindow(ix, u.kw, u.sw, u.pw)); ox <= oxEnd; ox++) {
      let dv = divisor(u32(oy), u32(ox));
      s += dy[base + u32(oy) * u.ow + u32(ox)] / dv;
    }
  }
  if (u.acc != 0u) { s += dx[i]; }
  dx[i] = s;`)}`;
