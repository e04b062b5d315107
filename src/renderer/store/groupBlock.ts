import {
  blockNamePattern,
  isLayerKind,
  type Analysis,
  type BlockDef,
  type Graph,
  type GraphEdge,
} from '../../graph/index.js';
import { edgeId } from './ids.js';

export type GroupResult =
  { ok: true; graph: Graph; nodeId: string } | { ok: false; reason: string };

const quoted = (ids: readonly string[]) => ids.map((id) => `"${id}"`).join(', ');

/** Why `name` cannot name a new block in `graph`, or null when it can. */
export function blockNameProblem(graph: Graph, name: string): string | null {
  if (!blockNamePattern.test(name)) {
    return 'A block name uses letters, digits and _, starting with a letter (e.g. Stem or ConvBN)';
  }
  if (isLayerKind(name)) return `${name} is a built-in layer kind; choose another name`;
  if (graph.blocks && Object.hasOwn(graph.blocks, name)) return `There is a block ${name} already`;
  return null;
}

/** A child name (an identifier, unique in the block) for the node `id`. */
function childName(id: string, taken: Set<string>): string {
  const base = /^[A-Za-z]/.test(id) ? id.replaceAll('.', '_') : `l_${id.replaceAll('.', '_')}`;
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
  taken.add(name);
  return name;
}

/**
 * Replaces the selected layers by one node of a new block `name` made of them, wired as they
 * were. A block has one input and one output: the selection must be fed by one layer outside it
 * and hand on one layer's output. The new node takes the id `nodeId`; its weights are keyed
 * `<nodeId>.<child>…` (the old node ids, dots as _), so trained weights no longer fit them.
 */
export function groupIntoBlock(
  graph: Graph,
  analysis: Analysis,
  ids: ReadonlySet<string>,
  name: string,
  nodeId: string,
): GroupResult {
  const fail = (reason: string): GroupResult => ({ ok: false, reason });
  const nameProblem = blockNameProblem(graph, name);
  if (nameProblem) return fail(nameProblem);
  const chosen = graph.nodes.filter((n) => ids.has(n.id));
  if (chosen.length < 2) return fail('Select two or more layers to group into a block');
  const notBuiltIn = chosen.filter((n) => !isLayerKind(n.kind) || n.kind === 'Input');
  if (notBuiltIn.length > 0) {
    return fail(
      `A block holds built-in layers other than Input; ${quoted(notBuiltIn.map((n) => n.id))} cannot go in one (replace a block with its layers first)`,
    );
  }
  const broken = chosen.filter((n) => !analysis.nodes.has(n.id));
  if (broken.length > 0) {
    return fail(`Fix the problems of ${quoted(broken.map((n) => n.id))} before grouping`);
  }

  const entering = graph.edges.filter((e) => ids.has(e.target) && !ids.has(e.source));
  const leaving = graph.edges.filter((e) => ids.has(e.source) && !ids.has(e.target));
  const sources = [...new Set(entering.map((e) => e.source))];
  if (sources.length !== 1) {
    return fail(
      `A block takes one input, but the selection is fed by ${sources.length === 0 ? 'nothing' : quoted(sources)}`,
    );
  }
  // Layers whose output nothing else in the selection takes: only the block's output may be one.
  const fedInside = new Set(
    graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map((e) => e.source),
  );
  const ends = chosen.map((n) => n.id).filter((id) => !fedInside.has(id));
  const leavers = [...new Set(leaving.map((e) => e.source))];
  if (ends.length !== 1 || leavers.some((id) => id !== ends[0])) {
    return fail(
      `A block hands on one output, but ${quoted([...new Set([...ends, ...leavers])])} each give one`,
    );
  }
  const output = ends[0]!;

  const taken = new Set(['input']);
  const names = new Map(
    analysis.order.filter((id) => ids.has(id)).map((id) => [id, childName(id, taken)]),
  );
  const block: BlockDef = {
    children: [...names].map(([id, child]) => ({
      name: child,
      kind: chosen.find((n) => n.id === id)!.kind,
      params: structuredClone(chosen.find((n) => n.id === id)!.params),
      inputs: graph.edges
        .filter((e) => e.target === id)
        .sort((a, b) => a.targetPort - b.targetPort)
        .map((e) => names.get(e.source) ?? 'input'),
    })),
    output: names.get(output)!,
  };

  const mean = (axis: 'x' | 'y') =>
    chosen.reduce((s, n) => s + n.position[axis], 0) / chosen.length;
  const source = sources[0]!;
  const edges: GraphEdge[] = [
    ...graph.edges.filter((e) => !ids.has(e.source) && !ids.has(e.target)),
    { id: edgeId(source, nodeId), source, target: nodeId, targetPort: 0 },
    ...leaving.map((e) => ({ ...e, id: edgeId(nodeId, e.target), source: nodeId })),
  ];
  return {
    ok: true,
    nodeId,
    graph: {
      ...graph,
      nodes: [
        ...graph.nodes.filter((n) => !ids.has(n.id)),
        { id: nodeId, kind: name, params: {}, position: { x: mean('x'), y: mean('y') } },
      ],
      edges,
      blocks: { ...graph.blocks, [name]: block },
    },
  };
}
