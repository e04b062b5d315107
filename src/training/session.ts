/**
 * One training run, the same for every caller: `cnn-studio train` and the app's training worker
 * are thin adapters around it (the exported script takes its defaults from ./settings.ts). It
 * checks the network against the data (shapes, and every label against the network's classes)
 * before the GPU does anything, runs the epoch loop with pause and stop, evaluates on the test
 * set after every epoch, and stops on a non-finite or diverging loss (./guards.ts).
 *
 * Every practitioner's feature is here once: each step's learning rate from the schedule
 * (./schedule.ts), the validation split evaluated after every epoch beside the test set, early
 * stopping and the best weights decided after each epoch, and checkpoints that resume exactly
 * (weights, optimizer state, epochs and steps done, ./checkpoint.ts).
 */
import { analyze, type Graph } from '../graph/index.js';
import type { Dataset } from '../runtime-gpu/data/dataset.js';
import { stratifiedSplit } from '../runtime-gpu/data/split.js';
import { PipelineCache, readBuffer } from '../runtime-gpu/gpu.js';
import { Trainer, type Tensor } from '../runtime-gpu/index.js';
import { Augmenter } from '../runtime-gpu/kernels/augment/augmenter.js';
import { augmentDraws, augments, drawWidth } from '../runtime-gpu/kernels/augment/draws.js';
import { parseAugment } from './augmentSpec.js';
import {
  checkpointMetadata,
  trainingDataOf,
  type ResumeState,
  type TrainingData,
} from './checkpoint.js';
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
import { outcomeMetadata, type RunOutcome } from './outcome.js';
import { learningRate, parseSchedule, type ScheduleRun } from './schedule.js';
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
  /** The validation split, evaluated after the epoch; null without one. */
  val: EvalTotals | null;
  /** The learning rate of the epoch's last step. */
  lr: number;
  /** Whether this epoch has the lowest validation loss so far. */
  best: boolean;
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

/** Weights and optimizer state saved mid-run or after it, with what resuming needs. */
export interface Checkpoint {
  tensors: Tensor[];
  metadata: Record<string, string>;
}

/** A checkpoint read back: the weights (optimizer state included) and its resume state. */
export interface ResumeFrom {
  tensors: ReadonlyMap<string, Tensor>;
  state: ResumeState;
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
  /** Steps submitted, and steps whose results have come back (a few steps later). */
  private steps = 0;
  private reported = 0;
  private epochsDone = 0;
  private bestVal: ResumeState['best'] = null;
  /** The weights of the best epoch since the session opened (with keepBest). */
  private bestWeights: { epoch: number; tensors: Tensor[] } | null = null;
  private outcome: RunOutcome | null = null;

  private constructor(
    readonly trainer: Trainer,
    /** The data as trained on: with a validation split, `train` is what remains of it. */
    readonly data: SessionData,
    readonly settings: TrainingSettings,
    /** The held-out part of the training set; null without a split. */
    readonly val: Dataset | null,
    /** With a split, which samples of the given training set `data.train` holds. */
    readonly trainIndices: Uint32Array | null,
    /** Augments every training batch on the GPU; null without augmentation. */
    private readonly augmenter: Augmenter | null,
    /** The training data as given, before the validation split: checkpoints record it. */
    private readonly drawnFrom: TrainingData,
  ) {}

  /**
   * Checks the network against the data (checkData), then compiles it for training on `device`,
   * from `weights` when given (a checkpoint; otherwise fresh weights as `settings.init` says).
   * `resume` continues a checkpoint's run: its weights, optimizer state, epochs and steps; the
   * run then trains the epochs after its last one up to `settings.epochs`.
   */
  static async open(
    device: GPUDevice,
    graph: Graph,
    data: SessionData,
    settings: TrainingSettings,
    weights?: ReadonlyMap<string, Tensor>,
    resume?: ResumeFrom,
  ): Promise<TrainingSession> {
    checkData(graph, data);
    const { train, val, trainIndices } = splitTraining(data, settings);
    const { height, width } = data.train.shape;
    const trainer = await Trainer.create(device, graph, {
      batch: Math.min(settings.batch, train.count),
      optimizer: optimizerOf(settings),
      seed: settings.seed,
      init: settings.init,
      imageSize: [height, width],
    });
    const start = resume?.tensors ?? weights;
    try {
      if (start) trainer.setWeights(start);
      if (resume) trainer.setOptimizerState(resume.state.step, resume.tensors);
    } catch (e) {
      trainer.destroy();
      throw e;
    }
    const augment = parseAugment(settings.augment)!;
    const augmenter = augments(augment)
      ? new Augmenter(
          device,
          new PipelineCache(device),
          augment,
          train.shape,
          trainer.options.batch,
        )
      : null;
    const session = new TrainingSession(
      trainer,
      { ...data, train },
      settings,
      val,
      trainIndices,
      augmenter,
      trainingDataOf(data.train),
    );
    if (resume) {
      session.steps = session.reported = resume.state.step;
      session.epochsDone = resume.state.epoch;
      session.bestVal = resume.state.best;
    }
    return session;
  }

  get batch(): number {
    return this.trainer.options.batch;
  }

  get stepsPerEpoch(): number {
    return this.data.train.batchCount(this.batch);
  }

  /** Epochs completed, counting those of the run a checkpoint resumed. */
  get epochs(): number {
    return this.epochsDone;
  }

  private get scheduleRun(): ScheduleRun {
    const s = this.settings;
    return {
      schedule: parseSchedule(s.schedule)!,
      lr: s.lr,
      epochs: s.epochs,
      stepsPerEpoch: this.stepsPerEpoch,
      warmup: s.warmup,
    };
  }

  /**
   * Trains the epochs after those done up to `settings.epochs`, or until stopped, a guard stops
   * it or (with `earlyStop`) the validation loss has not improved for that many epochs.
   */
  async run(hooks: SessionHooks = {}): Promise<RunResult> {
    const s = this.settings;
    const watch = new DivergenceWatch(this.trainer.classes, s.lr);
    const schedule = this.scheduleRun;
    let stop: StopVerdict | null = null;
    let stopped = false;
    let earlyStopped = false;
    for (let epoch = this.epochsDone + 1; epoch <= s.epochs; epoch++) {
      let totals = epochStart();
      let epochStep = 0;
      let epochStepsSubmitted = 0;
      let lr = s.lr;
      const draws = this.augmentDraws(epoch);
      const started = performance.now();
      for (const b of this.data.train.batches({
        batchSize: this.batch,
        shuffle: true,
        seed: s.seed,
        epoch,
      })) {
        await hooks.beforeStep?.();
        if (stop !== null || hooks.stopRequested?.()) break;
        const stepLr = learningRate(schedule, this.steps);
        lr = stepLr;
        this.steps++;
        const at = epochStepsSubmitted++ * this.batch;
        const augmenter = this.augmenter;
        const augment =
          draws && augmenter
            ? (encoder: GPUCommandEncoder, input: GPUBuffer, count: number) =>
                augmenter.encode(
                  encoder,
                  input,
                  draws.subarray(at * drawWidth, (at + count) * drawWidth),
                  count,
                )
            : undefined;
        await this.trainer.step(
          b.images,
          b.labels,
          (r) => {
            const step = ++this.reported;
            epochStep++;
            totals = epochAdd(totals, r.loss, r.correct, r.count);
            hooks.onStep?.({ step, epoch, epochStep, ...r, lr: stepLr });
            stop ??= watch.observe(step, r.loss);
          },
          { lr: stepLr, augment },
        );
      }
      await this.trainer.flush();
      if (stop !== null) break;
      if (hooks.stopRequested?.()) {
        stopped = true;
        // Weights from inside an epoch cannot resume exactly: checkpoint() says so.
        break;
      }
      const seconds = (performance.now() - started) / 1000;
      const means = epochMeans(totals);
      const test = await this.evaluate();
      const val = this.val ? await this.evaluate(this.val) : null;
      const valLoss = val ? val.lossSum / val.count : NaN;
      const best = val !== null && (this.bestVal === null || valLoss < this.bestVal.valLoss);
      if (best) {
        this.bestVal = { epoch, valLoss };
        if (s.keepBest) this.bestWeights = { epoch, tensors: await this.trainer.weights() };
      }
      this.epochsDone = epoch;
      await hooks.onEpoch?.({
        epoch,
        trainLoss: means.loss,
        trainAccuracy: means.accuracy,
        seconds,
        samplesPerSecond: totals.count / seconds,
        test,
        val,
        lr,
        best,
      });
      if (s.earlyStop > 0 && this.bestVal !== null && epoch - this.bestVal.epoch >= s.earlyStop) {
        earlyStopped = epoch < s.epochs;
        break;
      }
    }
    const verdict = stop as StopVerdict | null;
    const outcome: RunOutcome = {
      status: verdict
        ? 'diverged'
        : stopped
          ? 'stopped'
          : earlyStopped
            ? 'early-stopped'
            : 'finished',
      epochs: this.epochsDone,
      of: s.epochs,
      ...(verdict ? { step: verdict.step, loss: verdict.loss } : {}),
    };
    this.outcome = outcome;
    return { outcome, stop: verdict };
  }
  /**
   * The run's state as a checkpoint file holds it: the weights, the optimizer state and the
   * resume state after the last completed epoch. A stopped run's partial epoch is not in it.
   */
  async checkpoint(): Promise<Checkpoint> {
    const weights = await this.trainer.weights();
    const optimizer = await this.trainer.optimizerState();
    const stepsBefore = this.epochsDone * this.stepsPerEpoch;
    const partial = optimizer.step !== stepsBefore;
    const state: ResumeState = {
      epoch: this.epochsDone,
      step: optimizer.step,
      settings: this.settings,
      best: this.bestVal,
      data: this.drawnFrom,
    };
    const outcome: RunOutcome = this.outcome ?? {
      status: 'stopped',
      epochs: this.epochsDone,
      of: this.settings.epochs,
    };
    return {
      tensors: [...weights, ...(partial ? [] : optimizer.tensors)],
      metadata: {
        ...outcomeMetadata(outcome),
        // Weights from inside an epoch cannot resume exactly: they carry no resume state.
        ...(partial ? {} : checkpointMetadata(state)),
      },
    };
  }

  /**
   * The augmentation draws of one epoch's samples, in the order the epoch takes them
   * ([count × drawWidth]); null without augmentation.
   */
  augmentDraws(epoch: number): Float32Array | null {
    if (!this.augmenter) return null;
    const set = this.data.train;
    return augmentDraws(this.augmenter.options, set.shape, set.count, this.settings.seed, epoch);
  }

  /**
   * The first `n` samples of epoch 1 as its augmentation makes them (the panel's strip before a
   * run starts), each channels × height × width in [0, 1]; null without augmentation.
   */
  async augmentedSamples(n: number): Promise<Float32Array | null> {
    if (!this.augmenter) return null;
    const { device } = this.trainer;
    return augmentFirst(
      device,
      this.augmenter,
      this.data.train,
      this.settings.seed,
      Math.min(n, this.batch),
    );
  }

  /** The best epoch's weights (keepBest), or null when no epoch of this session improved. */
  bestCheckpoint(): Checkpoint | null {
    if (this.bestWeights === null) return null;
    const { epoch, tensors } = this.bestWeights;
    return {
      tensors,
      metadata: outcomeMetadata({ status: 'best', epochs: epoch, of: this.settings.epochs }),
    };
  }

  /** Evaluation-mode loss, accuracy, confusion and every prediction over a set (the test set). */
  evaluate(set: Dataset = this.data.test): Promise<EvalTotals> {
    return evaluate(this.trainer, set);
  }

  destroy(): void {
    this.augmenter?.destroy();
    this.trainer.destroy();
  }
}

/** The training set less the validation split (when the settings ask for one), and the split. */
function splitTraining(
  data: SessionData,
  settings: TrainingSettings,
): { train: Dataset; val: Dataset | null; trainIndices: Uint32Array | null } {
  if (settings.val === 0) return { train: data.train, val: null, trainIndices: null };
  const split = stratifiedSplit(data.train.labels, settings.val, settings.seed);
  if (split.val.length === 0 || split.train.length === 0) {
    throw new SessionError(
      'data',
      `a validation fraction of ${settings.val} of ${data.train.count} training samples leaves ${split.val.length === 0 ? 'no sample to validate on' : 'none to train on'}`,
    );
  }
  return {
    train: data.train.subset(split.train),
    val: data.train.subset(split.val),
    trainIndices: split.train,
  };
}

/** The first `n` samples of epoch 1 of `set`, augmented on the GPU with their draws. */
async function augmentFirst(
  device: GPUDevice,
  augmenter: Augmenter,
  set: Dataset,
  seed: number,
  n: number,
): Promise<Float32Array> {
  const count = Math.min(n, set.count);
  const indices = set.order({ shuffle: true, seed, epoch: 1 }).subarray(0, count);
  const images = new Float32Array(count * set.sampleSize);
  set.fill(indices, images, new Uint32Array(count));
  const bytes = 4 * images.length;
  const buffer = device.createBuffer({
    size: bytes,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
  });
  try {
    device.queue.writeBuffer(buffer, 0, images);
    const encoder = device.createCommandEncoder();
    const draws = augmentDraws(augmenter.options, set.shape, set.count, seed, 1);
    augmenter.encode(encoder, buffer, draws.subarray(0, count * drawWidth), count);
    device.queue.submit([encoder.finish()]);
    return new Float32Array(await readBuffer(device, buffer, bytes));
  } finally {
    augmenter.release(buffer);
    buffer.destroy();
  }
}

/**
 * The first `n` training samples of a run with these settings as its augmentation will make
 * them, without compiling the network (the panel's preview before a run); null without
 * augmentation.
 */
export async function previewAugmentation(
  device: GPUDevice,
  data: SessionData,
  settings: TrainingSettings,
  n: number,
): Promise<Float32Array | null> {
  const augment = parseAugment(settings.augment)!;
  if (!augments(augment)) return null;
  const { train } = splitTraining(data, settings);
  const augmenter = new Augmenter(device, new PipelineCache(device), augment, train.shape, n);
  try {
    return await augmentFirst(device, augmenter, train, settings.seed, n);
  } finally {
    augmenter.destroy();
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
