import { describe, expect, it } from 'vitest';
import { elementCount } from '../../kernel.js';
import {
  avgPool2d,
  avgPool2dBackward,
  maxPool2d,
  maxPool2dBackward,
} from '../../reference/pool.js';
import { maxRelError, randomArray, runCalls, runFloat } from '../../testing.js';
import {
  avgPool2dBackward as avgPool2dBackwardGpu,
  avgPool2dForward,
  maxPool2dBackward as maxPool2dBackwardGpu,
  maxPool2dForward,
  maxPool2dSaved,
  poolOutput,
  type Pool2dDims,
} from './pool.js';

const cases: Pool2dDims[] = [
  { n: 2, c: 3, h: 9, w: 7, kernel: [3, 3], stride: [2, 2], padding: [1, 1], ceilMode: false },
  { n: 1, c: 5, h: 13, w: 11, kernel: [2, 3], stride: [4, 5], padding: [1, 1], ceilMode: true },
  { n: 3, c: 2, h: 7, w: 8, kernel: [3, 2], stride: [2, 2], padding: [1, 1], ceilMode: true },
  { n: 2, c: 4, h: 28, w: 28, kernel: [2, 2], stride: [2, 2], padding: [0, 0], ceilMode: false },
  { n: 1, c: 3, h: 10, w: 6, kernel: [5, 5], stride: [1, 3], padding: [2, 2], ceilMode: true },
];

const f32 = (a: ArrayLike<number>): Float32Array => Float32Array.from(a);
const describeCase = (d: Pool2dDims): string =>
  `${d.n}×${d.c}×${d.h}×${d.w} k${d.kernel} s${d.stride} p${d.padding} ceil ${d.ceilMode}`;

describe('pooling kernels match the float64 reference', () => {
  for (const [k, d] of cases.entries()) {
    const inSize = d.n * d.c * d.h * d.w;
    const outShape = [d.n, d.c, ...poolOutput(d)];
    const outSize = elementCount(outShape);
    const x = f32(randomArray(inSize, 10 + k));
    const dy = f32(randomArray(outSize, 20 + k));
    const dx0 = f32(randomArray(inSize, 30 + k));

    it(`max pool ${describeCase(d)}`, async () => {
      const [saved] = maxPool2dSaved('mp', d);
      expect(saved!.shape).toEqual(outShape);
      const fwd = await runCalls(maxPool2dForward('x', 'y', saved!.name, d), [
        { name: 'x', shape: [inSize], data: x },
        { name: 'y', shape: outShape },
        { name: saved!.name, shape: outShape },
      ]);
      const ref = maxPool2d(x, d);
      const argmax = new Uint32Array(fwd.get(saved!.name)!);
      expect(maxRelError(new Float32Array(fwd.get('y')!), ref.y)).toBeLessThanOrEqual(1e-6);
      expect(Array.from(argmax)).toEqual(Array.from(ref.argmax));

      for (const accumulate of [false, true]) {
        const out = await runFloat(maxPool2dBackwardGpu('dy', 'am', 'dx', d, accumulate), [
          { name: 'dy', shape: outShape, data: dy },
          { name: 'am', shape: outShape, data: argmax },
          { name: 'dx', shape: [inSize], data: dx0 },
        ]);
        const want = maxPool2dBackward(dy, ref.argmax, d).map(
          (v, i) => v + (accumulate ? dx0[i]! : 0),
        );
        expect(maxRelError(out.get('dx')!, want)).toBeLessThanOrEqual(1e-5);
      }
    });

    it(`avg pool ${describeCase(d)}`, async () => {
      const fwd = await runFloat(avgPool2dForward('x', 'y', d), [
        { name: 'x', shape: [inSize], data: x },
        { name: 'y', shape: outShape },
      ]);
      expect(maxRelError(fwd.get('y')!, avgPool2d(x, d))).toBeLessThanOrEqual(1e-5);
      for (const accumulate of [false, true]) {
        const out = await runFloat(avgPool2dBackwardGpu('dy', 'dx', d, accumulate), [
          { name: 'dy', shape: outShape, data: dy },
          { name: 'dx', shape: [inSize], data: dx0 },
        ]);
        const want = avgPool2dBackward(dy, d).map((v, i) => v + (accumulate ? dx0[i]! : 0));
        expect(maxRelError(out.get('dx')!, want)).toBeLessThanOrEqual(1e-5);
      }
    });
  }
});
