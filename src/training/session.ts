/**
 * One training run, the same for every caller: `cnn-studio train` and the app's training worker
 * are thin adapters around it (the exported script takes its defaults from ./settings.ts). It
 * checks the network against the data (shapes, and every label against the network's classes)
 * before the GPU does anything, runs the epoch loop with pause and stop, evaluates on the test
 * set after every epoch, and stops on a non-finite or diverging loss (./guards.ts).
 *
 * What a later feature adds goes here once: a learning-rate schedule sets each step's rate in
 * the loop, a validation split is a third set evaluated beside the test set, early stopping and
 * keeping the best weights are decisions after `onEpoch`.
 */
import { analyze, type Graph } from '../graph/index.js';
import type { Dataset } from '../runtime-gpu/data/dataset.js';
import { Trainer, type Tensor } from '../runtime-gpu/index.js';
import {
  epochAdd,
  epochMeans,
  epochStart,
  evalAdd,
  evalStart,
  type EvalTotals,
} from './evaluation.js';
import { checkFit, firstFitError } from './fit.js';
import { DivergenceWatch, labelProblem, type StopVerdict } from './guards.js';
import type { RunOutcome } from './outcome.js';
import { optimizerOf, type TrainingSettings } from './settings.js';

export interface SessionData {
  /** The dataset's name in messages ("Fashion-MNIST", a folder). */
  name: string;
  train: Dataset;
  test: Dataset;
  /** The number of classes when the source says it (built-in sets, image folders). */
  classes?: number;
}

/** A run that cannot start: the network does not fit the data, or the data is unusable. */
export class SessionError extends Error {
  override name = 'SessionError';
  constructor(
    readonly kind: 'fit' | 'data',
    message: string,
  ) {
    super(message);
  }
}

export interface StepReport {
  /** From 1, over the whole run. */
  step: number;
  epoch: number;
  /** Steps done in this epoch. */
  epochStep: number;
  /** The batch's mean loss. */
  loss: number;
  correct: number;
  count: number;
  lr: number;
}

export interface EpochReport {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  /** Training time of the epoch, evaluation excluded. */
  seconds: number;
  samplesPerSecond: number;
  /** The test set, evaluated after the epoch. */
  test: EvalTotals;
}

export interface SessionHooks {
  onStep?(r: StepReport): void;
  /** After each completed epoch (and its evaluation); the run waits for it. */
  onEpoch?(r: EpochReport): Promise<void> | void;
  /** Awaited before each step: pausing is returning a promise that resolves on resume. */
  beforeStep?(): Promise<void> | void;
  /** Checked before each step; true ends the run after the steps already submitted. */
  stopRequested?(): boolean;
}

export interface RunResult {
  outcome: RunOutcome;
  /** Why a guard stopped the run (its weights on the GPU are then not worth keeping). */
  stop: StopVerdict | null;
}

/**
 * Checks that the network fits the data, that both sets hold samples and that every label is one
 * of its classes; throws a SessionError naming the first problem. Images of another size are
 * resized on the GPU. Returns the number of classes.
 */
export function checkData(graph: Graph, data: SessionData): number {
  const analysis = analyze(graph);
  const shape = data.train.shape;
  const fit = firstFitError(
    checkFit(analysis, graph.nodes, { name: data.name, ...shape, classes: data.classes }, true),
  );
  if (fit !== null) throw new SessionError('fit', fit);
  const classes = analysis.nodes.get(analysis.outputId!)!.shape[0]!;
  for (const set of [data.train, data.test]) {
    if (set.count === 0) throw new SessionError('data', `${set.files.labels} holds no samples`);
    const problem = labelProblem(set.labels, classes, set.files.labels);
    if (problem !== null) throw new SessionError('data', problem);
  }
  return classes;
}

export class TrainingSession {
  private steps = 0;

  private constructor(
    readonly trainer: Trainer,
    readonly data: SessionData,
    readonly settings: TrainingSettings,
  ) {}

  /**
   * Checks the network against the data (checkData), then compiles it for training on `device`,
   * from `weights` when given (a checkpoint; otherwise fresh weights as `settings.init` says).
   */
  static async open(
    device: GPUDevice,
    graph: Graph,
    data: SessionData,
    settings: TrainingSettings,
    weights?: ReadonlyMap<string, Tensor>,
  ): Promise<TrainingSession> {
    checkData(graph, data);
    const { height, width } = data.train.shape;
    const trainer = await Trainer.create(device, graph, {
      batch: Math.min(settings.batch, data.train.count),
      optimizer: optimizerOf(settings),
      seed: settings.seed,
      init: settings.init,
      imageSize: [height, width],
    });
    if (weights) {
      try {
        trainer.setWeights(weights);
      } catch (e) {
        trainer.destroy();
        throw e;
      }
    }
    return new TrainingSession(trainer, data, settings);
  }

  get batch(): number {
    return this.trainer.options.batch;
  }

  get stepsPerEpoch(): number {
    return this.data.train.batchCount(this.batch);
  }

  /** Trains for `settings.epochs` epochs, or until stopped or a guard stops it. */
  async run(hooks: SessionHooks = {}): Promise<RunResult> {
    const s = this.settings;
    const watch = new DivergenceWatch(this.trainer.classes, s.lr);
    let stop: StopVerdict | null = null;
    let epochsDone = 0;
    let stopped = false;
    for (let epoch = 1; epoch <= s.epochs; epoch++) {
      let totals = epochStart();
      let epochStep = 0;
      const started = performance.now();
      for (const b of this.data.train.batches({
        batchSize: this.batch,
        shuffle: true,
        seed: s.seed,
        epoch,
      })) {
        await hooks.beforeStep?.();
        if (stop !== null || hooks.stopRequested?.()) break;
        await this.trainer.step(b.images, b.labels, (r) => {
          const step = ++this.steps;
          epochStep++;
          totals = epochAdd(totals, r.loss, r.correct, r.count);
          hooks.onStep?.({ step, epoch, epochStep, ...r, lr: s.lr });
          stop ??= watch.observe(step, r.loss);
        });
      }
      await this.trainer.flush();
      if (stop !== null) break;
      if (hooks.stopRequested?.()) {
        stopped = true;
        break;
      }
      const seconds = (performance.now() - started) / 1000;
      const means = epochMeans(totals);
      const test = await this.evaluate();
      epochsDone = epoch;
      await hooks.onEpoch?.({
        epoch,
        trainLoss: means.loss,
        trainAccuracy: means.accuracy,
        seconds,
        samplesPerSecond: totals.count / seconds,
        test,
      });
    }
    const verdict = stop as StopVerdict | null;
    const outcome: RunOutcome = {
      status: verdict ? 'diverged' : stopped ? 'stopped' : 'finished',
      epochs: epochsDone,
      of: s.epochs,
      ...(verdict ? { step: verdict.step, loss: verdict.loss } : {}),
    };
    return { outcome, stop: verdict };
  }

  /** Evaluation-mode loss, accuracy, confusion and every prediction over a set (the test set). */
  evaluate(set: Dataset = this.data.test): Promise<EvalTotals> {
    return evaluate(this.trainer, set);
  }

  destroy(): void {
    this.trainer.destroy();
  }
}

/** Evaluation-mode loss, accuracy, confusion and every prediction of a trainer over a set. */
export async function evaluate(trainer: Trainer, set: Dataset): Promise<EvalTotals> {
  const totals = evalStart(trainer.classes);
  for (const b of set.batches({ batchSize: trainer.options.batch, shuffle: false })) {
    await trainer.forward(b.images, b.count, (logits) =>
      evalAdd(totals, logits, b.labels, b.indices),
    );
  }
  await trainer.flush();
  return totals;
}
