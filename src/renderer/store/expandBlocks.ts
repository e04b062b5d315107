import type { Analysis, Graph, GraphEdge, GraphNode } from '../../graph/index.js';
import { edgeId } from './ids.js';

/**
 * Replaces composite nodes by the primitive layers they stand for, as ordinary editable nodes
 * named by their weight-key paths (e.g. `b2.0.conv1`), so trained weights keep their names.
 * Blocks whose shapes could not be inferred are left as they are.
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
    analysis.nodes.get(node.id)!.ops.forEach((op, i) => {
      if (taken.has(op.name)) throw new Error(`expanding ${node.id} would reuse the id ${op.name}`);
      nodes.push({
        id: op.name,
        kind: op.kind,
        params: op.params,
        position: { x: node.position.x + 24 * i, y: node.position.y + 24 * i },
      });
      op.inputs.forEach((input, port) => {
        const source = sourceOf(input);
        edges.push({ id: edgeId(source, op.name), source, target: op.name, targetPort: port });
      });
    });
  }
  for (const e of graph.edges) {
    if (expanded.has(e.target)) continue;
    const source = outputOf(e.source);
    edges.push({ ...e, id: source === e.source ? e.id : edgeId(source, e.target), source });
  }
  return { ...graph, nodes, edges };
}
