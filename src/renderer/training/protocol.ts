/**
 * Messages between the training panel and the training worker: discriminated unions on `type`,
 * both ways. The worker gets the graph as its file text and re-validates it (parseGraph), and
 * checks every message it receives against `toWorkerSchema`; nothing of React Flow crosses.
 */
import { z } from 'zod';
import type { GalleryItem } from '../../training/evaluation.js';
import type { RunOutcome } from '../../training/outcome.js';
import { trainingSettingsSchema, type TrainingSettings } from '../../training/settings.js';

export const builtinDatasetNames = ['fashion-mnist', 'mnist'] as const;
export type BuiltinDatasetName = (typeof builtinDatasetNames)[number];

const positiveInt = z.number().int().min(1);
const buffer = z.instanceof(ArrayBuffer);

export const datasetSourceSchema = z.discriminatedUnion('kind', [
  /** Gzipped IDX files served beside the app under `baseUrl` (dist/web/datasets/<name>/). */
  z.strictObject({
    kind: z.literal('builtin'),
    name: z.enum(builtinDatasetNames),
    baseUrl: z.string(),
  }),
  /** The four IDX files (plain or gzipped) a user picked. */
  z.strictObject({
    kind: z.literal('idx'),
    name: z.string(),
    trainImages: buffer,
    trainLabels: buffer,
    testImages: buffer,
    testLabels: buffer,
  }),
  /** Images decoded from a folder of class sub-folders: C×H×W bytes each, labels one byte each. */
  z.strictObject({
    kind: z.literal('images'),
    name: z.string(),
    channels: z.union([z.literal(1), z.literal(3)]),
    height: positiveInt,
    width: positiveInt,
    trainImages: buffer,
    trainLabels: buffer,
    testImages: buffer,
    testLabels: buffer,
  }),
]);
export type DatasetSource = z.infer<typeof datasetSourceSchema>;

/** A run's settings: the training session's one schema, every field given. */
export const trainConfigSchema = trainingSettingsSchema;
export type TrainConfig = TrainingSettings;

const job = {
  /** The graph file's text (serializeGraph). */
  graph: z.string(),
  dataset: datasetSourceSchema,
  config: trainConfigSchema,
};

export const toWorkerSchema = z.discriminatedUnion('type', [
  /** Finds the GPU; answered by `ready` or `unsupported`. */
  z.strictObject({ type: z.literal('init') }),
  /**
   * Compiles the graph and trains; `weights` (safetensors) continue from a checkpoint. With
   * `resume`, the checkpoint's run goes on exactly (its optimizer state, epochs and settings;
   * the config's epochs are the total).
   */
  z.strictObject({
    type: z.literal('start'),
    runId: z.string(),
    ...job,
    weights: buffer.nullable(),
    resume: z.boolean(),
  }),
  /** The first training samples as the job's augmentation makes them (answered by `augmented`). */
  z.strictObject({ type: z.literal('previewAugment'), ...job }),
  z.strictObject({ type: z.literal('pause') }),
  z.strictObject({ type: z.literal('resume') }),
  /** Ends training after the current step; the worker answers `weights` and `done`. */
  z.strictObject({ type: z.literal('stop') }),
  /** Loads a checkpoint into the graph and evaluates it on the test set (`evaluation`). */
  z.strictObject({ type: z.literal('loadWeights'), ...job, weights: buffer }),
  /** Class probabilities of test samples, from the weights last trained or loaded. */
  z.strictObject({ type: z.literal('predict'), samples: z.array(z.number().int().min(0)) }),
  /** One op's evaluation-mode output for one test sample (answered by `featureMaps`). */
  z.strictObject({
    type: z.literal('featureMaps'),
    sample: z.number().int().min(0),
    layer: z.string().min(1),
  }),
  /** One op's inputs and output from one forward pass of a test sample (`explanation`). */
  z.strictObject({
    type: z.literal('explain'),
    sample: z.number().int().min(0),
    layer: z.string().min(1),
  }),
]);
export type ToWorker = z.infer<typeof toWorkerSchema>;

/** Why a run could not go on, so the panel can say what to do next. */
export type ErrorKind =
  | 'message' // a malformed message (a bug, not a user error)
  | 'graph' // the graph file does not parse or has problems
  | 'data' // the dataset could not be read
  | 'plan' // the runtime refused the plan (too big for the device, unsupported layer)
  | 'weights' // the checkpoint does not fit the graph
  | 'diverged' // the loss became NaN or ∞, or diverged (training/guards.ts)
  | 'device-lost'
  | 'internal';

export interface StepPoint {
  /** Global step number, from 1. */
  step: number;
  loss: number;
  /** Fraction of the batch classified correctly. */
  accuracy: number;
  lr: number;
}

export interface Evaluation {
  loss: number;
  accuracy: number;
  classes: number;
  /** classes × classes counts, row = true label, column = prediction. */
  confusion: number[];
  /** Misclassified samples first (most confident mistakes first), then correct ones. */
  gallery: GalleryItem[];
  /** The gallery's images, channels × height × width bytes each, in gallery order. */
  images: Uint8Array;
  imageShape: { channels: number; height: number; width: number };
}

/** One op's output for one test sample: `shape` is the op's per-sample shape, e.g. [C, H, W]. */
export interface FeatureMaps {
  sample: number;
  layer: string;
  shape: number[];
  data: Float32Array;
}

/** What the Explain view shows: an op's inputs and its output, from the same forward pass. */
export interface LayerValues {
  sample: number;
  layer: string;
  inputs: { name: string; shape: number[]; data: Float32Array }[];
  output: { shape: number[]; data: Float32Array };
}

export type FromWorker =
  | { type: 'ready'; adapter: string; fallback: boolean }
  | { type: 'unsupported'; reason: string }
  | {
      type: 'started';
      runId: string;
      stepsPerEpoch: number;
      trainCount: number;
      testCount: number;
      classes: number;
      memoryBytes: number;
    }
  | {
      type: 'progress';
      runId: string;
      epoch: number;
      /** Steps done in this epoch. */
      epochStep: number;
      points: StepPoint[];
      /** Training samples processed since the run started, and when (ms since it started). */
      samples: number;
      elapsedMs: number;
    }
  | {
      type: 'epochEnd';
      runId: string;
      epoch: number;
      trainLoss: number;
      trainAccuracy: number;
      testLoss: number;
      testAccuracy: number;
      seconds: number;
      /** The learning rate of the epoch's last step. */
      lr: number;
      /** The validation split's; null without one. */
      valLoss: number | null;
      valAccuracy: number | null;
      /** The lowest validation loss so far. */
      best: boolean;
    }
  /** Training samples as the augmentation makes them: a run's before its first step, or a preview. */
  | {
      type: 'augmented';
      runId: string | null;
      images: Float32Array;
      shape: { channels: number; height: number; width: number };
    }
  | { type: 'paused' }
  | { type: 'resumed' }
  /**
   * A safetensors checkpoint of the current weights (after each epoch, and at the end), with how
   * the run that made them ended so far (in the file's metadata too); null for weights of unknown
   * origin.
   */
  | {
      type: 'weights';
      bytes: ArrayBuffer;
      shapes: Record<string, number[]>;
      run: RunOutcome | null;
      /** The last epoch's (or loaded) weights, or the best epoch's (keep-best). */
      which: 'last' | 'best';
    }
  | { type: 'evaluation'; evaluation: Evaluation }
  | { type: 'predictions'; samples: number[]; probabilities: number[][] }
  | { type: 'featureMaps'; maps: FeatureMaps }
  | { type: 'explanation'; values: LayerValues }
  | { type: 'done'; runId: string; reason: 'finished' | 'stopped'; evaluation: Evaluation | null }
  /** `outcome`: a run a guard stopped; its last checkpoint is of a run that diverged. */
  | { type: 'error'; kind: ErrorKind; message: string; runId?: string; outcome?: RunOutcome };

export type ParsedMessage = { ok: true; message: ToWorker } | { ok: false; error: string };

/** Validates a message posted to the worker. */
export function parseToWorker(data: unknown): ParsedMessage {
  const r = toWorkerSchema.safeParse(data);
  if (r.success) return { ok: true, message: r.data };
  const first = r.error.issues[0]!;
  const where = first.path.length ? first.path.join('.') : 'message';
  return {
    ok: false,
    error: `malformed message to the training worker: ${where}: ${first.message}`,
  };
}

/**
 * The buffers a worker message hands over without copying. Messages to the worker copy theirs:
 * the panel keeps its datasets and checkpoint for the next run.
 */
export function transferables(m: FromWorker): Transferable[] {
  switch (m.type) {
    case 'weights':
      return [m.bytes];
    case 'evaluation':
      return [m.evaluation.images.buffer as ArrayBuffer];
    case 'done':
      return m.evaluation ? [m.evaluation.images.buffer as ArrayBuffer] : [];
    case 'featureMaps':
      return [m.maps.data.buffer as ArrayBuffer];
    case 'augmented':
      return [m.images.buffer as ArrayBuffer];
    case 'explanation':
      return [m.values.output.data, ...m.values.inputs.map((i) => i.data)].map(
        (d) => d.buffer as ArrayBuffer,
      );
    default:
      return [];
  }
}
