import { flatMain } from '../flat.js';

/**
 * Bilinear resize as torch.nn.functional.interpolate(mode='bilinear', align_corners=False)
 * computes it: one thread per output; the source coordinate is scale·(o + ½) − ½, clamped at 0,
 * and the upper neighbour is clamped to the last row/column.
 */
export const resizeBilinearWgsl = /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
struct U { total: u32, h: u32, w: u32, oh: u32, ow: u32, scaleH: f32, scaleW: f32 }
@group(0) @binding(2) var<uniform> u: U;

fn source(o: u32, scale: f32, size: u32) -> vec3f {
  let s = max(scale * (f32(o) + 0.5) - 0.5, 0.0);
  let i0 = min(u32(s), size - 1u);
  let i1 = min(i0 + 1u, size - 1u);
  return vec3f(f32(i0), f32(i1), s - f32(i0));
}
${flatMain(/* wgsl */ `
  if (i >= u.total) { return; }
  let ox = i % u.ow;
  let oy = (i / u.ow) % u.oh;
  let base = (i / (u.ow * u.oh)) * u.h * u.w;
  let sy = source(oy, u.scaleH, u.h);
  let sx = source(ox, u.scaleW, u.w);
  let r0 = base + u32(sy.x) * u.w;
  let r1 = base + u32(sy.y) * u.w;
  let x0 = u32(sx.x);
  let x1 = u32(sx.y);
  let top = (1.0 - sx.z) * x[r0 + x0] + sx.z * x[r0 + x1];
  let bottom = (1.0 - sx.z) * x[r1 + x0] + sx.z * x[r1 + x1];
  y[i] = (1.0 - sy.z) * top + sy.z * bottom;`)}`;
