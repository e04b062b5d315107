/**
 * The guards of a training run, pure so that the session, the panel and the tests share them:
 * labels in range, a finite and non-diverging loss, and advice on learning rates no recipe uses.
 */
import type { TrainingSettings } from './settings.js';

/**
 * The first label of `labels` that is not a class of a network with `classes` outputs, as one
 * sentence naming the file and the index; null when every label fits. Such a label would make
 * the loss read another sample's scores, so a run refuses it before it starts.
 */
export function labelProblem(
  labels: ArrayLike<number>,
  classes: number,
  file: string,
): string | null {
  let bad = -1;
  let largest = 0;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (label > largest) largest = label;
    if (bad < 0 && label >= classes) bad = i;
  }
  if (bad < 0) return null;
  return `${file}: label ${labels[bad]} at index ${bad} is not a class of this network, which gives ${classes} scores (classes 0 to ${classes - 1}); the labels go up to ${largest}: give the last Linear ${largest + 1} outputs, or use the labels file that belongs to these images`;
}

/**
 * When a run has diverged: the loss has stayed above `ratio` times its reference for `patience`
 * steps in a row. The reference is the larger of the first step's loss and ln(classes), the
 * cross-entropy of a network that gives every class the same score, so a run that starts well
 * below chance (continuing from trained weights) is not held to its own low start.
 */
export const divergenceRule = { ratio: 4, patience: 10 } as const;

export interface StopVerdict {
  kind: 'nonfinite' | 'diverged';
  step: number;
  loss: number;
  /** One sentence: what happened and what to try. */
  message: string;
}

const lrAdvice = (lr: number): string =>
  `The learning rate (${lr}) is probably too high: try ${lr / 10}.`;

/** Watches a run's step losses, in order, and says when it must stop. */
export class DivergenceWatch {
  private reference: number | null = null;
  private above = 0;
  /** The largest ratio of loss to reference held for `patience` steps in a row (for benchmarks). */
  peakSustainedRatio = 0;
  private window: number[] = [];

  constructor(
    private readonly classes: number,
    private readonly lr: number,
  ) {}

  /** Feeds step `step`'s mean loss; returns why the run must stop, or null. */
  observe(step: number, loss: number): StopVerdict | null {
    if (!Number.isFinite(loss)) {
      return {
        kind: 'nonfinite',
        step,
        loss,
        message: `The loss became ${loss} at step ${step}; training stopped. ${lrAdvice(this.lr)}`,
      };
    }
    this.reference ??= Math.max(loss, Math.log(Math.max(this.classes, 2)));
    const ratio = loss / this.reference;
    this.window.push(ratio);
    if (this.window.length > divergenceRule.patience) this.window.shift();
    if (this.window.length === divergenceRule.patience) {
      this.peakSustainedRatio = Math.max(this.peakSustainedRatio, Math.min(...this.window));
    }
    this.above = ratio > divergenceRule.ratio ? this.above + 1 : 0;
    if (this.above < divergenceRule.patience) return null;
    return {
      kind: 'diverged',
      step,
      loss,
      message: `The loss diverged: it stayed above ${divergenceRule.ratio}× its start (${this.reference.toPrecision(3)}) for ${divergenceRule.patience} steps, and is ${loss.toPrecision(4)} at step ${step}; training stopped. ${lrAdvice(this.lr)}`,
    };
  }
}

/**
 * The learning rates the chapter's recipes use, per optimizer: SGD from 0.01 (AlexNet) to 0.9
 * (LeNet; batch-normalised LeNet uses 1.0), Adam around its usual 0.001. Others are allowed, but
 * the training panel says so.
 */
export const recipeLearningRates = {
  sgd: { low: 0.001, high: 1 },
  adam: { low: 1e-5, high: 0.01 },
} as const;

/** A warning for a learning rate no recipe uses; null for a usual one. */
export function learningRateWarning(s: Pick<TrainingSettings, 'optimizer' | 'lr'>): string | null {
  const { low, high } = recipeLearningRates[s.optimizer];
  const name = s.optimizer === 'sgd' ? 'SGD' : 'Adam';
  if (s.lr > high) {
    return `No recipe trains with ${name} above ${high} (d2l's nets use ${s.optimizer === 'sgd' ? '0.01 to 0.9' : 'about 0.001'}); at ${s.lr} the loss will likely diverge.`;
  }
  if (s.lr < low) {
    return `No recipe trains with ${name} below ${low}; at ${s.lr} the network will barely learn.`;
  }
  return null;
}
