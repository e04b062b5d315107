import type { Analysis, Op } from './analyze.js';
import { layerOf, type AnyPrimitive } from './layers/index.js';

/** Rows and columns (inclusive) of a map: where on it one element's value comes from. */
export interface Region {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

const union = (a: Region | undefined, b: Region): Region =>
  a
    ? {
        top: Math.min(a.top, b.top),
        left: Math.min(a.left, b.left),
        bottom: Math.max(a.bottom, b.bottom),
        right: Math.max(a.right, b.right),
      }
    : b;

/** The part of `op`'s input that `region` of its output reads, or null where it reads only padding. */
function back(op: Op, region: Region, input: readonly number[]): Region | null {
  const [, h, w] = input as [number, number, number];
  const whole = { top: 0, left: 0, bottom: h - 1, right: w - 1 };
  if (input.length !== 3 || op.shape.length !== 3) return whole;
  const window = (layerOf(op.kind) as AnyPrimitive).window(op.params, op.inputShapes);
  if (window === 'global') return whole;
  if (window === 'identity') return region;
  const axis = (a: 0 | 1, from: number, to: number, size: number) => {
    const first = from * window.stride[a] - window.padding[a];
    const last = to * window.stride[a] - window.padding[a] + window.kernel[a] - 1;
    return [Math.max(first, 0), Math.min(last, size - 1)] as const;
  };
  const [top, bottom] = axis(0, region.top, region.bottom, h);
  const [left, right] = axis(1, region.left, region.right, w);
  return top > bottom || left > right ? null : { top, left, bottom, right };
}

/**
 * The receptive field of one element of an op's output (a C×H×W map) as a region of the
 * network's input image (or of the output of the earlier op `on`): the element's window mapped
 * back layer by layer, each time clipped to the map it falls on (padding holds no pixels), and
 * joined over branches. A layer whose stride exceeds its kernel skips pixels inside the region.
 * Null when the element sees only padding.
 */
export function inputRegion(
  analysis: Analysis,
  opName: string,
  [row, column]: [number, number],
  on?: string,
): Region | null {
  const regions = new Map<string, Region>([
    [opName, { top: row, left: column, bottom: row, right: column }],
  ]);
  for (const op of [...analysis.ops].reverse()) {
    const region = regions.get(op.name);
    if (!region || op.kind === 'Input') continue;
    op.inputs.forEach((name, i) => {
      const seen = back(op, region, op.inputShapes[i]!);
      if (seen) regions.set(name, union(regions.get(name), seen));
    });
  }
  const target = on ?? analysis.ops.find((o) => o.kind === 'Input')?.name;
  return (target !== undefined && regions.get(target)) || null;
}
