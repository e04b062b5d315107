/**
 * The main-thread side of training: owns the worker, sends it the graph and the form, and folds
 * its messages into the store's training slice.
 */
import { serializeGraph } from '../../graph/index.js';
import { decode } from '../../runtime-gpu/safetensors.js';
import { resumeStateOf } from '../../training/checkpoint.js';
import { graphOf } from '../store/graphSlice.js';
import { editorStore, type EditorStore } from '../store/store.js';
import type { DatasetSource, FromWorker, ToWorker, TrainConfig } from './protocol.js';
import { isActive, newRun, reduceRun } from './run.js';
import {
  graphKey,
  restamped,
  settingsOf,
  type Checkpoint,
  type TrainForm,
} from './trainingSlice.js';

/** Whether a checkpoint file holds a run's state to resume exactly, and how far it got. */
function resumableOf(bytes: ArrayBuffer): Checkpoint['resumable'] {
  try {
    const s = resumeStateOf(decode(new Uint8Array(bytes)).metadata, 'checkpoint');
    return { epoch: s.epoch, of: s.settings.epochs };
  } catch {
    return null;
  }
}

/** How long a stop may take before the worker is terminated outright. */
const stopGraceMs = 5000;
/** A GPU process under load can leave a first adapter request unanswered: ask again, anew. */
const initWaitMs = 30_000;
const initTries = 3;

export class TrainingController {
  private worker: Worker | null = null;
  private runCount = 0;
  private stopTimer: ReturnType<typeof setTimeout> | null = null;
  private initTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly store: EditorStore) {}

  private get state() {
    return this.store.getState().training;
  }

  private send(m: ToWorker): void {
    this.ensureWorker().postMessage(m);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<FromWorker>) => this.receive(e.data);
    w.onerror = (e) => {
      e.preventDefault();
      this.receive({
        type: 'error',
        kind: 'internal',
        message: `the training worker failed: ${e.message || 'it could not start'}`,
      });
    };
    this.worker = w;
    return w;
  }

  /** Asks the worker whether WebGPU works here (once per worker). */
  init(tries = initTries): void {
    if (this.worker) return;
    this.send({ type: 'init' });
    this.initTimer = setTimeout(() => {
      this.initTimer = null;
      if (this.state.gpu.status !== 'unknown') return;
      this.dropWorker();
      if (tries > 1) this.init(tries - 1);
      else {
        this.store.getState().setTraining({
          gpu: {
            status: 'unsupported',
            reason: `The GPU did not answer (asked ${initTries} times). Reload the page to try again; editing, summaries and export still work.`,
          },
        });
      }
    }, initWaitMs);
  }

  receive(m: FromWorker): void {
    const s = this.store.getState();
    s.updateRuns((runs) => runs.map((r) => reduceRun(r, m)));
    switch (m.type) {
      case 'ready':
        this.clearInitTimer();
        s.setTraining({ gpu: { status: 'ready', adapter: m.adapter, fallback: m.fallback } });
        break;
      case 'unsupported':
        this.clearInitTimer();
        s.setTraining({ gpu: { status: 'unsupported', reason: m.reason } });
        break;
      case 'weights': {
        const checkpoint = { bytes: m.bytes, shapes: m.shapes, run: m.run };
        if (m.which === 'best') s.setTraining({ best: { ...checkpoint, resumable: null } });
        else s.setTraining({ checkpoint: { ...checkpoint, resumable: resumableOf(m.bytes) } });
        break;
      }
      case 'augmented':
        s.setTraining({ augmented: { images: m.images, shape: m.shape } });
        break;
      case 'evaluation':
        s.setTraining({
          evaluation: m.evaluation,
          evaluationOf: 'the loaded weights',
          probe: null,
          featureMaps: null,
          explanation: null,
        });
        break;
      case 'done': {
        this.clearStopTimer();
        const run = this.state.runs.find((r) => r.id === m.runId);
        if (m.evaluation) {
          s.setTraining({
            evaluation: m.evaluation,
            evaluationOf: run?.label ?? 'the last run',
            probe: null,
            featureMaps: null,
            explanation: null,
          });
        }
        break;
      }
      case 'predictions':
        s.setTraining({
          probe: { sample: m.samples[0]!, probabilities: m.probabilities[0]! },
        });
        break;
      case 'featureMaps':
        s.setTraining({ featureMaps: m.maps });
        break;
      case 'explanation':
        s.setTraining({ explanation: m.values });
        break;
      case 'error':
        this.clearStopTimer();
        s.setTraining({ error: { kind: m.kind, message: m.message } });
        // The last checkpoint is the run's last good epoch, but of a run that diverged.
        if (m.outcome && s.training.checkpoint) {
          s.setTraining({ checkpoint: restamped(s.training.checkpoint, m.outcome) });
        }
        if (m.kind === 'device-lost') this.dropWorker();
        break;
    }
  }

  private dataset(form: TrainForm): DatasetSource | null {
    if (form.dataset !== 'imported') {
      return {
        kind: 'builtin',
        name: form.dataset,
        baseUrl: new URL('datasets/', document.baseURI).href,
      };
    }
    return this.state.imported?.source ?? null;
  }

  private job() {
    const s = this.store.getState();
    const form = s.training.form;
    const dataset = this.dataset(form);
    if (!dataset) throw new Error('import a dataset first');
    const config: TrainConfig = settingsOf(form);
    return { graph: serializeGraph(graphOf(s)), dataset, config };
  }

  /**
   * Starts a run: from fresh weights, from the last checkpoint ("continue from"), or with
   * `resume` the checkpoint's own run where it stopped (its optimizer state and settings; the
   * form's epochs are the total).
   */
  start(resume = false): void {
    const s = this.store.getState();
    if (isActive(s.training.runs.at(-1))) return;
    const job = this.job();
    const resumed = resume ? s.training.checkpoint : null;
    if (resume && !resumed?.resumable) return;
    const id = `run-${Date.now().toString(36)}-${++this.runCount}`;
    const key = graphKey(s.nodes, s.edges);
    const sameGraph = s.training.runs.filter((r) => r.graphKey === key).length;
    const label = resumed
      ? `${s.meta.name} #${sameGraph + 1} · resumed at epoch ${resumed.resumable!.epoch + 1}`
      : `${s.meta.name} #${sameGraph + 1} · ${job.config.optimizer} lr ${job.config.lr}`;
    const checkpoint = resumed ?? (s.training.form.continueFrom ? s.training.checkpoint : null);
    // Results shown so far belong to earlier weights; the new run's come when it ends.
    s.setTraining({
      ...(resumed ? {} : { best: null, saveBest: false }),
      augmented: null,
      error: null,
      evaluation: null,
      evaluationOf: null,
      probe: null,
      featureMaps: null,
      explanation: null,
    });
    s.updateRuns((runs) => [...runs, newRun(id, key, label, job.config)]);
    this.send({
      type: 'start',
      runId: id,
      ...job,
      weights: checkpoint?.bytes ?? null,
      resume: resumed !== null,
    });
  }

  /** Shows the first training samples as the form's augmentation makes them. */
  previewAugment(): void {
    this.store.getState().setTraining({ augmented: null });
    this.send({ type: 'previewAugment', ...this.job() });
  }

  pause(): void {
    this.send({ type: 'pause' });
  }

  resume(): void {
    this.send({ type: 'resume' });
  }

  /** Asks the worker to stop after its current step; terminates it if it does not answer. */
  stop(): void {
    if (!this.worker) return;
    this.send({ type: 'stop' });
    this.clearStopTimer();
    this.stopTimer = setTimeout(() => this.cancel(), stopGraceMs);
  }

  /** Hard cancel: the worker and its GPU work are gone at once; the curves stay. */
  cancel(): void {
    this.clearStopTimer();
    const run = this.state.runs.at(-1);
    this.dropWorker();
    if (run && isActive(run)) {
      this.receive({ type: 'done', runId: run.id, reason: 'stopped', evaluation: null });
    }
    this.init();
  }

  loadWeights(bytes: ArrayBuffer): void {
    this.store.getState().setTraining({
      error: null,
      evaluation: null,
      evaluationOf: null,
      probe: null,
      featureMaps: null,
      explanation: null,
    });
    this.send({ type: 'loadWeights', ...this.job(), weights: bytes });
  }

  /** Shows a test image's class probabilities, and the chosen layer's output for it. */
  predict(sample: number): void {
    this.send({ type: 'predict', samples: [sample] });
    const layer = this.state.featureLayer;
    if (layer) this.send({ type: 'featureMaps', sample, layer });
  }

  /** Chooses the layer whose output is shown for the picked test image. */
  showLayer(layer: string | null): void {
    this.store.getState().setTraining({ featureLayer: layer, featureMaps: null });
    const probe = this.state.probe;
    if (layer && probe) this.send({ type: 'featureMaps', sample: probe.sample, layer });
  }

  /** Asks for a layer's inputs and output on a test image, for the Explain view. */
  explain(sample: number, layer: string): void {
    this.store.getState().setTraining({ explanation: null });
    this.send({ type: 'explain', sample, layer });
  }

  private dropWorker(): void {
    this.worker?.terminate();
    this.worker = null;
  }

  private clearInitTimer(): void {
    if (this.initTimer) clearTimeout(this.initTimer);
    this.initTimer = null;
  }

  private clearStopTimer(): void {
    if (this.stopTimer) clearTimeout(this.stopTimer);
    this.stopTimer = null;
  }
}

export const trainingController = new TrainingController(editorStore);
