import { analyze, type Graph, type Op, type PrimitiveKind } from '../../graph/index.js';
import {
  adaptivePoolDims,
  batchNormDims,
  concatDims,
  convDims,
  globalPoolDims,
  linearDims,
  mulDims,
  poolDims,
  slopeOf,
  type OpSizes,
} from '../plan/lowerings.js';
import { activation, type Activation } from './activation.js';
import { adaptiveAvgPool } from './adaptivePool.js';
import { batchNormEval, batchNormTrain } from './batchNorm.js';
import { conv2dForwardRef } from './conv2d.js';
import { linearForwardRef } from './linear.js';
import { add, concat, mul } from './merge.js';
import { avgPool2d, globalAvgPool, maxPool2d } from './pool.js';

type Vec = ArrayLike<number>;

/** What one op's reference sees: its inputs' values, its weights by name, the mode. */
interface RefOp {
  sizes: OpSizes;
  x: Vec[];
  weight(name: string): Vec;
  training: boolean;
  /** Where a training-mode op records the buffers it moves (BatchNorm's running statistics). */
  update(name: string, value: Float64Array): void;
}

function batchNorm(t: RefOp): Float64Array {
  const d = batchNormDims(t.sizes);
  const running = { mean: t.weight('running_mean'), variance: t.weight('running_var') };
  const [gamma, beta] = [t.weight('weight'), t.weight('bias')];
  if (!t.training) return batchNormEval(t.x[0]!, d, gamma, beta, running, d.eps);
  const r = batchNormTrain(t.x[0]!, d, gamma, beta, running, d.eps, d.momentum);
  t.update('running_mean', r.runningMean);
  t.update('running_var', r.runningVar);
  return r.y;
}

const bias = (t: RefOp) =>
  t.sizes.op.weights.some((w) => w.name === 'bias') ? t.weight('bias') : undefined;
const copy = (t: RefOp) => Float64Array.from(t.x[0]!);
const pointwise = (kind: Activation) => (t: RefOp) =>
  activation(kind, t.x[0]!, slopeOf(t.sizes.op));

/** Each primitive's float64 reference, over the same sizes its kernels get (lowerings.ts). */
const references: Record<Exclude<PrimitiveKind, 'Input'>, (t: RefOp) => Float64Array> = {
  Conv2d: (t) => conv2dForwardRef(t.x[0]!, t.weight('weight'), bias(t), convDims(t.sizes)),
  Linear: (t) => linearForwardRef(t.x[0]!, t.weight('weight'), bias(t), linearDims(t.sizes)),
  MaxPool2d: (t) => maxPool2d(t.x[0]!, poolDims(t.sizes)).y,
  AvgPool2d: (t) => avgPool2d(t.x[0]!, poolDims(t.sizes)),
  GlobalAvgPool2d: (t) => {
    const d = globalPoolDims(t.sizes);
    return globalAvgPool(t.x[0]!, d.n * d.c, d.h * d.w);
  },
  BatchNorm2d: batchNorm,
  BatchNorm1d: batchNorm,
  AdaptiveAvgPool2d: (t) => adaptiveAvgPool(t.x[0]!, adaptivePoolDims(t.sizes)),
  ReLU: pointwise('ReLU'),
  Sigmoid: pointwise('Sigmoid'),
  Tanh: pointwise('Tanh'),
  ReLU6: pointwise('ReLU6'),
  LeakyReLU: pointwise('LeakyReLU'),
  Hardswish: pointwise('Hardswish'),
  Hardsigmoid: pointwise('Hardsigmoid'),
  SiLU: pointwise('SiLU'),
  Dropout: (t) => {
    // The GPU draws its masks from its own generator; only evaluation mode can be compared.
    if (t.training && Number(t.sizes.op.params.p) > 0) {
      throw new Error(`the reference cannot run ${t.sizes.op.name} (Dropout) in training mode`);
    }
    return copy(t);
  },
  Flatten: copy,
  Concat: (t) => {
    const d = concatDims(t.sizes);
    return concat(
      t.x.map((data, i) => ({ data, channels: d.channels[i]! })),
      d.n,
      d.hw,
    );
  },
  Add: (t) => add(t.x),
  Mul: (t) => {
    const d = mulDims(t.sizes);
    const [a, b] = [
      { data: t.x[0]!, perChannel: d.aPerChannel },
      { data: t.x[1]!, perChannel: d.bPerChannel },
    ];
    return mul(a, b, d.count, d.hw);
  },
};

export interface ReferenceRun {
  /** Every op's output, [batch, ...op shape], by op name (the Input's is the batch itself). */
  values: Map<string, Float64Array>;
  /** In training mode, the buffers the step moved (running_mean, running_var), by weight key. */
  updated: Map<string, Float64Array>;
  ops: Op[];
}

/**
 * A whole network in float64, op by op through the references the kernels are tested against:
 * evaluation mode (BatchNorm's running statistics), or training mode (batch statistics, running
 * statistics moved). `weights` holds every stored tensor by its state_dict key.
 */
export function referenceForward(
  graph: Graph,
  weights: ReadonlyMap<string, Vec>,
  x: Vec,
  batch: number,
  training = false,
): ReferenceRun {
  const analysis = analyze(graph);
  const errors = analysis.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new Error(`the graph has problems: ${errors[0]!.message}`);
  const values = new Map<string, Float64Array>();
  const updated = new Map<string, Float64Array>();
  for (const op of analysis.ops) {
    if (op.kind === 'Input') {
      values.set(op.name, Float64Array.from(x));
      continue;
    }
    const key = (name: string) => `${op.name}.${name}`;
    const run = references[op.kind as keyof typeof references];
    values.set(
      op.name,
      run({
        sizes: { op, batch },
        x: op.inputs.map((i) => values.get(i)!),
        weight(name) {
          const w = weights.get(key(name));
          if (!w) throw new Error(`no weight ${key(name)}`);
          return w;
        },
        training,
        update: (name, value) => updated.set(key(name), value),
      }),
    );
  }
  return { values, updated, ops: analysis.ops };
}
