import { describe, expect, it } from 'vitest';
import { templates } from '../graph/index.js';
import { loadDataset } from '../runtime-gpu/data/builtin.js';
import { drawWidth } from '../runtime-gpu/kernels/augment/draws.js';
import { augment } from '../runtime-gpu/reference/augment.js';
import { maxRelError, testDevice } from '../runtime-gpu/testing.js';
import { resumeStateOf } from './checkpoint.js';
import { learningRate, parseSchedule } from './schedule.js';
import { TrainingSession, type EpochReport, type SessionData } from './session.js';
import { parseSettings, type TrainingSettings } from './settings.js';

async function data(n: number): Promise<SessionData> {
  const { train, test } = await loadDataset('fashion-mnist');
  return { name: 'Fashion-MNIST', train: train.limit(n), test: test.limit(32), classes: 10 };
}

const settingsOf = (s: Partial<TrainingSettings>): TrainingSettings => {
  const r = parseSettings({ batch: 32, lr: 0.1, seed: 5, ...s });
  if (!r.ok) throw new Error(`${r.key} ${r.message}`);
  return r.settings;
};

async function open(settings: TrainingSettings, n = 96) {
  return TrainingSession.open(await testDevice(), templates.lenet!(), await data(n), settings);
}

describe('the training session', () => {
  it('gives every step the scheduled rate (one-cycle over 2 epochs of 3 steps)', async () => {
    const s = settingsOf({ schedule: 'onecycle', epochs: 2 });
    const session = await open(s);
    const rates: number[] = [];
    await session.run({ onStep: (r) => rates.push(r.lr) });
    session.destroy();
    const run = { schedule: parseSchedule('onecycle')!, lr: 0.1, epochs: 2, stepsPerEpoch: 3 };
    expect(rates).toEqual(
      Array.from({ length: 6 }, (_, t) => learningRate({ ...run, warmup: 0 }, t)),
    );
  }, 300_000);

  it('augments exactly as the float64 reference applies its draws to the samples', async () => {
    const session = await open(settingsOf({ augment: 'flip,crop:3,resized-crop,jitter:0.5' }));
    const got = (await session.augmentedSamples(6))!;
    const set = session.data.train;
    const order = set.order({ shuffle: true, seed: 5, epoch: 1 }).subarray(0, 6);
    const x = new Float32Array(6 * set.sampleSize);
    set.fill(order, x, new Uint32Array(6));
    const draws = session.augmentDraws(1)!.subarray(0, 6 * drawWidth);
    const want = augment(x, draws, { n: 6, c: 1, h: 28, w: 28, pad: 3 }, true);
    expect(maxRelError(got, want)).toBeLessThanOrEqual(1e-5);
    // Augmenting changed the images: not the identity.
    expect(maxRelError(got, x)).toBeGreaterThan(0.1);
    session.destroy();
  }, 300_000);

  it('resumes SGD with momentum exactly, and refuses a checkpoint whose state does not fit', async () => {
    const s = settingsOf({ momentum: 0.9, val: 0.25, epochs: 2, schedule: 'step:1:0.5' });
    const whole = await open(s);
    const epochs: EpochReport[] = [];
    await whole.run({ onEpoch: (r) => void epochs.push(r) });
    whole.destroy();

    const first = await open({ ...s, epochs: 1 });
    await first.run();
    const ck = await first.checkpoint();
    first.destroy();
    const tensors = new Map(ck.tensors.map((t) => [t.name, t]));
    const state = resumeStateOf(ck.metadata, 'ck');
    expect(state).toMatchObject({ epoch: 1, step: 3 });

    const device = await testDevice();
    const resumed = await TrainingSession.open(
      device,
      templates.lenet!(),
      await data(96),
      s,
      undefined,
      {
        tensors,
        state: { ...state, settings: s },
      },
    );
    const again: EpochReport[] = [];
    await resumed.run({ onEpoch: (r) => void again.push(r) });
    resumed.destroy();
    expect(again.map((e) => e.epoch)).toEqual([2]);
    expect(again[0]!.trainLoss).toBe(epochs[1]!.trainLoss);
    expect(again[0]!.val!.lossSum).toBe(epochs[1]!.val!.lossSum);
    expect(again[0]!.lr).toBe(0.05);

    // A momentum buffer of the wrong shape, or none: one sentence, nothing trained.
    const bad = new Map(tensors);
    const key = 'optimizer/conv1.weight.momentum_buffer';
    bad.set(key, { ...tensors.get(key)!, shape: [6, 25] });
    const fresh = { tensors: bad, state: { ...state, settings: s } };
    await expect(
      TrainingSession.open(device, templates.lenet!(), await data(96), s, undefined, fresh),
    ).rejects.toThrow(/^optimizer\/conv1\.weight\.momentum_buffer has shape \[6, 25\]/);
    bad.delete(key);
    await expect(
      TrainingSession.open(device, templates.lenet!(), await data(96), s, undefined, fresh),
    ).rejects.toThrow(/has no optimizer\/conv1\.weight\.momentum_buffer/);
  }, 600_000);

  it('saves a run stopped inside an epoch without resume state', async () => {
    const session = await open(settingsOf({ momentum: 0.9, epochs: 2 }));
    let steps = 0;
    const { outcome } = await session.run({
      onStep: () => steps++,
      stopRequested: () => steps >= 4,
    });
    expect(outcome).toMatchObject({ status: 'stopped', epochs: 1 });
    const ck = await session.checkpoint();
    session.destroy();
    expect(() => resumeStateOf(ck.metadata, 'ck')).toThrow(/no training state to resume/);
    expect(ck.tensors.some((t) => t.name.startsWith('optimizer/'))).toBe(false);
  }, 300_000);
});
