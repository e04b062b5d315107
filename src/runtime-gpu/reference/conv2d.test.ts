import { describe, expect, it } from 'vitest';
import { convOutSize, type Conv2dDims } from '../kernels/conv2d/dims.js';
import { randomArray } from '../testing.js';
import { conv2dBackwardRef, conv2dForwardRef } from './conv2d.js';
import { dot, numericGradient } from './gradcheck.js';

const dims = (
  n: number,
  cin: number,
  h: number,
  w: number,
  cout: number,
  k: [number, number],
  s: [number, number],
  p: [number, number],
  dil: [number, number] = [1, 1],
  groups = 1,
): Conv2dDims => ({
  n,
  cin,
  h,
  w,
  cout,
  kh: k[0],
  kw: k[1],
  sh: s[0],
  sw: s[1],
  ph: p[0],
  pw: p[1],
  dilH: dil[0],
  dilW: dil[1],
  groups,
  oh: convOutSize(h, k[0], s[0], p[0], dil[0]),
  ow: convOutSize(w, k[1], s[1], p[1], dil[1]),
});

const cases: [string, Conv2dDims][] = [
  ['3×3 padding 1', dims(2, 2, 5, 4, 3, [3, 3], [1, 1], [1, 1])],
  ['stride 3 over kernel 2', dims(1, 2, 7, 8, 2, [2, 2], [3, 3], [1, 0])],
  ['rectangular kernel and stride', dims(2, 3, 6, 5, 2, [3, 1], [2, 1], [0, 1])],
  ['1×1', dims(1, 3, 3, 3, 4, [1, 1], [1, 1], [0, 0])],
  ['dilation 2×3, stride 2', dims(1, 2, 9, 10, 2, [3, 2], [2, 2], [2, 1], [2, 3])],
  ['2 groups', dims(2, 4, 5, 5, 6, [3, 3], [1, 1], [1, 1], [1, 1], 2)],
  ['depthwise, stride 2, dilation 2', dims(1, 3, 7, 6, 3, [3, 3], [2, 2], [2, 2], [2, 2], 3)],
];

describe('conv2d reference matches finite differences', () => {
  it.each(cases)('%s', (_, d) => {
    const x = randomArray(d.n * d.cin * d.h * d.w, 1);
    const w = randomArray(d.cout * d.cin * d.kh * d.kw, 2);
    const b = randomArray(d.cout, 3);
    const r = randomArray(d.n * d.cout * d.oh * d.ow, 4);
    const g = conv2dBackwardRef(x, w, r, d);
    const numeric = {
      dx: numericGradient((v) => dot(conv2dForwardRef(v, w, b, d), r), x),
      dw: numericGradient((v) => dot(conv2dForwardRef(x, v, b, d), r), w),
      db: numericGradient((v) => dot(conv2dForwardRef(x, w, v, d), r), b),
    };
    for (const key of ['dx', 'dw', 'db'] as const) {
      g[key].forEach((v, i) => expect(v, `${key}[${i}]`).toBeCloseTo(numeric[key][i]!, 6));
    }
  });

  it('matches a hand-computed output with padding and stride', () => {
    // 1×1×3×3 input 1..9, 2×2 kernel of ones, stride 2, padding 1: the four corners' windows.
    const d = dims(1, 1, 3, 3, 1, [2, 2], [2, 2], [1, 1]);
    const y = conv2dForwardRef([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 1, 1], [0.5], d);
    expect(Array.from(y)).toEqual([1.5, 5.5, 11.5, 28.5]);
  });

  it('dilates the kernel and keeps groups apart, by hand', () => {
    // 3×3 input 1..9, 2×2 kernel of ones dilated 2: the four corners, 1 + 3 + 7 + 9.
    const dilated = dims(1, 1, 3, 3, 1, [2, 2], [1, 1], [0, 0], [2, 2]);
    expect(
      Array.from(conv2dForwardRef([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 1, 1], undefined, dilated)),
    ).toEqual([20]);
    // Depthwise 1×1 over two 1×1 channels [2, 3] with weights [10, 100]: no mixing.
    const depthwise = dims(1, 2, 1, 1, 2, [1, 1], [1, 1], [0, 0], [1, 1], 2);
    expect(Array.from(conv2dForwardRef([2, 3], [10, 100], undefined, depthwise))).toEqual([
      20, 300,
    ]);
  });
});
