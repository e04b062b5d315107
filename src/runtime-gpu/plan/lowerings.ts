import {
  avgPool2d as avgPool2dLayer,
  batchNorm2d as batchNorm2dLayer,
  conv2d as conv2dLayer,
  dropout as dropoutLayer,
  leakyRelu as leakyReluLayer,
  type Fields,
  type Op,
  type ParamsOf,
  type PrimitiveKind,
} from '../../graph/index.js';
import {
  activationBackward,
  activationForward,
  savedInput,
  type Activation,
} from '../kernels/activation/activation.js';
import {
  adaptiveAvgPoolBackward,
  adaptiveAvgPoolForward,
  type AdaptivePoolDims,
} from '../kernels/adaptivepool/adaptivepool.js';
import { addBackward, addForward } from '../kernels/add/add.js';
import {
  batchNormBackward,
  batchNormEvalForward,
  batchNormSaved,
  batchNormScratch,
  batchNormTrainForward,
  type BatchNormDims,
} from '../kernels/batchnorm/batchnorm.js';
import { concatBackward, concatForward, type ConcatDims } from '../kernels/concat/concat.js';
import {
  conv2dBackwardData,
  conv2dBackwardFilter,
  conv2dForward,
  conv2dProblem,
  type ConvOptions,
  type Kernels,
} from '../kernels/conv2d/conv2d.js';
import type { Conv2dDims } from '../kernels/conv2d/dims.js';
import type { ConvPass, ConvVariant } from '../kernels/conv2d/variants.js';
import { dropoutBackward, dropoutForward, dropoutSaved } from '../kernels/dropout/dropout.js';
import {
  globalAvgPoolBackward,
  globalAvgPoolForward,
  type GlobalPoolDims,
} from '../kernels/globalpool/globalpool.js';
import {
  linearBackwardData,
  linearBackwardWeight,
  linearForward,
  linearProblem,
} from '../kernels/linear/linear.js';
import type { LinearDims } from '../kernels/linear/dims.js';
import { mulBackward, mulForward, type MulDims } from '../kernels/mul/mul.js';
import {
  avgPool2dBackward,
  avgPool2dForward,
  maxPool2dBackward,
  maxPool2dForward,
  maxPool2dSaved,
  type Pool2dDims,
} from '../kernels/pool/pool.js';
import type { KernelCaps, KernelProblem } from '../tune/problem.js';
import type { BackwardTensors, Lowering, OpTensors } from './lowering.js';

/** An op's params, typed by its layer definition (analyze has validated them against it). */
const paramsOf = <F extends Fields>(op: Op, _layer: { fields: F }): ParamsOf<F> =>
  op.params as unknown as ParamsOf<F>;

/** What a kernel's sizes depend on; the float64 network reference reads them from here too. */
export type OpSizes = Pick<OpTensors, 'op' | 'batch'>;

export function convDims(t: OpSizes): Conv2dDims {
  const [cin, h, w] = t.op.inputShapes[0]! as [number, number, number];
  const [cout, oh, ow] = t.op.shape as [number, number, number];
  const p = paramsOf(t.op, conv2dLayer);
  return {
    n: t.batch,
    cin,
    h,
    w,
    cout,
    kh: p.kernel_size[0],
    kw: p.kernel_size[1],
    sh: p.stride[0],
    sw: p.stride[1],
    ph: p.padding[0],
    pw: p.padding[1],
    dilH: p.dilation[0],
    dilW: p.dilation[1],
    groups: p.groups,
    oh,
    ow,
  };
}

export function poolDims(t: OpSizes): Pool2dDims {
  const [c, h, w] = t.op.inputShapes[0]! as [number, number, number];
  const p = paramsOf(t.op, avgPool2dLayer);
  return {
    n: t.batch,
    c,
    h,
    w,
    kernel: p.kernel_size,
    stride: p.stride,
    padding: p.padding,
    ceilMode: p.ceil_mode,
    // Only AvgPool2d has the field; MaxPool2d's params leave it out.
    countIncludePad: p.count_include_pad !== false,
  };
}

const hasBias = (t: OpTensors): boolean => t.op.weights.some((w) => w.name === 'bias');

/** The kernels of a layer with a weight matrix and optional bias (Conv2d, Linear). */
interface WeightedKernels<D> {
  forward(
    t: { x: string; w: string; b?: string; y: string; scratch: string },
    d: D,
    o: Omit<ConvOptions, 'label'>,
  ): Kernels;
  backwardData(
    t: { dy: string; w: string; dx: string; scratch: string },
    d: D,
    accumulate: boolean,
    o: Omit<ConvOptions, 'label'>,
  ): Kernels;
  backwardWeight(
    t: { x: string; dy: string; dw: string; db?: string; scratch: string },
    d: D,
    o: Omit<ConvOptions, 'label'>,
  ): Kernels;
  problem(pass: ConvPass, d: D, caps: KernelCaps): KernelProblem;
}

function weighted<D>(dims: (t: OpTensors) => D, k: WeightedKernels<D>): Lowering {
  const variant = (t: OpTensors, pass: ConvPass, d: D): ConvVariant =>
    t.kernels.pick(k.problem(pass, d, t.kernels.caps)) as ConvVariant;
  /** The calls, with their scratch tensors declared. */
  const use = (t: OpTensors, r: Kernels) => {
    for (const s of r.scratch) t.declare(s, 'scratch');
    return r.calls;
  };
  return {
    fusesActivation: true,
    forward(t) {
      const d = dims(t);
      const tensors = {
        x: t.x[0]!,
        w: t.weight('weight'),
        ...(hasBias(t) ? { b: t.weight('bias') } : {}),
        y: t.y,
        scratch: `${t.op.name}:y`,
      };
      const o = { variant: variant(t, 'forward', d), activation: t.activation };
      return use(t, k.forward(tensors, d, o));
    },
    backward(t) {
      const d = dims(t);
      const dx = t.dx[0];
      const db = hasBias(t) ? { db: t.grad('bias') } : {};
      const weight = {
        x: t.x[0]!,
        dy: t.dy,
        dw: t.grad('weight'),
        ...db,
        scratch: `${t.op.name}:dw`,
      };
      const data = { dy: t.dy, w: t.weight('weight'), dx: dx!, scratch: `${t.op.name}:dx` };
      return [
        ...use(t, k.backwardWeight(weight, d, { variant: variant(t, 'backwardFilter', d) })),
        ...(dx
          ? use(
              t,
              k.backwardData(data, d, t.accumulate[0]!, { variant: variant(t, 'backwardData', d) }),
            )
          : []),
      ];
    },
  };
}

const conv2d = weighted(convDims, {
  forward: conv2dForward,
  backwardData: conv2dBackwardData,
  backwardWeight: conv2dBackwardFilter,
  problem: conv2dProblem,
});

export const linearDims = (t: OpSizes): LinearDims => ({
  n: t.batch,
  inF: t.op.inputShapes[0]![0]!,
  outF: t.op.shape[0]!,
});

const linear = weighted(linearDims, {
  forward: linearForward,
  backwardData: linearBackwardData,
  backwardWeight: linearBackwardWeight,
  problem: linearProblem,
});

const argmaxOf = (t: OpTensors) => maxPool2dSaved(t.op.name, poolDims(t))[0]!;

const maxPool2d: Lowering = {
  forward(t) {
    const argmax = argmaxOf(t);
    t.declare(argmax, 'activation');
    return maxPool2dForward(t.x[0]!, t.y, argmax.name, poolDims(t));
  },
  backward: (t) =>
    t.dx[0]
      ? maxPool2dBackward(t.dy, argmaxOf(t).name, t.dx[0], poolDims(t), t.accumulate[0]!)
      : [],
};

const avgPool2d: Lowering = {
  forward: (t) => avgPool2dForward(t.x[0]!, t.y, poolDims(t)),
  backward: (t) => (t.dx[0] ? avgPool2dBackward(t.dy, t.dx[0], poolDims(t), t.accumulate[0]!) : []),
};

/** Elements of one sample of the op's output. */
const outputCount = (t: OpSizes): number => t.batch * t.op.shape.reduce((a, b) => a * b, 1);

/** An op's input gradient, or a scratch tensor to take it when a kernel always writes one. */
function dxOrScratch(t: BackwardTensors): string {
  if (t.dx[0]) return t.dx[0];
  const name = `${t.op.name}:dx`;
  t.declare({ name, shape: [t.batch, ...t.op.inputShapes[0]!], dtype: 'f32' }, 'scratch');
  return name;
}

/** LeakyReLU's negative slope; the other activations have no parameter. */
export const slopeOf = (op: Op): number =>
  op.kind === 'LeakyReLU' ? paramsOf(op, leakyReluLayer).negative_slope : 0;

const activation = (kind: Activation): Lowering => ({
  forward: (t) => activationForward(kind, t.x[0]!, t.y, outputCount(t), slopeOf(t.op)),
  // The backward reads the output where the derivative is a function of it (ReLU, Sigmoid,
  // Tanh), so the input can be freed early; the others read the input.
  backward: (t) =>
    t.dx[0]
      ? activationBackward(
          kind,
          savedInput[kind] === 'x' ? t.x[0]! : t.y,
          t.dy,
          t.dx[0],
          outputCount(t),
          t.accumulate[0]!,
          slopeOf(t.op),
        )
      : [],
});

export function batchNormDims(t: OpSizes): BatchNormDims {
  const [c, ...spatial] = t.op.shape;
  const p = paramsOf(t.op, batchNorm2dLayer);
  return {
    n: t.batch,
    c: c!,
    hw: spatial.reduce((a, b) => a * b, 1),
    eps: p.eps,
    momentum: p.momentum,
  };
}

const batchNorm: Lowering = {
  forward(t) {
    const d = batchNormDims(t);
    const tensors = {
      x: t.x[0]!,
      y: t.y,
      gamma: t.weight('weight'),
      beta: t.weight('bias'),
      runningMean: t.weight('running_mean'),
      runningVar: t.weight('running_var'),
    };
    if (!t.training) return batchNormEvalForward(tensors, d);
    const [mean, invstd] = batchNormSaved(t.op.name, d);
    const [partials] = batchNormScratch(`${t.op.name}:forward`, d);
    t.declare(mean!, 'activation');
    t.declare(invstd!, 'activation');
    t.declare(partials!, 'scratch');
    return batchNormTrainForward(
      { ...tensors, mean: mean!.name, invstd: invstd!.name, partials: partials!.name },
      d,
    );
  },
  backward(t) {
    const d = batchNormDims(t);
    const [mean, invstd] = batchNormSaved(t.op.name, d);
    const [partials] = batchNormScratch(`${t.op.name}:backward`, d);
    t.declare(partials!, 'scratch');
    return batchNormBackward(
      {
        dy: t.dy,
        x: t.x[0]!,
        gamma: t.weight('weight'),
        mean: mean!.name,
        invstd: invstd!.name,
        partials: partials!.name,
        dx: dxOrScratch(t),
        dgamma: t.grad('weight'),
        dbeta: t.grad('bias'),
      },
      d,
      t.accumulate[0] ?? false,
    );
  },
};

const dropoutP = (op: Op): number => paramsOf(op, dropoutLayer).p;
const maskOf = (t: OpTensors) => dropoutSaved(t.op.name, [t.batch, ...t.op.shape])[0]!;

const dropout: Lowering = {
  // Identity in eval mode, and when nothing is dropped.
  alias: (op, training) => !training || dropoutP(op) === 0,
  forward(t) {
    const mask = maskOf(t);
    t.declare(mask, 'activation');
    return t.everyStep((step) =>
      dropoutForward(t.x[0]!, t.y, mask.name, outputCount(t), dropoutP(t.op), {
        seed: t.seed,
        stream: t.op.name,
        step,
      }),
    );
  },
  backward: (t) =>
    t.dx[0] ? dropoutBackward(t.dy, maskOf(t).name, t.dx[0], outputCount(t), t.accumulate[0]!) : [],
};

export function globalPoolDims(t: OpSizes): GlobalPoolDims {
  const [c, h, w] = t.op.inputShapes[0]! as [number, number, number];
  return { n: t.batch, c, h, w };
}

const globalAvgPool2d: Lowering = {
  forward: (t) => globalAvgPoolForward(t.x[0]!, t.y, globalPoolDims(t)),
  backward: (t) =>
    t.dx[0] ? globalAvgPoolBackward(t.dy, t.dx[0], globalPoolDims(t), t.accumulate[0]!) : [],
};

export function adaptivePoolDims(t: OpSizes): AdaptivePoolDims {
  const [c, h, w] = t.op.inputShapes[0]! as [number, number, number];
  const [, oh, ow] = t.op.shape as [number, number, number];
  return { n: t.batch, c, h, w, oh, ow };
}

const adaptiveAvgPool2d: Lowering = {
  forward: (t) => adaptiveAvgPoolForward(t.x[0]!, t.y, adaptivePoolDims(t)),
  backward: (t) =>
    t.dx[0] ? adaptiveAvgPoolBackward(t.dy, t.dx[0], adaptivePoolDims(t), t.accumulate[0]!) : [],
};

/** An operand smaller than the output is a per-channel scale (analyze allows only C×1×1). */
export function mulDims(t: OpSizes): MulDims {
  const [a, b] = t.op.inputShapes.map((s) => s.reduce((x, y) => x * y, 1)) as [number, number];
  const full = t.op.shape.reduce((x, y) => x * y, 1);
  return {
    count: outputCount(t),
    hw: t.op.shape.slice(1).reduce((x, y) => x * y, 1),
    aPerChannel: a < full,
    bPerChannel: b < full,
  };
}

const mul: Lowering = {
  forward: (t) => mulForward({ a: t.x[0]!, b: t.x[1]!, y: t.y }, mulDims(t)),
  backward: (t) =>
    mulBackward(
      { a: t.x[0]!, b: t.x[1]!, dy: t.dy, da: t.dx[0] ?? null, db: t.dx[1] ?? null },
      mulDims(t),
      [t.accumulate[0]!, t.accumulate[1]!],
    ),
};

const add: Lowering = {
  forward: (t) => addForward(t.x, t.y, outputCount(t)),
  backward: (t) => addBackward(t.dy, t.dx, t.accumulate, outputCount(t)),
};

export function concatDims(t: OpSizes): ConcatDims {
  const [, ...spatial] = t.op.shape;
  return {
    n: t.batch,
    hw: spatial.reduce((a, b) => a * b, 1),
    channels: t.op.inputShapes.map((s) => s[0]!),
  };
}

const concat: Lowering = {
  forward: (t) => concatForward(t.x, t.y, concatDims(t)),
  backward: (t) => concatBackward(t.dy, t.dx, t.accumulate, concatDims(t)),
};

/** How every primitive but Input (which the planner feeds) becomes kernel calls. */
export const lowerings: Record<Exclude<PrimitiveKind, 'Input'>, Lowering> = {
  Conv2d: conv2d,
  MaxPool2d: maxPool2d,
  AvgPool2d: avgPool2d,
  GlobalAvgPool2d: globalAvgPool2d,
  AdaptiveAvgPool2d: adaptiveAvgPool2d,
  BatchNorm2d: batchNorm,
  BatchNorm1d: batchNorm,
  ReLU: activation('ReLU'),
  Sigmoid: activation('Sigmoid'),
  Tanh: activation('Tanh'),
  ReLU6: activation('ReLU6'),
  LeakyReLU: activation('LeakyReLU'),
  Hardswish: activation('Hardswish'),
  Hardsigmoid: activation('Hardsigmoid'),
  SiLU: activation('SiLU'),
  Linear: linear,
  Dropout: dropout,
  Flatten: {
    alias: () => true,
    forward: () => [],
    backward: () => [],
  },
  Concat: concat,
  Add: add,
  Mul: mul,
};
