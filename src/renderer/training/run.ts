import {
  emaAdd,
  emaStart,
  samplesPerSecond,
  secondsLeft,
  throughputAdd,
  throughputStart,
  type Ema,
  type Throughput,
} from './metrics.js';
import type { Evaluation, FromWorker, TrainConfig } from './protocol.js';

export type RunStatus = 'starting' | 'running' | 'paused' | 'finished' | 'stopped' | 'failed';

/** One epoch's results: the worker's epochEnd message without its routing fields. */
export type EpochRow = Omit<Extract<FromWorker, { type: 'epochEnd' }>, 'type' | 'runId'>;

/** One training run as the panel shows it, built only from worker messages (`reduceRun`). */
export interface Run {
  id: string;
  /** Runs of the same network structure are drawn together for comparison. */
  graphKey: string;
  label: string;
  config: TrainConfig;
  status: RunStatus;
  stepsPerEpoch: number;
  trainCount: number;
  memoryBytes: number;
  epoch: number;
  epochStep: number;
  /** Per-step series, aligned. */
  steps: number[];
  loss: number[];
  lossSmooth: number[];
  lr: number[];
  ema: Ema;
  epochs: EpochRow[];
  throughput: Throughput;
  samples: number;
  samplesPerSecond: number | null;
  secondsLeft: number | null;
  evaluation: Evaluation | null;
}

export const smoothing = 0.9;

export function newRun(id: string, graphKey: string, label: string, config: TrainConfig): Run {
  return {
    id,
    graphKey,
    label,
    config,
    status: 'starting',
    stepsPerEpoch: 0,
    trainCount: 0,
    memoryBytes: 0,
    epoch: 1,
    epochStep: 0,
    steps: [],
    loss: [],
    lossSmooth: [],
    lr: [],
    ema: emaStart(smoothing),
    epochs: [],
    throughput: throughputStart(),
    samples: 0,
    samplesPerSecond: null,
    secondsLeft: null,
    evaluation: null,
  };
}

/** The run after one message from the worker; messages of other runs leave it as it is. */
export function reduceRun(run: Run, m: FromWorker): Run {
  if ('runId' in m && m.runId !== undefined && m.runId !== run.id) return run;
  switch (m.type) {
    case 'started':
      return {
        ...run,
        status: 'running',
        stepsPerEpoch: m.stepsPerEpoch,
        trainCount: m.trainCount,
        memoryBytes: m.memoryBytes,
      };
    case 'progress': {
      const { ema, smoothed } = emaAdd(
        run.ema,
        m.points.map((p) => p.loss),
      );
      const throughput = throughputAdd(run.throughput, m.elapsedMs, m.samples);
      const rate = samplesPerSecond(throughput);
      const total = run.config.epochs * run.trainCount;
      return {
        ...run,
        epoch: m.epoch,
        epochStep: m.epochStep,
        steps: [...run.steps, ...m.points.map((p) => p.step)],
        loss: [...run.loss, ...m.points.map((p) => p.loss)],
        lossSmooth: [...run.lossSmooth, ...smoothed],
        lr: [...run.lr, ...m.points.map((p) => p.lr)],
        ema,
        throughput,
        samples: m.samples,
        samplesPerSecond: rate,
        secondsLeft: secondsLeft(m.samples, total, rate),
      };
    }
    case 'epochEnd': {
      const { type: _t, runId: _r, ...row } = m;
      return { ...run, epochs: [...run.epochs.filter((e) => e.epoch !== m.epoch), row] };
    }
    case 'paused':
      return run.status === 'running' ? { ...run, status: 'paused' } : run;
    case 'resumed':
      return run.status === 'paused' ? { ...run, status: 'running' } : run;
    case 'done':
      return {
        ...run,
        status: m.reason,
        secondsLeft: null,
        evaluation: m.evaluation ?? run.evaluation,
      };
    case 'error':
      return isActive(run) ? { ...run, status: 'failed', secondsLeft: null } : run;
    default:
      return run;
  }
}

export const isActive = (run: Run | undefined): boolean =>
  run !== undefined &&
  (run.status === 'starting' || run.status === 'running' || run.status === 'paused');

/** Fraction of the current epoch done, 0…1. */
export const epochProgress = (run: Run): number =>
  run.stepsPerEpoch > 0 ? Math.min(1, run.epochStep / run.stepsPerEpoch) : 0;
