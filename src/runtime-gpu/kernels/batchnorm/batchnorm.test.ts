import { describe, expect, it } from 'vitest';
import {
  batchNormBackward as batchNormBackwardRef,
  batchNormEval,
  batchNormTrain,
} from '../../reference/batchNorm.js';
import { maxRelError, randomArray, runFloat } from '../../testing.js';
import {
  batchNormBackward,
  batchNormEvalForward,
  batchNormSaved,
  batchNormScratch,
  batchNormTrainForward,
  type BatchNormDims,
} from './batchnorm.js';

const cases: BatchNormDims[] = [
  { n: 3, c: 5, hw: 7 * 9, eps: 1e-5, momentum: 0.1 },
  { n: 7, c: 3, hw: 1, eps: 1e-5, momentum: 0.1 },
  // Enough values per channel for many reduction parts, and an offset mean to test stability.
  { n: 16, c: 2, hw: 33 * 31, eps: 1e-3, momentum: 0.3 },
];

const f32 = (a: ArrayLike<number>): Float32Array => Float32Array.from(a);

describe('batch norm kernels match the float64 reference', () => {
  for (const [k, d] of cases.entries()) {
    const size = d.n * d.c * d.hw;
    const x = f32(randomArray(size, 40 + k).map((v) => 3 * v + 10));
    const gamma = f32(randomArray(d.c, 50 + k).map((v) => v + 1.5));
    const beta = f32(randomArray(d.c, 60 + k));
    const rm = f32(randomArray(d.c, 70 + k));
    const rv = f32(randomArray(d.c, 80 + k).map((v) => v + 1.5));
    const running = { mean: rm, variance: rv };
    const [mean, invstd] = batchNormSaved('bn', d);
    const [partials] = batchNormScratch('bn', d);
    const common = [
      { name: 'x', shape: [size], data: x },
      { name: 'gamma', shape: [d.c], data: gamma },
      { name: 'beta', shape: [d.c], data: beta },
      { name: 'rm', shape: [d.c], data: rm },
      { name: 'rv', shape: [d.c], data: rv },
      { name: 'y', shape: [size] },
    ];
    const names = {
      x: 'x',
      y: 'y',
      gamma: 'gamma',
      beta: 'beta',
      runningMean: 'rm',
      runningVar: 'rv',
    };

    it(`training forward, running statistics and backward: ${d.n}×${d.c}×${d.hw}`, async () => {
      const out = await runFloat(
        batchNormTrainForward(
          { ...names, mean: mean!.name, invstd: invstd!.name, partials: partials!.name },
          d,
        ),
        [...common, mean!, invstd!, partials!],
      );
      const ref = batchNormTrain(x, d, gamma, beta, running, d.eps, d.momentum);
      expect(maxRelError(out.get('y')!, ref.y)).toBeLessThanOrEqual(1e-4);
      expect(maxRelError(out.get('bn.mean')!, ref.mean)).toBeLessThanOrEqual(1e-5);
      expect(maxRelError(out.get('bn.invstd')!, ref.invstd)).toBeLessThanOrEqual(1e-5);
      expect(maxRelError(out.get('rm')!, ref.runningMean)).toBeLessThanOrEqual(1e-5);
      expect(maxRelError(out.get('rv')!, ref.runningVar)).toBeLessThanOrEqual(1e-5);

      const dy = f32(randomArray(size, 90 + k));
      const dx0 = f32(randomArray(size, 100 + k));
      const want = batchNormBackwardRef(dy, x, d, gamma, ref.mean, ref.invstd);
      for (const accumulate of [false, true]) {
        const grads = await runFloat(
          batchNormBackward(
            {
              dy: 'dy',
              x: 'x',
              gamma: 'gamma',
              mean: 'mean',
              invstd: 'invstd',
              partials: 'partials',
              dx: 'dx',
              dgamma: 'dgamma',
              dbeta: 'dbeta',
            },
            d,
            accumulate,
          ),
          [
            { name: 'dy', shape: [size], data: dy },
            { name: 'x', shape: [size], data: x },
            { name: 'gamma', shape: [d.c], data: gamma },
            { name: 'mean', shape: [d.c], data: f32(ref.mean) },
            { name: 'invstd', shape: [d.c], data: f32(ref.invstd) },
            { name: 'partials', shape: partials!.shape },
            { name: 'dx', shape: [size], data: dx0 },
            { name: 'dgamma', shape: [d.c], data: f32(randomArray(d.c, 1)) },
            { name: 'dbeta', shape: [d.c], data: f32(randomArray(d.c, 2)) },
          ],
        );
        const wantDx = want.dx.map((v, i) => v + (accumulate ? dx0[i]! : 0));
        expect(maxRelError(grads.get('dx')!, wantDx)).toBeLessThanOrEqual(1e-4);
        expect(maxRelError(grads.get('dgamma')!, want.dgamma)).toBeLessThanOrEqual(1e-4);
        expect(maxRelError(grads.get('dbeta')!, want.dbeta)).toBeLessThanOrEqual(1e-4);
      }
    });

    it(`eval forward: ${d.n}×${d.c}×${d.hw}`, async () => {
      const out = await runFloat(batchNormEvalForward(names, d), common);
      const ref = batchNormEval(x, d, gamma, beta, running, d.eps);
      expect(maxRelError(out.get('y')!, ref)).toBeLessThanOrEqual(1e-4);
    });
  }
});
