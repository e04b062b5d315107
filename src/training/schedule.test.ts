import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { learningRate, parseSchedule, type Schedule } from './schedule.js';

interface Golden {
  lr: number;
  epochs: number;
  stepsPerEpoch: number;
  cases: { schedule: string; warmup: number; rates: number[] }[];
}

const golden = JSON.parse(
  readFileSync(new URL('../../fixtures/training/schedules.json', import.meta.url), 'utf8'),
) as Golden;

describe('learning-rate schedules', () => {
  for (const c of golden.cases) {
    it(`${c.schedule}, warmup ${c.warmup}: every step's rate is PyTorch's`, () => {
      const schedule = parseSchedule(c.schedule)!;
      const run = { ...golden, schedule, warmup: c.warmup };
      c.rates.forEach((want, t) => {
        const got = learningRate(run, t);
        expect(Math.abs(got - want), `step ${t}: ${got} vs ${want}`).toBeLessThanOrEqual(
          1e-12 * golden.lr,
        );
      });
    });
  }

  it('reads the text forms and refuses everything else', () => {
    expect(parseSchedule('step:2:0.5')).toEqual({ kind: 'step', every: 2, gamma: 0.5 });
    for (const bad of ['', 'step', 'step:0:0.5', 'step:2:0', 'step:2:1.5', 'step:2', 'Cosine'])
      expect(parseSchedule(bad), bad).toBeNull();
    fc.assert(
      fc.property(fc.string(), (text) => {
        const s: Schedule | null = parseSchedule(text);
        if (s === null) return;
        const run = { schedule: s, lr: 0.1, epochs: 3, stepsPerEpoch: 5, warmup: 0 };
        for (let t = 0; t < 15; t++) {
          const lr = learningRate(run, t);
          expect(lr > 0 && lr <= 0.1 + 1e-15, `${text} step ${t}: ${lr}`).toBe(true);
        }
      }),
    );
  });
});
