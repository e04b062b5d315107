import { describe, expect, it } from 'vitest';
import { conv2dBackwardRef, conv2dForwardRef } from '../../reference/conv2d.js';
import { maxRelError, randomArray, runFloat, type TestTensor } from '../../testing.js';
import {
  conv2dBackwardData,
  conv2dBackwardFilter,
  conv2dBackwardFilterScratch,
  conv2dForward,
} from './conv2d.js';
import { convOutSize, type Conv2dDims } from './dims.js';

interface Case {
  name: string;
  d: Conv2dDims;
  bias: boolean;
  accumulate: boolean;
}

function dims(
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

const cases: Case[] = [
  {
    name: 'LeNet conv1 (split-K)',
    d: dims(2, 1, [28, 28], 6, [5, 5], [1, 1], [2, 2]),
    bias: true,
    accumulate: false,
  },
  {
    name: 'LeNet conv2',
    d: dims(2, 6, [14, 14], 16, [5, 5], [1, 1], [0, 0]),
    bias: true,
    accumulate: true,
  },
  {
    name: 'AlexNet-like 11×11 stride 4',
    d: dims(1, 3, [31, 29], 8, [11, 11], [4, 4], [2, 1]),
    bias: true,
    accumulate: false,
  },
  {
    name: '1×1 stride 2 (stride > kernel)',
    d: dims(2, 5, [9, 8], 7, [1, 1], [2, 2], [0, 0]),
    bias: false,
    accumulate: true,
  },
  {
    name: 'ResNet downsample 3×3 stride 2',
    d: dims(1, 8, [8, 8], 12, [3, 3], [2, 2], [1, 1]),
    bias: false,
    accumulate: false,
  },
  {
    name: '3×3 padded, 16 channels (channels-inner loop)',
    d: dims(1, 16, [6, 5], 8, [3, 3], [1, 1], [1, 1]),
    bias: true,
    accumulate: false,
  },
  {
    name: '1×1 many channels',
    d: dims(1, 37, [3, 5], 41, [1, 1], [1, 1], [0, 0]),
    bias: true,
    accumulate: false,
  },
  {
    name: 'rectangular kernel and stride',
    d: dims(3, 4, [7, 6], 5, [3, 2], [2, 1], [1, 0]),
    bias: true,
    accumulate: true,
  },
  {
    name: 'stride 3 over kernel 2, padding 1',
    d: dims(1, 2, [10, 11], 3, [2, 2], [3, 3], [1, 1]),
    bias: false,
    accumulate: true,
  },
  {
    name: 'kernel covers the padded image',
    d: dims(2, 3, [5, 5], 3, [5, 5], [3, 3], [2, 2]),
    bias: true,
    accumulate: false,
  },
  {
    name: 'odd sizes 7×9, padding 3',
    d: dims(2, 3, [7, 9], 9, [7, 3], [1, 2], [3, 1]),
    bias: true,
    accumulate: true,
  },
  {
    name: 'dilation 2, padding 2 (DeepLab-style)',
    d: dims(2, 3, [9, 8], 5, [3, 3], [1, 1], [2, 2], [2, 2]),
    bias: true,
    accumulate: false,
  },
  {
    name: 'dilation 3×2 with stride 2 (phases met by every other tap)',
    d: dims(1, 2, [13, 11], 3, [3, 3], [2, 2], [2, 1], [3, 2]),
    bias: false,
    accumulate: true,
  },
  {
    name: 'depthwise 3×3 stride 2 (MobileNet)',
    d: dims(2, 12, [9, 9], 12, [3, 3], [2, 2], [1, 1], [1, 1], 12),
    bias: true,
    accumulate: false,
  },
  {
    name: 'depthwise with a channel multiplier 2, 5×5 padding 2',
    d: dims(1, 5, [7, 6], 10, [5, 5], [1, 1], [2, 2], [1, 1], 5),
    bias: false,
    accumulate: true,
  },
  {
    name: '4 groups of 8 → 4 channels (ResNeXt-like), split-K filter gradient',
    d: dims(3, 32, [10, 10], 16, [3, 3], [1, 1], [1, 1], [1, 1], 4),
    bias: false,
    accumulate: false,
  },
  {
    name: '2 groups, 16 channels each (channels-inner loop), stride 2, dilation 2',
    d: dims(1, 32, [11, 9], 6, [3, 3], [2, 2], [2, 2], [2, 2], 2),
    bias: true,
    accumulate: true,
  },
];

const f32 = (a: Float64Array): Float32Array => Float32Array.from(a);

async function check(c: Case): Promise<Record<string, number>> {
  const d = c.d;
  const xLen = d.n * d.cin * d.h * d.w;
  const wLen = d.cout * (d.cin / d.groups) * d.kh * d.kw;
  const yLen = d.n * d.cout * d.oh * d.ow;
  const x = f32(randomArray(xLen, 1));
  const w = f32(randomArray(wLen, 2));
  const b = f32(randomArray(d.cout, 3));
  const dy = f32(randomArray(yLen, 4));
  const dxBefore = f32(randomArray(xLen, 5));
  const calls = [
    ...conv2dForward({ x: 'x', w: 'w', y: 'y', ...(c.bias ? { b: 'b' } : {}) }, d),
    ...conv2dBackwardData({ dy: 'dy', w: 'w', dx: 'dx' }, d, c.accumulate),
    ...conv2dBackwardFilter(
      { x: 'x', dy: 'dy', dw: 'dw', scratchPrefix: 's', ...(c.bias ? { db: 'db' } : {}) },
      d,
    ),
  ];
  const tensors: TestTensor[] = [
    { name: 'x', shape: [xLen], data: x },
    { name: 'w', shape: [wLen], data: w },
    { name: 'b', shape: [d.cout], data: b },
    { name: 'y', shape: [yLen] },
    { name: 'dy', shape: [yLen], data: dy },
    // NaNs where an overwrite must not read.
    { name: 'dx', shape: [xLen], data: c.accumulate ? dxBefore : new Float32Array(xLen).fill(NaN) },
    { name: 'dw', shape: [wLen] },
    { name: 'db', shape: [d.cout] },
    ...conv2dBackwardFilterScratch('s', d),
  ];
  const out = await runFloat(calls, tensors);
  const y = conv2dForwardRef(x, w, c.bias ? b : undefined, d);
  const g = conv2dBackwardRef(x, w, dy, d);
  const dx = c.accumulate ? g.dx.map((v, i) => v + dxBefore[i]!) : g.dx;
  const errors: Record<string, number> = {
    y: maxRelError(out.get('y')!, y),
    dx: maxRelError(out.get('dx')!, dx),
    dw: maxRelError(out.get('dw')!, g.dw),
  };
  if (c.bias) errors.db = maxRelError(out.get('db')!, g.db);
  return errors;
}

describe('conv2d kernels against the float64 reference', () => {
  it.each(cases)(
    '$name',
    async (c) => {
      const errors = await check(c);
      for (const [k, e] of Object.entries(errors)) expect(e, k).toBeLessThanOrEqual(1e-4);
    },
    60_000,
  );

  it('splits the filter-gradient reduction only when the dw GEMM has few tiles', () => {
    expect(conv2dBackwardFilterScratch('s', cases[0]!.d)).toHaveLength(1);
    expect(
      conv2dBackwardFilterScratch('s', dims(1, 64, [4, 4], 64, [3, 3], [1, 1], [1, 1])),
    ).toEqual([]);
  });
});
