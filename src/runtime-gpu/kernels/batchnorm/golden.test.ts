import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { maxRelError, runFloat } from '../../testing.js';
import {
  batchNormSaved,
  batchNormScratch,
  batchNormTrainForward,
  type BatchNormDims,
} from './batchnorm.js';

/** The BatchNorm part of fixtures/ops/layers.json (scripts/golden_ops_layers.py). */
interface Golden {
  batchnorm: {
    dims: BatchNormDims;
    start: Record<'weight' | 'bias' | 'running_mean' | 'running_var', number[]>;
    train: Record<'x' | 'y' | 'running_mean' | 'running_var', number[]>[];
  }[];
}

const golden = JSON.parse(
  readFileSync(new URL('../../../../fixtures/ops/layers.json', import.meta.url), 'utf8'),
) as Golden;

describe('batch norm kernels agree with PyTorch', () => {
  for (const c of golden.batchnorm) {
    const d = c.dims;
    it(`running statistics over two training steps: n ${d.n}, c ${d.c}, hw ${d.hw}`, async () => {
      const [mean, invstd] = batchNormSaved('bn', d);
      const [partials] = batchNormScratch('bn', d);
      const f32 = (a: number[]): Float32Array => Float32Array.from(a);
      let rm = f32(c.start.running_mean);
      let rv = f32(c.start.running_var);
      for (const step of c.train) {
        const out = await runFloat(
          batchNormTrainForward(
            {
              x: 'x',
              y: 'y',
              gamma: 'gamma',
              beta: 'beta',
              runningMean: 'rm',
              runningVar: 'rv',
              mean: mean!.name,
              invstd: invstd!.name,
              partials: partials!.name,
            },
            d,
          ),
          [
            { name: 'x', shape: [step.x.length], data: f32(step.x) },
            { name: 'y', shape: [step.x.length] },
            { name: 'gamma', shape: [d.c], data: f32(c.start.weight) },
            { name: 'beta', shape: [d.c], data: f32(c.start.bias) },
            { name: 'rm', shape: [d.c], data: rm },
            { name: 'rv', shape: [d.c], data: rv },
            mean!,
            invstd!,
            partials!,
          ],
        );
        rm = out.get('rm')!;
        rv = out.get('rv')!;
        expect(maxRelError(out.get('y')!, step.y)).toBeLessThanOrEqual(1e-4);
        expect(maxRelError(rm, step.running_mean)).toBeLessThanOrEqual(1e-5);
        expect(maxRelError(rv, step.running_var)).toBeLessThanOrEqual(1e-5);
      }
    });
  }
});
