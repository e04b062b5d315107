/** The training panel's hyperparameters; the exported script takes them as its defaults. */
export interface TrainingSettings {
  epochs: number;
  batchSize: number;
  lr: number;
  optimizer: 'sgd' | 'adam';
  momentum: number;
  weightDecay: number;
  seed: number;
}

export const defaultTraining: TrainingSettings = {
  epochs: 10,
  batchSize: 256,
  lr: 0.1,
  optimizer: 'sgd',
  momentum: 0,
  weightDecay: 0,
  seed: 0,
};
