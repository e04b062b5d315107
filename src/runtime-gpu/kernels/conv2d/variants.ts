import type { KernelCaps } from '../../tune/problem.js';
import {
  gemmSharedBytes,
  tileCols,
  tileRows,
  tileThreads,
  type GemmTile,
} from '../gemm/gemm.wgsl.js';
import type { Conv2dDims } from './dims.js';

export type ConvPass = 'forward' | 'backwardData' | 'backwardFilter';

/**
 * The ways each conv pass can run. `register`: register-blocked, no workgroup memory (runs
 * everywhere; the default). The others: the tiled implicit GEMM (tiled.wgsl.ts) with a tile of
 * rows × columns of the pass's GEMM (forward and input gradient: pixels × channels; filter
 * gradient: output channels × taps); `.splitk` also splits the reduction, for layers with few
 * output tiles. The filter gradient's reduction (every output pixel) is long, so its tiled
 * variants always split it as far as fills the GPU.
 */
export const convVariants = {
  register: null,
  tile32: { tile: { tx: 8, ty: 8, rm: 4, rn: 4, bk: 16 }, split: false },
  tile64: { tile: { tx: 16, ty: 16, rm: 4, rn: 4, bk: 16 }, split: false },
  tile128x64: { tile: { tx: 16, ty: 16, rm: 8, rn: 4, bk: 16 }, split: false },
  tile64x128: { tile: { tx: 16, ty: 16, rm: 4, rn: 8, bk: 16 }, split: false },
  'tile32.splitk': { tile: { tx: 8, ty: 8, rm: 4, rn: 4, bk: 16 }, split: true },
  'tile64.splitk': { tile: { tx: 16, ty: 16, rm: 4, rn: 4, bk: 16 }, split: true },
} as const satisfies Record<string, { tile: GemmTile; split: boolean } | null>;

export type ConvVariant = keyof typeof convVariants;

export const isConvVariant = (v: string): v is ConvVariant => Object.hasOwn(convVariants, v);

/** A tiled pass's GEMM: sizes, and the parts (groups, stride phases) it runs side by side. */
export interface ConvGemm {
  m: number;
  n: number;
  /** The longest reduction of any part. */
  k: number;
  parts: number;
  /** Values of one slice's partials (the pass's output). */
  outputValues: number;
}

export function convGemm(pass: ConvPass, d: Conv2dDims, bias = false): ConvGemm {
  const cinG = d.cin / d.groups;
  const coutG = d.cout / d.groups;
  if (pass === 'forward') {
    return {
      m: d.n * d.oh * d.ow,
      n: coutG,
      k: cinG * d.kh * d.kw,
      parts: d.groups,
      outputValues: d.n * d.cout * d.oh * d.ow,
    };
  }
  if (pass === 'backwardData') {
    // Each stride phase meets at most ceil(k / tapStep) taps on each axis.
    const tapsY = Math.ceil(d.kh / (d.sh / gcd(d.sh, d.dilH)));
    const tapsX = Math.ceil(d.kw / (d.sw / gcd(d.sw, d.dilW)));
    return {
      m: d.n * Math.ceil(d.h / d.sh) * Math.ceil(d.w / d.sw),
      n: cinG,
      k: coutG * tapsY * tapsX,
      parts: d.groups * d.sh * d.sw,
      outputValues: d.n * d.cin * d.h * d.w,
    };
  }
  const taps = cinG * d.kh * d.kw;
  return {
    m: coutG,
    n: taps + (bias ? 1 : 0),
    k: d.n * d.oh * d.ow,
    parts: d.groups,
    outputValues: d.cout * (taps + 1),
  };
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** Enough workgroups to fill a large GPU (an H200 has 132 multiprocessors). */
const targetWorkgroups = 512;
/** A slice takes at least this many K-steps, so its partials pay for themselves. */
const minStepsPerSlice = 4;
const maxSlices = 64;

export interface TiledPlan {
  tile: GemmTile;
  mTiles: number;
  nTiles: number;
  /** Split-K slices of each part's reduction (1: no partials). */
  slices: number;
  /** Reduction values per slice, a whole number of K-steps. */
  chunk: number;
}

export function tiledPlan(
  pass: ConvPass,
  variant: ConvVariant,
  d: Conv2dDims,
  bias = false,
): TiledPlan {
  const v = convVariants[variant];
  if (!v) throw new Error(`conv2d: ${variant} is not a tiled variant`);
  const g = convGemm(pass, d, bias);
  const mTiles = Math.ceil(g.m / tileRows(v.tile));
  const nTiles = Math.ceil(g.n / tileCols(v.tile));
  const splits = v.split || pass === 'backwardFilter';
  const wanted = Math.ceil(targetWorkgroups / (mTiles * nTiles * g.parts));
  const most = Math.floor(g.k / (minStepsPerSlice * v.tile.bk));
  const slices = splits ? Math.max(1, Math.min(wanted, most, maxSlices)) : 1;
  const chunk = Math.ceil(Math.ceil(g.k / slices) / v.tile.bk) * v.tile.bk;
  return { tile: v.tile, mTiles, nTiles, slices: Math.max(1, Math.ceil(g.k / chunk)), chunk };
}

/**
 * The variants of a pass this device can run at these sizes, `register` first. Tiled ones
 * need shared-memory kernels, the tile's threads and workgroup memory; a `.splitk` variant
 * only where it splits (few output tiles, a long reduction) and its partials fit one binding.
 */
export function eligibleVariants(pass: ConvPass, d: Conv2dDims, caps: KernelCaps): ConvVariant[] {
  const out: ConvVariant[] = ['register'];
  if (!caps.sharedMemory) return out;
  for (const [name, v] of Object.entries(convVariants)) {
    if (!v) continue;
    if (tileThreads(v.tile) > caps.invocations) continue;
    if (gemmSharedBytes(v.tile) > caps.workgroupStorage) continue;
    const variant = name as ConvVariant;
    if (v.split) {
      if (pass === 'backwardFilter') continue;
      const p = tiledPlan(pass, variant, d);
      if (p.slices < 2) continue;
      if (p.slices * convGemm(pass, d).outputValues * 4 > caps.maxBinding) continue;
    } else if (pass === 'backwardFilter') {
      const p = tiledPlan(pass, variant, d, true);
      if (p.slices * convGemm(pass, d, true).outputValues * 4 > caps.maxBinding) continue;
    }
    out.push(variant);
  }
  return out;
}
