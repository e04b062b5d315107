import { describe, expect, it } from 'vitest';
import type { TrainConfig } from './protocol.js';
import { epochProgress, isActive, newRun, reduceRun } from './run.js';

const config: TrainConfig = {
  epochs: 2,
  batch: 100,
  optimizer: 'sgd',
  lr: 0.1,
  momentum: 0.9,
  weightDecay: 0,
  seed: 0,
  init: 'default',
  trainSamples: null,
  testSamples: null,
  schedule: 'constant',
  warmup: 0,
  augment: '',
  val: 0,
  earlyStop: 0,
  keepBest: false,
};

const started = () =>
  reduceRun(newRun('r1', 'g', 'LeNet', config), {
    type: 'started',
    runId: 'r1',
    stepsPerEpoch: 10,
    trainCount: 1000,
    testCount: 100,
    classes: 10,
    memoryBytes: 1 << 20,
  });

const points = (from: number, losses: number[]) =>
  losses.map((loss, i) => ({ step: from + i, loss, accuracy: 0.5, lr: 0.1 }));

describe('a run built from worker messages', () => {
  it('appends step points, smooths them, and estimates throughput and time left', () => {
    let run = started();
    expect(run.status).toBe('running');
    run = reduceRun(run, {
      type: 'progress',
      runId: 'r1',
      epoch: 1,
      epochStep: 2,
      points: points(1, [2.3, 2.1]),
      samples: 200,
      elapsedMs: 1000,
    });
    run = reduceRun(run, {
      type: 'progress',
      runId: 'r1',
      epoch: 1,
      epochStep: 5,
      points: points(3, [1.9, 1.7, 1.5]),
      samples: 500,
      elapsedMs: 2000,
    });
    expect(run.steps).toEqual([1, 2, 3, 4, 5]);
    expect(run.loss).toEqual([2.3, 2.1, 1.9, 1.7, 1.5]);
    expect(run.lossSmooth[0]).toBeCloseTo(2.3, 12);
    // Smoothing lags a falling curve: each smoothed value lies above the raw one.
    for (let i = 1; i < 5; i++) expect(run.lossSmooth[i]!).toBeGreaterThan(run.loss[i]!);
    expect(run.samplesPerSecond).toBeCloseTo(300, 9);
    // 2 epochs × 1000 samples, 500 done, at 300/s.
    expect(run.secondsLeft).toBeCloseTo(1500 / 300, 9);
    expect(epochProgress(run)).toBe(0.5);
  });

  it('keeps one row per epoch, pauses, resumes and finishes', () => {
    let run = started();
    const row = {
      epoch: 1,
      trainLoss: 1,
      trainAccuracy: 0.6,
      testLoss: 1.1,
      testAccuracy: 0.55,
      seconds: 3,
      lr: 0.9,
      valLoss: null,
      valAccuracy: null,
      best: false,
    };
    run = reduceRun(run, { type: 'epochEnd', runId: 'r1', ...row });
    run = reduceRun(run, { type: 'epochEnd', runId: 'r1', ...row, testAccuracy: 0.56 });
    expect(run.epochs).toEqual([{ ...row, testAccuracy: 0.56 }]);
    run = reduceRun(run, { type: 'paused' });
    expect(run.status).toBe('paused');
    run = reduceRun(run, { type: 'resumed' });
    expect(run.status).toBe('running');
    run = reduceRun(run, { type: 'done', runId: 'r1', reason: 'finished', evaluation: null });
    expect(run.status).toBe('finished');
    expect(isActive(run)).toBe(false);
  });

  it('ignores messages of another run and fails on an error', () => {
    const run = started();
    const other = reduceRun(run, {
      type: 'progress',
      runId: 'r0',
      epoch: 1,
      epochStep: 1,
      points: points(1, [9]),
      samples: 100,
      elapsedMs: 10,
    });
    expect(other).toBe(run);
    const failed = reduceRun(run, {
      type: 'error',
      kind: 'diverged',
      message: 'loss is NaN',
      runId: 'r1',
    });
    expect(failed.status).toBe('failed');
    // The curves stay.
    expect(failed.steps).toBe(run.steps);
  });
});
