/**
 * The training panel's hyperparameters (the fields of its form and of the worker's TrainConfig);
 * the exported script takes them as its defaults.
 */
import type { InitScheme } from '../graph/index.js';

export interface TrainingSettings {
  epochs: number;
  batch: number;
  lr: number;
  optimizer: 'sgd' | 'adam';
  momentum: number;
  weightDecay: number;
  seed: number;
  /** How the weights start: d2l's Xavier (`init_cnn`) or PyTorch's default. */
  init: InitScheme;
  /** Use only the first N training / test images; null: all of them. */
  trainSamples: number | null;
  testSamples: number | null;
}

export const defaultTraining: TrainingSettings = {
  epochs: 10,
  batch: 256,
  lr: 0.9,
  optimizer: 'sgd',
  momentum: 0,
  weightDecay: 0,
  seed: 0,
  init: 'xavier',
  trainSamples: null,
  testSamples: null,
};
