import { describe, expect, it } from 'vitest';
import { accuracyCurves, comparable, lossCurves } from './curves.js';
import type { TrainConfig } from './protocol.js';
import { newRun, reduceRun, type Run } from './run.js';

const config = { epochs: 1, batch: 2, lr: 0.1 } as TrainConfig;

function run(id: string, key: string, losses: number[], testAccuracy?: number): Run {
  let r = reduceRun(newRun(id, key, id, config), {
    type: 'started',
    runId: id,
    stepsPerEpoch: losses.length,
    trainCount: 2 * losses.length,
    testCount: 2,
    classes: 10,
    memoryBytes: 0,
  });
  r = reduceRun(r, {
    type: 'progress',
    runId: id,
    epoch: 1,
    epochStep: losses.length,
    points: losses.map((loss, i) => ({ step: i + 1, loss, accuracy: 0, lr: 0.1 })),
    samples: 2 * losses.length,
    elapsedMs: 10,
  });
  if (testAccuracy === undefined) return r;
  return reduceRun(r, {
    type: 'epochEnd',
    runId: id,
    lr: 0.1,
    valLoss: null,
    valAccuracy: null,
    best: false,
    epoch: 1,
    trainLoss: 1,
    trainAccuracy: 0.5,
    testLoss: 1,
    testAccuracy,
    seconds: 1,
  });
}

describe('curves for the charts', () => {
  it('compares the current run with earlier runs of the same network only', () => {
    const runs = [run('a', 'g1', [1]), run('b', 'g2', [1]), run('c', 'g1', [1])];
    expect(comparable(runs).map((r) => r.id)).toEqual(['a', 'c']);
  });

  it('draws the current run raw and smoothed, earlier runs smoothed, aligned on steps', () => {
    const curves = lossCurves([run('a', 'g', [3, 2, 1]), run('b', 'g', [2, 1])]);
    expect(curves.series.map((s) => s.label)).toEqual(['a', 'loss', 'smoothed']);
    expect(curves.data[0]).toEqual([1, 2, 3]);
    expect(curves.data[2]!.slice(0, 2)).toEqual([2, 1]);
    expect(curves.data[2]![2] ?? null).toBeNull();
  });

  it('leaves gaps for a loss that became NaN or infinite', () => {
    const curves = lossCurves([run('a', 'g', [2.3, Infinity, NaN])]);
    expect(curves.data[1]).toEqual([2.3, null, null]);
  });

  it('plots train and test accuracy per epoch', () => {
    const curves = accuracyCurves([run('a', 'g', [1], 0.4), run('b', 'g', [1], 0.6)]);
    expect(curves.series.map((s) => s.label)).toEqual(['a', 'train', 'test']);
    expect(curves.data).toEqual([[1], [0.4], [0.5], [0.6]]);
  });
});
