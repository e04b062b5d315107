import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CheckpointError,
  checkpointKey,
  checkpointMetadata,
  resumeStateOf,
  type ResumeState,
} from './checkpoint.js';
import { defaultTraining } from './settings.js';

describe('checkpoint resume state', () => {
  const state: ResumeState = {
    epoch: 3,
    step: 711,
    settings: { ...defaultTraining, optimizer: 'adam', lr: 0.001, schedule: 'cosine', val: 0.1 },
    best: { epoch: 2, valLoss: 0.41 },
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
});
