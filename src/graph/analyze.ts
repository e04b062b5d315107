import type { Graph, GraphNode } from './graph.js';
import { isNodeId } from './graph.js';
import type { WeightSpec } from './layer.js';
import { layerOf, type AnyLayer, type AnyPrimitive } from './layers/index.js';
import type { Params } from './params.js';
import { problemText, type Problem } from './problems.js';
import { applyWindow, inputField, widest, type ReceptiveField } from './receptiveField.js';
import { ShapeError, numel, type Shape } from './shape.js';
import { layerIn } from './userBlocks.js';

/** One primitive operation of the network with composites expanded; `name` prefixes its weight keys. */
export interface Op {
  name: string;
  kind: string;
  params: Params;
  /** Names of the ops feeding this one, in port order. */
  inputs: string[];
  /** The graph node this op belongs to (itself, or the composite that contains it). */
  nodeId: string;
  inputShapes: Shape[];
  shape: Shape;
  weights: WeightSpec[];
  paramCount: number;
  macs: number;
  rf: ReceptiveField;
}

export interface NodeInfo {
  shape: Shape;
  paramCount: number;
  macs: number;
  rf: ReceptiveField;
  ops: Op[];
}

export interface Analysis {
  problems: Problem[];
  /** Nodes whose shapes could be inferred. */
  nodes: Map<string, NodeInfo>;
  /** All inferred ops in execution order. */
  ops: Op[];
  /** Graph node ids in execution order (nodes in a cycle are left out). */
  order: string[];
  totals: { paramCount: number; macs: number };
  /**
   * The network's output, where the loss is taken: see `finalLayer`. Every other layer whose output
   * nothing uses is warned about.
   */
  finalId?: string;
  /**
   * The Input, and the final layer when it is the only layer whose output nothing uses: what
   * training and export need.
   */
  inputId?: string;
  outputId?: string;
}

/**
 * Of the layers whose output nothing uses, the network's output is the one fed from the Input
 * (directly or not) by the most layers; a tie goes to the one later in execution order. A layer
 * dropped on the canvas and left unconnected, or a branch left dangling, is then the stray.
 */
function finalLayer(
  ends: readonly string[],
  inputsOf: ReadonlyMap<string, readonly string[]>,
  inputId: string | undefined,
): string | undefined {
  if (ends.length <= 1) return ends[0];
  let best: { id: string; fromInput: boolean; upstream: number } | undefined;
  for (const id of ends) {
    const seen = new Set<string>();
    const stack = [...(inputsOf.get(id) ?? [])];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      stack.push(...(inputsOf.get(n) ?? []));
    }
    const fromInput = inputId !== undefined && seen.has(inputId);
    const better =
      !best ||
      (fromInput && !best.fromInput) ||
      (fromInput === best.fromInput && seen.size >= best.upstream);
    if (better) best = { id, fromInput, upstream: seen.size };
  }
  return best!.id;
}

const trainableCount = (weights: WeightSpec[]): number =>
  weights.reduce((n, w) => n + (w.trainable ? numel(w.shape) : 0), 0);

/** Kahn's algorithm, stable in node order; nodes left over sit on a cycle. */
function topologicalOrder(graph: Graph, inputsOf: Map<string, string[]>): string[] {
  // Each id once: nodes that share an id (reported as a problem) must not run twice.
  const ids = [...new Set(graph.nodes.map((n) => n.id))];
  const consumers = new Map<string, string[]>(ids.map((id) => [id, []]));
  const pending = new Map<string, number>();
  for (const id of ids) {
    const ins = inputsOf.get(id) ?? [];
    pending.set(id, ins.length);
    for (const s of ins) consumers.get(s)!.push(id);
  }
  const ready = ids.filter((id) => pending.get(id) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift()!;
    order.push(id);
    for (const c of consumers.get(id)!) {
      const left = pending.get(c)! - 1;
      pending.set(c, left);
      if (left === 0) ready.push(c);
    }
  }
  return order;
}

function primitiveOp(
  name: string,
  nodeId: string,
  layer: AnyPrimitive,
  params: Params,
  inputs: Op[],
): Op {
  const inputShapes = inputs.map((i) => i.shape);
  const shape = layer.inferShape(inputShapes, params);
  const weights = layer.weights(inputShapes, params);
  const rf =
    inputs.length === 0
      ? inputField
      : applyWindow(
          widest(inputs.map((i) => i.rf)),
          layer.window(params, inputShapes),
          inputShapes[0]!,
        );
  return {
    name,
    kind: layer.kind,
    params,
    inputs: inputs.map((i) => i.name),
    nodeId,
    inputShapes,
    shape,
    weights,
    paramCount: trainableCount(weights),
    macs: layer.macs(inputShapes, shape, params),
    rf,
  };
}

/**
 * Expands one layer of node `nodeId` into the ops named `name` or `name.<child>…` (blocks the user
 * grouped may hold built-in composites); throws ShapeError, prefixed with the child's name inside
 * blocks.
 */
function layerOps(
  name: string,
  nodeId: string,
  layer: AnyLayer,
  params: Params,
  inputs: Op[],
): Op[] {
  if (!layer.composite) return [primitiveOp(name, nodeId, layer, params, inputs)];
  const { children, output } = layer.expand(params);
  const made = new Map<string, Op>([['input', inputs[0]!]]);
  const ops: Op[] = [];
  for (const c of children) {
    try {
      const childOps = layerOps(
        `${name}.${c.name}`,
        nodeId,
        layerOf(c.kind),
        c.params,
        c.inputs.map((i) => made.get(i)!),
      );
      made.set(c.name, childOps.at(-1)!);
      ops.push(...childOps);
    } catch (e) {
      if (e instanceof ShapeError) throw new ShapeError(problemText.insideBlock(c.name, e.message));
      throw e;
    }
  }
  // The block's output op last, so that ops.at(-1) is what the node hands on.
  const last = made.get(output)!;
  return [...ops.filter((o) => o !== last), last];
}

/**
 * Op names become weight keys and PyTorch module paths, so none may repeat (a node `b.conv` beside
 * a block `b` whose child is `conv`), nor be a dotted prefix of another (`fc1` beside `fc1.x`).
 * The Input holds no weights and is no module, so it is left out.
 */
function nameClashes(ops: readonly Op[]): Omit<Problem, 'severity'>[] {
  const named = ops.filter((o) => o.kind !== 'Input');
  const where = (o: Op) =>
    o.nodeId === o.name ? `node ${o.nodeId}` : `a layer inside ${o.nodeId}`;
  const clashes: Omit<Problem, 'severity'>[] = [];
  const seen = new Map<string, Op>();
  for (const op of named) {
    const first = seen.get(op.name);
    if (first) {
      clashes.push({
        code: 'sameName',
        nodeId: op.nodeId,
        message: problemText.sameName(op.name, where(first)),
      });
    } else seen.set(op.name, op);
  }
  // '.' sorts before every other character ids use, so `a.…` names follow `a` directly.
  const sorted = [...seen.keys()].sort();
  sorted.forEach((name, i) => {
    const next = sorted[i + 1];
    if (next?.startsWith(`${name}.`)) {
      clashes.push({
        code: 'nameIsPrefix',
        nodeId: seen.get(next)!.nodeId,
        message: problemText.nameIsPrefix(name, next),
      });
    }
  });
  return clashes;
}

/** Checks a graph and infers every shape, count and receptive field it can. Never throws on bad graphs. */
export function analyze(graph: Graph): Analysis {
  const problems: Problem[] = [];
  const error = (p: Omit<Problem, 'severity'>) => problems.push({ ...p, severity: 'error' });
  const ids = new Set<string>();
  const valid = new Map<string, { node: GraphNode; layer: AnyLayer; params: Params }>();

  for (const node of graph.nodes) {
    if (ids.has(node.id)) {
      error({ code: 'duplicateId', nodeId: node.id, message: problemText.duplicateId(node.id) });
      continue;
    }
    ids.add(node.id);
    if (!isNodeId(node.id)) {
      error({ code: 'badId', nodeId: node.id, message: problemText.badId(node.id) });
    }
    const layer = layerIn(graph, node.kind);
    if (!layer) {
      error({ code: 'unknownKind', nodeId: node.id, message: problemText.unknownKind(node.kind) });
      continue;
    }
    const parsed = layer.schema.safeParse(node.params);
    if (!parsed.success) {
      const detail = parsed.error.issues
        .map((i) => `${i.path.join('.') || 'params'}: ${i.message}`)
        .join('; ');
      error({ code: 'badParams', nodeId: node.id, message: problemText.badParams(detail) });
      continue;
    }
    valid.set(node.id, { node, layer, params: parsed.data });
  }

  // Incoming edges per node, in port order.
  const incoming = new Map<string, { port: number; source: string; edgeId: string }[]>();
  const seenPairs = new Set<string>();
  for (const e of graph.edges) {
    const missing = [e.source, e.target].find((end) => !ids.has(end));
    if (missing !== undefined) {
      error({
        code: 'missingEndpoint',
        edgeId: e.id,
        message: problemText.missingEndpoint(missing),
      });
      continue;
    }
    if (e.source === e.target) {
      error({ code: 'selfLoop', edgeId: e.id, nodeId: e.target, message: problemText.selfLoop() });
      continue;
    }
    const pair = `${e.source}\u0000${e.target}`;
    if (seenPairs.has(pair)) {
      error({
        code: 'duplicateEdge',
        edgeId: e.id,
        nodeId: e.target,
        message: problemText.duplicateEdge(),
      });
      continue;
    }
    seenPairs.add(pair);
    const list = incoming.get(e.target) ?? [];
    list.push({ port: e.targetPort, source: e.source, edgeId: e.id });
    incoming.set(e.target, list);
  }
  const inputsOf = new Map<string, string[]>();
  for (const node of graph.nodes) {
    const list = (incoming.get(node.id) ?? []).sort((a, b) => a.port - b.port);
    inputsOf.set(
      node.id,
      list.map((l) => l.source),
    );
  }

  // Arity.
  const wired = new Set<string>();
  for (const { node, layer } of valid.values()) {
    const list = incoming.get(node.id) ?? [];
    const n = list.length;
    const arity = layer.arity;
    const at = { nodeId: node.id };
    const dup = list.find((l, i) => i > 0 && list[i - 1]!.port === l.port);
    if (arity === 'none' && n > 0)
      error({ code: 'inputHasInputs', ...at, message: problemText.inputHasInputs() });
    else if (arity === 'one' && n !== 1)
      error({ code: 'needsOneInput', ...at, message: problemText.needsOneInput(n) });
    else if (arity === 'many' && n < 2)
      error({ code: 'needsTwoInputs', ...at, message: problemText.needsTwoInputs(n) });
    else if (dup)
      error({
        code: 'portTaken',
        ...at,
        edgeId: dup.edgeId,
        message: problemText.portTaken(dup.port),
      });
    else wired.add(node.id);
  }

  const order = topologicalOrder(graph, inputsOf);
  const ordered = new Set(order);
  for (const node of graph.nodes) {
    if (ids.has(node.id) && !ordered.has(node.id)) {
      error({ code: 'cycle', nodeId: node.id, message: problemText.cycle() });
    }
  }

  const inputNodes = [...valid.values()].filter((v) => v.node.kind === 'Input');
  if (inputNodes.length === 0 && graph.nodes.length > 0) {
    error({ code: 'noInput', message: problemText.noInput() });
  } else if (inputNodes.length > 1) {
    for (const v of inputNodes.slice(1)) {
      error({
        code: 'manyInputs',
        nodeId: v.node.id,
        message: problemText.manyInputs(inputNodes.length),
      });
    }
  }
  const used = new Set(graph.edges.map((e) => e.source));
  const ends = order.filter((id) => !used.has(id));
  const inputId = inputNodes.length === 1 ? inputNodes[0]!.node.id : undefined;
  const finalId = finalLayer(ends, inputsOf, inputId);
  for (const id of ends) {
    if (id !== finalId) {
      problems.push({
        code: 'unusedOutput',
        severity: 'warning',
        nodeId: id,
        message: problemText.unusedOutput(finalId!),
      });
    }
  }

  // Shapes, counts and receptive fields, skipping nodes downstream of a problem.
  const nodes = new Map<string, NodeInfo>();
  const ops: Op[] = [];
  for (const id of order) {
    const v = valid.get(id);
    if (!v || !wired.has(id)) continue;
    const inputs = inputsOf.get(id)!.map((s) => nodes.get(s)?.ops.at(-1));
    if (inputs.some((i) => i === undefined)) continue;
    try {
      const nodeOpsList = layerOps(id, id, v.layer, v.params, inputs as Op[]);
      const out = nodeOpsList.at(-1)!;
      nodes.set(id, {
        shape: out.shape,
        paramCount: nodeOpsList.reduce((s, o) => s + o.paramCount, 0),
        macs: nodeOpsList.reduce((s, o) => s + o.macs, 0),
        rf: out.rf,
        ops: nodeOpsList,
      });
      ops.push(...nodeOpsList);
    } catch (e) {
      if (!(e instanceof ShapeError)) throw e;
      error({ code: 'shape', nodeId: id, message: problemText.shape(e.message) });
    }
  }

  for (const clash of nameClashes(ops)) error(clash);

  return {
    problems,
    nodes,
    ops,
    order,
    totals: {
      paramCount: ops.reduce((s, o) => s + o.paramCount, 0),
      macs: ops.reduce((s, o) => s + o.macs, 0),
    },
    ...(finalId !== undefined ? { finalId } : {}),
    ...(inputId !== undefined ? { inputId } : {}),
    ...(ends.length === 1 ? { outputId: ends[0]! } : {}),
  };
}
