import { describe, expect, it } from 'vitest';
import { DivergenceWatch, labelProblem, learningRateWarning } from './guards.js';
import { outcomeMetadata, outcomeOf, outcomeWarning } from './outcome.js';
import { defaultTraining, parseSettings, settingAllows } from './settings.js';

const watch = (losses: number[], classes = 10, lr = 0.9) => {
  const w = new DivergenceWatch(classes, lr);
  for (let i = 0; i < losses.length; i++) {
    const v = w.observe(i + 1, losses[i]!);
    if (v) return v;
  }
  return null;
};

describe('the divergence rule', () => {
  it('stops at once on a NaN or infinite loss, suggesting a tenth of the learning rate', () => {
    expect(watch([2.3, 2.2, NaN])).toMatchObject({
      kind: 'nonfinite',
      step: 3,
      message:
        'The loss became NaN at step 3; training stopped. The learning rate (0.9) is probably too high: try 0.09.',
    });
    expect(watch([2.3, Infinity])).toMatchObject({ kind: 'nonfinite', step: 2 });
  });

  it('fires when the loss stays above 4× its reference for 10 steps in a row', () => {
    const v = watch([2.3, ...Array<number>(10).fill(1000)], 10, 1000);
    expect(v).toMatchObject({ kind: 'diverged', step: 11, loss: 1000 });
    expect(v!.message).toMatch(/stayed above 4× its start \(2\.30\) for 10 steps.*try 100\./);
  });

  it('tolerates spikes: 9 steps far above, then back', () => {
    const spikes = [2.3, ...Array<number>(9).fill(50), 2, ...Array<number>(9).fill(50), 1.5];
    expect(watch(spikes)).toBeNull();
  });

  it('measures from ln(classes) when a run starts below chance (continued from trained weights)', () => {
    // Reference ln 10 = 2.303, not 0.3: a rise to 5 is not divergence.
    expect(watch([0.3, ...Array<number>(20).fill(5)])).toBeNull();
    expect(watch([0.3, ...Array<number>(10).fill(9.3)])).toMatchObject({ kind: 'diverged' });
  });

  it('records its margin: the largest ratio held for 10 steps in a row', () => {
    const w = new DivergenceWatch(10, 0.1);
    [4.6, ...Array<number>(10).fill(6.9), 1].forEach((l, i) => w.observe(i + 1, l));
    expect(w.peakSustainedRatio).toBeCloseTo(1.5, 12);
  });
});

describe('labels', () => {
  it('names the file and the first label that is not a class, and what would fit', () => {
    expect(labelProblem(Uint8Array.of(1, 9, 0), 10, 'a.idx')).toBeNull();
    expect(labelProblem(Uint8Array.of(1, 200, 12), 10, 'train-labels.gz')).toBe(
      'train-labels.gz: label 200 at index 1 is not a class of this network, which gives 10 scores (classes 0 to 9); the labels go up to 200: give the last Linear 201 outputs, or use the labels file that belongs to these images',
    );
  });
});

describe('learning rates no recipe uses', () => {
  it('warns above and below the recipes, per optimizer, and not on d2l’s own', () => {
    for (const lr of [0.9, 0.01, 0.05, 0.1, 1])
      expect(learningRateWarning({ optimizer: 'sgd', lr })).toBeNull();
    expect(learningRateWarning({ optimizer: 'sgd', lr: 1000 })).toMatch(
      /above 1 .* likely diverge/,
    );
    expect(learningRateWarning({ optimizer: 'sgd', lr: 1e-6 })).toMatch(/below 0\.001/);
    expect(learningRateWarning({ optimizer: 'adam', lr: 0.001 })).toBeNull();
    expect(learningRateWarning({ optimizer: 'adam', lr: 0.9 })).toMatch(/Adam above 0\.01/);
  });
});

describe('settings', () => {
  it('has one set of defaults, d2l’s LeNet recipe with Xavier init', () => {
    expect(defaultTraining).toMatchObject({
      epochs: 10,
      batch: 256,
      lr: 0.9,
      optimizer: 'sgd',
      init: 'xavier',
    });
  });

  it('names the first setting out of range', () => {
    expect(parseSettings({ lr: 0 })).toEqual({ ok: false, key: 'lr', message: 'must be above 0' });
    expect(parseSettings({ epochs: 1.5 })).toEqual({
      ok: false,
      key: 'epochs',
      message: 'must be a whole number',
    });
    expect(parseSettings({ init: 'he' })).toMatchObject({ ok: false, key: 'init' });
    expect(settingAllows('batch', 65_536)).toBe(true);
    expect(settingAllows('batch', 65_537)).toBe(false);
  });
});

describe('how a run ended, in its weights file', () => {
  it('round-trips through the metadata and says when a run did not finish', () => {
    const diverged = { status: 'diverged' as const, epochs: 2, of: 10, step: 600, loss: 3e6 };
    expect(outcomeOf(outcomeMetadata(diverged))).toEqual(diverged);
    expect(outcomeWarning(diverged)).toBe(
      "these weights come from a run that diverged at step 600 (loss 3000000); they are its last good epoch's, after 2 of 10 epochs",
    );
    expect(outcomeWarning({ status: 'stopped', epochs: 3, of: 10 })).toBe(
      'these weights come from a run stopped after 3 of 10 epochs',
    );
    expect(outcomeWarning({ status: 'finished', epochs: 10, of: 10 })).toBeNull();
  });

  it('ignores metadata it cannot read', () => {
    for (const text of [
      '{',
      '"x"',
      '{"status":"won","epochs":1,"of":1}',
      '{"status":"stopped","epochs":-1,"of":1}',
    ]) {
      expect(outcomeOf({ 'cnn_studio.run': text }), text).toBeNull();
    }
    expect(outcomeOf({})).toBeNull();
  });
});
