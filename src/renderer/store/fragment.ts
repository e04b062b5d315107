import type { GraphEdge, GraphNode } from '../../graph/index.js';
import { edgeId, freshNodeId } from './ids.js';

/** Copied layers and the connections among them. */
export interface Fragment {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** The chosen nodes and only the edges that run between two of them. */
export function cutFragment(
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
  ids: ReadonlySet<string>,
): Fragment {
  return {
    nodes: nodes.filter((n) => ids.has(n.id)),
    edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
  };
}

/** A copy of a fragment with fresh ids (not in `taken`), moved by `offset`, ready to add. */
export function renameFragment(
  fragment: Fragment,
  taken: ReadonlySet<string>,
  offset: { x: number; y: number },
): Fragment {
  const used = new Set(taken);
  const rename = new Map<string, string>();
  const nodes = fragment.nodes.map((n) => {
    const id = freshNodeId(n.kind, used);
    used.add(id);
    rename.set(n.id, id);
    return {
      ...n,
      id,
      params: structuredClone(n.params),
      position: { x: n.position.x + offset.x, y: n.position.y + offset.y },
    };
  });
  const edges = fragment.edges.map((e) => {
    const source = rename.get(e.source)!;
    const target = rename.get(e.target)!;
    return { ...e, id: edgeId(source, target), source, target };
  });
  return { nodes, edges };
}
