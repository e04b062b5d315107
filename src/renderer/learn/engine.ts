/**
 * Runs a lesson's tiny network on the WebGPU runtime (the app's own kernels, through the plan
 * compiler and the Trainer) and, for every number, on the float64 reference too, so that each
 * lesson is also a visible check of the runtime. Without WebGPU the reference alone computes,
 * and the lesson says so.
 */
import { analyze, serializeGraph, type Graph } from '../../graph/index.js';
import { referenceForward } from '../../runtime-gpu/reference/network.js';
import { requestDevice, Trainer, type Tensor } from '../../runtime-gpu/index.js';
import { keepTimingsInBrowser } from '../kernelTimings.js';

/** A network, its stored tensors by state_dict key, and a batch of inputs. */
export interface Job {
  graph: Graph;
  weights: ReadonlyMap<string, ArrayLike<number>>;
  input: ArrayLike<number>;
  batch: number;
}

/** Evaluation mode; with batch 1 any op's output can be read, with more the network's output. */
export interface EvalJob extends Job {
  read: string[];
}

/**
 * `steps` training-mode passes on the same batch (nothing learns: the learning rate is 0), then
 * evaluation mode on that batch and on each of `predict` (batches of the same size).
 */
export interface TrainJob extends Job {
  steps: number;
  predict?: ArrayLike<number>[];
}

export type Backend =
  { kind: 'webgpu'; adapter: string; fallback: boolean } | { kind: 'reference'; reason: string };

export interface EvalResult {
  /** By op name: [batch, ...op shape] values. */
  values: Map<string, ArrayLike<number>>;
}

export interface TrainResult {
  /** After each pass: the network's output, and the buffers it moved, by weight key. */
  steps: { output: ArrayLike<number>; buffers: Map<string, ArrayLike<number>> }[];
  /** Evaluation mode after the last pass (the running statistics as they then are), per batch. */
  predictions: ArrayLike<number>[];
}

/** A result and how far the runtime's numbers are from the float64 reference's. */
export type Checked<R> = R & { backend: Backend; maxError: number | null };

/** |a − b| relative to the largest |b| (at least 1): the lessons' numbers are of order 1–1000. */
function worst(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 1;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]!));
  let err = 0;
  for (let i = 0; i < b.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    // NaN and ∞ must come out where the reference has them.
    err = Math.max(err, Number.isNaN(d) ? (Object.is(a[i], b[i]) ? 0 : Infinity) : d / scale);
  }
  return a.length === b.length ? err : Infinity;
}

/** Refuses a job whose values do not fill the network's weights (checked before either side runs). */
function checkWeights(job: Job): void {
  for (const op of analyze(job.graph).ops) {
    for (const w of op.weights) {
      if (w.name === 'num_batches_tracked') continue;
      const key = `${op.name}.${w.name}`;
      const count = w.shape.reduce((a, b) => a * b, 1);
      const got = job.weights.get(key)?.length ?? 0;
      if (got !== count) {
        throw new Error(`${key} needs ${count} values (${w.shape.join('×')}), got ${got}`);
      }
    }
  }
}

/** A lesson's values as the tensors the Trainer wants: shapes from the plan, steps counted 0. */
function weightTensors(trainer: Trainer, weights: ReadonlyMap<string, ArrayLike<number>>) {
  return new Map(
    trainer.plan.weights.map((w): [string, Tensor] => {
      if (w.tensor === null) {
        return [w.key, { name: w.key, dtype: 'I64', shape: [], data: BigInt64Array.of(0n) }];
      }
      const data = weights.get(w.key)!;
      const shape = [...w.spec.shape];
      return [w.key, { name: w.key, dtype: 'F32', shape, data: Float32Array.from(data) }];
    }),
  );
}

/** The trainers of the graphs lately run, kept so an edited number reuses compiled plans. */
const keep = 12;

class LessonEngine {
  private device: Promise<{ device: GPUDevice; backend: Backend } | Backend> | null = null;
  private trainers = new Map<string, Trainer>();
  /** Jobs run one at a time: a Trainer is not to be used by two at once. */
  private queue: Promise<unknown> = Promise.resolve();

  private gpu(): Promise<{ device: GPUDevice; backend: Backend } | Backend> {
    this.device ??= (async () => {
      // Node (the tests) may have no navigator at all.
      const gpu = (globalThis.navigator as (Navigator & { gpu?: GPU }) | undefined)?.gpu;
      if (!gpu) {
        return { kind: 'reference', reason: 'this browser has no WebGPU' } as const;
      }
      try {
        const { adapter, device } = await requestDevice(gpu);
        keepTimingsInBrowser(device);
        const info = adapter.info;
        const name = [info.vendor, info.architecture, info.description].filter(Boolean);
        device.lost.then(() => {
          this.device = null;
          this.trainers.clear();
        });
        return {
          device,
          backend: {
            kind: 'webgpu',
            adapter: name.join(' ') || 'WebGPU adapter',
            fallback: info.isFallbackAdapter,
          },
        };
      } catch (e) {
        return { kind: 'reference', reason: (e as Error).message } as const;
      }
    })();
    return this.device;
  }

  async backend(): Promise<Backend> {
    const g = await this.gpu();
    return 'device' in g ? g.backend : g;
  }

  private async trainer(device: GPUDevice, job: Job, training: boolean): Promise<Trainer> {
    const key = `${training}|${job.batch}|${serializeGraph(job.graph)}`;
    let t = this.trainers.get(key);
    if (t) {
      // Most recently used last.
      this.trainers.delete(key);
    } else {
      t = await Trainer.create(device, job.graph, {
        batch: job.batch,
        ...(training
          ? { optimizer: { kind: 'sgd', lr: 0, momentum: 0, weightDecay: 0 } as const }
          : {}),
      });
    }
    this.trainers.set(key, t);
    for (const [old, trainer] of this.trainers) {
      if (this.trainers.size <= keep) break;
      trainer.destroy();
      this.trainers.delete(old);
    }
    return t;
  }

  private run<R>(work: () => Promise<R>): Promise<R> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => {});
    return next;
  }

  evaluate(job: EvalJob): Promise<Checked<EvalResult>> {
    return this.run(async () => {
      checkWeights(job);
      const ref = referenceForward(job.graph, job.weights, job.input, job.batch);
      const reference = new Map(job.read.map((name) => [name, ref.values.get(name)!]));
      const g = await this.gpu();
      if (!('device' in g)) return { values: reference, backend: g, maxError: null };
      const trainer = await this.trainer(g.device, job, false);
      trainer.setWeights(weightTensors(trainer, job.weights));
      const x = Float32Array.from(job.input);
      let values: Map<string, ArrayLike<number>>;
      if (job.batch === 1) {
        values = new Map(
          [...(await trainer.activations(x, job.read))].map(([k, v]) => [k, v.data]),
        );
      } else {
        const output = ref.ops.at(-1)!.name;
        if (job.read.some((r) => r !== output)) {
          throw new Error('a batch of several samples reads only the network’s output');
        }
        values = new Map([[output, await trainer.predict(x, job.batch)]]);
      }
      const maxError = Math.max(
        ...job.read.map((name) => worst(values.get(name)!, reference.get(name)!)),
      );
      return { values, backend: g.backend, maxError };
    });
  }

  train(job: TrainJob): Promise<Checked<TrainResult>> {
    return this.run(async () => {
      checkWeights(job);
      const weights = new Map(job.weights);
      const refSteps: TrainResult['steps'] = [];
      for (let s = 0; s < job.steps; s++) {
        const r = referenceForward(job.graph, weights, job.input, job.batch, true);
        for (const [k, v] of r.updated) weights.set(k, v);
        refSteps.push({ output: r.values.get(r.ops.at(-1)!.name)!, buffers: r.updated });
      }
      const batches = [job.input, ...(job.predict ?? [])];
      const refPredictions = batches.map((x) => {
        const r = referenceForward(job.graph, weights, x, job.batch);
        return r.values.get(r.ops.at(-1)!.name)!;
      });
      const g = await this.gpu();
      if (!('device' in g)) {
        return { steps: refSteps, predictions: refPredictions, backend: g, maxError: null };
      }
      const trainer = await this.trainer(g.device, job, true);
      trainer.setWeights(weightTensors(trainer, job.weights));
      const x = Float32Array.from(job.input);
      const labels = new Uint32Array(job.batch);
      const steps: TrainResult['steps'] = [];
      for (let s = 0; s < job.steps; s++) {
        await trainer.step(x, labels);
        const output = await trainer.trainingOutput(job.batch);
        const moved = new Set(refSteps[s]!.buffers.keys());
        const buffers = new Map(
          (await trainer.weights())
            .filter((t) => moved.has(t.name))
            .map((t) => [t.name, t.data as Float32Array] as const),
        );
        steps.push({ output, buffers });
      }
      const predictions: Float32Array[] = [];
      for (const b of batches)
        predictions.push(await trainer.predict(Float32Array.from(b), job.batch));
      const errors = [
        ...predictions.map((p, i) => worst(p, refPredictions[i]!)),
        ...steps.flatMap((s, i) => [
          worst(s.output, refSteps[i]!.output),
          ...[...s.buffers].map(([k, v]) => worst(v, refSteps[i]!.buffers.get(k)!)),
        ]),
      ];
      return { steps, predictions, backend: g.backend, maxError: Math.max(...errors) };
    });
  }
}

/** One engine for every lesson of the page: one device, one pipeline cache. */
export const lessonEngine = new LessonEngine();
