import { numel, type Graph, type Op, type Params } from '../graph/index.js';
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
  ints?: number[];
}

interface NodeSpec {
  name: string;
  op_type: string;
  input: string[];
  output: string[];
  attribute: Attribute[];
}

const int = (name: string, i: number): Attribute => ({ name, type: AttributeType.INT, i });
const float = (name: string, f: number): Attribute => ({ name, type: AttributeType.FLOAT, f });
const ints = (name: string, values: readonly number[]): Attribute => ({
  name,
  type: AttributeType.INTS,
  ints: [...values],
});

const pair = (p: Params, key: string): [number, number] => p[key] as [number, number];

/** Kernel, strides and pads (top, left, bottom, right) of a convolution. */
function convAttributes(p: Params): Attribute[] {
  const [ph, pw] = pair(p, 'padding');
  return [
    ints('kernel_shape', pair(p, 'kernel_size')),
    ints('strides', pair(p, 'stride')),
    ints('pads', [ph, pw, ph, pw]),
  ];
}

/**
 * A pooling window. In ceil mode PyTorch drops a last window that would start in the right
 * padding; ONNX's shape inference does not, so on such an axis the end padding is trimmed to
 * just reach the last window PyTorch keeps. That window ends before input + padding, so the
 * padding AveragePool counts (count_include_pad) stays PyTorch's.
 */
function poolAttributes(op: Op): Attribute[] {
  const p = op.params;
  const kernel = pair(p, 'kernel_size');
  const stride = pair(p, 'stride');
  const pads = pair(p, 'padding');
  const ceil = p.ceil_mode === true;
  const ends = [0, 1].map((axis) => {
    const [n, k, s, pad, out] = [
      op.inputShapes[0]![axis + 1]!,
      kernel[axis]!,
      stride[axis]!,
      pads[axis]!,
      op.shape[axis + 1]!,
    ];
    const onnxOut = Math.ceil((n + 2 * pad - k) / s) + 1;
    if (!ceil || onnxOut === out) return pad;
    const end = (out - 1) * s + k - n - pad;
    if (end < 0) {
      throw new ExportError(
        `${op.name}: ONNX cannot express this ceil-mode pooling (kernel smaller than stride minus padding); turn ceil mode off`,
      );
    }
    return end;
  });
  return [
    ints('kernel_shape', kernel),
    ints('strides', stride),
    ints('pads', [pads[0], pads[1], ends[0]!, ends[1]!]),
    int('ceil_mode', ceil ? 1 : 0),
  ];
}

/** The ONNX operator for one op: its type, attributes and the weights it reads, in input order. */
function operator(op: Op): { type: string; attributes: Attribute[]; weights: string[] } {
  const p = op.params;
  const has = (name: string) => op.weights.some((w) => w.name === name);
  const own = (names: string[]) => names.filter(has);
  switch (op.kind) {
    case 'Conv2d':
      return {
        type: 'Conv',
        attributes: [...convAttributes(p), ints('dilations', [1, 1]), int('group', 1)],
        weights: own(['weight', 'bias']),
      };
    case 'MaxPool2d':
      return {
        type: 'MaxPool',
        attributes: poolAttributes(op),
        weights: [],
      };
    case 'AvgPool2d':
      // PyTorch's AvgPool2d divides by the window size including padding (count_include_pad).
      return {
        type: 'AveragePool',
        attributes: [...poolAttributes(op), int('count_include_pad', 1)],
        weights: [],
      };
    case 'GlobalAvgPool2d':
      return { type: 'GlobalAveragePool', attributes: [], weights: [] };
    case 'BatchNorm2d':
    case 'BatchNorm1d':
      // Inference: normalise with the running statistics.
      return {
        type: 'BatchNormalization',
        attributes: [float('epsilon', p.eps as number)],
        weights: ['weight', 'bias', 'running_mean', 'running_var'],
      };
    case 'ReLU':
      return { type: 'Relu', attributes: [], weights: [] };
    case 'Sigmoid':
    case 'Tanh':
      return { type: op.kind, attributes: [], weights: [] };
    case 'Linear':
      return { type: 'Gemm', attributes: [int('transB', 1)], weights: own(['weight', 'bias']) };
    case 'Dropout':
      // Inference: dropout passes its input through.
      return { type: 'Identity', attributes: [], weights: [] };
    case 'Flatten':
      return { type: 'Flatten', attributes: [int('axis', 1)], weights: [] };
    case 'Concat':
      return { type: 'Concat', attributes: [int('axis', 1)], weights: [] };
    case 'Add':
      return { type: op.inputs.length === 2 ? 'Add' : 'Sum', attributes: [], weights: [] };
    default:
      throw new ExportError(`ONNX export does not know the layer kind ${op.kind} (${op.name})`);
  }
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
  const nodes: NodeSpec[] = [];
  const weights: { key: string; shape: number[] }[] = [];
  for (const op of net.ops) {
    if (op.kind === 'Input') continue;
    const { type, attributes, weights: read } = operator(op);
    for (const name of read) {
      weights.push({
        key: `${op.name}.${name}`,
        shape: op.weights.find((w) => w.name === name)!.shape,
      });
    }
    nodes.push({
      name: op.name,
      op_type: type,
      input: [...op.inputs, ...read.map((name) => `${op.name}.${name}`)],
      output: [op.name],
      attribute: attributes,
    });
  }

  const given = options.weights;
  if (given) {
    const known = new Set(net.ops.flatMap((op) => op.weights.map((w) => `${op.name}.${w.name}`)));
    const stray = [...given.keys()].find((key) => !known.has(key));
    if (stray !== undefined)
      throw new ExportError(`no layer of this network has the weight "${stray}"`);
  }
  const initializer = given ? weights.map((w) => initializerOf(w.key, w.shape, given)) : [];
  const weightBytes = initializer.reduce((n, t) => n + t.raw_data.byteLength, 0);
  // The graph's own messages are small; 1 MiB covers them with room to spare.
  if (weightBytes + 2 ** 20 > maxOnnxBytes) {
    throw new ExportError(
      `the weights are ${(weightBytes / 2 ** 30).toFixed(2)} GiB, over the 2 GiB an ONNX file (a protobuf message) can hold; export without --weights and feed them as inputs`,
    );
  }
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
  return {
    name: key,
    dims: shape,
    data_type: onnx.TensorProto.DataType.FLOAT,
    // ONNX stores raw data little-endian, as typed arrays are on every platform WebGPU runs on.
    raw_data: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  };
}
