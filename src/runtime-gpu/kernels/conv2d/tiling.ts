import type { Conv2dDims } from './dims.js';

/**
 * Register blocking shared by the conv kernels: a workgroup of wx × wy threads, each thread
 * computing 4 × 4 outputs, so a tile is (4·wx) × (4·wy). No shared memory and no barriers
 * (dawn.node + SwiftShader crashes on loops over workgroupBarrier; see docs/ARCHITECTURE.md).
 */
export interface Tile {
  wx: number;
  wy: number;
}

export const perThread = 4;
const maxThreads = 64;

const pow2AtLeast = (v: number): number => 2 ** Math.ceil(Math.log2(Math.max(v, 1)));

/**
 * Fits the tile to the problem so small sides (6 output channels, 25 filter taps) do not leave
 * most threads idle: wy covers `ySize` up to 8 threads, wx takes the rest of 64 threads.
 */
export function chooseTile(xSize: number, ySize: number): Tile {
  const wy = Math.min(8, pow2AtLeast(Math.ceil(ySize / perThread)));
  const wx = Math.min(maxThreads / wy, pow2AtLeast(Math.ceil(xSize / perThread)));
  return { wx, wy };
}

export const tileCount = (size: number, threads: number): number =>
  Math.ceil(size / (threads * perThread));

/** `f(0) … f(3)` joined by newlines: the per-thread 4-way unrolling of the kernels. */
export const unroll = (f: (i: number) => string): string =>
  Array.from({ length: perThread }, (_, i) => f(i)).join('\n');

/**
 * Uniform block of every conv kernel. `parts` is the number of workgroup layers: groups in the
 * forward, groups × stride phases in the input gradient, groups × split-K slices in the filter
 * gradient. `tapStepY/X` is the step between the taps that reach one stride phase of the input
 * (sh / gcd(sh, dilH)), for the input gradient.
 */
export const convUniformStruct = /* wgsl */ `
struct U {
  n: u32, cin: u32, inH: u32, inW: u32, cout: u32, kh: u32, kw: u32, sh: u32, sw: u32,
  ph: u32, pw: u32, oh: u32, ow: u32, mTiles: u32, nTiles: u32, parts: u32, accumulate: u32,
  chunk: u32, dilH: u32, dilW: u32, groups: u32, tapStepY: u32, tapStepX: u32,
}`;

/**
 * For the input gradient's stride phase (ry, rx), in WGSL: the first taps that reach it
 * (`kyFirst`, `kxFirst`; kh / kw when none does), how far back each next tap moves the output
 * position (`oyStep`, `oxStep`), the phase's first input row and column, its size (`hc` × `wc`,
 * `phasePixels` per image) and its taps per axis. The register-blocked and the tiled kernels
 * share it, so both split the work the same way.
 */
export const stridePhaseWgsl = /* wgsl */ `
  var kyFirst = u.kh;
  for (var t0 = 0u; t0 < u.sh; t0++) {
    if (t0 * u.dilH % u.sh == ry) { kyFirst = t0; break; }
  }
  var kxFirst = u.kw;
  for (var t0 = 0u; t0 < u.sw; t0++) {
    if (t0 * u.dilW % u.sw == rx) { kxFirst = t0; break; }
  }
  let oyStep = u.tapStepY * u.dilH / u.sh;
  let oxStep = u.tapStepX * u.dilW / u.sw;
  let iyFirst = (ry + u.sh - u.ph % u.sh) % u.sh;
  let ixFirst = (rx + u.sw - u.pw % u.sw) % u.sw;
  let hc = select(0u, (u.inH - iyFirst + u.sh - 1u) / u.sh, u.inH > iyFirst);
  let wc = select(0u, (u.inW - ixFirst + u.sw - 1u) / u.sw, u.inW > ixFirst);
  let tapsY = select(0u, (u.kh - kyFirst + u.tapStepY - 1u) / u.tapStepY, u.kh > kyFirst);
  let tapsX = select(0u, (u.kw - kxFirst + u.tapStepX - 1u) / u.tapStepX, u.kw > kxFirst);
  let phasePixels = hc * wc;`;

export interface ConvGrid {
  mTiles: number;
  nTiles: number;
  parts: number;
  accumulate?: boolean;
  chunk?: number;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

export function convUniforms(d: Conv2dDims, g: ConvGrid): number[] {
  return [
    d.n,
    d.cin,
    d.h,
    d.w,
    d.cout,
    d.kh,
    d.kw,
    d.sh,
    d.sw,
    d.ph,
    d.pw,
    d.oh,
    d.ow,
    g.mTiles,
    g.nTiles,
    g.parts,
    g.accumulate ? 1 : 0,
    g.chunk ?? 0,
    d.dilH,
    d.dilW,
    d.groups,
    d.sh / gcd(d.sh, d.dilH),
    d.sw / gcd(d.sw, d.dilW),
  ];
}

/**
 * Entry point header: the workgroups form one folded 1-D list (grid1d) decoded into an m tile,
 * an n tile and a part; workgroups past the end (from folding) return.
 */
export const convEntry = (t: Tile): string => /* wgsl */ `
@compute @workgroup_size(${t.wx}, ${t.wy})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_id) l: vec3u) {
  let wid = wg.x + wg.y * nwg.x;
  let tm = wid % u.mTiles;
  let tn = (wid / u.mTiles) % u.nTiles;
  let part = wid / (u.mTiles * u.nTiles);
  if (part >= u.parts) { return; }`;
