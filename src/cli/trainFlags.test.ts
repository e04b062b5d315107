import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultTraining } from '../training/settings.js';
import { settingsFrom } from './commands/train.js';
import { CliError } from './errors.js';

/** The flags' values as the shell would hand them over: any text, or a plausible form. */
const text = fc.oneof(
  fc.string(),
  fc.constantFrom('constant', 'cosine', 'onecycle', 'step:2:0.5', 'step:0:1', 'flip', 'crop:4'),
  fc.constantFrom('flip,crop:4', 'resized-crop', 'jitter:0.4', 'jitter:1', 'crop:-1', '0.1', '2'),
);

function outcome(values: Record<string, string>): string | null {
  try {
    settingsFrom(values);
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    return (e as Error).message;
  }
}

describe('train flag parsing', () => {
  it('gives the settings, or one line that names the flag', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('schedule', 'warmup', 'augment', 'val', 'early-stop'),
        text,
        (flag, value) => {
          const message = outcome({ [flag]: value });
          if (message === null) return;
          expect(message).not.toContain('\n');
          expect(message).toContain(`--${flag}`);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('names the accepted forms', () => {
    expect(outcome({ schedule: 'linear' })).toBe(
      'unknown --schedule "linear"; use constant, step:E:G (× G every E epochs), cosine or onecycle',
    );
    expect(outcome({ augment: 'flip,rotate' })).toMatch(
      /^unknown --augment "flip,rotate"; use a comma list of flip, crop:P .*resized-crop, jitter:B/,
    );
    expect(outcome({ val: '1' })).toBe('--val 1 must be at most 0.9');
    expect(outcome({ warmup: '2' })).toMatch(/^--warmup 2 is for the cosine schedule/);
    expect(outcome({ 'early-stop': '3' })).toMatch(/^--early-stop 3 needs a validation split/);
    expect(outcome({ 'keep-best': true } as never)).toMatch(/^--keep-best needs a validation/);
    expect(
      settingsFrom({ schedule: 'cosine', warmup: '1', val: '0.1', 'early-stop': '2' }),
    ).toEqual({ ...defaultTraining, schedule: 'cosine', warmup: 1, val: 0.1, earlyStop: 2 });
  });

  it('keeps a resumed run its settings: only --epochs, --early-stop and --keep-best change', () => {
    const resumed = { ...defaultTraining, lr: 0.1, val: 0.2 };
    expect(settingsFrom({ epochs: '20', 'keep-best': true }, resumed)).toEqual({
      ...resumed,
      epochs: 20,
      keepBest: true,
    });
    expect(settingsFrom({ lr: '0.1' }, resumed)).toEqual(resumed);
    expect(() => settingsFrom({ lr: '0.2' }, resumed)).toThrow(
      "--lr differs from the resumed run's 0.1",
    );
  });
});
