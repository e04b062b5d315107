/**
 * How a layer kind maps to ONNX, both ways. Each primitive layer definition holds one
 * `OnnxMapping` beside its PyTorch module, so the ONNX exporter (src/export/onnx.ts) and importer
 * (src/import) are written once per kind; both only assemble and parse the model around them.
 * Plain data and callbacks: no protobuf here.
 */
import type { WeightSpec } from './layer.js';
import type { Fields, ParamsOf } from './params.js';
import type { Shape } from './shape.js';

/** An attribute value as ONNX types it. */
export type OnnxAttribute =
  { int: number } | { float: number } | { ints: readonly number[] } | { string: string };

export type OnnxAttributes = Record<string, OnnxAttribute>;

export type WeightName = WeightSpec['name'];

/** What a kind's export sees of one op (an analyzed primitive of the graph). */
export interface OnnxOp<F extends Fields> {
  name: string;
  params: ParamsOf<F>;
  inputShapes: Shape[];
  shape: Shape;
  weights: WeightSpec[];
}

/** Where a kind writes its op's ONNX nodes. */
export interface OnnxWriter {
  /** The values feeding the op, in port order. */
  readonly inputs: readonly string[];
  /** The value the op's last node must write. */
  readonly output: string;
  /** The value holding one of the op's weights (an initializer, or a graph input without weights). */
  weight(name: WeightName): string;
  /** A float constant of these dims, always embedded; its value name is `<op>.<name>`. */
  constant(name: string, dims: readonly number[], values: ArrayLike<number>): string;
  /** An intermediate value of the op, named `<op>.<name>`. */
  value(name: string): string;
  node(
    opType: string,
    inputs: readonly string[],
    outputs: readonly string[],
    attributes?: OnnxAttributes,
  ): void;
  /** Refuses the export, with a message for the user. */
  fail(message: string): never;
}

/** A constant tensor of the model (an initializer or a Constant node), as float32 values. */
export interface OnnxTensor {
  dims: readonly number[];
  data: Float32Array;
}

/** A value of the ONNX graph, as the importer shows it to a kind's reader. */
export interface OnnxValue {
  readonly name: string;
  /** Its constant value, or null for a value the graph computes. */
  readonly constant: OnnxTensor | null;
  /**
   * Its shape without the batch axis, inferred from the layers read so far; reading it for a
   * value whose producer could not be read stops this node quietly (that producer is reported).
   */
  readonly shape: Shape;
  /** The node computing it, or null for the graph input and constants. */
  readonly producer: OnnxNode | null;
  /** How many node inputs (and graph outputs) read it. */
  readonly readers: number;
}

/** One ONNX node, as a kind's reader sees it (Identity, Dropout and foldable Pad already removed). */
export interface OnnxNode {
  readonly opType: string;
  /** The node's name, or its first output's when it has none. */
  readonly name: string;
  /** Its inputs in order; an omitted optional input is null. */
  readonly inputs: readonly (OnnxValue | null)[];
  /** How many of its outputs something reads. */
  readonly usedOutputs: number;
  int(attribute: string, fallback: number): number;
  float(attribute: string, fallback: number): number;
  ints(attribute: string, fallback: readonly number[]): number[];
  string(attribute: string, fallback: string): string;
  /** Input i as a computed value; fails when it is missing or a constant. */
  data(i: number): OnnxValue;
  /** Input i as a constant; fails when it is missing or computed by the graph. */
  constant(i: number): OnnxTensor;
  /** Fails the node, naming it: the whole import stops with every such reason. */
  fail(reason: string): never;
}

/** A layer read from ONNX nodes. */
export interface ImportedLayer<F extends Fields> {
  params: ParamsOf<F>;
  /** The layer's inputs in port order; by default the node's first input. */
  inputs?: OnnxValue[];
  /** The layer's weights by PyTorch name, laid out as the layer's weight shapes. */
  weights?: Partial<Record<WeightName, Float32Array>>;
  /** Producers this layer takes over (SiLU's Sigmoid): they become no layer of their own. */
  absorbs?: OnnxNode[];
}

export interface OnnxReader<F extends Fields> {
  /** The ONNX op types this kind may be read from. */
  opTypes: readonly string[];
  /**
   * The layer this node is, or null when the node is not this kind's (e.g. a Mul that is not
   * x · sigmoid(x)). The importer offers a node to the kinds in registry order, so a kind whose
   * reader matches a pattern comes before the kind that reads the plain op.
   */
  read(node: OnnxNode): ImportedLayer<F> | null;
}

export interface OnnxMapping<F extends Fields> {
  /** Writes the op as ONNX nodes whose last one writes `out.output`. */
  export(op: OnnxOp<F>, out: OnnxWriter): void;
  /** How the kind is read back, or a sentence saying why no ONNX node becomes it. */
  import: OnnxReader<F> | string;
}

/** The nearest short decimal of a float32 attribute (1e-5 stored as 9.99999974e-6 reads as 1e-5). */
export const decimalOf = (f32: number): number => Number(f32.toPrecision(7));

/** A row-major [rows, cols] matrix transposed (ONNX's MatMul and Gemm weights against Linear's). */
export function transpose(m: Float32Array, rows: number, cols: number): Float32Array {
  const t = new Float32Array(m.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = m[r * cols + c]!;
  return t;
}
