import type { FusedActivation } from '../kernels/activation/activation.js';
import {
  conv2dBackwardData,
  conv2dBackwardFilter,
  conv2dForward,
} from '../kernels/conv2d/conv2d.js';
import { convOutSize, type Conv2dDims } from '../kernels/conv2d/dims.js';
import type { ConvVariant } from '../kernels/conv2d/variants.js';
import type { KernelCall } from '../kernel.js';
import { activation } from '../reference/activation.js';
import { conv2dBackwardRef, conv2dForwardRef } from '../reference/conv2d.js';
import { maxRelError, randomArray } from './numbers.js';
import type { TestTensor } from './run.js';

/**
 * The conv kernel test cases, shared by the unit tests (dawn.node: the register-blocked
 * variant) and the browser kernel page (Chromium: the shared-memory variants), so every
 * variant meets the same shapes: stride above the kernel, padding, dilation, groups and
 * depthwise, bias or none, accumulating input gradients, long reductions (split-K), NaN and ∞.
 */
export interface ConvCase {
  name: string;
  d: Conv2dDims;
  bias: boolean;
  accumulate: boolean;
  /** Applied by the forward as it stores y. */
  activation?: FusedActivation;
  /** NaN and ±∞ among the inputs and the output gradient. */
  special?: boolean;
}

export function convDims(
  n: number,
  cin: number,
  [h, w]: [number, number],
  cout: number,
  [kh, kw]: [number, number],
  [sh, sw]: [number, number],
  [ph, pw]: [number, number],
  [dilH, dilW]: [number, number] = [1, 1],
  groups = 1,
): Conv2dDims {
  const oh = convOutSize(h, kh, sh, ph, dilH);
  const ow = convOutSize(w, kw, sw, pw, dilW);
  return { n, cin, h, w, cout, kh, kw, sh, sw, ph, pw, dilH, dilW, groups, oh, ow };
}

const c = (
  name: string,
  d: Conv2dDims,
  bias: boolean,
  accumulate: boolean,
  more: Partial<ConvCase> = {},
): ConvCase => ({ name, d, bias, accumulate, ...more });

export const convCases: ConvCase[] = [
  c('LeNet conv1 (split-K)', convDims(2, 1, [28, 28], 6, [5, 5], [1, 1], [2, 2]), true, false),
  c('LeNet conv2', convDims(2, 6, [14, 14], 16, [5, 5], [1, 1], [0, 0]), true, true),
  c(
    'AlexNet-like 11×11 stride 4',
    convDims(1, 3, [31, 29], 8, [11, 11], [4, 4], [2, 1]),
    true,
    false,
  ),
  c(
    '1×1 stride 2 (stride > kernel)',
    convDims(2, 5, [9, 8], 7, [1, 1], [2, 2], [0, 0]),
    false,
    true,
  ),
  c(
    'ResNet downsample 3×3 stride 2',
    convDims(1, 8, [8, 8], 12, [3, 3], [2, 2], [1, 1]),
    false,
    false,
  ),
  c(
    '3×3 padded, 16 channels (channels-inner loop)',
    convDims(1, 16, [6, 5], 8, [3, 3], [1, 1], [1, 1]),
    true,
    false,
  ),
  c('1×1 many channels', convDims(1, 37, [3, 5], 41, [1, 1], [1, 1], [0, 0]), true, false),
  c('rectangular kernel and stride', convDims(3, 4, [7, 6], 5, [3, 2], [2, 1], [1, 0]), true, true),
  c(
    'stride 3 over kernel 2, padding 1',
    convDims(1, 2, [10, 11], 3, [2, 2], [3, 3], [1, 1]),
    false,
    true,
  ),
  c(
    'kernel covers the padded image',
    convDims(2, 3, [5, 5], 3, [5, 5], [3, 3], [2, 2]),
    true,
    false,
  ),
  c('odd sizes 7×9, padding 3', convDims(2, 3, [7, 9], 9, [7, 3], [1, 2], [3, 1]), true, true),
  c(
    'dilation 2, padding 2 (DeepLab-style)',
    convDims(2, 3, [9, 8], 5, [3, 3], [1, 1], [2, 2], [2, 2]),
    true,
    false,
  ),
  c(
    'dilation 3×2 with stride 2 (phases met by every other tap)',
    convDims(1, 2, [13, 11], 3, [3, 3], [2, 2], [2, 1], [3, 2]),
    false,
    true,
  ),
  c(
    'depthwise 3×3 stride 2 (MobileNet)',
    convDims(2, 12, [9, 9], 12, [3, 3], [2, 2], [1, 1], [1, 1], 12),
    true,
    false,
  ),
  c(
    'depthwise with a channel multiplier 2, 5×5 padding 2',
    convDims(1, 5, [7, 6], 10, [5, 5], [1, 1], [2, 2], [1, 1], 5),
    false,
    true,
  ),
  c(
    '4 groups of 8 → 4 channels (ResNeXt-like), split-K filter gradient',
    convDims(3, 32, [10, 10], 16, [3, 3], [1, 1], [1, 1], [1, 1], 4),
    false,
    false,
  ),
  c(
    '2 groups, 16 channels each (channels-inner loop), stride 2, dilation 2',
    convDims(1, 32, [11, 9], 6, [3, 3], [2, 2], [2, 2], [2, 2], 2),
    true,
    true,
  ),
  c(
    'few output tiles, long reductions (split-K in every pass)',
    convDims(1, 40, [5, 4], 16, [3, 3], [1, 1], [1, 1]),
    true,
    true,
  ),
  c(
    'split-K with 2 groups, stride 2 and dilation 2',
    convDims(2, 64, [7, 6], 32, [3, 3], [2, 2], [1, 1], [2, 2], 2),
    false,
    true,
  ),
  c(
    'ReLU applied as y is stored',
    convDims(2, 6, [9, 7], 10, [3, 3], [1, 1], [1, 1]),
    true,
    false,
    {
      activation: 'ReLU',
    },
  ),
  c(
    'Sigmoid applied as y is stored, split-K',
    convDims(1, 40, [5, 4], 16, [3, 3], [1, 1], [1, 1]),
    true,
    false,
    { activation: 'Sigmoid' },
  ),
  c(
    'Tanh applied as y is stored, grouped and strided',
    convDims(2, 8, [9, 8], 6, [3, 3], [2, 2], [1, 1], [1, 1], 2),
    false,
    false,
    { activation: 'Tanh' },
  ),
  c(
    'NaN and ±∞ in x and dy, padded and strided',
    convDims(2, 3, [8, 7], 5, [3, 3], [2, 1], [1, 1]),
    true,
    true,
    { special: true },
  ),
  c(
    'NaN and ±∞ in x and dy, long reductions',
    convDims(1, 40, [5, 4], 16, [3, 3], [1, 1], [1, 1]),
    true,
    false,
    { special: true },
  ),
];

export const convCase = (name: string): ConvCase => {
  const found = convCases.find((k) => k.name === name);
  if (!found) throw new Error(`no conv case "${name}"`);
  return found;
};

/**
 * Puts NaN, +∞ and −∞ into x where every output that reads them lies inside the image, and NaN
 * and +∞ into dy at outputs whose whole window lies inside it: there PyTorch's result does not
 * depend on how a backend treats the zero padding (0 · ∞ is NaN), so the float64 reference,
 * which skips padded taps, is PyTorch's answer.
 */
function addSpecials(d: Conv2dDims, x: Float32Array, dy: Float32Array): void {
  const inside = (oy: number, ox: number) =>
    oy * d.sh - d.ph >= 0 &&
    ox * d.sw - d.pw >= 0 &&
    oy * d.sh - d.ph + (d.kh - 1) * d.dilH < d.h &&
    ox * d.sw - d.pw + (d.kw - 1) * d.dilW < d.w;
  const centre: [number, number][] = [];
  for (let oy = 0; oy < d.oh; oy++)
    for (let ox = 0; ox < d.ow; ox++) if (inside(oy, ox)) centre.push([oy, ox]);
  if (centre.length === 0) throw new Error('no output of this case has its whole window inside');
  const ohw = d.oh * d.ow;
  const [oy, ox] = centre[0]!;
  dy[oy * d.ow + ox] = NaN;
  dy[(d.cout - 1) * ohw + centre.at(-1)![0] * d.ow + centre.at(-1)![1]] = Infinity;
  // x values inside the image (every one is read only by taps within it, or by none).
  const hw = d.h * d.w;
  x[Math.floor(d.h / 2) * d.w + Math.floor(d.w / 2)] = NaN;
  x[hw + 1 * d.w + 1] = Infinity;
  x[(d.n * d.cin - 1) * hw + (d.h - 2) * d.w + d.w - 2] = -Infinity;
}

export type Run = (
  calls: KernelCall[],
  tensors: TestTensor[],
) => Promise<Map<string, Float32Array>>;

const f32 = (a: Float64Array): Float32Array => Float32Array.from(a);

/**
 * Runs the three passes of one variant on a case (all three, each where the variant applies
 * to it) and returns the largest relative error of each output against the float64
 * reference; NaN and ∞ must be where the reference has them.
 */
export async function convCaseErrors(
  run: Run,
  k: ConvCase,
  variant: ConvVariant,
): Promise<Record<string, number>> {
  const d = k.d;
  const xLen = d.n * d.cin * d.h * d.w;
  const wLen = d.cout * (d.cin / d.groups) * d.kh * d.kw;
  const yLen = d.n * d.cout * d.oh * d.ow;
  const x = f32(randomArray(xLen, 1));
  const w = f32(randomArray(wLen, 2));
  const b = f32(randomArray(d.cout, 3));
  const dy = f32(randomArray(yLen, 4));
  if (k.special) addSpecials(d, x, dy);
  const dxBefore = f32(randomArray(xLen, 5));
  const o = { variant, activation: k.activation };
  const passes = [
    conv2dForward({ x: 'x', w: 'w', y: 'y', ...(k.bias ? { b: 'b' } : {}) }, d, o),
    conv2dBackwardData({ dy: 'dy', w: 'w', dx: 'dx' }, d, k.accumulate, { variant }),
    conv2dBackwardFilter({ x: 'x', dy: 'dy', dw: 'dw', ...(k.bias ? { db: 'db' } : {}) }, d, {
      variant,
    }),
  ];
  const tensors: TestTensor[] = [
    { name: 'x', shape: [xLen], data: x },
    { name: 'w', shape: [wLen], data: w },
    { name: 'b', shape: [d.cout], data: b },
    // NaNs where an overwrite must not read.
    { name: 'y', shape: [yLen], data: new Float32Array(yLen).fill(NaN) },
    { name: 'dy', shape: [yLen], data: dy },
    { name: 'dx', shape: [xLen], data: k.accumulate ? dxBefore : new Float32Array(xLen).fill(NaN) },
    { name: 'dw', shape: [wLen], data: new Float32Array(wLen).fill(NaN) },
    { name: 'db', shape: [d.cout], data: new Float32Array(d.cout).fill(NaN) },
    ...passes.flatMap((p) => p.scratch),
  ];
  const out = await run(
    passes.flatMap((p) => p.calls),
    tensors,
  );
  const yRef = conv2dForwardRef(x, w, k.bias ? b : undefined, d);
  const g = conv2dBackwardRef(x, w, dy, d);
  const dx = k.accumulate ? g.dx.map((v, i) => v + dxBefore[i]!) : g.dx;
  const errors: Record<string, number> = {
    y: maxRelError(out.get('y')!, k.activation ? activation(k.activation, yRef) : yRef),
    dx: maxRelError(out.get('dx')!, dx),
    dw: maxRelError(out.get('dw')!, g.dw),
  };
  if (k.bias) errors.db = maxRelError(out.get('db')!, g.db);
  return errors;
}

/** A case written by scripts/golden_ops_conv.py: torch's outputs and gradients of sum(y·dy). */
export interface ConvGolden<D> {
  dims: D;
  x: number[];
  w: number[];
  b?: number[];
  dy: number[];
  y: number[];
  dx: number[];
  dw: number[];
  db?: number[];
}

/**
 * Runs the three passes of `variant` on a PyTorch golden case (a Linear's as the 1×1 conv it
 * is) and returns each output's largest relative error against PyTorch's.
 */
export async function convGoldenErrors(
  run: Run,
  g: ConvGolden<Conv2dDims>,
  variant: ConvVariant,
): Promise<Record<string, number>> {
  const d = g.dims;
  const bias = g.b !== undefined;
  const passes = [
    conv2dForward({ x: 'x', w: 'w', y: 'y', ...(bias ? { b: 'b' } : {}) }, d, { variant }),
    conv2dBackwardData({ dy: 'dy', w: 'w', dx: 'dx' }, d, false, { variant }),
    conv2dBackwardFilter({ x: 'x', dy: 'dy', dw: 'dw', ...(bias ? { db: 'db' } : {}) }, d, {
      variant,
    }),
  ];
  const data = (name: 'x' | 'w' | 'b' | 'dy') => ({
    name,
    shape: [g[name]?.length ?? 1],
    data: Float32Array.from(g[name] ?? [0]),
  });
  const empty = (name: 'y' | 'dx' | 'dw' | 'db') => ({ name, shape: [g[name]?.length ?? 1] });
  const out = await run(
    passes.flatMap((p) => p.calls),
    [
      ...(['x', 'w', 'b', 'dy'] as const).map(data),
      ...(['y', 'dx', 'dw', 'db'] as const).map(empty),
      ...passes.flatMap((p) => p.scratch),
    ],
  );
  const errors: Record<string, number> = {};
  for (const k of ['y', 'dx', 'dw', 'db'] as const) {
    const want = g[k];
    if (want) errors[k] = maxRelError(out.get(k)!, want);
  }
  return errors;
}
