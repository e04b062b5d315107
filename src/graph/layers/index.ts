import type { CompositeDef, Layer, PrimitiveDef } from '../layer.js';
import type { Fields } from '../params.js';
import {
  hardsigmoid,
  hardswish,
  leakyRelu,
  relu,
  relu6,
  sigmoid,
  silu,
  tanh,
} from './activation.js';
import { adaptiveAvgPool2d } from './adaptiveAvgPool2d.js';
import { add } from './add.js';
import { batchNorm1d, batchNorm2d } from './batchNorm.js';
import { concat } from './concat.js';
import { conv2d } from './conv2d.js';
import { denseBlock } from './denseBlock.js';
import { dropout } from './dropout.js';
import { flatten } from './flatten.js';
import { globalAvgPool2d } from './globalAvgPool2d.js';
import { inception } from './inception.js';
import { input } from './input.js';
import { linear } from './linear.js';
import { mul } from './mul.js';
import { ninBlock } from './ninBlock.js';
import { avgPool2d, maxPool2d } from './pool.js';
import { residual } from './residual.js';
import { transitionBlock } from './transitionBlock.js';
import { vggBlock } from './vggBlock.js';

/** Every layer kind; the palette shows them in this order within each category. */
export const layers = [
  input,
  conv2d,
  maxPool2d,
  avgPool2d,
  globalAvgPool2d,
  adaptiveAvgPool2d,
  batchNorm2d,
  batchNorm1d,
  relu,
  sigmoid,
  tanh,
  relu6,
  leakyRelu,
  hardswish,
  hardsigmoid,
  silu,
  linear,
  dropout,
  flatten,
  concat,
  add,
  mul,
  vggBlock,
  ninBlock,
  inception,
  residual,
  denseBlock,
  transitionBlock,
] as const;

export type LayerKind = (typeof layers)[number]['kind'];
export type PrimitiveKind = Extract<(typeof layers)[number], { composite: false }>['kind'];

/** A definition seen through the registry, where params are already validated. */
export type AnyLayer = Layer<string, Fields>;
export type AnyPrimitive = PrimitiveDef<string, Fields> & AnyLayer;
export type AnyComposite = CompositeDef<string, Fields> & AnyLayer;

const byKind = new Map<string, AnyLayer>(layers.map((l) => [l.kind, l as unknown as AnyLayer]));

export function isLayerKind(kind: string): kind is LayerKind {
  return byKind.has(kind);
}

export function layerOf(kind: string): AnyLayer {
  const layer = byKind.get(kind);
  if (!layer) throw new Error(`unknown layer kind "${kind}"`);
  return layer;
}

export {
  adaptiveAvgPool2d,
  add,
  avgPool2d,
  batchNorm1d,
  batchNorm2d,
  concat,
  conv2d,
  denseBlock,
  dropout,
  flatten,
  globalAvgPool2d,
  hardsigmoid,
  hardswish,
  inception,
  input,
  leakyRelu,
  linear,
  maxPool2d,
  mul,
  ninBlock,
  relu,
  relu6,
  residual,
  sigmoid,
  silu,
  tanh,
  transitionBlock,
  vggBlock,
};
