import type { Graph, InitScheme } from '../graph/index.js';
import { createStorage, readBuffer, tensorBytes, type PipelineCache } from './gpu.js';
import { elementCount } from './kernel.js';
import { initialWeights } from './init.js';
import { PlanError, type CompileOptions, type Plan } from './plan/compile.js';
import type { MemoryReport } from './plan/memory.js';
import { optimizerHyper, type OptimizerConfig } from './kernels/optimizer/optimizer.js';
import { ReadRing } from './readRing.js';
import { PlanRunner, type CallTime } from './runner.js';
import { SafetensorsError, toFloat32, type Tensor } from './safetensors.js';
import { deviceKernels } from './tune/device.js';
import type { Tuner } from './tune/tuner.js';

export interface TrainerOptions {
  /** Samples per training step; a smaller last batch gets a plan of its own. */
  batch: number;
  /** Without one the network can only be run (forward, predict), not trained. */
  optimizer?: OptimizerConfig;
  /** Seed of the weight initialisation and of dropout. */
  seed?: number;
  /** PyTorch's default unless given. */
  init?: InitScheme;
  /** Height × width of the images fed in, when they differ from the Input's (resized on the GPU). */
  imageSize?: readonly [number, number];
}

/** One training step's results, known a few steps after it was submitted. */
export interface StepResult {
  loss: number;
  correct: number;
  count: number;
}

export interface StepOptions {
  /** This step's learning rate (a schedule's); the optimizer's own when not given. */
  lr?: number;
  /** Encodes a pass over the uploaded batch (augmentation) before the step's forward pass. */
  augment?: (encoder: GPUCommandEncoder, input: GPUBuffer, count: number) => void;
}

const persistentWeightRoles = new Set(['weight', 'buffer', 'state']);

/**
 * The prefix of optimizer-state tensors in a checkpoint (`optimizer/conv1.weight.exp_avg`): no
 * weight key holds a '/', so they cannot collide, and setWeights passes over them.
 */
export const optimizerPrefix = 'optimizer/';

/**
 * Trains and runs one network on one device: weights, BatchNorm statistics and optimizer state
 * live on the GPU, shared by a training plan and an evaluation plan per batch size. Every
 * Trainer on a device shares its compiled pipelines and kernel choices (deviceKernels).
 */
export class Trainer {
  private readonly cache: PipelineCache;
  private readonly tuner: Tuner;
  private readonly store = new Map<string, GPUBuffer>();
  private readonly trainRunners = new Map<number, PlanRunner>();
  private readonly evalRunners = new Map<number, PlanRunner>();
  private readonly metricRing: ReadRing;
  private logitRing: ReadRing | undefined;
  /** num_batches_tracked of each BatchNorm, counted here rather than on the GPU. */
  private readonly batchesTracked = new Map<string, bigint>();
  private steps = 0;

  private constructor(
    readonly device: GPUDevice,
    readonly graph: Graph,
    readonly options: TrainerOptions,
    /** The full-batch plan (training when there is an optimizer): it defines the stored tensors. */
    readonly plan: Plan,
  ) {
    const kernels = deviceKernels(device);
    this.cache = kernels.pipelines;
    this.tuner = kernels.tuner;
    this.metricRing = new ReadRing(device, 8);
  }

  static async create(device: GPUDevice, graph: Graph, o: TrainerOptions): Promise<Trainer> {
    const { tuner } = deviceKernels(device);
    const training = o.optimizer !== undefined;
    const plan = await tuner.compile(graph, compileOptions(o, device, o.batch, training));
    const t = new Trainer(device, graph, o, plan);
    for (const tensor of plan.tensors.values()) {
      if (!persistentWeightRoles.has(tensor.role)) continue;
      t.store.set(tensor.name, createStorage(device, tensorBytes(tensor), tensor.name));
    }
    for (const w of plan.weights) {
      if (w.tensor === null) t.batchesTracked.set(w.key, 0n);
    }
    t.writeWeights(initialWeights(plan.weights, o.seed ?? 0, o.init));
    const runners = plan.training ? t.trainRunners : t.evalRunners;
    runners.set(o.batch, await PlanRunner.create(device, t.cache, plan, t.store));
    return t;
  }

  get memory(): MemoryReport {
    return this.plan.memory;
  }

  /** The shape of one sample's output (logits: [classes]). */
  get outputShape(): number[] {
    return this.plan.outputShape;
  }

  /** Output values per sample: the number of classes of a classifier. */
  get classes(): number {
    return elementCount(this.outputShape);
  }

  private async runner(batch: number, training: boolean): Promise<PlanRunner> {
    const runners = training ? this.trainRunners : this.evalRunners;
    let r = runners.get(batch);
    if (!r) {
      const o = compileOptions(this.options, this.device, batch, training);
      r = await PlanRunner.create(
        this.device,
        this.cache,
        await this.tuner.compile(this.graph, o),
        this.store,
      );
      runners.set(batch, r);
    }
    return r;
  }

  /**
   * Submits one training step (upload, forward, loss, backward, optimizer: one command buffer).
   * Returns once it is queued; `done` gets its loss and accuracy when the GPU has finished it.
   */
  async step(
    x: Float32Array,
    labels: Uint32Array,
    done: (r: StepResult) => void = () => {},
    options: StepOptions = {},
  ): Promise<void> {
    const count = labels.length;
    const r = await this.prepareStep(x, labels, options.lr);
    const encoder = this.device.createCommandEncoder();
    options.augment?.(encoder, r.buffer(r.plan.input), count);
    r.encode(encoder);
    await this.metricRing.submit(
      encoder,
      [
        [r.buffer(r.plan.loss!), 4],
        [r.buffer(r.plan.correct!), 4],
      ],
      (data) => {
        done({
          loss: new Float32Array(data, 0, 1)[0]!,
          correct: new Uint32Array(data, 4, 1)[0]!,
          count,
        });
      },
    );
  }

  /** Uploads one training step's batch and step-dependent values; returns the plan to run. */
  private async prepareStep(
    x: Float32Array,
    labels: Uint32Array,
    lr?: number,
  ): Promise<PlanRunner> {
    if (!this.plan.training) throw new Error('this Trainer has no optimizer');
    const count = labels.length;
    const classes = this.classes;
    // A label past the scores would make the loss read another sample's logits.
    const bad = labels.findIndex((l) => l >= classes);
    if (bad >= 0) {
      throw new PlanError(
        `label ${labels[bad]} (sample ${bad}) is not below the ${classes} classes`,
      );
    }
    const r = await this.runner(count, true);
    checkBatch(r.plan, x, count);
    const q = this.device.queue;
    q.writeBuffer(r.buffer(r.plan.input), 0, x);
    q.writeBuffer(r.buffer(r.plan.labels!), 0, labels);
    this.steps++;
    r.setStep(this.steps);
    const o = this.options.optimizer!;
    q.writeBuffer(r.buffer(r.plan.hyper!), 0, optimizerHyper(o, lr ?? o.lr, this.steps));
    for (const [k, v] of this.batchesTracked) this.batchesTracked.set(k, v + 1n);
    return r;
  }

  /**
   * GPU time of every call of a training step (with `labels`; the weights are updated
   * `repeats` times) or of an evaluation-mode forward pass (without), each the median of
   * `repeats` runs. The device must have the 'timestamp-query' feature.
   */
  async profile(x: Float32Array, labels: Uint32Array | null, repeats: number): Promise<CallTime[]> {
    await this.flush();
    const run = labels
      ? this.prepareStep(x, labels)
      : this.prepareForward(x, x.length / elementCount(this.plan.inputShape.slice(1)));
    return (await run).time(repeats);
  }

  /** Uploads an evaluation-mode batch of `count` samples; returns the plan to run. */
  private async prepareForward(x: Float32Array, count: number): Promise<PlanRunner> {
    const r = await this.runner(count, false);
    checkBatch(r.plan, x, count);
    this.device.queue.writeBuffer(r.buffer(r.plan.input), 0, x);
    return r;
  }

  /**
   * Runs the network in evaluation mode (BatchNorm running statistics, no dropout) on `count`
   * samples; `done` gets the outputs, [count, ...outputShape], when they are ready.
   */
  async forward(
    x: Float32Array,
    count: number,
    done: (logits: Float32Array) => void,
  ): Promise<void> {
    const r = await this.prepareForward(x, count);
    const bytes = 4 * count * this.classes;
    if (!this.logitRing || this.logitRingBytes < bytes) {
      await this.logitRing?.drain();
      this.logitRing?.destroy();
      this.logitRing = new ReadRing(this.device, bytes, 4);
      this.logitRingBytes = bytes;
    }
    const encoder = this.device.createCommandEncoder();
    r.encode(encoder);
    await this.logitRing.submit(encoder, [[r.buffer(r.plan.output), bytes]], (data) =>
      done(new Float32Array(data)),
    );
  }
  private logitRingBytes = 0;

  /** Evaluation-mode logits of `count` samples, awaited. */
  async predict(x: Float32Array, count: number): Promise<Float32Array> {
    let out: Float32Array | undefined;
    await this.forward(x, count, (l) => (out = l));
    await this.flush();
    return out!;
  }

  /**
   * Evaluation-mode outputs of the named ops for one image (feature maps), each with its shape
   * [1, ...op shape]. Each call compiles a plan in which those outputs keep their buffers.
   */
  async activations(
    x: Float32Array,
    names: readonly string[],
  ): Promise<Map<string, { shape: number[]; data: Float32Array }>> {
    await this.flush();
    const plan = await this.tuner.compile(this.graph, {
      ...compileOptions(this.options, this.device, 1, false),
      keep: names,
    });
    const r = await PlanRunner.create(this.device, this.cache, plan, this.store);
    try {
      checkBatch(plan, x, 1);
      this.device.queue.writeBuffer(r.buffer(plan.input), 0, x);
      const encoder = this.device.createCommandEncoder();
      r.encode(encoder);
      this.device.queue.submit([encoder.finish()]);
      const out = new Map<string, { shape: number[]; data: Float32Array }>();
      for (const [name, { tensor, shape }] of plan.kept) {
        const raw = await readBuffer(this.device, r.buffer(tensor), 4 * elementCount(shape));
        out.set(name, { shape, data: new Float32Array(raw) });
      }
      return out;
    } finally {
      r.destroy();
    }
  }

  /** The logits of the last training step of `batch` samples (before its update). */
  async trainingOutput(batch: number): Promise<Float32Array> {
    await this.flush();
    const r = this.trainRunners.get(batch);
    if (!r) throw new Error(`no training step of ${batch} samples has run`);
    return new Float32Array(
      await readBuffer(this.device, r.buffer(r.plan.output), 4 * batch * this.classes),
    );
  }

  /** Waits until every submitted step and forward pass has reported. */
  async flush(): Promise<void> {
    await this.metricRing.drain();
    await this.logitRing?.drain();
  }

  /** The network's state_dict, keyed `<op name>.<weight name>` as PyTorch keys it. */
  async weights(): Promise<Tensor[]> {
    await this.flush();
    const out: Tensor[] = [];
    for (const w of this.plan.weights) {
      if (w.tensor === null) {
        out.push({
          name: w.key,
          dtype: 'I64',
          shape: [],
          data: BigInt64Array.of(this.batchesTracked.get(w.key)!),
        });
        continue;
      }
      const raw = await readBuffer(
        this.device,
        this.store.get(w.tensor)!,
        4 * elementCount(w.spec.shape),
      );
      out.push({
        name: w.key,
        dtype: 'F32',
        shape: [...w.spec.shape],
        data: new Float32Array(raw),
      });
    }
    return out;
  }

  /**
   * Replaces weights and BatchNorm buffers (all of them: a missing or extra key, or a wrong
   * shape, is an error that changes nothing). Optimizer state is reset.
   */
  setWeights(tensors: ReadonlyMap<string, Tensor>): void {
    const expected = new Map(this.plan.weights.map((w) => [w.key, w]));
    const missing = [...expected.keys()].filter((k) => !tensors.has(k));
    const extra = [...tensors.keys()].filter(
      (k) => !expected.has(k) && !k.startsWith(optimizerPrefix),
    );
    if (missing.length > 0 || extra.length > 0) {
      const parts = [
        ...(missing.length
          ? [`missing ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`]
          : []),
        ...(extra.length
          ? [`unexpected ${extra.slice(0, 5).join(', ')}${extra.length > 5 ? ', …' : ''}`]
          : []),
      ];
      throw new PlanError(`the weights do not fit this network: ${parts.join('; ')}`);
    }
    const values = new Map<string, Float32Array>();
    const batchesTracked = new Map<string, bigint>();
    for (const [key, w] of expected) {
      const t = tensors.get(key)!;
      if (t.shape.join() !== w.spec.shape.join()) {
        throw new PlanError(
          `weight ${key} has shape [${t.shape.join(', ')}]; this network needs [${w.spec.shape.join(', ')}]`,
        );
      }
      if (w.tensor === null) {
        batchesTracked.set(key, batchCount(t));
        continue;
      }
      values.set(key, weightValues(t));
    }
    for (const [key, n] of batchesTracked) this.batchesTracked.set(key, n);
    this.writeWeights(values);
    // A fresh optimizer, as a PyTorch optimizer made after load_state_dict would be.
    this.steps = 0;
    for (const [name, tensor] of this.plan.tensors) {
      if (tensor.role !== 'state') continue;
      this.device.queue.writeBuffer(
        this.store.get(name)!,
        0,
        new Float32Array(elementCount(tensor.shape)),
      );
    }
  }

  /** Steps taken and the optimizer's state tensors (momentum buffers, Adam's moments). */
  async optimizerState(): Promise<{ step: number; tensors: Tensor[] }> {
    await this.flush();
    const tensors: Tensor[] = [];
    for (const [name, tensor] of this.plan.tensors) {
      if (tensor.role !== 'state') continue;
      const raw = await readBuffer(
        this.device,
        this.store.get(name)!,
        4 * elementCount(tensor.shape),
      );
      tensors.push({
        name: optimizerPrefix + name,
        dtype: 'F32',
        shape: [...tensor.shape],
        data: new Float32Array(raw),
      });
    }
    return { step: this.steps, tensors };
  }

  /**
   * Restores what optimizerState returned (after setWeights, which resets it): every state
   * tensor of this optimizer must be there with its shape, or nothing changes.
   */
  setOptimizerState(step: number, tensors: ReadonlyMap<string, Tensor>): void {
    if (!Number.isSafeInteger(step) || step < 0) {
      throw new PlanError(`the optimizer's step count ${step} is not a whole number ≥ 0`);
    }
    const values = new Map<string, Float32Array>();
    for (const [name, tensor] of this.plan.tensors) {
      if (tensor.role !== 'state') continue;
      const t = tensors.get(optimizerPrefix + name);
      if (!t)
        throw new PlanError(`the checkpoint has no ${optimizerPrefix + name} for this optimizer`);
      if (t.shape.join() !== tensor.shape.join()) {
        throw new PlanError(
          `${t.name} has shape [${t.shape.join(', ')}]; this optimizer needs [${tensor.shape.join(', ')}]`,
        );
      }
      values.set(name, weightValues(t));
    }
    const extra = [...tensors.keys()].find(
      (k) => k.startsWith(optimizerPrefix) && !values.has(k.slice(optimizerPrefix.length)),
    );
    if (extra !== undefined) {
      throw new PlanError(`the checkpoint's ${extra} is not state of this optimizer`);
    }
    for (const [name, v] of values) this.device.queue.writeBuffer(this.store.get(name)!, 0, v);
    this.steps = step;
  }

  private writeWeights(values: ReadonlyMap<string, Float32Array>): void {
    for (const w of this.plan.weights) {
      const v = values.get(w.key);
      if (w.tensor !== null && v) this.device.queue.writeBuffer(this.store.get(w.tensor)!, 0, v);
    }
  }

  destroy(): void {
    for (const r of [...this.trainRunners.values(), ...this.evalRunners.values()]) r.destroy();
    for (const b of this.store.values()) b.destroy();
    this.metricRing.destroy();
    this.logitRing?.destroy();
  }
}

function compileOptions(
  o: TrainerOptions,
  device: GPUDevice,
  batch: number,
  training: boolean,
): CompileOptions {
  return {
    batch,
    training,
    optimizer: o.optimizer,
    seed: o.seed ?? 0,
    limits: device.limits,
    ...(o.imageSize ? { imageSize: o.imageSize } : {}),
  };
}

/** A weight's values as float32; 64-bit integers beyond 2^53 are refused with its name. */
function weightValues(t: Tensor): Float32Array {
  try {
    return toFloat32(t);
  } catch (e) {
    if (e instanceof SafetensorsError) throw new PlanError(e.message);
    throw e;
  }
}

/** num_batches_tracked as PyTorch keeps it: a whole number ≥ 0, of any dtype. */
function batchCount(t: Tensor): bigint {
  const v = t.data[0] ?? 0;
  if (typeof v === 'bigint') {
    if (v >= 0n) return v;
  } else if (Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  throw new PlanError(
    `weight ${t.name} is ${v}; it counts the batches BatchNorm has seen, a whole number ≥ 0`,
  );
}

function checkBatch(plan: Plan, x: Float32Array, count: number): void {
  const want = elementCount(plan.inputShape);
  if (x.length !== want) {
    throw new PlanError(
      `a batch of ${count} needs ${want} input values (${plan.inputShape.join('×')}), got ${x.length}`,
    );
  }
}
