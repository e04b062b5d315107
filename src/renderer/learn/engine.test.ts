import { describe, expect, it } from 'vitest';
import { batchNorm1d, conv2d, flatten } from '../../graph/index.js';
import { lessonEngine } from './engine.js';
import { lessonGraph } from './kit.js';

// Node has no WebGPU in navigator: the lessons then compute with the float64 reference.
describe('a lesson without WebGPU', () => {
  it('computes the chapter’s cross-correlation with the reference and says so', async () => {
    const graph = lessonGraph(
      'x',
      [1, 3, 3],
      [['conv', conv2d, { out_channels: 1, kernel_size: [2, 2], bias: false }]],
    );
    const r = await lessonEngine.evaluate({
      graph,
      weights: new Map([['conv.weight', [0, 1, 2, 3]]]),
      input: [0, 1, 2, 3, 4, 5, 6, 7, 8],
      batch: 1,
      read: ['conv'],
    });
    expect(r.backend).toEqual({ kind: 'reference', reason: 'this browser has no WebGPU' });
    expect(r.maxError).toBeNull();
    expect(Array.from(r.values.get('conv')!)).toEqual([19, 25, 37, 43]);
  });

  it('moves BatchNorm’s running statistics with momentum 0.1, step by step', async () => {
    const graph = lessonGraph(
      'bn',
      [1, 1, 1],
      [
        ['flatten', flatten, {}],
        ['bn', batchNorm1d, {}],
      ],
    );
    const r = await lessonEngine.train({
      graph,
      weights: new Map([
        ['bn.weight', [1]],
        ['bn.bias', [0]],
        ['bn.running_mean', [0]],
        ['bn.running_var', [1]],
      ]),
      input: [1, 2, 3, 6],
      batch: 4,
      steps: 2,
      predict: [[1, 12, 13, 16]],
    });
    // Mean 3, unbiased variance 14/3: 0.9·0 + 0.1·3, then 0.9·0.3 + 0.1·3.
    const means = r.steps.map((s) => s.buffers.get('bn.running_mean')![0]!);
    expect(means[0]).toBeCloseTo(0.3, 12);
    expect(means[1]).toBeCloseTo(0.57, 12);
    expect(r.steps[0]!.buffers.get('bn.running_var')![0]).toBeCloseTo(0.9 + 1.4 / 3, 12);
    // Prediction mode: the first sample's output is the same whatever the others are.
    expect(r.predictions[1]![0]).toBe(r.predictions[0]![0]);
    expect(r.predictions[0]![0]).toBeCloseTo(
      (1 - 0.57) / Math.sqrt(r.steps[1]!.buffers.get('bn.running_var')![0]! + 1e-5),
      12,
    );
  });

  it('refuses values that do not fill a weight, rather than computing with holes', async () => {
    const graph = lessonGraph(
      'x',
      [1, 3, 3],
      [['conv', conv2d, { out_channels: 1, kernel_size: [2, 2], bias: false }]],
    );
    const job = { graph, input: new Array<number>(9).fill(0), batch: 1, read: ['conv'] };
    await expect(
      lessonEngine.evaluate({ ...job, weights: new Map([['conv.weight', [0, 1, 2]]]) }),
    ).rejects.toThrow('conv.weight needs 4 values (1×1×2×2), got 3');
  });
});
