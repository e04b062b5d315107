/** What bench/run.ts passes to the benchmark page, and what the page hands back. */

export type ModelName = 'lenet' | 'lenet-d2l' | 'resnet18';

export interface BenchConfig {
  /** 'auto': LeNet and ResNet-18, but only LeNet on a software (fallback) adapter, where ResNet-18 takes minutes a step. */
  models: ModelName[] | 'auto';
  /** Untimed steps first (pipeline compiles, buffer allocation). */
  warmup: number;
  /** Each measurement times about this long: steps = seconds / one step's time. */
  seconds: number;
  /** But never more steps than this. */
  maxSteps: number;
  /**
   * CNN Studio is measured once with each of these ways of choosing kernels ('tuned',
   * 'register' or a variant's name, as CNN_STUDIO_KERNELS takes), the first beside tfjs.
   */
  kernels: string[];
}

export interface Measurement {
  steps: number;
  seconds: number;
  samplesPerSecond: number;
}

export interface BenchRow {
  model: ModelName;
  mode: 'train' | 'infer';
  batch: number;
  /** One per `kernels` entry, in that order. */
  ours: { kernels: string; measurement: Measurement }[];
  tfjs: Measurement;
}

export interface BenchResult {
  adapter: { vendor: string; architecture: string; description: string; fallback: boolean };
  rows: BenchRow[];
  /** Models left out by 'auto'. */
  skipped: ModelName[];
  /** The device's uncaptured errors: any makes the run a failure. */
  errors: string[];
}
