import {
  analyze,
  type Graph,
  type GraphEdge,
  type GraphNode,
  type OnnxTensor,
  type Shape,
} from '../graph/index.js';
import { onnx } from '../export/onnxProto/onnx.js';
import type { Tensor } from '../runtime-gpu/safetensors.js';
import { decodeModel, tensorValues, toNumber } from './decode.js';
import { ImportError, type ImportProblem } from './errors.js';
import { foldable, fold } from './fold.js';
import { freeId, layerIds } from './names.js';
import { where, type RawNode } from './raw.js';
import {
  NodeFailure,
  readLayer,
  readersByOp,
  Upstream,
  type Context,
  type LayerEntry,
  type ValueInfo,
} from './read.js';
import { constantNode, foldInput, foldPads, passesThrough, topologicalOrder } from './rewrite.js';

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
