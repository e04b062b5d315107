import type { z } from 'zod';
import type { OnnxMapping } from './onnx.js';
import { defaultParams, paramsSchema, type Fields, type Params, type ParamsOf } from './params.js';
import type { Shape } from './shape.js';

export const categories = [
  'Input',
  'Convolution',
  'Pooling',
  'Normalization',
  'Activation',
  'Dense',
  'Blocks',
  'Merge',
  'My blocks',
] as const;
export type Category = (typeof categories)[number];

/** How a parameter tensor starts, as PyTorch's defaults do it. */
export type Init = { uniform: number } | 'ones' | 'zeros';

/**
 * How a whole network's weights start. 'default' is PyTorch's default for each layer; 'xavier'
 * is what d2l's `init_cnn` does: `xavier_uniform_` on every Conv2d and Linear weight, the rest
 * left default.
 */
export type InitScheme = 'default' | 'xavier';

/** One stored tensor of a layer, named as PyTorch names it in a state_dict. */
export interface WeightSpec {
  name: 'weight' | 'bias' | 'running_mean' | 'running_var' | 'num_batches_tracked';
  shape: number[];
  /** False for BatchNorm's buffers, which are saved but not counted as parameters. */
  trainable: boolean;
  init: Init;
}

/** A sliding window's geometry, per axis (height, width), for receptive fields. */
export interface Window {
  kernel: readonly [number, number];
  stride: readonly [number, number];
  padding: readonly [number, number];
}

/** How many inputs a layer takes: none (the network input), exactly one, or two or more. */
export type Arity = 'none' | 'one' | 'many';

interface CommonDef<K extends string, F extends Fields> {
  kind: K;
  label: string;
  category: Category;
  description: string;
  fields: F;
  /** Key hyperparameters for a node's face, e.g. `3×3 /2 p1, 128`. */
  summary(p: ParamsOf<F>): string;
}

export interface PrimitiveDef<
  K extends string = string,
  F extends Fields = Fields,
> extends CommonDef<K, F> {
  composite: false;
  arity: Arity;
  /** Throws ShapeError with a message for a student when the inputs do not fit. */
  inferShape(inputs: Shape[], p: ParamsOf<F>): Shape;
  weights(inputs: Shape[], p: ParamsOf<F>): WeightSpec[];
  /** Multiply-accumulates of one sample. */
  macs(inputs: Shape[], output: Shape, p: ParamsOf<F>): number;
  /** Spatial window for the receptive field; 'global' when every output sees the whole map. */
  window(p: ParamsOf<F>, inputs: Shape[]): Window | 'global' | 'identity';
  /** The PyTorch module that computes this layer, or null where the model's forward does it inline. */
  torchModule(inputs: Shape[], p: ParamsOf<F>): string | null;
  /** The layer as ONNX nodes, and how ONNX nodes are read back as it. */
  onnx: OnnxMapping<F>;
}

/** A primitive inside a composite; `inputs` name earlier children or 'input'. */
export interface Child {
  name: string;
  kind: string;
  params: Params;
  inputs: string[];
}

export interface CompositeDef<
  K extends string = string,
  F extends Fields = Fields,
> extends CommonDef<K, F> {
  composite: true;
  arity: 'one';
  /** The block's inner graph with children named as d2l names them (they become weight keys). */
  expand(p: ParamsOf<F>): { children: Child[]; output: string };
}

export type LayerDef<K extends string = string, F extends Fields = Fields> =
  PrimitiveDef<K, F> | CompositeDef<K, F>;

/** A definition together with the schema and defaults derived from its fields. */
export type Layer<K extends string = string, F extends Fields = Fields> = LayerDef<K, F> & {
  schema: z.ZodType<ParamsOf<F>>;
  defaults: ParamsOf<F>;
};

/** Keeps whether a layer is a primitive in its type, so PrimitiveKind can be derived. */
export function defineLayer<K extends string, F extends Fields>(
  def: PrimitiveDef<K, F>,
): PrimitiveDef<K, F> & Layer<K, F>;
export function defineLayer<K extends string, F extends Fields>(
  def: CompositeDef<K, F>,
): CompositeDef<K, F> & Layer<K, F>;
export function defineLayer<K extends string, F extends Fields>(def: LayerDef<K, F>): Layer<K, F> {
  return { ...def, schema: paramsSchema(def.fields), defaults: defaultParams(def.fields) };
}
