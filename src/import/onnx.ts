import {
  analyze,
  layers,
  numel,
  ShapeError,
  type AnyPrimitive,
  type Graph,
  type GraphEdge,
  type GraphNode,
  type OnnxNode,
  type OnnxReader,
  type OnnxTensor,
  type OnnxValue,
  type Params,
  type Shape,
} from '../graph/index.js';
import { onnx } from '../export/onnxProto/onnx.js';
import type { Tensor } from '../runtime-gpu/safetensors.js';
import { decodeModel, tensorValues, toNumber } from './decode.js';
import { ImportError, type ImportProblem } from './errors.js';
import { fold, foldable } from './fold.js';
import { freeId, layerIds } from './names.js';

/** The opsets read: ONNX 1.8's 13 … 1.13's 18, and 11, the first whose Clip and Pad take inputs. */
export const opsets = { min: 11, max: 18 } as const;

export interface ImportedModel {
  /** The network, all nodes at (0, 0): the caller lays it out. */
  graph: Graph;
  /** Every weight and buffer, keyed as the graph's layers key them (`features.0.weight`). */
  weights: Tensor[];
  opset: number;
}

/** Op types the importer handles itself rather than a layer kind. */
const structural = new Set(['Constant', 'Identity', 'Dropout', 'Pad']);

/** Graph names exporters give by default, which say less than the file's name. */
const genericNames = new Set(['', 'torch_jit', 'torch-jit-export', 'main_graph', 'tf2onnx']);

/** Every kind's reader for each op type, in registry order (patterns before plain ops). */
const readersByOp = new Map<string, { layer: AnyPrimitive; reader: OnnxReader<never> }[]>();
for (const l of layers) {
  if (l.composite || typeof l.onnx.import === 'string') continue;
  for (const op of l.onnx.import.opTypes) {
    const list = readersByOp.get(op) ?? [];
    list.push({ layer: l as unknown as AnyPrimitive, reader: l.onnx.import as OnnxReader<never> });
    readersByOp.set(op, list);
  }
}

/** Thrown by a reader through OnnxNode.fail: the node cannot be read, for this reason. */
class NodeFailure extends Error {}
/** Thrown when a node reads a value whose producer failed: reported there, not here. */
class Upstream extends Error {}

type Attribute = onnx.AttributeProto.$Properties;

/** A node of the file, and what the importer learns of it. */
interface RawNode {
  proto: onnx.NodeProto.$Properties;
  name: string;
  opType: string;
  /** Input value names as the file writes them, and resolved through removed nodes. */
  written: string[];
  inputs: string[];
  outputs: string[];
  attributes: Map<string, Attribute>;
  /** Attribute values that stand in for the file's (a folded Pad's padding). */
  overrides: Map<string, number | number[]>;
  /** Why it makes no layer of its own: folded or passed through, or taken over by another. */
  removed: boolean;
  failed: boolean;
}

/** A layer read from the file. */
interface LayerEntry {
  raw: RawNode;
  layer: AnyPrimitive;
  params: Params;
  inputs: string[];
  output: string;
  weights: Map<string, Float32Array | null>;
}

interface ValueInfo {
  constant: OnnxTensor | null;
  producer: RawNode | null;
  shape: Shape | null;
  readers: number;
}

const attributeTypes = onnx.AttributeProto.AttributeType;

/**
 * Reads an ONNX model (opsets 11 to 18) as a CNN Studio graph of primitive layers and its weights.
 * Any op no layer reads, and any node a layer cannot take as it is, fails the whole import with one
 * message naming each of them; nothing is half made.
 */
export function importOnnx(bytes: Uint8Array, fileName = 'model'): ImportedModel {
  const model = decodeModel(bytes);
  const opset = opsetOf(model);
  const g = model.graph;
  if (!g) throw new ImportError('the file holds no graph');

  const constants = new Map<string, OnnxTensor>();
  for (const t of g.initializer ?? []) {
    constants.set(t.name ?? '', tensorValues(t, `initializer "${t.name}"`));
  }
  const nodes = (g.node ?? []).map((proto, i): RawNode => {
    const outputs = [...(proto.output ?? [])];
    return {
      proto,
      name: proto.name || outputs[0] || `node ${i}`,
      opType:
        proto.domain && proto.domain !== 'ai.onnx'
          ? `${proto.domain}.${proto.op_type}`
          : (proto.op_type ?? ''),
      written: [...(proto.input ?? [])],
      inputs: [...(proto.input ?? [])],
      outputs,
      attributes: new Map((proto.attribute ?? []).map((a) => [a.name ?? '', a])),
      overrides: new Map(),
      removed: false,
      failed: false,
    };
  });
  refuseUnknownOps(nodes);

  const inputNames = (g.input ?? []).map((v) => v.name ?? '').filter((n) => !constants.has(n));
  if (inputNames.length !== 1) {
    throw new ImportError(
      `the model has ${inputNames.length} inputs${inputNames.length ? ` (${inputNames.join(', ')})` : ''}; CNN Studio's networks take one batch of images`,
    );
  }
  const inputValue = inputNames[0]!;
  const inputShape = imageShape(g.input!.find((v) => v.name === inputValue)!);

  const ordered = topologicalOrder(nodes, new Set([...constants.keys(), inputValue]));
  const alias = new Map<string, string>();
  const resolve = (name: string): string => {
    let n = name;
    for (let seen = 0; alias.has(n) && seen <= nodes.length; seen++) n = alias.get(n)!;
    return n;
  };
  const failures: ImportProblem[] = [];
  for (const raw of ordered) {
    raw.inputs = raw.written.map((n) => (n === '' ? '' : resolve(n)));
    if (raw.opType === 'Constant') {
      constants.set(raw.outputs[0]!, constantNode(raw));
      raw.removed = true;
    } else if (foldable.has(raw.opType) && raw.inputs.every((n) => !n || constants.has(n))) {
      const result = fold(foldInput(raw, constants));
      if (typeof result === 'string') failures.push({ where: where(raw), message: result });
      else constants.set(raw.outputs[0]!, result);
      raw.removed = true;
    } else if (passesThrough(raw, constants)) {
      alias.set(raw.outputs[0]!, raw.inputs[0]!);
      if (constants.has(raw.inputs[0]!))
        constants.set(raw.outputs[0]!, constants.get(raw.inputs[0]!)!);
      raw.removed = true;
    }
  }

  // Readers of each value, counting the graph's outputs.
  const outputs = (g.output ?? []).map((v) => resolve(v.name ?? ''));
  const readers = new Map<string, RawNode[]>();
  for (const raw of ordered) {
    if (raw.removed) continue;
    for (const name of raw.inputs) {
      if (!name) continue;
      if (!readers.has(name)) readers.set(name, []);
      readers.get(name)!.push(raw);
    }
  }
  for (const raw of ordered) {
    if (raw.removed || !foldable.has(raw.opType) || readersByOp.has(raw.opType)) continue;
    failures.push({
      where: where(raw),
      message:
        'computes from the data at run time; CNN Studio folds such ops only when all their inputs are constants',
    });
    raw.removed = true;
  }
  foldPads(ordered, constants, readers, outputs, alias, failures);
  for (const raw of ordered) raw.inputs = raw.written.map((n) => (n === '' ? '' : resolve(n)));

  const producerOf = new Map(ordered.flatMap((raw) => raw.outputs.map((o) => [o, raw] as const)));
  const values = new Map<string, ValueInfo>();
  const valueInfo = (name: string): ValueInfo => {
    let v = values.get(name);
    if (!v) {
      v = { constant: constants.get(name) ?? null, producer: null, shape: null, readers: 0 };
      values.set(name, v);
    }
    return v;
  };
  valueInfo(inputValue).shape = inputShape;
  for (const raw of ordered) {
    if (raw.removed) continue;
    for (const name of raw.outputs) valueInfo(name).producer = raw;
    for (const name of raw.inputs) if (name) valueInfo(name).readers += 1;
  }
  for (const name of outputs) valueInfo(name).readers += 1;

  // A removed node hands on only its first output (Dropout's mask, say, has no layer).
  for (const raw of ordered) {
    if (raw.removed) continue;
    for (const name of raw.inputs) {
      const from =
        name && !constants.has(name) && name !== inputValue ? producerOf.get(name) : null;
      if (from?.removed && !(from.opType === 'Pad' && alias.has(name))) {
        failures.push({
          where: where(raw),
          message: `reads "${name}", an output of ${from.opType} "${from.name}" that no layer computes`,
        });
      }
    }
  }
  const entries = new Map<RawNode, LayerEntry>();
  const failed = new Map<RawNode, ImportProblem>();
  const context: Context = { values, valueInfo };
  for (const raw of ordered) {
    if (raw.removed) continue;
    try {
      const entry = readLayer(raw, context);
      for (const absorbed of entry.absorbs) {
        absorbed.removed = true;
        entries.delete(absorbed);
        failed.delete(absorbed);
      }
      entries.set(raw, entry.entry);
      valueInfo(entry.entry.output).shape = entry.shape;
    } catch (e) {
      raw.failed = true;
      if (e instanceof NodeFailure) failed.set(raw, { where: where(raw), message: e.message });
      else if (!(e instanceof Upstream)) throw e;
    }
  }
  failures.push(...failed.values());
  if (failures.length > 0) {
    const list = failures.map((f) => `${f.where}: ${f.message}`).join('; ');
    throw new ImportError(
      `${failures.length === 1 ? 'a node' : `${failures.length} nodes`} cannot be read: ${list}`,
      failures,
    );
  }

  if (outputs.length !== 1) {
    throw new ImportError(
      `the model has ${outputs.length} outputs${outputs.length ? ` (${outputs.join(', ')})` : ''}; CNN Studio's networks end in one`,
    );
  }
  const kept = reachingOutput([...entries.values()], outputs[0]!, inputValue);
  return buildModel(kept, {
    inputValue,
    inputShape,
    output: outputs[0]!,
    name: genericNames.has(g.name ?? '') ? fileName : g.name!,
    description: g.doc_string || model.doc_string || '',
    opset,
  });
}

/** How a problem names its node: `Conv "conv1"`. */
const where = (raw: { opType: string; name: string }) => `${raw.opType} "${raw.name}"`;

/** The default domain's opset; refuses one outside opsets.min … opsets.max. */
function opsetOf(model: onnx.ModelProto): number {
  const entry = (model.opset_import ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
  const version = entry ? toNumber(entry.version, 'the opset') : 0;
  if (version < opsets.min || version > opsets.max) {
    throw new ImportError(
      `the model uses ONNX opset ${version || '(none given)'}; CNN Studio reads opsets ${opsets.min} to ${opsets.max} (convert it with onnx.version_converter)`,
    );
  }
  return version;
}

/** Fails with every op type no layer kind reads, each with the nodes that use it. */
function refuseUnknownOps(nodes: RawNode[]): void {
  const unknown = new Map<string, string[]>();
  for (const raw of nodes) {
    if (structural.has(raw.opType) || foldable.has(raw.opType) || readersByOp.has(raw.opType)) {
      continue;
    }
    if (!unknown.has(raw.opType)) unknown.set(raw.opType, []);
    unknown.get(raw.opType)!.push(raw.name);
  }
  if (unknown.size === 0) return;
  const problems = [...unknown].map(([op, names]) => ({
    where: op || '(no op type)',
    message: `CNN Studio has no layer for it (${names.length === 1 ? 'node' : 'nodes'} ${names.map((n) => `"${n}"`).join(', ')})`,
  }));
  const list = [...unknown].map(
    ([op, names]) => `${op || '(no op type)'} (${names.map((n) => `"${n}"`).join(', ')})`,
  );
  throw new ImportError(
    `the model uses ${unknown.size === 1 ? 'an op' : 'ops'} CNN Studio has no layer for: ${list.join('; ')}`,
    problems,
  );
}

/** C×H×W of the model's input, which must be a float N×C×H×W tensor of fixed C, H and W. */
function imageShape(v: onnx.ValueInfoProto.$Properties): Shape {
  const t = v.type?.tensor_type;
  if (!t) throw new ImportError(`the input "${v.name}" is not a tensor`);
  if (t.elem_type !== onnx.TensorProto.DataType.FLOAT) {
    throw new ImportError(`the input "${v.name}" is not of float32 values (type ${t.elem_type})`);
  }
  const dims = (t.shape?.dim ?? []).map((d) =>
    d.dim_value !== undefined && d.dim_value !== null
      ? toNumber(d.dim_value, 'an input size')
      : null,
  );
  if (dims.length !== 4 || dims.slice(1).some((d) => d === null || d < 1)) {
    const shown = dims.map((d) => d ?? '?').join('×');
    throw new ImportError(
      `the input "${v.name}" is ${shown || 'of unknown shape'}; CNN Studio needs N×C×H×W images with fixed C, H and W (export with a fixed image size)`,
    );
  }
  return dims.slice(1) as number[];
}

/**
 * The nodes in an order where every value is made before it is read: the file's own, as ONNX
 * requires, or else Kahn's. Refuses reads of values nothing makes, and cycles.
 */
function topologicalOrder(nodes: RawNode[], ready: Set<string>): RawNode[] {
  const producer = new Map<string, RawNode>();
  for (const raw of nodes) {
    for (const o of raw.outputs) {
      if (!o) continue;
      if (producer.has(o) || ready.has(o)) {
        throw new ImportError(`the value "${o}" is computed twice (again by "${raw.name}")`);
      }
      producer.set(o, raw);
    }
  }
  const missing = nodes.flatMap((raw) =>
    raw.inputs
      .filter((n) => n && !ready.has(n) && !producer.has(n))
      .map((n) => `"${raw.name}" reads "${n}"`),
  );
  if (missing.length > 0) {
    throw new ImportError(`values that nothing computes are read: ${missing.join(', ')}`);
  }
  const made = new Set(ready);
  const inOrder = nodes.every((raw) => {
    const ok = raw.inputs.every((n) => !n || made.has(n));
    for (const o of raw.outputs) made.add(o);
    return ok;
  });
  if (inOrder) return nodes;
  const pending = new Map(
    nodes.map((raw) => [raw, new Set(raw.inputs.filter((n) => n && !ready.has(n)))]),
  );
  const consumers = new Map<string, RawNode[]>();
  for (const raw of nodes) {
    for (const n of pending.get(raw)!) {
      if (!consumers.has(n)) consumers.set(n, []);
      consumers.get(n)!.push(raw);
    }
  }
  const order: RawNode[] = [];
  const queue = nodes.filter((raw) => pending.get(raw)!.size === 0);
  for (let i = 0; i < queue.length; i++) {
    const raw = queue[i]!;
    order.push(raw);
    for (const o of raw.outputs) {
      for (const c of consumers.get(o) ?? []) {
        const waiting = pending.get(c)!;
        if (waiting.delete(o) && waiting.size === 0) queue.push(c);
      }
    }
  }
  if (order.length < nodes.length) {
    const loop = nodes.filter((raw) => pending.get(raw)!.size > 0).map((raw) => `"${raw.name}"`);
    throw new ImportError(`the graph has a cycle through ${loop.join(', ')}`);
  }
  return order;
}

/** A Constant node's tensor (value, or one of the value_* shorthands). */
function constantNode(raw: RawNode): OnnxTensor {
  const a = raw.attributes;
  const what = `the Constant "${raw.name}"`;
  if (a.get('value')?.t) return tensorValues(a.get('value')!.t!, what);
  const scalar = (v: number) => ({ dims: [], data: Float32Array.of(v) });
  const list = (v: number[]) => ({ dims: [v.length], data: Float32Array.from(v) });
  if (a.has('value_float')) return scalar(a.get('value_float')!.f ?? 0);
  if (a.has('value_int')) return scalar(toNumber(a.get('value_int')!.i, what));
  if (a.has('value_floats')) return list(a.get('value_floats')!.floats ?? []);
  if (a.has('value_ints'))
    return list((a.get('value_ints')!.ints ?? []).map((v) => toNumber(v, what)));
  throw new ImportError(`${what} holds no numeric tensor`);
}

/** A node to fold, as fold() reads it. */
function foldInput(raw: RawNode, constants: Map<string, OnnxTensor>) {
  const what = `${raw.opType} "${raw.name}"`;
  return {
    opType: raw.opType,
    inputs: raw.inputs.map((n) => (n ? constants.get(n)! : null)),
    int: (name: string, fallback: number) => {
      const a = raw.attributes.get(name);
      return a ? toNumber(a.i, `${what}'s ${name}`) : fallback;
    },
    ints: (name: string, fallback: readonly number[] | null) =>
      intsOf(raw.attributes.get(name), `${what}'s ${name}`) ?? (fallback && [...fallback]),
    tensor: (name: string) => {
      const t = raw.attributes.get(name)?.t;
      return t ? tensorValues(t, `${what}'s ${name}`) : null;
    },
  };
}

/** Identity, and inference-mode Dropout, Concat and Sum of one input: their output is their input. */
function passesThrough(raw: RawNode, constants: Map<string, OnnxTensor>): boolean {
  const computedInputs = raw.inputs.filter((n) => n !== '');
  if (raw.opType === 'Identity') return true;
  if (raw.opType === 'Dropout') {
    // Opset 12 made training_mode an input; an eval-mode graph leaves it out or sets it false.
    const training = raw.inputs[2] ? constants.get(raw.inputs[2]) : undefined;
    if (raw.inputs[2] && (!training || training.data[0] !== 0)) {
      throw new ImportError(
        `Dropout "${raw.name}" may run in training mode; export the model in eval mode`,
      );
    }
    return true;
  }
  return (raw.opType === 'Concat' || raw.opType === 'Sum') && computedInputs.length === 1;
}

/** Attribute list of ints, as a Pad's pads or a window's. */
const intsOf = (a: Attribute | undefined, what: string): number[] | null =>
  a ? (a.ints ?? []).map((v) => toNumber(v, what)) : null;

/**
 * Folds each zero Pad into the Conv and AveragePool nodes it feeds (as their own padding, which
 * PyTorch's Conv2d and AvgPool2d take); an all-zero Pad just passes through. Anything else is a
 * failure: other modes and values, padding of the batch or channels, or a Pad feeding other ops.
 */
function foldPads(
  ordered: RawNode[],
  constants: Map<string, OnnxTensor>,
  readers: Map<string, RawNode[]>,
  outputs: string[],
  alias: Map<string, string>,
  failures: ImportProblem[],
): void {
  for (const raw of ordered) {
    if (raw.opType !== 'Pad' || raw.removed) continue;
    const fail = (why: string) => {
      failures.push({ where: where(raw), message: why });
      raw.removed = true;
      alias.set(raw.outputs[0]!, raw.inputs[0]!);
    };
    const mode = raw.attributes.get('mode')?.s;
    const modeName = mode ? new TextDecoder().decode(mode) : 'constant';
    if (modeName !== 'constant') {
      fail(`pads by "${modeName}"; only zero padding folds into a conv or pool`);
      continue;
    }
    const padsTensor = raw.inputs[1] ? constants.get(raw.inputs[1]) : undefined;
    const value = raw.inputs[2] ? constants.get(raw.inputs[2]) : undefined;
    if (
      !padsTensor ||
      (raw.inputs[2] && !value) ||
      (raw.inputs[3] && !constants.has(raw.inputs[3]))
    ) {
      fail('its pads are computed by the graph; they need to be constants');
      continue;
    }
    if (value && value.data[0] !== 0) {
      fail(`pads with ${value.data[0]}; only zero padding folds into a conv or pool`);
      continue;
    }
    // Opset 18 lets `axes` pick the padded axes; without it the pads cover all four.
    const axes = raw.inputs[3]
      ? Array.from(constants.get(raw.inputs[3])!.data, (a) => (a < 0 ? a + 4 : a))
      : [0, 1, 2, 3];
    const pads = Array.from(padsTensor.data);
    if (pads.length !== 2 * axes.length) {
      fail(`has ${pads.length} pads for ${axes.length} axes`);
      continue;
    }
    const begin = [0, 0, 0, 0];
    const end = [0, 0, 0, 0];
    axes.forEach((axis, i) => {
      begin[axis] = pads[i]!;
      end[axis] = pads[i + axes.length]!;
    });
    if (
      begin[0] ||
      begin[1] ||
      end[0] ||
      end[1] ||
      [...begin, ...end].some((p) => p < 0 || !Number.isInteger(p))
    ) {
      fail(`pads [${pads}]; only adding zeros around H and W folds into a conv or pool`);
      continue;
    }
    raw.removed = true;
    alias.set(raw.outputs[0]!, raw.inputs[0]!);
    // A Pad before this one handed its padding on (see below).
    const before = (raw.overrides.get('pads') as number[] | undefined) ?? [0, 0, 0, 0];
    const extra = [begin[2]!, begin[3]!, end[2]!, end[3]!].map((p, i) => p + before[i]!);
    if (extra.every((p) => p === 0)) continue;
    const users = readers.get(raw.outputs[0]!) ?? [];
    const foldable = (u: RawNode) => {
      if (u.opType === 'Conv' || u.opType === 'Pad') return true;
      if (u.opType !== 'AveragePool') return false;
      const own = intsOf(u.attributes.get('pads'), 'pads') ?? [0, 0, 0, 0];
      const counts = toNumber(u.attributes.get('count_include_pad')?.i, 'count_include_pad') === 1;
      return counts || own.every((p) => p === 0);
    };
    if (outputs.includes(raw.outputs[0]!) || users.length === 0 || !users.every(foldable)) {
      failures.push({
        where: where(raw),
        message: `feeds ${users.map(where).join(', ') || 'the output'}; zero padding folds only into Conv and AveragePool (MaxPool pads with −∞)`,
      });
      continue;
    }
    for (const u of users) {
      // A Pad after this one adds this padding to its own.
      if (u.opType === 'Pad') {
        u.overrides.set('pads', extra);
        continue;
      }
      const own = intsOf(u.attributes.get('pads'), 'pads') ?? [0, 0, 0, 0];
      u.overrides.set(
        'pads',
        own.map((p, i) => p + (extra[i] ?? 0)),
      );
      // The folded zeros are input to the average, so they count.
      if (u.opType === 'AveragePool') u.overrides.set('count_include_pad', 1);
    }
  }
}

interface Context {
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
function readLayer(
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

/** The layers the output depends on, in file order; the rest compute values nothing reads. */
function reachingOutput(entries: LayerEntry[], output: string, input: string): LayerEntry[] {
  const byOutput = new Map(entries.map((e) => [e.output, e]));
  if (!byOutput.has(output)) {
    throw new ImportError(
      output === input
        ? 'the model returns its input unchanged'
        : `the model's output "${output}" is not computed by any layer`,
    );
  }
  const needed = new Set<LayerEntry>();
  const stack = [byOutput.get(output)!];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (needed.has(e)) continue;
    needed.add(e);
    for (const i of e.inputs) if (byOutput.has(i)) stack.push(byOutput.get(i)!);
  }
  return entries.filter((e) => needed.has(e));
}

function buildModel(
  entries: LayerEntry[],
  m: {
    inputValue: string;
    inputShape: Shape;
    output: string;
    name: string;
    description: string;
    opset: number;
  },
): ImportedModel {
  const ids = layerIds(
    entries.map((e) => ({
      nodeName: e.raw.name,
      opType: e.raw.opType,
      constantInputs: e.raw.written.filter(
        (n, i) => n && e.raw.inputs[i] && !e.inputs.includes(e.raw.inputs[i]!),
      ),
    })),
  );
  const inputId = freeId('input', ids);
  const idOf = new Map<string, string>([[m.inputValue, inputId]]);
  entries.forEach((e, i) => idOf.set(e.output, ids[i]!));
  const [channels, height, width] = m.inputShape as [number, number, number];
  const nodes: GraphNode[] = [
    { id: inputId, kind: 'Input', params: { channels, height, width }, position: { x: 0, y: 0 } },
    ...entries.map((e, i) => ({
      id: ids[i]!,
      kind: e.layer.kind,
      params: e.params,
      position: { x: 0, y: 0 },
    })),
  ];
  const edges: GraphEdge[] = entries.flatMap((e, i) =>
    e.inputs.map((name, port) => {
      const source = idOf.get(name)!;
      return {
        id: `${source}->${ids[i]}${port ? `:${port}` : ''}`,
        source,
        target: ids[i]!,
        targetPort: port,
      };
    }),
  );
  const graph: Graph = {
    meta: { name: m.name, ...(m.description ? { description: m.description } : {}) },
    nodes,
    edges,
  };
  const analysis = analyze(graph);
  const problems = analysis.problems.filter((p) => p.severity === 'error');
  if (problems.length > 0) {
    throw new ImportError(
      `the network read has problems: ${problems.map((p) => `${p.nodeId ?? p.edgeId}: ${p.message}`).join('; ')}`,
    );
  }
  const shapes = new Map(
    analysis.ops.flatMap((op) => op.weights.map((w) => [`${op.name}.${w.name}`, w.shape])),
  );
  const weights: Tensor[] = entries.flatMap((e, i) =>
    [...e.weights].map(([name, data]): Tensor => {
      const key = `${ids[i]}.${name}`;
      // BatchNorm's step counter: ONNX keeps no training state.
      if (data === null) return { name: key, dtype: 'I64', shape: [], data: new BigInt64Array(1) };
      return { name: key, dtype: 'F32', shape: shapes.get(key)!, data };
    }),
  );
  return { graph, weights, opset: m.opset };
}
