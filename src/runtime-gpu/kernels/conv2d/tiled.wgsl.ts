import type { FusedActivation } from '../activation/activation.js';
import { fusedActivationWgsl } from '../activation/activation.wgsl.js';
import { gemmWgsl, type GemmTile } from '../gemm/gemm.wgsl.js';
import { convUniformStruct, stridePhaseWgsl } from './tiling.js';

/**
 * The conv passes as implicit GEMMs on the tiled core (gemm.wgsl.ts), each with every Conv2d
 * option (stride, padding, dilation, groups, bias) and the same index arithmetic as the
 * register-blocked kernels beside them. `split`: the reduction is cut into `u.chunk`-long
 * slices, one per part, written as partials that a second kernel sums in a fixed order
 * (deterministic; WGSL has no float atomics).
 */

const four = (f: (i: number) => string): string => [0, 1, 2, 3].map(f).join('\n');
const vec4Of = (f: (i: number) => string): string => `vec4f(${[0, 1, 2, 3].map(f).join(', ')})`;

/** Bounded reads: 0 outside the tensor's rows, k range or image (zero padding). */
const loadHelpers = (tensor: string, h: string, w: string): string => /* wgsl */ `
fn ${tensor}At(base: i32, iy: i32, ix: i32, ok: bool) -> f32 {
  let inside = ok && u32(iy) < ${h} && u32(ix) < ${w};
  return select(0.0, ${tensor}[select(0, base + iy * i32(${w}) + ix, inside)], inside);
}`;
const flatLoad = (tensor: string): string => /* wgsl */ `
fn ${tensor}Flat(i: u32, ok: bool) -> f32 { return select(0.0, ${tensor}[select(0u, i, ok)], ok); }`;

export interface TiledForward {
  bias: boolean;
  activation?: FusedActivation;
  split: boolean;
}

/**
 * y = act(conv(x, w) + b): rows are output pixels (n, oy, ox), columns the group's output
 * channels, k runs over the group's (ci, ky, kx). With `split`, partials [slices, y] instead.
 */
export function conv2dForwardTiledWgsl(tile: GemmTile, o: TiledForward): string {
  const out = o.split
    ? '@group(0) @binding(2) var<storage, read_write> partials: array<f32>;'
    : `${o.bias ? '@group(0) @binding(2) var<storage, read> b: array<f32>;' : ''}
@group(0) @binding(${o.bias ? 3 : 2}) var<storage, read_write> y: array<f32>;`;
  const uBinding = o.split ? 3 : o.bias ? 4 : 3;
  const finish = (v: string, c: number) => {
    const biased = o.bias ? `${v} + b[yco${c}]` : v;
    return o.activation ? `activation(${biased})` : biased;
  };
  return gemmWgsl({
    tile,
    declarations: /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> w: array<f32>;
${out}
${convUniformStruct}
@group(0) @binding(${uBinding}) var<uniform> u: U;
${loadHelpers('x', 'u.inH', 'u.inW')}
${flatLoad('w')}
${o.activation && !o.split ? fusedActivationWgsl(o.activation) : ''}`,
    prologue: /* wgsl */ `
  let slices = u.parts / u.groups;
  let g = part / slices;
  let slice = part % slices;
  let cinG = u.cin / u.groups;
  let coutG = u.cout / u.groups;
  let ohw = u.oh * u.ow;
  let hw = u.inH * u.inW;
  let khw = u.kh * u.kw;
  let M = u.n * ohw;
  let N = coutG;
  let K = cinG * khw;
  let kBegin = slice * u.chunk;
  let kEnd = min(K, kBegin + u.chunk);`,
    a: {
      fixed: 'row',
      rows: (r, s) =>
        four(
          (i) => `
  let xm${s}_${i} = min(${r} + ${i}u, M - 1u);
  let xok${s}_${i} = ${r} + ${i}u < M;
  let xp${s}_${i} = xm${s}_${i} % ohw;
  let xiy${s}_${i} = i32(xp${s}_${i} / u.ow * u.sh) - i32(u.ph);
  let xix${s}_${i} = i32(xp${s}_${i} % u.ow * u.sw) - i32(u.pw);
  let xb${s}_${i} = i32((xm${s}_${i} / ohw * u.cin + g * cinG) * hw);`,
        ),
      k: () => /* wgsl */ `
    let xr = k % khw;
    let xo = i32(k / khw * hw);
    let xdy = i32(xr / u.kw * u.dilH);
    let xdx = i32(xr % u.kw * u.dilW);`,
      value: (s) =>
        vec4Of(
          (i) =>
            `xAt(xb${s}_${i} + xo, xiy${s}_${i} + xdy, xix${s}_${i} + xdx, xok${s}_${i} && kOk)`,
        ),
    },
    b: {
      fixed: 'k',
      rows: (r, s) =>
        four(
          (i) => `
  let wok${s}_${i} = ${r} + ${i}u < N;
  let wb${s}_${i} = (g * coutG + min(${r} + ${i}u, N - 1u)) * K;`,
        ),
      k: () => '',
      value: (s) => vec4Of((i) => `wFlat(wb${s}_${i} + k, wok${s}_${i} && kOk)`),
    },
    store: {
      rows: (m, i) => `
  let yok${i} = ${m} < M;
  let ym${i} = min(${m}, M - 1u);
  let yb${i} = ym${i} / ohw * u.cout * ohw + ym${i} % ohw;`,
      cols: (n, c) => `
  let ycok${c} = ${n} < N;
  let yco${c} = g * coutG + min(${n}, N - 1u);`,
      write: (i, c, v) =>
        o.split
          ? `  if (yok${i} && ycok${c}) { partials[slice * u.n * u.cout * ohw + yb${i} + yco${c} * ohw] = ${v}; }`
          : `  if (yok${i} && ycok${c}) { y[yb${i} + yco${c} * ohw] = ${finish(v, c)}; }`,
    },
  });
}

/**
 * dx from dy and w, per (group, stride phase) as the register kernel splits it: rows are the
 * phase's input pixels, columns the group's input channels, k runs over (co, the taps that
 * reach the phase). With `split`, partials [slices, dx] instead, summed by the reduce kernel.
 */
export function conv2dBackwardDataTiledWgsl(tile: GemmTile, split: boolean): string {
  return gemmWgsl({
    tile,
    declarations: /* wgsl */ `
@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> w: array<f32>;
@group(0) @binding(2) var<storage, read_write> ${split ? 'partials' : 'dx'}: array<f32>;
${convUniformStruct}
@group(0) @binding(3) var<uniform> u: U;
${loadHelpers('dy', 'u.oh', 'u.ow')}
${flatLoad('w')}`,
    prologue: /* wgsl */ `
  let phases = u.sh * u.sw;
  let slices = u.parts / (u.groups * phases);
  let slice = part % slices;
  let gp = part / slices;
  let g = gp / phases;
  let ry = gp % phases / u.sw;
  let rx = gp % u.sw;
  let cinG = u.cin / u.groups;
  let coutG = u.cout / u.groups;
${stridePhaseWgsl}
  let M = u.n * phasePixels;
  if (M == 0u) { return; }
  let N = cinG;
  let tapsYX = tapsY * tapsX;
  let K = coutG * tapsYX;
  let kBegin = slice * u.chunk;
  let kEnd = min(K, kBegin + u.chunk);
  let ohw = u.oh * u.ow;
  let hw = u.inH * u.inW;
  let khw = u.kh * u.kw;`,
    a: {
      fixed: 'row',
      rows: (r, s) =>
        four(
          (i) => `
  let dok${s}_${i} = ${r} + ${i}u < M;
  let dq${s}_${i} = min(${r} + ${i}u, M - 1u) % phasePixels;
  let doy${s}_${i} = (i32(iyFirst + dq${s}_${i} / wc * u.sh + u.ph) - i32(kyFirst * u.dilH)) / i32(u.sh);
  let dox${s}_${i} = (i32(ixFirst + dq${s}_${i} % wc * u.sw + u.pw) - i32(kxFirst * u.dilW)) / i32(u.sw);
  let db${s}_${i} = i32((min(${r} + ${i}u, M - 1u) / phasePixels * u.cout + g * coutG) * ohw);`,
        ),
      k: () => /* wgsl */ `
    let dt = k % tapsYX;
    let doff = i32(k / tapsYX * ohw);
    let ddy = i32(dt / tapsX * oyStep);
    let ddx = i32(dt % tapsX * oxStep);`,
      value: (s) =>
        vec4Of(
          (i) =>
            `dyAt(db${s}_${i} + doff, doy${s}_${i} - ddy, dox${s}_${i} - ddx, dok${s}_${i} && kOk)`,
        ),
    },
    b: {
      fixed: 'k',
      rows: (r, s) =>
        four(
          (i) => `
  let wok${s}_${i} = ${r} + ${i}u < N;
  let wb${s}_${i} = (g * coutG * cinG + min(${r} + ${i}u, N - 1u)) * khw;`,
        ),
      k: () => /* wgsl */ `
    let wt = k % tapsYX;
    let wk = k / tapsYX * cinG * khw + (kyFirst + wt / tapsX * u.tapStepY) * u.kw + kxFirst
      + wt % tapsX * u.tapStepX;`,
      value: (s) => vec4Of((i) => `wFlat(wb${s}_${i} + wk, wok${s}_${i} && kOk)`),
    },
    store: {
      rows: (m, i) => `
  let ook${i} = ${m} < M;
  let om${i} = min(${m}, M - 1u);
  let oq${i} = om${i} % phasePixels;
  let ob${i} = (om${i} / phasePixels * u.cin + g * cinG) * hw + (iyFirst + oq${i} / wc * u.sh) * u.inW
    + ixFirst + oq${i} % wc * u.sw;`,
      cols: (n, c) => `
  let ocok${c} = ${n} < N;
  let oci${c} = min(${n}, N - 1u);`,
      write: (i, c, v) =>
        split
          ? `  if (ook${i} && ocok${c}) { partials[slice * u.n * u.cin * hw + ob${i} + oci${c} * hw] = ${v}; }`
          : `  if (ook${i} && ocok${c}) {
    let at = ob${i} + oci${c} * hw;
    dx[at] = ${v} + select(0.0, dx[at], u.accumulate != 0u);
  }`,
    },
  });
}

/**
 * dw (and db) from x and dy: rows are the group's output channels, columns its filter taps
 * (ci, ky, kx) and, with a bias, one column of ones whose result is Σ dy = db; k runs over
 * output pixels, one `u.chunk` of them per slice. `partials` lays them out [slices, cout,
 * taps + 1] for conv2dFilterReduceWgsl.
 */
export function conv2dBackwardFilterTiledWgsl(
  tile: GemmTile,
  o: { bias: boolean; partials: boolean },
): string {
  const outputs = o.partials
    ? '@group(0) @binding(2) var<storage, read_write> partials: array<f32>;'
    : `@group(0) @binding(2) var<storage, read_write> dw: array<f32>;
${o.bias ? '@group(0) @binding(3) var<storage, read_write> db: array<f32>;' : ''}`;
  const uBinding = !o.partials && o.bias ? 4 : 3;
  const write = (i: number, c: number, v: string): string => {
    if (o.partials) {
      return `  if (ook${i} && ot${c} < N) { partials[(slice * u.cout + orow${i}) * (taps + 1u) + ot${c}] = ${v}; }`;
    }
    const dw = `  if (ook${i} && ot${c} < taps) { dw[orow${i} * taps + ot${c}] = ${v}; }`;
    return o.bias ? `${dw}\n  if (ook${i} && ot${c} == taps) { db[orow${i}] = ${v}; }` : dw;
  };
  return gemmWgsl({
    tile,
    declarations: /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
${outputs}
${convUniformStruct}
@group(0) @binding(${uBinding}) var<uniform> u: U;
${loadHelpers('x', 'u.inH', 'u.inW')}
${flatLoad('dy')}`,
    prologue: /* wgsl */ `
  let slices = u.parts / u.groups;
  let g = part / slices;
  let slice = part % slices;
  let cinG = u.cin / u.groups;
  let coutG = u.cout / u.groups;
  let ohw = u.oh * u.ow;
  let hw = u.inH * u.inW;
  let khw = u.kh * u.kw;
  let taps = cinG * khw;
  let M = coutG;
  let N = taps + ${o.bias ? 1 : 0}u;
  let K = u.n * ohw;
  let kBegin = slice * u.chunk;
  let kEnd = min(K, kBegin + u.chunk);`,
    a: {
      fixed: 'k',
      rows: (r, s) =>
        four(
          (i) => `
  let dok${s}_${i} = ${r} + ${i}u < M;
  let dc${s}_${i} = (g * coutG + min(${r} + ${i}u, M - 1u)) * ohw;`,
        ),
      k: () => /* wgsl */ `
    let dk = k / ohw * u.cout * ohw + k % ohw;`,
      value: (s) => vec4Of((i) => `dyFlat(dk + dc${s}_${i}, dok${s}_${i} && kOk)`),
    },
    b: {
      fixed: 'k',
      rows: (r, s) =>
        four(
          (i) => `
  let xok${s}_${i} = ${r} + ${i}u < taps;
  let xone${s}_${i} = ${o.bias ? `${r} + ${i}u == taps` : 'false'};
  let xt${s}_${i} = min(${r} + ${i}u, taps - 1u);
  let xo${s}_${i} = i32((g * cinG + xt${s}_${i} / khw) * hw);
  let xdy${s}_${i} = i32(xt${s}_${i} % khw / u.kw * u.dilH) - i32(u.ph);
  let xdx${s}_${i} = i32(xt${s}_${i} % u.kw * u.dilW) - i32(u.pw);`,
        ),
      k: () => /* wgsl */ `
    let xp = k % ohw;
    let xn = i32(k / ohw * u.cin * hw);
    let xiy = i32(xp / u.ow * u.sh);
    let xix = i32(xp % u.ow * u.sw);`,
      value: (s) =>
        vec4Of(
          (i) =>
            `select(xAt(xn + xo${s}_${i}, xiy + xdy${s}_${i}, xix + xdx${s}_${i}, xok${s}_${i} && kOk), select(0.0, 1.0, kOk), xone${s}_${i})`,
        ),
    },
    store: {
      rows: (m, i) => `
  let ook${i} = ${m} < M;
  let orow${i} = g * coutG + min(${m}, M - 1u);`,
      cols: (n, c) => `
  let ot${c} = ${n};`,
      write,
    },
  });
}

/**
 * Sums split-K partials [slices, len] in slice order into `out` (len values): the forward adds
 * the bias of the element's channel and applies the fused activation; the input gradient adds
 * to what `out` holds when accumulating.
 */
export function splitReduceWgsl(
  o: { kind: 'forward'; bias: boolean; activation?: FusedActivation } | { kind: 'accumulate' },
): string {
  const bias = o.kind === 'forward' && o.bias;
  const finish =
    o.kind === 'accumulate'
      ? 's + select(0.0, out[i], r.accumulate != 0u)'
      : (() => {
          const biased = bias ? 's + b[i / r.hw % r.channels]' : 's';
          return o.activation ? `activation(${biased})` : biased;
        })();
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read> partials: array<f32>;
${bias ? '@group(0) @binding(1) var<storage, read> b: array<f32>;' : ''}
@group(0) @binding(${bias ? 2 : 1}) var<storage, read_write> out: array<f32>;
struct R { len: u32, slices: u32, hw: u32, channels: u32, accumulate: u32 }
@group(0) @binding(${bias ? 3 : 2}) var<uniform> r: R;
${o.kind === 'forward' && o.activation ? fusedActivationWgsl(o.activation) : ''}
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= r.len) { return; }
  var s = 0.0;
  for (var p = 0u; p < r.slices; p++) { s += partials[p * r.len + i]; }
  out[i] = ${finish};
}`;
}
