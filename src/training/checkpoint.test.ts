import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CheckpointError,
  checkResumeData,
  checkpointKey,
  checkpointMetadata,
  resumeStateOf,
  trainingDataOf,
  type ResumeState,
} from './checkpoint.js';
import { defaultTraining } from './settings.js';

describe('checkpoint resume state', () => {
  const state: ResumeState = {
    epoch: 3,
    step: 711,
    settings: { ...defaultTraining, optimizer: 'adam', lr: 0.001, schedule: 'cosine', val: 0.1 },
    best: { epoch: 2, valLoss: 0.41 },
    data: { samples: 60_000, fingerprint: '0123abcd' },
  };

  it('round-trips through the metadata', () => {
    expect(resumeStateOf(checkpointMetadata(state), 'ck')).toEqual(state);
  });

  it('refuses a file without one, in a sentence that says what to do', () => {
    expect(() => resumeStateOf({}, 'w.safetensors')).toThrow(
      /^w\.safetensors holds weights but no training state to resume/,
    );
  });

  it('gives a resume state or one CheckpointError line for any metadata', () => {
    const json = fc.oneof(
      fc.json(),
      fc
        .record({
          epoch: fc.oneof(fc.nat(), fc.double(), fc.string()),
          step: fc.oneof(fc.nat(), fc.integer()),
          settings: fc.oneof(
            fc.constant(defaultTraining),
            fc.dictionary(fc.constantFrom(...Object.keys(defaultTraining)), fc.jsonValue()),
          ),
          best: fc.oneof(fc.constant(null), fc.record({ epoch: fc.nat(), valLoss: fc.double() })),
          data: fc.oneof(
            fc.record({ samples: fc.nat(), fingerprint: fc.stringMatching(/^[0-9a-f]{8}$/) }),
            fc.jsonValue(),
          ),
        })
        .map((o) => JSON.stringify(o)),
      fc.string(),
    );
    fc.assert(
      fc.property(json, (text) => {
        try {
          const s = resumeStateOf({ [checkpointKey]: text }, 'ck');
          expect(Number.isSafeInteger(s.epoch) && s.epoch >= 0).toBe(true);
          expect(Number.isSafeInteger(s.step) && s.step >= 0).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(CheckpointError);
          expect((e as Error).message).toMatch(/^ck: [^\n]*$/);
        }
      }),
      { numRuns: 500 },
    );
  });

  describe('the training data a run drew from', () => {
    // 2×2 images, as the runtime's Dataset holds them.
    const samples = (images: Uint8Array, labels: Uint8Array) => ({
      count: labels.length,
      images,
      labels,
    });
    const images = Uint8Array.from({ length: 12 }, (_, i) => i * 20);
    const data = samples(images, Uint8Array.of(0, 1, 2));
    const firstTwo = samples(images.subarray(0, 8), data.labels.subarray(0, 2));
    const resumed = { ...state, data: trainingDataOf(data) };

    it('is told apart by one pixel or one label, and by the count', () => {
      const pixel = images.slice();
      pixel[5]! += 1;
      const prints = [
        data,
        samples(pixel, data.labels),
        samples(images, Uint8Array.of(0, 1, 1)),
        firstTwo,
      ].map((d) => trainingDataOf(d).fingerprint);
      expect(new Set(prints).size).toBe(4);
      expect(trainingDataOf(data).samples).toBe(3);
    });

    it('lets the same data resume and refuses other data in one line', () => {
      expect(() => checkResumeData(resumed, data, 'ck')).not.toThrow();
      expect(() => checkResumeData(resumed, firstTwo, 'ck')).toThrow(
        "ck was trained on 3 training samples, this dataset gives 2 samples; resume with the run's dataset and --limit",
      );
      const other = samples(images, Uint8Array.of(2, 1, 0));
      expect(() => checkResumeData(resumed, other, 'ck')).toThrow(/gives other samples;/);
    });
  });
});
