/**
 * Learning-rate schedules, computed per step exactly as the exported PyTorch script computes them
 * (a LambdaLR with the same formula, stepped after every optimizer step) and as PyTorch's own
 * schedulers do: StepLR stepped per epoch, CosineAnnealingLR(T_max = total steps) after a linear
 * warmup, OneCycleLR(total_steps, cycle_momentum=False) with its defaults (pct_start 0.3, cosine
 * annealing, div_factor 25, final_div_factor 1e4). fixtures/training/schedules.json, written by
 * scripts/golden_schedules.py from torch.optim.lr_scheduler, checks every step's value.
 */

export type Schedule =
  | { kind: 'constant' }
  | { kind: 'step'; every: number; gamma: number }
  | { kind: 'cosine' }
  | { kind: 'onecycle' };

export const scheduleForms = 'constant, step:E:G (× G every E epochs), cosine or onecycle';

/** A schedule from its text form; null for text that is not one of `scheduleForms`. */
export function parseSchedule(text: string): Schedule | null {
  if (text === 'constant' || text === 'cosine' || text === 'onecycle') return { kind: text };
  const m = /^step:([0-9]+):([0-9]*\.?[0-9]+(?:e-?[0-9]+)?)$/.exec(text);
  if (!m) return null;
  const every = Number(m[1]);
  const gamma = Number(m[2]);
  if (!Number.isSafeInteger(every) || every < 1 || !(gamma > 0) || gamma > 1) return null;
  return { kind: 'step', every, gamma };
}

export interface ScheduleRun {
  schedule: Schedule;
  /** The base (for one-cycle: the peak) learning rate. */
  lr: number;
  epochs: number;
  stepsPerEpoch: number;
  /** Epochs of linear warmup (cosine only). */
  warmup: number;
}

const cosAnneal = (start: number, end: number, pct: number) =>
  end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);

/** The learning rate of step `t`, counted from 0 over the whole run. */
export function learningRate(r: ScheduleRun, t: number): number {
  const s = r.schedule;
  const total = r.epochs * r.stepsPerEpoch;
  switch (s.kind) {
    case 'constant':
      return r.lr;
    case 'step':
      return r.lr * s.gamma ** Math.floor(Math.floor(t / r.stepsPerEpoch) / s.every);
    case 'cosine': {
      const w = r.warmup * r.stepsPerEpoch;
      if (t < w) return (r.lr * (t + 1)) / w;
      return r.lr * 0.5 * (1 + Math.cos((Math.PI * (t - w)) / (total - w)));
    }
    case 'onecycle': {
      const initial = r.lr / 25;
      const end1 = 0.3 * total - 1;
      if (t <= end1) return cosAnneal(initial, r.lr, end1 === 0 ? 1 : t / end1);
      const end2 = total - 1;
      return cosAnneal(r.lr, initial / 1e4, end2 === end1 ? 1 : (t - end1) / (end2 - end1));
    }
  }
}
