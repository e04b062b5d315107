import ELK from 'elkjs/lib/elk.bundled.js';
import type { GraphEdge, GraphNode } from '../../graph/index.js';
import type { LayoutDirection } from '../store/uiSlice.js';

/** Size of a node not yet measured on screen; the node's CSS gives it this width. */
export const defaultNodeSize = { width: 200, height: 84 };

const elk = new ELK();

/** Layered (Sugiyama) positions for every node so that none overlap, flowing in `direction`. */
export async function autoLayout(
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
  direction: LayoutDirection,
  sizes: Readonly<Record<string, { width: number; height: number }>> = {},
): Promise<Map<string, { x: number; y: number }>> {
  const ids = new Set(nodes.map((n) => n.id));
  const laid = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': direction,
      'elk.layered.spacing.nodeNodeBetweenLayers': '48',
      'elk.spacing.nodeNode': '32',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    },
    children: nodes.map((n) => ({ id: n.id, ...(sizes[n.id] ?? defaultNodeSize) })),
    // Edges to missing nodes are a file problem analyze() reports; layout skips them.
    edges: edges
      .filter((e) => ids.has(e.source) && ids.has(e.target) && e.source !== e.target)
      .map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  });
  return new Map((laid.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]));
}

export const withPositions = (
  nodes: readonly GraphNode[],
  positions: ReadonlyMap<string, { x: number; y: number }>,
): GraphNode[] => nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position }));
