import { uniformWords, type KernelCall, type TensorDesc } from '../../kernel.js';
import { flatCall, read, write } from '../flat.js';
import {
  gradInputWgsl,
  gradMergeWgsl,
  gradPartsWgsl,
  normaliseWgsl,
  statsMergeWgsl,
  statsPartsWgsl,
} from './batchnorm.wgsl.js';

/** BatchNorm2d over [n, c, h, w] (hw = h·w) or BatchNorm1d over [n, c] (hw = 1). */
export interface BatchNormDims {
  n: number;
  c: number;
  hw: number;
  eps: number;
  momentum: number;
}

/** Elements per channel summed by one thread in the first reduction stage, at least. */
const perThread = 128;
const maxParts = 256;

const partsOf = (d: BatchNormDims): number =>
  Math.min(maxParts, Math.max(1, Math.ceil((d.n * d.hw) / perThread)));

function bnUniforms(d: BatchNormDims, accumulate = false): ArrayBuffer {
  return uniformWords(
    [d.c, d.hw, d.n * d.hw, partsOf(d), d.eps, d.momentum, accumulate ? 1 : 0],
    new Set([4, 5]),
  );
}

/** What the training forward keeps for the backward: batch mean and 1/√(var+eps), per channel. */
export function batchNormSaved(prefix: string, d: BatchNormDims): TensorDesc[] {
  return [
    { name: `${prefix}.mean`, shape: [d.c], dtype: 'f32' },
    { name: `${prefix}.invstd`, shape: [d.c], dtype: 'f32' },
  ];
}

/** Partial sums of the reductions, used within one forward or one backward. */
export function batchNormScratch(prefix: string, d: BatchNormDims): TensorDesc[] {
  return [{ name: `${prefix}.partials`, shape: [d.c, partsOf(d), 2], dtype: 'f32' }];
}

export interface BatchNormTensors {
  x: string;
  y: string;
  gamma: string;
  beta: string;
  runningMean: string;
  runningVar: string;
}

/**
 * Training mode: normalises by the batch statistics and updates running_mean/running_var in
 * place. num_batches_tracked is not touched here (it equals the step count; keep it on the CPU).
 */
export function batchNormTrainForward(
  t: BatchNormTensors & { mean: string; invstd: string; partials: string },
  d: BatchNormDims,
): KernelCall[] {
  const u = bnUniforms(d);
  const parts = d.c * partsOf(d);
  return [
    flatCall('batchnorm.stats', statsPartsWgsl, [read(t.x), write(t.partials)], u, parts),
    flatCall(
      'batchnorm.merge',
      statsMergeWgsl,
      [read(t.partials), write(t.mean), write(t.invstd), write(t.runningMean), write(t.runningVar)],
      u,
      d.c,
    ),
    flatCall(
      'batchnorm.normalise',
      normaliseWgsl('batch'),
      [read(t.x), read(t.mean), read(t.invstd), read(t.gamma), read(t.beta), write(t.y)],
      u,
      d.n * d.c * d.hw,
    ),
  ];
}

/** Eval mode: normalises by running_mean/running_var. */
export function batchNormEvalForward(t: BatchNormTensors, d: BatchNormDims): KernelCall[] {
  return [
    flatCall(
      'batchnorm.eval',
      normaliseWgsl('running'),
      [read(t.x), read(t.runningMean), read(t.runningVar), read(t.gamma), read(t.beta), write(t.y)],
      bnUniforms(d),
      d.n * d.c * d.hw,
    ),
  ];
}

/** Backward of training mode: dx (added when accumulate), dgamma and dbeta (overwritten). */
export function batchNormBackward(
  t: {
    dy: string;
    x: string;
    gamma: string;
    mean: string;
    invstd: string;
    partials: string;
    dx: string;
    dgamma: string;
    dbeta: string;
  },
  d: BatchNormDims,
  accumulate: boolean,
): KernelCall[] {
  const u = bnUniforms(d, accumulate);
  return [
    flatCall(
      'batchnorm.grad-parts',
      gradPartsWgsl,
      [read(t.dy), read(t.x), read(t.mean), write(t.partials)],
      u,
      d.c * partsOf(d),
    ),
    flatCall(
      'batchnorm.grad-merge',
      gradMergeWgsl,
      [read(t.partials), read(t.invstd), write(t.dgamma), write(t.dbeta)],
      u,
      d.c,
    ),
    flatCall(
      'batchnorm.grad-input',
      gradInputWgsl,
      [
        read(t.dy),
        read(t.x),
        read(t.mean),
        read(t.invstd),
        read(t.gamma),
        read(t.dgamma),
        read(t.dbeta),
        write(t.dx),
      ],
      u,
      d.n * d.c * d.hw,
    ),
  ];
}
