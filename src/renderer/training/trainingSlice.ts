import type { GraphEdge, GraphNode } from '../../graph/index.js';
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
  bytes: ArrayBuffer;
  shapes: Record<string, number[]>;
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
  dataset: 'fashion-mnist',
  epochs: 10,
  batch: 256,
  optimizer: 'sgd',
  lr: 0.9,
  momentum: 0,
  weightDecay: 0,
  seed: 0,
  init: 'xavier',
  trainSamples: null,
  testSamples: null,
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
