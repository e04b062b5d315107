import { grid1d, uniformWords, type KernelCall, type TensorDesc } from '../../kernel.js';
import { conv2dBackwardDataWgsl } from './backward-data.wgsl.js';
import { conv2dBackwardFilterWgsl, conv2dFilterReduceWgsl } from './backward-filter.wgsl.js';
import { checkConv2dDims, type Conv2dDims } from './dims.js';
import { conv2dForwardWgsl } from './forward.wgsl.js';
import { chooseTile, convUniforms, tileCount, type ConvGrid, type Tile } from './tiling.js';

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

/** Input channels from which the forward loops over channels innermost. */
const channelsInnerFrom = 16;

/** y = conv2d(x, w) + b; y is overwritten. */
export function conv2dForward(
  t: { x: string; w: string; b?: string; y: string },
  d: Conv2dDims,
  label = 'conv2d.forward',
): KernelCall[] {
  checkConv2dDims(d);
  const coutG = d.cout / d.groups;
  const tile = chooseTile(d.n * d.oh * d.ow, coutG);
  const bindings: KernelCall['bindings'] = [
    { tensor: t.x, access: 'read' },
    { tensor: t.w, access: 'read' },
    ...(t.b ? [{ tensor: t.b, access: 'read' as const }] : []),
    { tensor: t.y, access: 'read_write' },
  ];
  const grid = {
    mTiles: tileCount(d.n * d.oh * d.ow, tile.wx),
    nTiles: tileCount(coutG, tile.wy),
    parts: d.groups,
  };
  // Measured on SwiftShader: channels-inner saves ~20% on a 64-channel ResNet layer but is up
  // to 2x slower for LeNet's 1- and 6-channel inputs, where the ci loop is too short.
  const code = conv2dForwardWgsl(tile, t.b !== undefined, d.cin / d.groups >= channelsInnerFrom);
  return [convCall(label, code, bindings, d, grid)];
}

/** dx = ∂L/∂x from dy; with `accumulate` the result is added to dx instead of replacing it. */
export function conv2dBackwardData(
  t: { dy: string; w: string; dx: string },
  d: Conv2dDims,
  accumulate: boolean,
  label = 'conv2d.backwardData',
): KernelCall[] {
  checkConv2dDims(d);
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
  const bindings: KernelCall['bindings'] = [
    { tensor: t.dy, access: 'read' },
    { tensor: t.w, access: 'read' },
    { tensor: t.dx, access: 'read_write' },
  ];
  return [convCall(label, conv2dBackwardDataWgsl(tile), bindings, d, grid)];
}

/** Below this many pixels per slice, splitting the reduction costs more than it gains. */
const minChunk = 64;
/** Enough workgroups to fill a large GPU when the dw GEMM itself has few tiles. */
const targetWorkgroups = 256;

interface FilterPlan {
  tile: Tile;
  grid: Required<Omit<ConvGrid, 'accumulate'>>;
  /** Filter taps per output channel: (cin / groups)·kh·kw. */
  taps: number;
  /** Split-K slices of the pixel reduction (per group). */
  slices: number;
}

function filterPlan(d: Conv2dDims): FilterPlan {
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
  return { tile, taps, slices, grid: { mTiles, nTiles, parts: d.groups * slices, chunk } };
}

const partialsName = (prefix: string): string => `${prefix}.partials`;

/**
 * Scratch tensors conv2dBackwardFilter needs for these sizes (split-K partials), named from
 * `prefix`; pass the same prefix as `scratchPrefix` (default: the dw tensor's name).
 */
export function conv2dBackwardFilterScratch(prefix: string, d: Conv2dDims): TensorDesc[] {
  checkConv2dDims(d);
  const p = filterPlan(d);
  if (p.slices === 1) return [];
  return [{ name: partialsName(prefix), shape: [p.slices, d.cout, p.taps + 1], dtype: 'f32' }];
}

/** dw = ∂L/∂w and db = ∂L/∂b from x and dy; both are overwritten. */
export function conv2dBackwardFilter(
  t: { x: string; dy: string; dw: string; db?: string; scratchPrefix?: string },
  d: Conv2dDims,
  label = 'conv2d.backwardFilter',
): KernelCall[] {
  checkConv2dDims(d);
  const p = filterPlan(d);
  const inputs: KernelCall['bindings'] = [
    { tensor: t.x, access: 'read' },
    { tensor: t.dy, access: 'read' },
  ];
  const outputs: KernelCall['bindings'] = [
    { tensor: t.dw, access: 'read_write' },
    ...(t.db ? [{ tensor: t.db, access: 'read_write' as const }] : []),
  ];
  const bias = t.db !== undefined;
  if (p.slices === 1) {
    const code = conv2dBackwardFilterWgsl(p.tile, { kind: 'direct', bias });
    return [convCall(label, code, [...inputs, ...outputs], d, p.grid)];
  }
  const partials = partialsName(t.scratchPrefix ?? t.dw);
  const code = conv2dBackwardFilterWgsl(p.tile, { kind: 'partials' });
  const main = convCall(
    label,
    code,
    [...inputs, { tensor: partials, access: 'read_write' }],
    d,
    p.grid,
  );
  const width = d.cout * (p.taps + 1);
  const reduce: KernelCall = {
    label: `${label}.reduce`,
    code: conv2dFilterReduceWgsl(bias),
    bindings: [{ tensor: partials, access: 'read' }, ...outputs],
    uniforms: uniformWords([d.cout, p.taps, p.slices]),
    workgroups: grid1d(width, 64),
  };
  return [main, reduce];
}
