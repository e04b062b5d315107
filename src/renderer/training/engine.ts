/**
 * The training worker's logic: owns the GPU device and one Trainer, turns messages into runs and
 * reports back through `post`. Kept apart from the worker entry (worker.ts) so it takes any
 * `GPU` and any `post`.
 */
import { analyze, parseGraph, type Graph } from '../../graph/index.js';
import { Dataset, datasetFromIdx } from '../../runtime-gpu/data/dataset.js';
import { IdxError } from '../../runtime-gpu/data/idx.js';
import {
  decode,
  encode,
  PlanError,
  requestDevice,
  SafetensorsError,
  Trainer,
  type Tensor,
} from '../../runtime-gpu/index.js';
import { optimizerPrefix } from '../../runtime-gpu/trainer.js';
import { CheckpointError, checkResumeData, resumeStateOf } from '../../training/checkpoint.js';
import { pickGallery, softmax, type EvalTotals } from '../../training/evaluation.js';
import { outcomeMetadata, outcomeOf, type RunOutcome } from '../../training/outcome.js';
import {
  checkData,
  evaluate,
  previewAugmentation,
  SessionError,
  TrainingSession,
  type Checkpoint,
  type ResumeFrom,
  type SessionData,
} from '../../training/session.js';
import type { TrainingSettings } from '../../training/settings.js';
import { keepTimingsInBrowser } from '../kernelTimings.js';
import { builtinDatasets, idxFiles } from './datasets.js';
import type {
  DatasetSource,
  ErrorKind,
  Evaluation,
  FromWorker,
  StepPoint,
  ToWorker,
} from './protocol.js';

export type Post = (m: FromWorker) => void;

type Data = SessionData;

/** An error with the kind the panel words its advice by. */
class RunError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    /** How the run ended, when it ended on a guard. */
    readonly outcome?: RunOutcome,
  ) {
    super(message);
  }
}

const galleryCount = 48;
/** Augmented training samples shown before a run's first step. */
const augmentedStrip = 12;

/** `f`'s result; a CheckpointError it throws becomes a RunError of kind 'weights'. */
function checkpointErrors<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof CheckpointError) throw new RunError('weights', e.message);
    throw e;
  }
}
const progressEveryMs = 100;

function graphOf(text: string): Graph {
  const r = parseGraph(text);
  if (r.ok) return r.graph;
  const e = r.errors[0]!;
  throw new RunError('graph', `the graph file is not valid: ${e.path}: ${e.message}`);
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new RunError('data', `cannot fetch ${url}: ${(e as Error).message}`);
  }
  if (!response.ok) throw new RunError('data', `cannot fetch ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function readData(source: DatasetSource): Promise<Data> {
  if (source.kind === 'builtin') {
    const base = new URL(`${source.name}/`, source.baseUrl);
    const files = await Promise.all(
      Object.values(idxFiles).map((f) => fetchBytes(new URL(`${f}.gz`, base).href)),
    );
    const [trainImages, trainLabels, testImages, testLabels] = files as [
      Uint8Array,
      Uint8Array,
      Uint8Array,
      Uint8Array,
    ];
    const name = (f: string) => `${source.name}/${f}.gz`;
    return {
      name: builtinDatasets[source.name].name,
      classes: builtinDatasets[source.name].classes,
      train: await datasetFromIdx(trainImages, trainLabels, {
        images: name(idxFiles.trainImages),
        labels: name(idxFiles.trainLabels),
      }),
      test: await datasetFromIdx(testImages, testLabels, {
        images: name(idxFiles.testImages),
        labels: name(idxFiles.testLabels),
      }),
    };
  }
  const bytes = (b: ArrayBuffer) => new Uint8Array(b);
  if (source.kind === 'images') {
    const shape = { channels: source.channels, height: source.height, width: source.width };
    const files = (split: string) => ({
      images: `${source.name} ${split} images`,
      labels: `${source.name} ${split} labels`,
    });
    return {
      name: source.name,
      train: new Dataset(
        bytes(source.trainImages),
        bytes(source.trainLabels),
        shape,
        files('training'),
      ),
      test: new Dataset(bytes(source.testImages), bytes(source.testLabels), shape, files('test')),
    };
  }
  return {
    name: source.name,
    train: await datasetFromIdx(bytes(source.trainImages), bytes(source.trainLabels), {
      images: 'training images file',
      labels: 'training labels file',
    }),
    test: await datasetFromIdx(bytes(source.testImages), bytes(source.testLabels), {
      images: 'test images file',
      labels: 'test labels file',
    }),
  };
}

const shapesOf = (tensors: readonly Tensor[]): Record<string, number[]> =>
  Object.fromEntries(tensors.map((t) => [t.name, [...t.shape]]));

export class TrainingEngine {
  private device: GPUDevice | null = null;
  private adapter: GPUAdapter | null = null;
  private deviceLost: string | null = null;
  private trainer: Trainer | null = null;
  private test: Dataset | null = null;
  private builtinCache = new Map<string, Promise<Data>>();
  private running = false;
  private stopRequested = false;
  private gate: { promise: Promise<void>; open: () => void } | null = null;

  constructor(
    private readonly post: Post,
    private readonly gpu: () => GPU | undefined,
  ) {}

  async handle(m: ToWorker): Promise<void> {
    switch (m.type) {
      case 'init':
        return this.init();
      case 'start':
        return this.guard(m.runId, () => this.train(m));
      case 'pause':
        if (this.running && !this.gate) {
          let open = () => {};
          const promise = new Promise<void>((resolve) => (open = resolve));
          // The loop says `paused` once the steps already on the GPU have reported.
          this.gate = { promise, open };
        }
        return;
      case 'resume':
        this.openGate();
        return;
      case 'stop':
        this.stopRequested = true;
        this.openGate();
        return;
      case 'loadWeights':
        return this.guard(undefined, () => this.load(m));
      case 'previewAugment':
        return this.guard(undefined, () => this.previewAugment(m));
      case 'predict':
        return this.guard(undefined, () => this.predict(m.samples));
      case 'featureMaps':
        return this.guard(undefined, () => this.featureMaps(m.sample, m.layer));
      case 'explain':
        return this.guard(undefined, () => this.explain(m.sample, m.layer));
    }
  }

  private openGate(): void {
    if (!this.gate) return;
    this.gate.open();
    this.gate = null;
    this.post({ type: 'resumed' });
  }

  private async init(): Promise<void> {
    const gpu = this.gpu();
    if (!gpu) {
      this.post({
        type: 'unsupported',
        reason:
          'This browser has no WebGPU (navigator.gpu is missing in workers). Use a recent Chrome, Edge or the desktop app; editing, summaries and export still work.',
      });
      return;
    }
    try {
      await this.acquire();
      const info = this.adapter?.info;
      const name = [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ');
      this.post({
        type: 'ready',
        adapter: name || 'WebGPU adapter',
        // Chrome's software adapter (SwiftShader) is correct but slow.
        fallback: Boolean((info as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter),
      });
    } catch (e) {
      this.post({
        type: 'unsupported',
        reason: `WebGPU is present but no GPU can be used: ${(e as Error).message}. Editing, summaries and export still work.`,
      });
    }
  }

  /** The device, requested once; after a loss, a new one. */
  private async acquire(): Promise<GPUDevice> {
    if (this.device) return this.device;
    const gpu = this.gpu();
    if (!gpu) throw new RunError('internal', 'this browser has no WebGPU');
    const { adapter, device } = await requestDevice(gpu);
    keepTimingsInBrowser(device);
    this.adapter = adapter;
    this.deviceLost = null;
    device.lost.then((info) => {
      if (this.device !== device) return;
      this.device = null;
      this.trainer = null;
      this.deviceLost = info.message || info.reason || 'unknown reason';
      this.stopRequested = true;
      this.openGate();
      if (info.reason !== 'destroyed' && !this.running) {
        this.post({ type: 'error', kind: 'device-lost', message: this.lostMessage() });
      }
    });
    device.onuncapturederror = (ev) => {
      this.post({ type: 'error', kind: 'internal', message: `GPU error: ${ev.error.message}` });
    };
    this.device = device;
    return device;
  }

  private lostMessage(): string {
    return `The GPU device was lost (${this.deviceLost}). The curves and the last checkpoint are kept; press Start to train again on a new device.`;
  }

  /** Runs `job`, turning anything it throws into one `error` message. */
  private async guard(runId: string | undefined, job: () => Promise<void>): Promise<void> {
    try {
      await job();
    } catch (e) {
      const kind: ErrorKind =
        this.deviceLost !== null
          ? 'device-lost'
          : e instanceof RunError
            ? e.kind
            : e instanceof SessionError
              ? e.kind === 'fit'
                ? 'graph'
                : 'data'
              : e instanceof PlanError
                ? 'plan'
                : e instanceof SafetensorsError
                  ? 'weights'
                  : e instanceof IdxError
                    ? 'data'
                    : 'internal';
      const message = kind === 'device-lost' ? this.lostMessage() : (e as Error).message;
      const outcome = e instanceof RunError ? e.outcome : undefined;
      this.post({
        type: 'error',
        kind,
        message,
        ...(runId ? { runId } : {}),
        ...(outcome ? { outcome } : {}),
      });
    }
  }

  private async data(source: DatasetSource, c: TrainingSettings): Promise<Data> {
    let loading: Promise<Data>;
    if (source.kind === 'builtin') {
      const cached = this.builtinCache.get(source.name);
      loading = cached ?? readData(source);
      if (!cached) {
        this.builtinCache.set(source.name, loading);
        loading.catch(() => this.builtinCache.delete(source.name));
      }
    } else loading = readData(source);
    const data = await loading;
    return {
      ...data,
      train: c.trainSamples ? data.train.limit(c.trainSamples) : data.train,
      test: c.testSamples ? data.test.limit(c.testSamples) : data.test,
    };
  }

  /** Forgets the network trained or loaded last, and its GPU memory. */
  private release(): void {
    this.trainer?.destroy();
    this.trainer = null;
    this.test = null;
  }

  /** Sends the current weights, with how the run that made them ended. */
  private async postWeights(trainer: Trainer, run: RunOutcome | null): Promise<void> {
    this.postCheckpoint({ tensors: await trainer.weights(), metadata: {} }, run, 'last');
  }

  /** Sends a checkpoint (weights, and a session's optimizer and resume state) as a file. */
  private postCheckpoint(c: Checkpoint, run: RunOutcome | null, which: 'last' | 'best'): void {
    const metadata = { ...c.metadata, ...(run ? outcomeMetadata(run) : {}) };
    const bytes = encode(c.tensors, { format: 'pt', ...metadata });
    const weights = c.tensors.filter((t) => !t.name.startsWith(optimizerPrefix));
    this.post({
      type: 'weights',
      bytes: bytes.buffer as ArrayBuffer,
      shapes: shapesOf(weights),
      run,
      which,
    });
  }

  private async train(m: Extract<ToWorker, { type: 'start' }>): Promise<void> {
    if (this.running) throw new RunError('internal', 'a run is already going; stop it first');
    this.running = true;
    this.stopRequested = false;
    try {
      await this.trainRun(m);
    } finally {
      this.running = false;
      this.gate = null;
    }
  }

  private async trainRun(m: Extract<ToWorker, { type: 'start' }>): Promise<void> {
    const { runId, config: c } = m;
    const graph = graphOf(m.graph);
    // A checkpoint that cannot resume is refused before the GPU is asked for anything.
    const file = m.weights ? decode(new Uint8Array(m.weights)) : null;
    let settings = c;
    let resume: ResumeFrom | undefined;
    if (m.resume) {
      if (!file) throw new RunError('weights', 'resuming needs a checkpoint of a run');
      resume = {
        tensors: file.tensors,
        state: checkpointErrors(() => resumeStateOf(file.metadata, 'the checkpoint')),
      };
      // The run's own settings; only the total of epochs and when to stop or keep may change.
      settings = {
        ...resume.state.settings,
        epochs: c.epochs,
        earlyStop: c.earlyStop,
        keepBest: c.keepBest,
      };
      const done = resume.state.epoch;
      if (done >= c.epochs) {
        throw new RunError(
          'weights',
          `the checkpoint has ${done} epoch${done === 1 ? '' : 's'} done; set Epochs above ${done} to resume it`,
        );
      }
    }
    // A resumed run trains on the slice it was trained on, whatever the form says now.
    const data = await this.data(m.dataset, settings);
    // Before the GPU is asked for anything: a bad label is the dataset's fault, not the GPU's,
    // and a checkpoint resumed on other training data would not continue its run.
    checkData(graph, data);
    if (resume) {
      const state = resume.state;
      checkpointErrors(() => checkResumeData(state, data.train, 'the checkpoint'));
    }
    const device = await this.acquire();
    this.release();
    const session = await TrainingSession.open(
      device,
      graph,
      data,
      settings,
      resume ? undefined : file?.tensors,
      resume,
    );
    const trainer = session.trainer;
    this.trainer = trainer;
    this.test = data.test;
    this.post({
      type: 'started',
      runId,
      stepsPerEpoch: session.stepsPerEpoch,
      trainCount: data.train.count,
      testCount: data.test.count,
      classes: trainer.classes,
      memoryBytes: trainer.memory.total,
    });
    const strip = await session.augmentedSamples(augmentedStrip);
    if (strip) {
      this.post({
        type: 'augmented',
        runId,
        images: strip,
        shape: { ...session.data.train.shape },
      });
    }

    const start = performance.now();
    let pausedMs = 0;
    let samples = 0;
    let epoch = 1;
    let epochStep = 0;
    let points: StepPoint[] = [];
    let lastPost = start;
    const flushPoints = () => {
      if (points.length === 0) return;
      this.post({
        type: 'progress',
        runId,
        epoch,
        epochStep,
        points,
        samples,
        elapsedMs: performance.now() - start - pausedMs,
      });
      points = [];
      lastPost = performance.now();
    };

    let evaluation: Evaluation | null = null;
    // The last whole epoch's checkpoint: what a stopped run keeps, as only it can resume.
    let lastEpoch: Checkpoint | null = null;
    const { outcome, stop } = await session.run({
      beforeStep: async () => {
        if (!this.gate) return;
        const pausedAt = performance.now();
        await trainer.flush();
        flushPoints();
        this.post({ type: 'paused' });
        await this.gate.promise;
        pausedMs += performance.now() - pausedAt;
      },
      stopRequested: () => this.stopRequested,
      onStep: (r) => {
        epoch = r.epoch;
        epochStep = r.epochStep;
        samples += r.count;
        points.push({ step: r.step, loss: r.loss, accuracy: r.correct / r.count, lr: r.lr });
        if (performance.now() - lastPost > progressEveryMs) flushPoints();
      },
      onEpoch: async (r) => {
        flushPoints();
        evaluation = this.evaluation(r.test, data.test);
        this.post({
          type: 'epochEnd',
          runId,
          epoch: r.epoch,
          trainLoss: r.trainLoss,
          trainAccuracy: r.trainAccuracy,
          testLoss: evaluation.loss,
          testAccuracy: evaluation.accuracy,
          seconds: r.seconds,
          lr: r.lr,
          valLoss: r.val ? r.val.lossSum / r.val.count : null,
          valAccuracy: r.val ? r.val.correct / r.val.count : null,
          best: r.best,
        });
        const status = r.epoch === settings.epochs ? 'finished' : 'stopped';
        lastEpoch = await session.checkpoint();
        this.postCheckpoint(lastEpoch, { status, epochs: r.epoch, of: settings.epochs }, 'last');
        const best = r.best ? session.bestCheckpoint() : null;
        if (best) this.postCheckpoint(best, outcomeOf(best.metadata), 'best');
      },
    });
    flushPoints();
    if (this.deviceLost !== null) throw new RunError('device-lost', this.lostMessage());
    if (stop !== null) throw new RunError('diverged', stop.message, outcome);
    const stopped = outcome.status === 'stopped';
    if (stopped) {
      const kept = lastEpoch as Checkpoint | null;
      if (kept) this.postCheckpoint(kept, outcome, 'last');
      else await this.postWeights(trainer, outcome);
    } else if (outcome.status === 'early-stopped' && lastEpoch) {
      this.postCheckpoint(lastEpoch, outcome, 'last');
    }
    this.post({
      type: 'done',
      runId,
      reason: stopped ? 'stopped' : 'finished',
      evaluation: stopped ? null : evaluation,
    });
  }

  /** The panel's view of an evaluation: totals, confusion and the gallery's images. */
  private evaluation(totals: EvalTotals, test: Dataset): Evaluation {
    const gallery = pickGallery(totals.items, galleryCount);
    const size = test.sampleSize;
    const images = new Uint8Array(gallery.length * size);
    gallery.forEach((g, i) =>
      images.set(test.images.subarray(g.index * size, (g.index + 1) * size), i * size),
    );
    return {
      loss: totals.lossSum / totals.count,
      accuracy: totals.correct / totals.count,
      classes: totals.classes,
      confusion: totals.confusion,
      gallery,
      images,
      imageShape: { ...test.shape },
    };
  }

  private async previewAugment(m: Extract<ToWorker, { type: 'previewAugment' }>): Promise<void> {
    const data = await this.data(m.dataset, m.config);
    const device = await this.acquire();
    const images = await previewAugmentation(device, data, m.config, augmentedStrip);
    if (images) {
      this.post({ type: 'augmented', runId: null, images, shape: { ...data.train.shape } });
    }
  }

  private async load(m: Extract<ToWorker, { type: 'loadWeights' }>): Promise<void> {
    if (this.running) throw new RunError('internal', 'stop the run before loading weights');
    const graph = graphOf(m.graph);
    const data = await this.data(m.dataset, m.config);
    checkData(graph, data);
    const device = await this.acquire();
    this.release();
    const file = decode(new Uint8Array(m.weights));
    // Evaluation only: no optimizer state, so a network too big to train may still be looked at.
    const trainer = await Trainer.create(device, graph, {
      batch: Math.min(m.config.batch, data.train.count),
      seed: m.config.seed,
      imageSize: [data.train.shape.height, data.train.shape.width],
    });
    this.trainer = trainer;
    this.test = data.test;
    trainer.setWeights(file.tensors);
    this.post({
      type: 'evaluation',
      evaluation: this.evaluation(await evaluate(trainer, data.test), data.test),
    });
    // The file as loaded, its optimizer and resume state included, so Resume can go on from it.
    const tensors = [...file.tensors.values()];
    this.postCheckpoint({ tensors, metadata: file.metadata }, outcomeOf(file.metadata), 'last');
  }

  /** The trained network and the test samples' inputs, checked to exist. */
  private probeInputs(samples: number[]): { trainer: Trainer; x: Float32Array } {
    const trainer = this.trainer;
    const test = this.test;
    if (!trainer || !test) throw new RunError('internal', 'train or load weights first');
    const bad = samples.find((s) => s >= test.count);
    if (bad !== undefined) throw new RunError('data', `test sample ${bad} does not exist`);
    const indices = Uint32Array.from(samples);
    const x = new Float32Array(indices.length * test.sampleSize);
    test.fill(indices, x, new Uint32Array(indices.length));
    return { trainer, x };
  }

  private async predict(samples: number[]): Promise<void> {
    const { trainer, x } = this.probeInputs(samples);
    const logits = await trainer.predict(x, samples.length);
    const k = trainer.classes;
    const probabilities = samples.map((_, i) => softmax(logits, i * k, k));
    this.post({ type: 'predictions', samples, probabilities });
  }

  private async featureMaps(sample: number, layer: string): Promise<void> {
    const { trainer, x } = this.probeInputs([sample]);
    const out = (await trainer.activations(x, [layer])).get(layer)!;
    this.post({
      type: 'featureMaps',
      maps: { sample, layer, shape: out.shape.slice(1), data: out.data },
    });
  }

  private async explain(sample: number, layer: string): Promise<void> {
    const { trainer, x } = this.probeInputs([sample]);
    const op = analyze(trainer.graph).ops.find((o) => o.name === layer);
    if (!op) throw new RunError('internal', `the network has no layer "${layer}"`);
    // One pass keeps the layer's inputs and its output, so the numbers agree with each other.
    const maps = await trainer.activations(x, [...new Set([...op.inputs, layer])]);
    const values = (name: string) => {
      const m = maps.get(name)!;
      // Buffers are handed over to the page, so an input that is also read twice gets a copy.
      return { shape: m.shape.slice(1), data: m.data.slice() };
    };
    this.post({
      type: 'explanation',
      values: {
        sample,
        layer,
        inputs: op.inputs.map((name) => ({ name, ...values(name) })),
        output: values(layer),
      },
    });
  }
}
