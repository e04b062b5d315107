/**
 * The settings of a training run: one schema with every range and default, read by the CLI's
 * flags, the training panel's form, the worker's messages and the exported script's defaults.
 * A new setting is one entry here (and its use in the session and the exported script).
 */
import { z } from 'zod';
import { augmentForms, parseAugment } from './augmentSpec.js';
import { parseSchedule, scheduleForms } from './schedule.js';

const positiveInt = (max: number) => z.number().int().min(1).max(max);
const samples = positiveInt(1e9).nullable();

export const trainingSettingsSchema = z.strictObject({
  /** Passes over the training set. */
  epochs: positiveInt(10_000).default(10),
  /** Samples per step; the last step of an epoch may be smaller (PyTorch's drop_last=False). */
  batch: positiveInt(65_536).default(256),
  optimizer: z.enum(['sgd', 'adam']).default('sgd'),
  /** d2l's LeNet recipe: SGD at 0.9. */
  lr: z.number().positive().finite().default(0.9),
  /** SGD only. */
  momentum: z.number().min(0).max(1).default(0),
  weightDecay: z.number().min(0).finite().default(0),
  /** Seeds the initial weights, the shuffling and dropout. */
  seed: z.number().int().min(0).max(0xffffffff).default(0),
  /** d2l's Xavier (`init_cnn`, as every chapter recipe trains) or PyTorch's own default. */
  init: z.enum(['xavier', 'default']).default('xavier'),
  /** Use only the first N training / test samples; null: all of them. */
  trainSamples: samples.default(null),
  testSamples: samples.default(null),
  /** The learning rate over the run (./schedule.ts). */
  schedule: z
    .string()
    .refine((t) => parseSchedule(t) !== null, `must be ${scheduleForms}`)
    .default('constant'),
  /** Epochs of linear warmup before a cosine schedule. */
  warmup: z.number().int().min(0).max(10_000).default(0),
  /** Augmentations of every training batch (./augmentSpec.ts); '' for none. */
  augment: z
    .string()
    .refine((t) => parseAugment(t) !== null, `must be ${augmentForms}`)
    .default(''),
  /** The fraction of the training set held out (class-stratified, seeded) for validation. */
  val: z.number().min(0).max(0.9).default(0),
  /** Stop when the validation loss has not improved for this many epochs; 0: never. */
  earlyStop: z.number().int().min(0).max(10_000).default(0),
  /** Keep the weights of the epoch with the lowest validation loss beside the last ones. */
  keepBest: z.boolean().default(false),
});

export type TrainingSettings = z.output<typeof trainingSettingsSchema>;
export type SettingKey = keyof TrainingSettings;

export const defaultTraining: TrainingSettings = trainingSettingsSchema.parse({});

/** Whether `value` is allowed for one setting (the form checks each field as it is typed). */
export const settingAllows = (key: SettingKey, value: unknown): boolean =>
  trainingSettingsSchema.shape[key].safeParse(value).success;

export type SettingsResult =
  { ok: true; settings: TrainingSettings } | { ok: false; key: string; message: string };

/** Fills the defaults and checks the ranges; the first problem names its setting. */
export function parseSettings(value: unknown): SettingsResult {
  const r = trainingSettingsSchema.safeParse(value);
  if (r.success) {
    const problem = combinationProblem(r.data);
    return problem ? { ok: false, ...problem } : { ok: true, settings: r.data };
  }
  const issue = r.error.issues[0]!;
  return { ok: false, key: String(issue.path[0] ?? 'settings'), message: issueWords(issue) };
}

/** Settings that are each allowed but not together. */
function combinationProblem(s: TrainingSettings): { key: string; message: string } | null {
  if (s.warmup > 0 && s.schedule !== 'cosine') {
    return { key: 'warmup', message: 'is for the cosine schedule (one-cycle warms up itself)' };
  }
  if (s.warmup >= s.epochs && s.warmup > 0) {
    return { key: 'warmup', message: `must be fewer than the ${s.epochs} epochs` };
  }
  if (s.earlyStop > 0 && s.val === 0) {
    return { key: 'earlyStop', message: 'needs a validation split (val above 0) to watch' };
  }
  if (s.keepBest && s.val === 0) {
    return { key: 'keepBest', message: 'needs a validation split (val above 0) to judge by' };
  }
  return null;
}

function issueWords(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      return `must be ${issue.inclusive ? 'at least' : 'above'} ${issue.minimum}`;
    case 'too_big':
      return `must be at most ${issue.maximum}`;
    case 'invalid_value':
      return `must be ${issue.values.map(String).join(' or ')}`;
    case 'invalid_type':
      return issue.expected === 'int' ? 'must be a whole number' : `must be ${issue.expected}`;
    case 'unrecognized_keys':
      return `is not a setting (${issue.keys.join(', ')})`;
    default:
      return issue.message;
  }
}

/** The optimizer a run's settings describe (Adam's betas and eps are PyTorch's defaults). */
export type OptimizerSettings =
  | { kind: 'sgd'; lr: number; momentum: number; weightDecay: number }
  | {
      kind: 'adam';
      lr: number;
      beta1: number;
      beta2: number;
      eps: number;
      weightDecay: number;
    };

export function optimizerOf(s: TrainingSettings): OptimizerSettings {
  return s.optimizer === 'sgd'
    ? { kind: 'sgd', lr: s.lr, momentum: s.momentum, weightDecay: s.weightDecay }
    : { kind: 'adam', lr: s.lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: s.weightDecay };
}
