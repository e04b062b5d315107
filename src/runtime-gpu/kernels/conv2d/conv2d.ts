import { grid1d, uniformWords, type KernelCall, type TensorDesc } from '../../kernel.js';
import type { KernelCaps, KernelProblem } from '../../tune/problem.js';
import type { FusedActivation } from '../activation/activation.js';
import { conv2dBackwardDataWgsl } from './backward-data.wgsl.js';
import { conv2dBackwardFilterWgsl, conv2dFilterReduceWgsl } from './backward-filter.wgsl.js';
import { checkConv2dDims, type Conv2dDims } from './dims.js';
import { conv2dForwardWgsl } from './forward.wgsl.js';
import {
  conv2dBackwardDataTiledWgsl,
  conv2dBackwardFilterTiledWgsl,
  conv2dForwardTiledWgsl,
  splitReduceWgsl,
} from './tiled.wgsl.js';
import { chooseTile, convUniforms, tileCount, type ConvGrid, type Tile } from './tiling.js';
import {
  convGemm,
  eligibleVariants,
  tiledPlan,
  type ConvPass,
  type ConvVariant,
  type TiledPlan,
} from './variants.js';

/** A pass's calls and the scratch tensors (split-K partials) they need declared. */
export interface Kernels {
  calls: KernelCall[];
  scratch: TensorDesc[];
}

export interface ConvOptions {
  /** How to run it (default: register); a tiled variant must be eligible on the device. */
  variant?: ConvVariant;
  /** Applied to y as it is stored (forward only). */
  activation?: FusedActivation;
  /** The calls' label prefix: `conv2d` (or `linear`) then the pass. */
  label?: string;
}

function convCall(
  label: string,
  code: string,
  bindings: KernelCall['bindings'],
  d: Conv2dDims,
  g: ConvGrid,
): KernelCall {
  return {
    label,
    code,
    bindings,
    uniforms: uniformWords(convUniforms(d, g)),
    workgroups: grid1d(g.mTiles * g.nTiles * g.parts, 1),
  };
}

const partials = (prefix: string, slices: number, values: number): TensorDesc => ({
  name: `${prefix}.partials`,
  shape: [slices, values],
  dtype: 'f32',
});

const read = (tensor: string) => ({ tensor, access: 'read' as const });
const write = (tensor: string) => ({ tensor, access: 'read_write' as const });

/** The reduce of a split forward or input gradient: partials [slices, len] into `out`. */
function splitReduce(
  label: string,
  code: string,
  bindings: KernelCall['bindings'],
  len: number,
  slices: number,
  hw: number,
  channels: number,
  accumulate: boolean,
): KernelCall {
  return {
    label: `${label}.reduce`,
    code,
    bindings,
    uniforms: uniformWords([len, slices, hw, channels, accumulate ? 1 : 0]),
    workgroups: grid1d(len, 64),
  };
}

const tiledGrid = (p: TiledPlan, parts: number, accumulate = false): ConvGrid => ({
  mTiles: p.mTiles,
  nTiles: p.nTiles,
  parts: parts * p.slices,
  accumulate,
  chunk: p.chunk,
});

/** Input channels from which the register forward loops over channels innermost. */
const channelsInnerFrom = 16;

/** y = act(conv2d(x, w) + b); y is overwritten. */
export function conv2dForward(
  t: { x: string; w: string; b?: string; y: string; scratch?: string },
  d: Conv2dDims,
  o: ConvOptions = {},
): Kernels {
  checkConv2dDims(d);
  const label = `${o.label ?? 'conv2d'}.forward`;
  const variant = o.variant ?? 'register';
  const bias = t.b !== undefined;
  const inputs = [read(t.x), read(t.w)];
  if (variant === 'register') {
    const coutG = d.cout / d.groups;
    const tile = chooseTile(d.n * d.oh * d.ow, coutG);
    const grid = {
      mTiles: tileCount(d.n * d.oh * d.ow, tile.wx),
      nTiles: tileCount(coutG, tile.wy),
      parts: d.groups,
    };
    // Measured on SwiftShader: channels-inner saves ~20% on a 64-channel ResNet layer but is up
    // to 2x slower for LeNet's 1- and 6-channel inputs, where the ci loop is too short.
    const code = conv2dForwardWgsl(tile, bias, d.cin / d.groups >= channelsInnerFrom, o.activation);
    const bindings = [...inputs, ...(t.b ? [read(t.b)] : []), write(t.y)];
    return { calls: [convCall(label, code, bindings, d, grid)], scratch: [] };
  }
  const p = tiledPlan('forward', variant, d);
  const grid = tiledGrid(p, d.groups);
  if (p.slices === 1) {
    const code = conv2dForwardTiledWgsl(p.tile, { bias, activation: o.activation, split: false });
    const bindings = [...inputs, ...(t.b ? [read(t.b)] : []), write(t.y)];
    return { calls: [convCall(label, code, bindings, d, grid)], scratch: [] };
  }
  const len = convGemm('forward', d).outputValues;
  const scratch = partials(t.scratch ?? t.y, p.slices, len);
  const main = convCall(
    label,
    conv2dForwardTiledWgsl(p.tile, { bias, split: true }),
    [...inputs, write(scratch.name)],
    d,
    grid,
  );
  const reduce = splitReduce(
    label,
    splitReduceWgsl({ kind: 'forward', bias, activation: o.activation }),
    [read(scratch.name), ...(t.b ? [read(t.b)] : []), write(t.y)],
    len,
    p.slices,
    d.oh * d.ow,
    d.cout,
    false,
  );
  return { calls: [main, reduce], scratch: [scratch] };
}

/** dx = ∂L/∂x from dy; with `accumulate` the result is added to dx instead of replacing it. */
export function conv2dBackwardData(
  t: { dy: string; w: string; dx: string; scratch?: string },
  d: Conv2dDims,
  accumulate: boolean,
  o: ConvOptions = {},
): Kernels {
  checkConv2dDims(d);
  const label = `${o.label ?? 'conv2d'}.backwardData`;
  const variant = o.variant ?? 'register';
  const inputs = [read(t.dy), read(t.w)];
  if (variant === 'register') {
    // One part per stride phase; every phase has at most ceil(h/sh)·ceil(w/sw) pixels.
    const phasePixels = d.n * Math.ceil(d.h / d.sh) * Math.ceil(d.w / d.sw);
    const cinG = d.cin / d.groups;
    const tile = chooseTile(phasePixels, cinG);
    const grid = {
      mTiles: tileCount(phasePixels, tile.wx),
      nTiles: tileCount(cinG, tile.wy),
      parts: d.groups * d.sh * d.sw,
      accumulate,
    };
    const code = conv2dBackwardDataWgsl(tile);
    return {
      calls: [convCall(label, code, [...inputs, write(t.dx)], d, grid)],
      scratch: [],
    };
  }
  const p = tiledPlan('backwardData', variant, d);
  const grid = tiledGrid(p, d.groups * d.sh * d.sw, accumulate);
  if (p.slices === 1) {
    const code = conv2dBackwardDataTiledWgsl(p.tile, false);
    return { calls: [convCall(label, code, [...inputs, write(t.dx)], d, grid)], scratch: [] };
  }
  const len = d.n * d.cin * d.h * d.w;
  const scratch = partials(t.scratch ?? t.dx, p.slices, len);
  const code = conv2dBackwardDataTiledWgsl(p.tile, true);
  const main = convCall(label, code, [...inputs, write(scratch.name)], d, grid);
  const reduce = splitReduce(
    label,
    splitReduceWgsl({ kind: 'accumulate' }),
    [read(scratch.name), write(t.dx)],
    len,
    p.slices,
    1,
    1,
    accumulate,
  );
  return { calls: [main, reduce], scratch: [scratch] };
}

/** Below this many pixels per slice, splitting the reduction costs more than it gains. */
const minChunk = 64;
/** Enough workgroups to fill a large GPU when the dw GEMM itself has few tiles. */
const targetWorkgroups = 256;

/** The register filter gradient's tiling and split-K slices of the pixel reduction. */
function registerFilterPlan(d: Conv2dDims): {
  tile: Tile;
  grid: Required<Omit<ConvGrid, 'accumulate'>>;
  slices: number;
} {
  const taps = (d.cin / d.groups) * d.kh * d.kw;
  const coutG = d.cout / d.groups;
  const tile = chooseTile(taps, coutG);
  const mTiles = tileCount(coutG, tile.wy);
  const nTiles = tileCount(taps, tile.wx);
  const pixels = d.n * d.oh * d.ow;
  const wanted = Math.ceil(targetWorkgroups / (mTiles * nTiles * d.groups));
  const split = Math.max(1, Math.min(wanted, Math.floor(pixels / minChunk)));
  const chunk = Math.ceil(pixels / split);
  const slices = Math.ceil(pixels / chunk);
  return { tile, slices, grid: { mTiles, nTiles, parts: d.groups * slices, chunk } };
}

/** dw = ∂L/∂w and db = ∂L/∂b from x and dy; both are overwritten. */
export function conv2dBackwardFilter(
  t: { x: string; dy: string; dw: string; db?: string; scratch?: string },
  d: Conv2dDims,
  o: ConvOptions = {},
): Kernels {
  checkConv2dDims(d);
  const label = `${o.label ?? 'conv2d'}.backwardFilter`;
  const variant = o.variant ?? 'register';
  const bias = t.db !== undefined;
  const inputs = [read(t.x), read(t.dy)];
  const outputs = [write(t.dw), ...(t.db ? [write(t.db)] : [])];
  const taps = (d.cin / d.groups) * d.kh * d.kw;
  let slices: number;
  let main: (partials: string | null) => KernelCall;
  if (variant === 'register') {
    const p = registerFilterPlan(d);
    slices = p.slices;
    main = (to) =>
      convCall(
        label,
        conv2dBackwardFilterWgsl(p.tile, to ? { kind: 'partials' } : { kind: 'direct', bias }),
        [...inputs, ...(to ? [write(to)] : outputs)],
        d,
        p.grid,
      );
  } else {
    const p = tiledPlan('backwardFilter', variant, d, bias);
    slices = p.slices;
    main = (to) =>
      convCall(
        label,
        conv2dBackwardFilterTiledWgsl(p.tile, { bias, partials: to !== null }),
        [...inputs, ...(to ? [write(to)] : outputs)],
        d,
        tiledGrid(p, d.groups),
      );
  }
  if (slices === 1) return { calls: [main(null)], scratch: [] };
  const scratch = partials(t.scratch ?? t.dw, slices, d.cout * (taps + 1));
  const reduce: KernelCall = {
    label: `${label}.reduce`,
    code: conv2dFilterReduceWgsl(bias),
    bindings: [read(scratch.name), ...outputs],
    uniforms: uniformWords([d.cout, taps, slices]),
    workgroups: grid1d(d.cout * (taps + 1), 64),
  };
  return { calls: [main(scratch.name), reduce], scratch: [scratch] };
}

/** One conv pass at its sizes as a tuning problem (its tensors filled by the tuner). */
export function conv2dProblem(pass: ConvPass, d: Conv2dDims, caps: KernelCaps): KernelProblem {
  checkConv2dDims(d);
  const x: TensorDesc = { name: 'x', shape: [d.n, d.cin, d.h, d.w], dtype: 'f32' };
  const w: TensorDesc = {
    name: 'w',
    shape: [d.cout, d.cin / d.groups, d.kh, d.kw],
    dtype: 'f32',
  };
  const y: TensorDesc = { name: 'y', shape: [d.n, d.cout, d.oh, d.ow], dtype: 'f32' };
  const key = [
    `conv2d.${pass}`,
    `n${d.n}`,
    `c${d.cin}x${d.h}x${d.w}`,
    `o${d.cout}x${d.oh}x${d.ow}`,
    `k${d.kh}x${d.kw}`,
    `s${d.sh}x${d.sw}`,
    `p${d.ph}x${d.pw}`,
    `d${d.dilH}x${d.dilW}`,
    `g${d.groups}`,
  ].join(' ');
  return {
    key,
    variants: eligibleVariants(pass, d, caps),
    build(variant) {
      const o = { variant: variant as ConvVariant };
      const k =
        pass === 'forward'
          ? conv2dForward({ x: 'x', w: 'w', y: 'y' }, d, o)
          : pass === 'backwardData'
            ? conv2dBackwardData({ dy: 'y', w: 'w', dx: 'x' }, d, false, o)
            : conv2dBackwardFilter({ x: 'x', dy: 'y', dw: 'w' }, d, o);
      return { calls: k.calls, tensors: [x, w, y, ...k.scratch] };
    },
  };
}
