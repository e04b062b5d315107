/**
 * Reading nodes as layers: each node is offered, through a view (OnnxNode), to the readers of the
 * layer kinds for its op type (src/graph/layers: each kind's ONNX mapping).
 */
import {
  layers,
  numel,
  ShapeError,
  type AnyPrimitive,
  type OnnxNode,
  type OnnxReader,
  type OnnxTensor,
  type OnnxValue,
  type Params,
  type Shape,
} from '../graph/index.js';
import { onnx } from '../export/onnxProto/onnx.js';
import { toNumber } from './decode.js';
import { intsOf, type Attribute, type RawNode } from './raw.js';

/** Every kind's reader for each op type, in registry order (patterns before plain ops). */
export const readersByOp = new Map<string, { layer: AnyPrimitive; reader: OnnxReader<never> }[]>();
for (const l of layers) {
  if (l.composite || typeof l.onnx.import === 'string') continue;
  for (const op of l.onnx.import.opTypes) {
    const list = readersByOp.get(op) ?? [];
    list.push({ layer: l as unknown as AnyPrimitive, reader: l.onnx.import as OnnxReader<never> });
    readersByOp.set(op, list);
  }
}

/** Thrown by a reader through OnnxNode.fail: the node cannot be read, for this reason. */
export class NodeFailure extends Error {}
/** Thrown when a node reads a value whose producer failed: reported there, not here. */
export class Upstream extends Error {}

/** A layer read from the file. */
export interface LayerEntry {
  raw: RawNode;
  layer: AnyPrimitive;
  params: Params;
  inputs: string[];
  output: string;
  weights: Map<string, Float32Array | null>;
}

export interface ValueInfo {
  constant: OnnxTensor | null;
  producer: RawNode | null;
  shape: Shape | null;
  readers: number;
}

const attributeTypes = onnx.AttributeProto.AttributeType;

export interface Context {
  values: Map<string, ValueInfo>;
  valueInfo(name: string): ValueInfo;
}

/** The file's node behind each view a reader was given. */
const rawOf = new WeakMap<OnnxNode, RawNode>();

/** The node as a kind's reader sees it. */
function nodeView(raw: RawNode, c: Context): OnnxNode {
  const fail = (reason: string): never => {
    throw new NodeFailure(reason);
  };
  const attribute = (name: string, type: number): Attribute | undefined => {
    const a = raw.attributes.get(name);
    if (a && a.type !== undefined && a.type !== type && a.type !== attributeTypes.UNDEFINED) {
      fail(`its attribute ${name} is of the wrong type (${a.type})`);
    }
    return a;
  };
  const override = (name: string) => raw.overrides.get(name);
  const view: OnnxNode = {
    opType: raw.opType,
    name: raw.name,
    get inputs() {
      return raw.inputs.map((n) => (n === '' ? null : valueView(n, c)));
    },
    get usedOutputs() {
      return raw.outputs.filter((o) => o && (c.values.get(o)?.readers ?? 0) > 0).length;
    },
    int: (name, fallback) => {
      const o = override(name);
      if (typeof o === 'number') return o;
      const a = attribute(name, attributeTypes.INT);
      return a ? toNumber(a.i, `attribute ${name}`) : fallback;
    },
    float: (name, fallback) => attribute(name, attributeTypes.FLOAT)?.f ?? fallback,
    ints: (name, fallback) => {
      const o = override(name);
      if (Array.isArray(o)) return o;
      return intsOf(attribute(name, attributeTypes.INTS), `attribute ${name}`) ?? [...fallback];
    },
    string: (name, fallback) => {
      const s = attribute(name, attributeTypes.STRING)?.s;
      return s ? new TextDecoder().decode(s) : fallback;
    },
    data(i) {
      const v = view.inputs[i];
      if (!v) fail(`has no input ${i + 1}`);
      if (v!.constant)
        fail(`its input ${i + 1} ("${v!.name}") is a constant; it should be computed`);
      return v!;
    },
    constant(i) {
      const v = view.inputs[i];
      if (!v) fail(`has no input ${i + 1}`);
      if (!v!.constant) {
        fail(
          `its input ${i + 1} ("${v!.name}") is computed by the graph; CNN Studio needs it constant (a weight)`,
        );
      }
      return v!.constant!;
    },
    fail,
  };
  rawOf.set(view, raw);
  return view;
}

function valueView(name: string, c: Context): OnnxValue {
  const info = c.valueInfo(name);
  return {
    name,
    constant: info.constant,
    get shape(): Shape {
      if (info.constant)
        throw new NodeFailure(`reads the constant "${name}" where a computed input goes`);
      const s = c.values.get(name)?.shape;
      if (!s) throw new Upstream();
      return s;
    },
    get producer() {
      return info.producer && !info.producer.removed ? nodeView(info.producer, c) : null;
    },
    readers: info.readers,
  };
}

/** Offers the node to each kind that reads its op type; the first that takes it makes the layer. */
export function readLayer(
  raw: RawNode,
  c: Context,
): { entry: LayerEntry; shape: Shape; absorbs: RawNode[] } {
  const view = nodeView(raw, c);
  for (const { layer, reader } of readersByOp.get(raw.opType) ?? []) {
    const read = reader.read(view);
    if (!read) continue;
    const parsed = layer.schema.safeParse(read.params);
    if (!parsed.success) {
      view.fail(
        `as a ${layer.kind}, ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
      );
    }
    const params = parsed.data as Params;
    const inputs = (read.inputs as OnnxValue[] | undefined) ?? [view.data(0)];
    const names = inputs.map((v) => v.name);
    if (new Set(names).size < names.length) {
      view.fail(`reads "${names[0]}" twice; a ${layer.kind} takes distinct inputs`);
    }
    const shapes = inputs.map((v) => v.shape);
    let shape: Shape;
    try {
      shape = layer.inferShape(shapes, params);
    } catch (e) {
      if (e instanceof ShapeError) view.fail(e.message);
      throw e;
    }
    const given = new Map(Object.entries(read.weights ?? {}));
    const weights = new Map<string, Float32Array | null>();
    for (const spec of layer.weights(shapes, params)) {
      if (spec.name === 'num_batches_tracked') {
        weights.set(spec.name, null);
        continue;
      }
      const data = given.get(spec.name);
      if (!data) view.fail(`has no ${spec.name}`);
      if (data!.length !== numel(spec.shape)) {
        view.fail(
          `its ${spec.name} has ${data!.length} values; a ${layer.kind} of these sizes needs ${spec.shape.join('×')} = ${numel(spec.shape)}`,
        );
      }
      weights.set(spec.name, data!);
    }
    return {
      entry: { raw, layer, params, inputs: names, output: raw.outputs[0]!, weights },
      shape,
      absorbs: (read.absorbs ?? []).map((n) => rawOf.get(n)!),
    };
  }
  return view.fail(`no layer kind reads this ${raw.opType} (see the message of the kinds that do)`);
}
