import {
  layerOf,
  numel,
  type Fields,
  type Graph,
  type OnnxAttribute,
  type OnnxOp,
  type OnnxWriter,
  type Op,
} from '../graph/index.js';
import { ExportError, exportNetwork } from './network.js';
import { onnx } from './onnxProto/onnx.js';

const { AttributeType } = onnx.AttributeProto;

export const onnxOpset = 17;
/** The IR version that goes with opset 17. */
const irVersion = 8;

/** One weight to embed: its shape must be the layer's, exactly. */
export interface OnnxWeight {
  shape: readonly number[];
  data: Float32Array;
}

export interface OnnxOptions {
  /**
   * Float32 values by weight key (`b1.0.weight`); without them every weight is a graph input, so
   * the file still shows the network (Netron) and runs when the weights are fed.
   */
  weights?: ReadonlyMap<string, OnnxWeight>;
  /** Said in the model's doc_string, e.g. that the weights come from a run that diverged. */
  note?: string;
}

/** Protobuf cannot encode a message of 2 GiB or more, so neither can an ONNX file be one. */
export const maxOnnxBytes = 2 ** 31 - 1;

interface Attribute {
  name: string;
  type: number;
  i?: number;
  f?: number;
  s?: Uint8Array;
  ints?: number[];
}

interface NodeSpec {
  name: string;
  op_type: string;
  input: string[];
  output: string[];
  attribute: Attribute[];
}

/** An attribute as the generated encoder takes it. */
export function onnxAttribute(name: string, a: OnnxAttribute): Attribute {
  if ('int' in a) return { name, type: AttributeType.INT, i: a.int };
  if ('float' in a) return { name, type: AttributeType.FLOAT, f: a.float };
  if ('ints' in a) return { name, type: AttributeType.INTS, ints: [...a.ints] };
  return { name, type: AttributeType.STRING, s: new TextEncoder().encode(a.string) };
}

/** A constant one layer's nodes read (a Clip bound, a pooling matrix): embedded always. */
interface ConstantSpec {
  name: string;
  dims: number[];
  values: Float32Array;
}

/** The ONNX nodes of one op, written by its layer definition's mapping. */
function opNodes(
  op: Op,
  inputs: string[],
  read: (key: string, shape: number[]) => void,
  constants: ConstantSpec[],
): NodeSpec[] {
  const layer = layerOf(op.kind);
  if (layer.composite) throw new Error(`${op.name} is a composite; analyze expands those`);
  const nodes: NodeSpec[] = [];
  const named = (suffix: string) => `${op.name}.${suffix}`;
  const out: OnnxWriter = {
    inputs,
    output: op.name,
    weight(name) {
      const spec = op.weights.find((w) => w.name === name);
      if (!spec) throw new Error(`${op.name} has no weight "${name}"`);
      read(named(name), spec.shape);
      return named(name);
    },
    constant(name, dims, values) {
      constants.push({ name: named(name), dims: [...dims], values: Float32Array.from(values) });
      return named(name);
    },
    value: named,
    node(opType, nodeInputs, outputs, attributes = {}) {
      nodes.push({
        name: outputs[0]!,
        op_type: opType,
        input: [...nodeInputs],
        output: [...outputs],
        attribute: Object.entries(attributes).map(([name, a]) => onnxAttribute(name, a)),
      });
    },
    fail(message) {
      throw new ExportError(message);
    },
  };
  layer.onnx.export(op as unknown as OnnxOp<Fields>, out);
  return nodes;
}

const tensorType = (dims: (number | string)[]) => ({
  tensor_type: {
    elem_type: onnx.TensorProto.DataType.FLOAT,
    shape: {
      dim: dims.map((d) => (typeof d === 'string' ? { dim_param: d } : { dim_value: d })),
    },
  },
});

/** The symbolic batch axis of the model's input and output. */
const batch = 'batch';

/**
 * The network in eval mode as an ONNX model (opset 17). Values are named by op, weights by their
 * keys; the graph's input and output are named after the Input node and the last layer.
 */
export function exportOnnx(graph: Graph, options: OnnxOptions = {}): Uint8Array {
  const net = exportNetwork(graph);
  const weights: { key: string; shape: number[] }[] = [];
  const constants: ConstantSpec[] = [];
  const nodes = net.ops.flatMap((op) =>
    op.kind === 'Input'
      ? []
      : opNodes(op, op.inputs, (key, shape) => weights.push({ key, shape }), constants),
  );

  const given = options.weights;
  if (given) {
    const known = new Set(net.ops.flatMap((op) => op.weights.map((w) => `${op.name}.${w.name}`)));
    const stray = [...given.keys()].find((key) => !known.has(key));
    if (stray !== undefined)
      throw new ExportError(`no layer of this network has the weight "${stray}"`);
  }
  const weightInitializers = given ? weights.map((w) => initializerOf(w.key, w.shape, given)) : [];
  const weightBytes = weightInitializers.reduce((n, t) => n + t.raw_data.byteLength, 0);
  // The graph's own messages and constants are small; 1 MiB covers them with room to spare.
  if (weightBytes + 2 ** 20 > maxOnnxBytes) {
    throw new ExportError(
      `the weights are ${(weightBytes / 2 ** 30).toFixed(2)} GiB, over the 2 GiB an ONNX file (a protobuf message) can hold; export without --weights and feed them as inputs`,
    );
  }
  const initializer = [
    ...weightInitializers,
    ...constants.map((c) => tensorOf(c.name, c.dims, c.values)),
  ];
  const weightInputs = given
    ? []
    : weights.map((w) => ({ name: w.key, type: tensorType(w.shape) }));

  const model = {
    ir_version: irVersion,
    opset_import: [{ domain: '', version: onnxOpset }],
    producer_name: 'CNN Studio',
    graph: {
      name: net.name,
      doc_string: [net.description, options.note].filter(Boolean).join('\n\n') || undefined,
      node: nodes,
      initializer,
      input: [
        { name: net.input.name, type: tensorType([batch, ...net.input.shape]) },
        ...weightInputs,
      ],
      output: [{ name: net.output.name, type: tensorType([batch, ...net.output.shape]) }],
    },
  };
  const problem = onnx.ModelProto.verify(model);
  if (problem) throw new Error(`ONNX model does not fit the schema: ${problem}`);
  // The writer's own buffer, not a copy of it: models with weights run to hundreds of MB.
  return onnx.ModelProto.encode(model).finish(true);
}

function initializerOf(key: string, shape: number[], given: ReadonlyMap<string, OnnxWeight>) {
  const weight = given.get(key);
  if (!weight) throw new ExportError(`the weights have no "${key}"`);
  const values = weight.data;
  if (weight.shape.join() !== shape.join()) {
    throw new ExportError(
      `the weights' "${key}" has shape [${weight.shape.join(', ')}]; the layer needs [${shape.join(', ')}]`,
    );
  }
  if (values.length !== numel(shape)) {
    throw new ExportError(
      `the weights' "${key}" has ${values.length} values; the layer needs ${shape.join('×')} = ${numel(shape)}`,
    );
  }
  return tensorOf(key, shape, values);
}

const tensorOf = (name: string, dims: number[], values: Float32Array) => ({
  name,
  dims,
  data_type: onnx.TensorProto.DataType.FLOAT,
  // ONNX stores raw data little-endian, as typed arrays are on every platform WebGPU runs on.
  raw_data: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
});
