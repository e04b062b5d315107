import type { FusedActivation } from '../activation/activation.js';
import { fusedActivationWgsl } from '../activation/activation.wgsl.js';
import { convEntry, convUniformStruct, perThread, unroll, type Tile } from './tiling.js';

/** Taps outside, channels inside: a tap's bounds and offsets are computed once for all ci. */
const channelsInnerLoop = (): string => `
  let khw = u.kh * u.kw;
  for (var ky = 0u; ky < u.kh; ky++) {
${unroll(
  (i) => `
    let iy${i} = iy0${i} + i32(ky * u.dilH);
    let rowOk${i} = mOk${i} && u32(iy${i}) < u.inH;`,
)}
    for (var kx = 0u; kx < u.kw; kx++) {
      var k = ky * u.kw + kx;
${unroll(
  (i) => `
      let ix${i} = ix0${i} + i32(kx * u.dilW);
      let ok${i} = rowOk${i} && u32(ix${i}) < u.inW;
      var at${i} = u32(select(0, xb${i} + iy${i} * i32(u.inW) + ix${i}, ok${i}));`,
)}
      for (var ci = 0u; ci < cinG; ci++) {
        let bv = vec4f(w[wb0 + k], w[wb1 + k], w[wb2 + k], w[wb3 + k]);
${unroll((i) => `        acc${i} += select(0.0, x[at${i}], ok${i}) * bv;`)}
${unroll((i) => `        at${i} += hw;`)}
        k += khw;
      }
    }
  }`;

/** Channels outside, taps inside: better when few input channels make the ci loop short. */
const tapsInnerLoop = (): string => `
  for (var ci = 0u; ci < cinG; ci++) {
    for (var ky = 0u; ky < u.kh; ky++) {
${unroll(
  (i) => `
      let iy${i} = iy0${i} + i32(ky * u.dilH);
      let rowOk${i} = mOk${i} && u32(iy${i}) < u.inH;
      let xr${i} = xb${i} + i32(ci * hw) + iy${i} * i32(u.inW);`,
)}
      let kr = (ci * u.kh + ky) * u.kw;
      for (var kx = 0u; kx < u.kw; kx++) {
        let k = kr + kx;
        let bv = vec4f(w[wb0 + k], w[wb1 + k], w[wb2 + k], w[wb3 + k]);
${unroll(
  (i) => `
        let ix${i} = ix0${i} + i32(kx * u.dilW);
        let ok${i} = rowOk${i} && u32(ix${i}) < u.inW;
        acc${i} += select(0.0, x[select(0, xr${i} + ix${i}, ok${i})], ok${i}) * bv;`,
)}
      }
    }
  }`;

/**
 * Conv forward as an implicit GEMM per channel group (one group per `part`): rows are output
 * pixels (n, oy, ox) along x, columns are the group's output channels along y, the reduction
 * runs over the group's (ci, ky, kx). Input samples are read straight from x with zero padding
 * by bounds checks; bias and the activation are applied on the write. `channelsInner` picks
 * the loop order (see conv2dForward).
 */
export function conv2dForwardWgsl(
  t: Tile,
  bias: boolean,
  channelsInner: boolean,
  activation?: FusedActivation,
): string {
  const yBinding = bias ? 3 : 2;
  const rows = t.wx * perThread;
  const cols = t.wy * perThread;
  const store = (v: string) => (activation ? `activation(${v})` : v);
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> w: array<f32>;
${bias ? '@group(0) @binding(2) var<storage, read> b: array<f32>;' : ''}
@group(0) @binding(${yBinding}) var<storage, read_write> y: array<f32>;
${convUniformStruct}
@group(0) @binding(${yBinding + 1}) var<uniform> u: U;
${activation ? fusedActivationWgsl(activation) : ''}
${convEntry(t)}
  let ohw = u.oh * u.ow;
  let hw = u.inH * u.inW;
  let rowCount = u.n * ohw;
  let cinG = u.cin / u.groups;
  let coutG = u.cout / u.groups;
  let taps = cinG * u.kh * u.kw;
${unroll(
  (i) => `
  let m${i} = tm * ${rows}u + l.x + ${t.wx * i}u;
  let mOk${i} = m${i} < rowCount;
  let n${i} = min(m${i}, rowCount - 1u) / ohw;
  let p${i} = min(m${i}, rowCount - 1u) % ohw;
  let iy0${i} = i32(p${i} / u.ow * u.sh) - i32(u.ph);
  let ix0${i} = i32(p${i} % u.ow * u.sw) - i32(u.pw);
  let xb${i} = i32((n${i} * u.cin + part * cinG) * hw);
  let yb${i} = n${i} * u.cout * ohw + p${i};
  var acc${i} = vec4f(0.0);`,
)}
${unroll(
  (j) => `
  let cl${j} = tn * ${cols}u + l.y + ${t.wy * j}u;
  let co${j} = part * coutG + cl${j};
  let wb${j} = (part * coutG + min(cl${j}, coutG - 1u)) * taps;`,
)}
${channelsInner ? channelsInnerLoop() : tapsInnerLoop()}
${unroll((i) =>
  unroll(
    (j) => `
  if (mOk${i} && cl${j} < coutG) {
    y[yb${i} + co${j} * ohw] = ${store(`acc${i}[${j}]${bias ? ` + b[co${j}]` : ''}`)};
  }`,
  ),
)}
}`;
}
