import type { GraphEdge, GraphNode } from '../../graph/index.js';
import { withMetadata } from '../../runtime-gpu/safetensors.js';
import { outcomeMetadata, type RunOutcome } from '../../training/outcome.js';
import { defaultTraining, type TrainingSettings } from '../../training/settings.js';
import type { SliceCreator } from '../store/types.js';
import type { DatasetInfo } from './datasets.js';
import type {
  BuiltinDatasetName,
  DatasetSource,
  ErrorKind,
  Evaluation,
  FeatureMaps,
  LayerValues,
  TrainConfig,
} from './protocol.js';
import type { Run } from './run.js';

export type GpuStatus =
  | { status: 'unknown' }
  | { status: 'ready'; adapter: string; fallback: boolean }
  | { status: 'unsupported'; reason: string };

/** The panel's form: the run's settings plus where the data comes from. */
export interface TrainForm extends TrainConfig {
  dataset: BuiltinDatasetName | 'imported';
  /** The user agreed to resize the images on the GPU to the Input's size. */
  resize: boolean;
  /** Start from the last checkpoint instead of fresh weights. */
  continueFrom: boolean;
}

export interface Checkpoint {
  /** A safetensors file; its metadata records `run` too, so a saved copy keeps it. */
  bytes: ArrayBuffer;
  shapes: Record<string, number[]>;
  /** How the run that made these weights ended; null when unknown (a file from elsewhere). */
  run: RunOutcome | null;
  /** Epochs done and their total, when the file holds a run's state to resume exactly. */
  resumable?: { epoch: number; of: number } | null;
}

export interface TrainingState {
  gpu: GpuStatus;
  form: TrainForm;
  imported: { info: DatasetInfo; source: Exclude<DatasetSource, { kind: 'builtin' }> } | null;
  /** Oldest first; the last is the current one. */
  runs: Run[];
  error: { kind: ErrorKind; message: string } | null;
  /** The weights last trained or loaded. */
  checkpoint: Checkpoint | null;
  /** The weights of the epoch with the lowest validation loss (keep-best). */
  best: Checkpoint | null;
  /** Which of the two Save writes. */
  saveBest: boolean;
  /** Training samples as the last run's augmentation made them (floats in [0, 1]). */
  augmented: { images: Float32Array; shape: Evaluation['imageShape'] } | null;
  /** Test-set results of the weights last trained or loaded. */
  evaluation: Evaluation | null;
  /** Whose results they are: a run's label, or the weights loaded from a file. */
  evaluationOf: string | null;
  /** The gallery image whose class probabilities are shown. */
  probe: { sample: number; probabilities: number[] } | null;
  /** The layer whose output is shown for the probed image, and that output once it came. */
  featureLayer: string | null;
  featureMaps: FeatureMaps | null;
  /** The Explain view's layer on the probed image, once it came. */
  explanation: LayerValues | null;
}

export interface TrainingSlice {
  training: TrainingState;
  setTraining(patch: Partial<TrainingState>): void;
  updateRuns(update: (runs: Run[]) => Run[]): void;
}

export const defaultForm: TrainForm = {
  ...defaultTraining,
  dataset: 'fashion-mnist',
  resize: false,
  continueFrom: false,
};

export const createTrainingSlice: SliceCreator<TrainingSlice> = (set, get) => ({
  training: {
    gpu: { status: 'unknown' },
    form: defaultForm,
    imported: null,
    runs: [],
    error: null,
    checkpoint: null,
    best: null,
    saveBest: false,
    augmented: null,
    evaluation: null,
    evaluationOf: null,
    probe: null,
    featureLayer: null,
    featureMaps: null,
    explanation: null,
  },
  setTraining(patch) {
    set({ training: { ...get().training, ...patch } });
  },
  updateRuns(update) {
    const t = get().training;
    set({ training: { ...t, runs: update(t.runs) } });
  },
});

/** The run's settings out of the panel's form. */
export const settingsOf = (form: TrainForm): TrainingSettings =>
  Object.fromEntries(
    Object.keys(defaultTraining).map((k) => [k, form[k as keyof TrainingSettings]]),
  ) as unknown as TrainingSettings;

/** A checkpoint whose run ended otherwise than its weights' metadata says (a later divergence). */
export function restamped(checkpoint: Checkpoint, run: RunOutcome): Checkpoint {
  const bytes = withMetadata(new Uint8Array(checkpoint.bytes), outcomeMetadata(run));
  return { ...checkpoint, bytes: bytes.buffer as ArrayBuffer, run };
}

/** Identifies a network's structure (not its layout): runs of equal keys are comparable. */
export function graphKey(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): string {
  const text = JSON.stringify([
    nodes.map((n) => [n.id, n.kind, n.params]),
    edges.map((e) => [e.source, e.target, e.targetPort]),
  ]);
  // FNV-1a, 32 bits: a short key; a collision only puts two curves on one chart.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16);
}
