import { analyze, runProblem, type Graph, type Op, type WeightSpec } from '../../graph/index.js';
import { tensorBytes } from '../gpu.js';
import type { KernelCall, TensorDesc } from '../kernel.js';
import type { BackwardTensors, OpTensors } from './lowering.js';
import { lowerings } from './lowerings.js';
import { formatBytes, memoryReport, type MemoryReport } from './memory.js';
import { softmaxCrossEntropy, softmaxCrossEntropyScratch } from '../kernels/loss/loss.js';
import {
  optimizerHyperDesc,
  optimizerState,
  optimizerStep,
  type OptimizerConfig,
} from '../kernels/optimizer/optimizer.js';
import { resizeBilinear } from '../kernels/resize/resize.js';
import { assignSlots, checkDistinctBuffers, type Slot } from './slots.js';
import { setLifetimes, type PlanTensor, type TensorRole } from './tensors.js';
import {
  fusedInStore,
  savedInput,
  type Activation,
  type FusedActivation,
} from '../kernels/activation/activation.js';
import { defaultSelector, type KernelSelector } from '../tune/problem.js';

export interface CompileOptions {
  batch: number;
  training: boolean;
  /** Required when training. */
  optimizer?: OptimizerConfig;
  /** Height and width of the images fed in, when they differ from the Input's: resized on the GPU. */
  imageSize?: readonly [number, number];
  /** Seed of random ops (dropout). */
  seed?: number;
  /** The device's limits; a plan with a tensor above them is refused. */
  limits?: Pick<GPUSupportedLimits, 'maxStorageBufferBindingSize' | 'maxBufferSize'>;
  /** Ops whose outputs get buffers of their own, to be read back after a run (feature maps). */
  keep?: readonly string[];
  /** Which kernel variant runs each conv and linear pass (default: the register-blocked ones). */
  kernels?: KernelSelector;
}

/** A stored tensor of the network, keyed as PyTorch's state_dict keys it. */
export interface PlanWeight {
  key: string;
  op: string;
  spec: WeightSpec;
  /** The GPU tensor holding it; null for num_batches_tracked, which is counted on the CPU. */
  tensor: string | null;
}

export interface Plan {
  batch: number;
  training: boolean;
  /** The tensor the batch of images is uploaded to, [batch, C, H, W]. */
  input: string;
  inputShape: number[];
  /** [batch] class indices (u32), when training. */
  labels: string | null;
  /** Logits, [batch, classes]. */
  output: string;
  /**
   * One sample's output shape: the output op's own, which a Flatten at the end does not share
   * with the tensor it aliases (NiN's [10, 1, 1] map is its output [10]).
   */
  outputShape: number[];
  /** Mean cross-entropy ([1] f32) and count of correct argmaxes ([1] u32), when training. */
  loss: string | null;
  correct: string | null;
  /** The optimizer's per-step values ([4] f32, see optimizerHyper), written before each step. */
  hyper: string | null;
  tensors: Map<string, PlanTensor>;
  calls: KernelCall[];
  /** Where each phase's calls start and end (end exclusive) in `calls`. */
  phases: Record<'forward' | 'loss' | 'backward' | 'optimizer', [number, number]>;
  slots: Slot[];
  slotOf: Map<string, number>;
  memory: MemoryReport;
  weights: PlanWeight[];
  /** Optimizer state tensors, by the weight they belong to. */
  optimizerState: Map<string, string[]>;
  /** Ops whose output is another tensor's buffer (Flatten; Dropout in eval) and that tensor. */
  aliases: Map<string, string>;
  /**
   * Each op named in `keep`: the tensor holding its output, which no later call overwrites, and
   * the op's own shape (a Flatten's differs from the tensor it aliases).
   */
  kept: Map<string, { tensor: string; shape: number[] }>;
  /** Calls whose uniforms change every training step (1, 2, …), and how. */
  perStep: { call: number; uniforms: (step: number) => ArrayBuffer }[];
}

/** A graph that cannot run: problems in the graph, or a plan that does not fit the device. */
export class PlanError extends Error {
  override name = 'PlanError';
}

/** Names the planner makes up contain ':', which node ids (hence op and weight names) cannot. */
const gradName = (t: string) => `${t}:grad`;

/** Builds the plan without checking device limits. */
function build(graph: Graph, o: CompileOptions): Plan {
  const analysis = analyze(graph);
  const problem = runProblem(analysis, o.training);
  if (problem !== null) throw new PlanError(problem);
  if (!Number.isInteger(o.batch) || o.batch < 1)
    throw new PlanError(`batch ${o.batch} must be ≥ 1`);
  if (o.training && !o.optimizer) throw new PlanError('training needs an optimizer');
  const ops = analysis.ops;
  const outputOp = analysis.nodes.get(analysis.outputId!)!.ops.at(-1)!;

  const n = o.batch;
  const tensors = new Map<string, PlanTensor>();
  const declare = (d: TensorDesc, role: TensorRole) => {
    if (tensors.has(d.name)) throw new Error(`tensor "${d.name}" is declared twice`);
    tensors.set(d.name, { ...d, shape: [...d.shape], role, first: -1, last: -1 });
  };
  const f32 = (name: string, shape: readonly number[]): TensorDesc => ({
    name,
    shape: [...shape],
    dtype: 'f32',
  });

  // Weights.
  const weights: PlanWeight[] = [];
  for (const op of ops) {
    for (const spec of op.weights) {
      const key = `${op.name}.${spec.name}`;
      const onGpu = spec.name !== 'num_batches_tracked';
      if (onGpu) declare(f32(key, spec.shape), spec.trainable ? 'weight' : 'buffer');
      weights.push({ key, op: op.name, spec, tensor: onGpu ? key : null });
    }
  }

  // Forward.
  const calls: KernelCall[] = [];
  /** Calls whose uniforms depend on the step (see OpTensors.everyStep). */
  const stepUniforms = new Map<KernelCall, (step: number) => ArrayBuffer>();
  const everyStep = (make: (step: number) => KernelCall[]): KernelCall[] => {
    const first = make(1);
    first.forEach((c, i) => stepUniforms.set(c, (step) => make(step)[i]!.uniforms!));
    return first;
  };
  /** The tensor holding each op's output (aliases resolved). */
  const valueOf = new Map<string, string>();
  const aliases = new Map<string, string>();
  const opTensors = (op: Op): OpTensors => ({
    op,
    batch: n,
    training: o.training,
    x: op.inputs.map((i) => valueOf.get(i)!),
    y: valueOf.get(op.name)!,
    weight: (w) => `${op.name}.${w}`,
    declare: (d, role) => declare(d, role),
    everyStep,
    seed: o.seed ?? 0,
    kernels: o.kernels ?? defaultSelector,
  });
  const fused = fusions(ops, o.keep ?? []);
  const fusedAfter = new Set([...fused.values()].map((a) => a.name));
  let input = '';
  let inputShape: number[] = [];
  for (const op of ops) {
    if (op.kind === 'Input') {
      const [c, h, w] = op.shape as [number, number, number];
      const size = o.imageSize ?? [h, w];
      if (size[0] === h && size[1] === w) {
        input = op.name;
        inputShape = [n, c, h, w];
        declare(f32(input, inputShape), 'input');
      } else {
        input = `${op.name}:raw`;
        inputShape = [n, c, size[0], size[1]];
        declare(f32(input, inputShape), 'input');
        declare(f32(op.name, [n, c, h, w]), 'activation');
        calls.push(
          ...resizeBilinear(
            { x: input, y: op.name },
            { n, c, h: size[0], w: size[1], outH: h, outW: w },
          ),
        );
      }
      valueOf.set(op.name, op.name);
      continue;
    }
    // Stored by the op before it (see fusions).
    if (fusedAfter.has(op.name)) continue;
    const lowering = lowerings[op.kind as keyof typeof lowerings];
    if (lowering.alias?.(op, o.training)) {
      const source = valueOf.get(op.inputs[0]!)!;
      valueOf.set(op.name, source);
      aliases.set(op.name, source);
      continue;
    }
    declare(f32(op.name, [n, ...op.shape]), 'activation');
    valueOf.set(op.name, op.name);
    const next = fused.get(op.name);
    if (!next) {
      calls.push(...lowering.forward(opTensors(op)));
      continue;
    }
    // The op stores the activation's output itself; its own output keeps its shape (for its
    // gradient) but gets no buffer, as no call binds it.
    declare(f32(next.name, [n, ...next.shape]), 'activation');
    valueOf.set(next.name, next.name);
    const activation = next.kind as FusedActivation;
    calls.push(...lowering.forward({ ...opTensors(op), y: next.name, activation }));
  }
  const output = valueOf.get(outputOp.name)!;
  // Kept after the run to be read back (unless it is the uploaded batch itself).
  if (tensors.get(output)!.role === 'activation') tensors.get(output)!.role = 'output';
  const kept = new Map<string, { tensor: string; shape: number[] }>();
  for (const name of o.keep ?? []) {
    const op = ops.find((p) => p.name === name);
    if (!op) throw new PlanError(`the network has no layer "${name}"`);
    const tensor = valueOf.get(name)!;
    kept.set(name, { tensor, shape: [n, ...op.shape] });
    if (tensors.get(tensor)!.role === 'activation') tensors.get(tensor)!.role = 'output';
  }
  const forwardEnd = calls.length;

  let labels: string | null = null;
  let loss: string | null = null;
  let correct: string | null = null;
  let hyper: string | null = null;
  const optimizerStateOf = new Map<string, string[]>();
  const phases = {
    forward: [0, forwardEnd] as [number, number],
    loss: [forwardEnd, forwardEnd] as [number, number],
    backward: [forwardEnd, forwardEnd] as [number, number],
    optimizer: [forwardEnd, forwardEnd] as [number, number],
  };
  if (o.training) {
    labels = ':labels';
    loss = ':loss';
    correct = ':correct';
    const classes = outputOp.shape[0]!;
    declare({ name: labels, shape: [n], dtype: 'u32' }, 'labels');
    declare(f32(loss, [1]), 'metric');
    declare({ name: correct, shape: [1], dtype: 'u32' }, 'metric');
    declare(f32(gradName(output), [n, classes]), 'grad');
    const [rows] = softmaxCrossEntropyScratch(':loss', n);
    declare(rows!, 'scratch');
    calls.push(
      ...softmaxCrossEntropy(
        { logits: output, labels, loss, correct, dlogits: gradName(output), rows: rows!.name },
        n,
        classes,
      ),
    );
    phases.loss = [forwardEnd, calls.length];

    // Backward, in reverse; a gradient written by several consumers is summed (accumulate).
    const needsGrad = new Set<string>();
    for (const op of ops) {
      const y = valueOf.get(op.name)!;
      if (op.paramCount > 0 || op.inputs.some((i) => needsGrad.has(valueOf.get(i)!))) {
        needsGrad.add(y);
      }
    }
    const written = new Set<string>([gradName(output)]);
    for (const op of [...ops].reverse()) {
      if (op.kind === 'Input' || aliases.has(op.name)) continue;
      const y = valueOf.get(op.name)!;
      if (!needsGrad.has(y)) continue;
      const base = opTensors(op);
      const dx = base.x.map((x) => (needsGrad.has(x) ? gradName(x) : null));
      const accumulate = dx.map((g) => g !== null && written.has(g));
      dx.forEach((g, i) => {
        if (g === null || written.has(g)) return;
        declare(f32(g, tensors.get(base.x[i]!)!.shape), 'grad');
        written.add(g);
      });
      const trainable = op.weights.filter((w) => w.trainable);
      for (const w of trainable) declare(f32(gradName(base.weight(w.name)), w.shape), 'grad');
      const bt: BackwardTensors = {
        ...base,
        dy: gradName(y),
        dx,
        accumulate,
        grad: (w) => gradName(base.weight(w)),
      };
      calls.push(...lowerings[op.kind as keyof typeof lowerings].backward(bt));
    }
    phases.backward = [phases.loss[1], calls.length];

    hyper = ':optimizer';
    declare(optimizerHyperDesc(hyper), 'input');
    for (const w of weights) {
      if (!w.spec.trainable) continue;
      const state = optimizerState(o.optimizer!, w.key, w.spec.shape);
      for (const s of state) declare(s, 'state');
      const names = state.map((s) => s.name);
      optimizerStateOf.set(w.key, names);
      calls.push(
        ...optimizerStep(
          o.optimizer!,
          { hyper, weight: w.key, grad: gradName(w.key), state: names },
          w.spec.shape,
        ),
      );
    }
    phases.optimizer = [phases.backward[1], calls.length];
  }

  const perStep = calls.flatMap((c, call) => {
    const uniforms = stepUniforms.get(c);
    return uniforms ? [{ call, uniforms }] : [];
  });
  setLifetimes(tensors, calls);
  const { slots, slotOf } = assignSlots([...tensors.values()]);
  checkDistinctBuffers(calls, slotOf);
  return {
    batch: n,
    training: o.training,
    input,
    inputShape,
    labels,
    output,
    outputShape: [...outputOp.shape],
    loss,
    correct,
    hyper,
    tensors,
    calls,
    phases,
    slots,
    slotOf,
    memory: memoryReport(slots, tensors, tensorBytes),
    weights,
    optimizerState: optimizerStateOf,
    aliases,
    kept,
    perStep,
  };
}

/**
 * The activations applied by the op before them as it stores its output: a Conv2d or Linear
 * whose only consumer is a ReLU, Sigmoid or Tanh (whose backward reads the activation's output,
 * so the layer's own output is never needed), unless that output is to be read back (`keep`).
 * Maps the layer's name to the activation op.
 */
function fusions(ops: readonly Op[], keep: readonly string[]): Map<string, Op> {
  const consumers = new Map<string, Op[]>();
  for (const op of ops) {
    for (const i of op.inputs) consumers.set(i, [...(consumers.get(i) ?? []), op]);
  }
  const out = new Map<string, Op>();
  for (const op of ops) {
    if (op.kind === 'Input' || keep.includes(op.name)) continue;
    if (!lowerings[op.kind as keyof typeof lowerings].fusesActivation) continue;
    const next = consumers.get(op.name);
    if (next?.length !== 1) continue;
    const [act] = next as [Op];
    if (act.kind in savedInput && fusedInStore(act.kind as Activation)) out.set(op.name, act);
  }
  return out;
}

const largestTensor = (plan: Plan): PlanTensor =>
  [...plan.tensors.values()].reduce((a, b) => (tensorBytes(b) > tensorBytes(a) ? b : a));

/**
 * Compiles a graph into a plan for one batch size and mode. With `limits`, refuses (PlanError,
 * before anything is allocated) a plan with a tensor larger than one buffer may be, naming the
 * tensor and the largest batch that would fit.
 */
export function compile(graph: Graph, o: CompileOptions): Plan {
  const plan = build(graph, o);
  if (!o.limits) return plan;
  const limit = Math.min(o.limits.maxStorageBufferBindingSize, o.limits.maxBufferSize);
  const big = largestTensor(plan);
  if (tensorBytes(big) <= limit) return plan;
  // Tensor sizes grow with the batch; find the largest batch whose largest tensor fits.
  let lo = 0;
  let hi = o.batch - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (tensorBytes(largestTensor(build(graph, { ...o, batch: mid }))) <= limit) lo = mid;
    else hi = mid - 1;
  }
  const advice =
    lo > 0 ? `the largest batch that fits is ${lo}` : 'no batch size fits: make the layer smaller';
  throw new PlanError(
    `tensor "${big.name}" (${big.shape.join('×')}, ${formatBytes(tensorBytes(big))}) is larger than this device allows in one buffer (${formatBytes(limit)}); ${advice}`,
  );
}
