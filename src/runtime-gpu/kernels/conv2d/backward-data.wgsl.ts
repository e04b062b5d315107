import {
  convEntry,
  convUniformStruct,
  perThread,
  stridePhaseWgsl,
  unroll,
  type Tile,
} from './tiling.js';

/**
 * Conv input gradient as an implicit GEMM over dy with the filter taps reversed, per channel
 * group. Input pixels are split into stride phases (iy + ph ≡ ry mod sh, ix + pw ≡ rx mod sw),
 * one (group, phase) per `part`: within a phase every pixel meets exactly the taps with
 * ky·dilH ≡ ry (mod sh) — the first such ky, then every tapStepY — and likewise for kx, so no
 * tap is skipped per pixel and a stride-2 layer does no wasted work. Rows are a phase's pixels
 * (n, iy, ix) along x, columns are the group's input channels along y, the reduction runs over
 * the group's (co, ky, kx). `accumulate` adds into dx instead of overwriting it.
 */
export function conv2dBackwardDataWgsl(t: Tile): string {
  const rows = t.wx * perThread;
  const cols = t.wy * perThread;
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> w: array<f32>;
@group(0) @binding(2) var<storage, read_write> dx: array<f32>;
${convUniformStruct}
@group(0) @binding(3) var<uniform> u: U;
${convEntry(t)}
  let phases = u.sh * u.sw;
  let grp = part / phases;
  let ry = part % phases / u.sw;
  let rx = part % u.sw;
  let cinG = u.cin / u.groups;
  let coutG = u.cout / u.groups;
${stridePhaseWgsl}
  let rowCount = u.n * phasePixels;
  if (rowCount == 0u) { return; }
  let ohw = u.oh * u.ow;
  let hw = u.inH * u.inW;
  let khw = u.kh * u.kw;
${unroll(
  (i) => `
  let m${i} = tm * ${rows}u + l.x + ${t.wx * i}u;
  let mOk${i} = m${i} < rowCount;
  let n${i} = min(m${i}, rowCount - 1u) / phasePixels;
  let q${i} = min(m${i}, rowCount - 1u) % phasePixels;
  let iy${i} = iyFirst + q${i} / wc * u.sh;
  let ix${i} = ixFirst + q${i} % wc * u.sw;
  // Output position met by the phase's first tap; tap t reaches oy0 − t·oyStep.
  let oy0${i} = (i32(iy${i} + u.ph) - i32(kyFirst * u.dilH)) / i32(u.sh);
  let ox0${i} = (i32(ix${i} + u.pw) - i32(kxFirst * u.dilW)) / i32(u.sw);
  let dyb${i} = i32((n${i} * u.cout + grp * coutG) * ohw);
  let dxb${i} = (n${i} * u.cin + grp * cinG) * hw + iy${i} * u.inW + ix${i};
  var acc${i} = vec4f(0.0);`,
)}
${unroll(
  (j) => `
  let ci${j} = tn * ${cols}u + l.y + ${t.wy * j}u;
  let wb${j} = (grp * coutG * cinG + min(ci${j}, cinG - 1u)) * khw;`,
)}
  // Taps outside, channels inside: a tap's bounds and offsets are computed once for all co.
  let wStride = cinG * khw;
  for (var ty = 0u; ty < tapsY; ty++) {
${unroll(
  (i) => `
    let oy${i} = oy0${i} - i32(ty * oyStep);
    let rowOk${i} = mOk${i} && u32(oy${i}) < u.oh;`,
)}
    for (var tx = 0u; tx < tapsX; tx++) {
      var k = (kyFirst + ty * u.tapStepY) * u.kw + kxFirst + tx * u.tapStepX;
${unroll(
  (i) => `
      let ox${i} = ox0${i} - i32(tx * oxStep);
      let ok${i} = rowOk${i} && u32(ox${i}) < u.ow;
      var at${i} = u32(select(0, dyb${i} + oy${i} * i32(u.ow) + ox${i}, ok${i}));`,
)}
      for (var co = 0u; co < coutG; co++) {
        let bv = vec4f(w[wb0 + k], w[wb1 + k], w[wb2 + k], w[wb3 + k]);
${unroll((i) => `        acc${i} += select(0.0, dy[at${i}], ok${i}) * bv;`)}
${unroll((i) => `        at${i} += ohw;`)}
        k += wStride;
      }
    }
  }
${unroll((i) =>
  unroll(
    (j) => `
  if (mOk${i} && ci${j} < cinG) {
    let at = dxb${i} + ci${j} * hw;
    dx[at] = acc${i}[${j}] + select(0.0, dx[at], u.accumulate != 0u);
  }`,
  ),
)}
}`;
}
