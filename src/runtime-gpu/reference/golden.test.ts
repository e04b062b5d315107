import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Pool2dDims } from '../kernels/pool/dims.js';
import { maxRelError } from '../testing.js';
import {
  batchNormBackward,
  batchNormEval,
  batchNormTrain,
  type BatchNormShape,
} from './batchNorm.js';
import { softmaxCrossEntropy } from './loss.js';
import { adamStep, sgdStep, type AdamConfig, type SgdConfig } from './optimizer.js';
import { avgPool2d, avgPool2dBackward, maxPool2d, maxPool2dBackward } from './pool.js';

/** Written by scripts/golden_ops_layers.py (PyTorch, float64). */
interface Fixture {
  pool: {
    dims: Pool2dDims;
    avg: Record<'x' | 'y' | 'dy' | 'dx', number[]>;
    max: Record<'x' | 'y' | 'dy' | 'dx', number[]>;
    avgExcludingPad: Record<'x' | 'y' | 'dy' | 'dx', number[]>;
  }[];
  batchnorm: {
    dims: BatchNormShape & { eps: number; momentum: number };
    start: Record<'weight' | 'bias' | 'running_mean' | 'running_var', number[]>;
    train: Record<
      'x' | 'y' | 'dy' | 'dx' | 'dgamma' | 'dbeta' | 'running_mean' | 'running_var',
      number[]
    >[];
    num_batches_tracked: number;
    eval: { x: number[]; y: number[] };
  }[];
  crossEntropy: {
    n: number;
    classes: number;
    logits: number[];
    labels: number[];
    loss: number;
    dlogits: number[];
  };
  optimizer: {
    config: ({ kind: 'sgd' } & SgdConfig) | ({ kind: 'adam' } & AdamConfig);
    weight: number[];
    steps: { grad: number[]; weight: number[] }[];
  }[];
}

const golden = JSON.parse(
  readFileSync(new URL('../../../fixtures/ops/layers.json', import.meta.url), 'utf8'),
) as Fixture;

const tight = 1e-10;

describe('float64 references agree with PyTorch', () => {
  for (const c of golden.pool) {
    const d = c.dims;
    it(`pooling ${d.h}×${d.w} k${d.kernel} s${d.stride} p${d.padding} ceil ${d.ceilMode}`, () => {
      expect(maxRelError(avgPool2d(c.avg.x, d), c.avg.y)).toBeLessThan(tight);
      expect(maxRelError(avgPool2dBackward(c.avg.dy, d), c.avg.dx)).toBeLessThan(tight);
      const max = maxPool2d(c.max.x, d);
      expect(maxRelError(max.y, c.max.y)).toBeLessThan(tight);
      expect(maxRelError(maxPool2dBackward(c.max.dy, max.argmax, d), c.max.dx)).toBeLessThan(tight);
      const excl = { ...d, countIncludePad: false };
      const e = c.avgExcludingPad;
      expect(maxRelError(avgPool2d(e.x, excl), e.y)).toBeLessThan(tight);
      expect(maxRelError(avgPool2dBackward(e.dy, excl), e.dx)).toBeLessThan(tight);
    });
  }

  for (const c of golden.batchnorm) {
    it(`batch norm n ${c.dims.n}, c ${c.dims.c}, hw ${c.dims.hw}: two training steps, then eval`, () => {
      const gamma = c.start.weight;
      const beta = c.start.bias;
      let running = { mean: c.start.running_mean, variance: c.start.running_var };
      for (const step of c.train) {
        const out = batchNormTrain(
          step.x,
          c.dims,
          gamma,
          beta,
          running,
          c.dims.eps,
          c.dims.momentum,
        );
        expect(maxRelError(out.y, step.y)).toBeLessThan(1e-9);
        expect(maxRelError(out.runningMean, step.running_mean)).toBeLessThan(tight);
        expect(maxRelError(out.runningVar, step.running_var)).toBeLessThan(tight);
        const grads = batchNormBackward(step.dy, step.x, c.dims, gamma, out.mean, out.invstd);
        expect(maxRelError(grads.dx, step.dx)).toBeLessThan(1e-9);
        expect(maxRelError(grads.dgamma, step.dgamma)).toBeLessThan(1e-9);
        expect(maxRelError(grads.dbeta, step.dbeta)).toBeLessThan(1e-9);
        running = { mean: Array.from(out.runningMean), variance: Array.from(out.runningVar) };
      }
      // One per training forward: what the plan counts on the CPU.
      expect(c.num_batches_tracked).toBe(c.train.length);
      const y = batchNormEval(c.eval.x, c.dims, gamma, beta, running, c.dims.eps);
      expect(maxRelError(y, c.eval.y)).toBeLessThan(1e-9);
    });
  }

  it('softmax cross-entropy', () => {
    const g = golden.crossEntropy;
    const out = softmaxCrossEntropy(g.logits, g.labels, g.n, g.classes);
    expect(Math.abs(out.loss - g.loss)).toBeLessThan(tight);
    expect(maxRelError(out.dlogits, g.dlogits)).toBeLessThan(tight);
  });

  for (const c of golden.optimizer) {
    it(`${c.config.kind} ${JSON.stringify(c.config)} over ${c.steps.length} steps`, () => {
      const w = Float64Array.from(c.weight);
      const state = [new Float64Array(w.length), new Float64Array(w.length)];
      c.steps.forEach((s, k) => {
        if (c.config.kind === 'sgd') sgdStep(w, s.grad, state[0]!, k + 1, c.config);
        else adamStep(w, s.grad, state[0]!, state[1]!, k + 1, c.config);
        expect(maxRelError(w, s.weight)).toBeLessThan(tight);
      });
    });
  }
});
