/**
 * What a checkpoint records beside its weights and optimizer state so that a run can resume
 * exactly where it stopped: the epochs and steps done, the settings it ran with, and the best
 * validation loss so far (early stopping counts from it). Stored as JSON in the safetensors
 * metadata under `cnn_studio.checkpoint`; reading it checks every field, so a hostile file gives
 * one sentence, never a wrong resume.
 */
import { parseSettings, type TrainingSettings } from './settings.js';

export const checkpointKey = 'cnn_studio.checkpoint';

export interface ResumeState {
  /** Epochs completed; the resumed run starts with the next one. */
  epoch: number;
  /** Optimizer steps taken (Adam's bias correction and dropout's masks count them). */
  step: number;
  settings: TrainingSettings;
  /** The epoch with the lowest validation loss so far, and that loss. */
  best: { epoch: number; valLoss: number } | null;
  /** The training samples the run drew from (before any validation split): see trainingDataOf. */
  data: TrainingData;
}

/** How many training samples, and an FNV-1a hash of their pixels and labels (8 hex digits). */
export interface TrainingData {
  samples: number;
  fingerprint: string;
}

/** A dataset's bytes, as the runtime's Dataset holds them (this module stays off the runtime). */
interface Samples {
  count: number;
  images: Uint8Array;
  labels: Uint8Array;
}

/**
 * What identifies a run's training data. The settings hold the seed and the slice, but not which
 * files: resumed on other images (another dataset, or the same one without --limit) the run
 * would go on training, just not the run it claims to continue.
 */
export function trainingDataOf(train: Samples): TrainingData {
  let h = 0x811c9dc5;
  for (const bytes of [train.images, train.labels]) {
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  }
  return { samples: train.count, fingerprint: (h >>> 0).toString(16).padStart(8, '0') };
}

/** Refuses to resume `state` on training data other than its run's. */
export function checkResumeData(state: ResumeState, train: Samples, file: string): void {
  const now = trainingDataOf(train);
  if (now.samples === state.data.samples && now.fingerprint === state.data.fingerprint) return;
  const what = now.samples === state.data.samples ? 'other samples' : `${now.samples} samples`;
  throw new CheckpointError(
    `${file} was trained on ${state.data.samples} training samples, this dataset gives ${what}; resume with the run's dataset and --limit`,
  );
}

export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

export const checkpointMetadata = (r: ResumeState): Record<string, string> => ({
  [checkpointKey]: JSON.stringify(r),
});

const count = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** The resume state of a checkpoint's metadata; a CheckpointError when it has none or a bad one. */
export function resumeStateOf(
  metadata: Readonly<Record<string, string>>,
  file: string,
): ResumeState {
  const text = metadata[checkpointKey];
  if (text === undefined) {
    throw new CheckpointError(
      `${file} holds weights but no training state to resume (it was not saved by a run); use it as starting weights instead`,
    );
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new CheckpointError(`${file}: its ${checkpointKey} metadata is not JSON`);
  }
  const bad = (what: string) => new CheckpointError(`${file}: its ${checkpointKey} ${what}`);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad('is not an object');
  const o = v as Record<string, unknown>;
  if (!count(o.epoch)) throw bad('epoch is not a whole number ≥ 0');
  if (!count(o.step)) throw bad('step is not a whole number ≥ 0');
  const settings = parseSettings(o.settings);
  if (!settings.ok) {
    const which =
      settings.key === 'settings' ? 'settings hold a key that' : `setting ${settings.key}`;
    throw bad(`${which} ${settings.message}`);
  }
  let best: ResumeState['best'] = null;
  if (o.best !== null && o.best !== undefined) {
    const b = o.best as Record<string, unknown>;
    if (typeof b !== 'object' || !count(b.epoch) || typeof b.valLoss !== 'number') {
      throw bad('best is not {epoch, valLoss}');
    }
    best = { epoch: b.epoch, valLoss: b.valLoss };
  }
  const d = o.data as Record<string, unknown> | null | undefined;
  if (
    typeof d !== 'object' ||
    d === null ||
    !count(d.samples) ||
    typeof d.fingerprint !== 'string' ||
    !/^[0-9a-f]{8}$/.test(d.fingerprint)
  ) {
    throw bad('data is not {samples, fingerprint}');
  }
  const data = { samples: d.samples, fingerprint: d.fingerprint };
  return { epoch: o.epoch, step: o.step, settings: settings.settings, best, data };
}
