import type { Analysis, Graph, GraphEdge, GraphNode } from '../../graph/index.js';
import { layoutStage, shiftToBox } from '../layout/autoLayout.js';
import {
  axesOf,
  boundsOf,
  boxOf,
  defaultNodeSize,
  type LayoutDirection,
  type Size,
} from '../layout/geometry.js';
import { makeRoom, widenColumn } from '../layout/makeRoom.js';
import { edgeId } from './ids.js';

/**
 * Replaces composite nodes by the primitive layers they stand for, as ordinary editable nodes
 * named by their weight-key paths (e.g. `b2.0.conv1`), so trained weights keep their names.
 * Blocks whose shapes could not be inferred are left as they are. The layers take the block's
 * position; `replaceWithLayers` lays them out.
 */
export function expandBlocks(graph: Graph, analysis: Analysis, ids: ReadonlySet<string>): Graph {
  const expanded = new Set([...ids].filter((id) => (analysis.nodes.get(id)?.ops.length ?? 0) > 1));
  if (expanded.size === 0) return graph;
  const taken = new Set(graph.nodes.map((n) => n.id));
  // A block's output is its last op; edges from the block now leave from there.
  const outputOf = (id: string) =>
    expanded.has(id) ? analysis.nodes.get(id)!.ops.at(-1)!.name : id;
  // An op input names an op; outside an expanded block that op's node is what the graph has.
  const opNode = new Map(analysis.ops.map((o) => [o.name, o.nodeId]));
  const sourceOf = (opName: string) => {
    const nodeId = opNode.get(opName)!;
    return expanded.has(nodeId) ? opName : nodeId;
  };

  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const node of graph.nodes) {
    if (!expanded.has(node.id)) {
      nodes.push(node);
      continue;
    }
    for (const op of analysis.nodes.get(node.id)!.ops) {
      if (taken.has(op.name)) throw new Error(`expanding ${node.id} would reuse the id ${op.name}`);
      nodes.push({ id: op.name, kind: op.kind, params: op.params, position: node.position });
      op.inputs.forEach((input, port) => {
        const source = sourceOf(input);
        edges.push({ id: edgeId(source, op.name), source, target: op.name, targetPort: port });
      });
    }
  }
  for (const e of graph.edges) {
    if (expanded.has(e.target)) continue;
    const source = outputOf(e.source);
    edges.push({ ...e, id: source === e.source ? e.id : edgeId(source, e.target), source });
  }
  return { ...graph, nodes, edges };
}

/**
 * The graph with block `id` replaced by its layers, laid out where the block was (centred on it,
 * starting where it started); what followed it in its column moves on to make room, and the
 * columns beside it move aside where the layers are wider than the block was.
 */
export async function blockReplacedByLayers(
  graph: Graph,
  analysis: Analysis,
  id: string,
  options: {
    direction: LayoutDirection;
    sizes: Readonly<Record<string, Size>>;
    collapsed: ReadonlySet<string>;
  },
): Promise<Graph> {
  const block = graph.nodes.find((n) => n.id === id);
  const ops = analysis.nodes.get(id)?.ops ?? [];
  if (!block || ops.length <= 1) return graph;
  const { direction, sizes, collapsed } = options;
  const axes = axesOf(direction);
  const flat = expandBlocks(graph, analysis, new Set([id]));
  const ids = new Set(ops.map((o) => o.name));
  const inner = await layoutStage(
    flat.nodes.filter((n) => ids.has(n.id)),
    flat.edges,
    direction,
  );
  shiftToBox(inner, ids, block.position, axes);
  const placed = flat.nodes.map((n) => (ids.has(n.id) ? { ...n, position: inner.get(n.id)! } : n));
  const region = boundsOf([...inner.values()].map((p) => boxOf(p)))!;
  const was = boxOf(block.position, sizes[id] ?? defaultNodeSize);
  // Across the flow the layers may be wider than the block was (a shortcut beside the main path).
  const at = { ...region, [axes.main]: was[axes.main], [axes.mainSize]: was[axes.mainSize] };
  const room = region[axes.mainSize] - was[axes.mainSize];
  const moving = { direction, collapsed, sizes, keep: ids };
  const nodes = widenColumn(makeRoom(placed, at, room, moving), was, region, moving);
  return { ...flat, nodes };
}
