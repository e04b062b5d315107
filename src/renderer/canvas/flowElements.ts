import type { Edge, Node } from '@xyflow/react';
import type { Analysis, GraphEdge, GraphNode } from '../../graph/index.js';

/** Above this many nodes, only the visible ones are rendered. */
export const largeGraph = 150;

export type LayerData = { node: GraphNode };
export type LayerFlowNode = Node<LayerData, 'layer'>;
export type LayerFlowEdge = Edge<{ problem?: string }, 'checked'>;

interface NodeView {
  selected: boolean;
  measured: { width: number; height: number } | undefined;
  position: { x: number; y: number };
}

/**
 * React Flow nodes for the graph. A node object is reused while nothing it shows changes,
 * so React Flow and the memoised node component skip it.
 */
export function createFlowNodeMapper() {
  let cache = new Map<string, { source: GraphNode; view: NodeView; flow: LayerFlowNode }>();
  return (
    nodes: readonly GraphNode[],
    selected: ReadonlySet<string>,
    measured: Readonly<Record<string, { width: number; height: number }>>,
    dragging: Readonly<Record<string, { x: number; y: number }>>,
  ): LayerFlowNode[] => {
    const next = new Map<string, { source: GraphNode; view: NodeView; flow: LayerFlowNode }>();
    const out = nodes.map((node) => {
      const view: NodeView = {
        selected: selected.has(node.id),
        measured: measured[node.id],
        position: dragging[node.id] ?? node.position,
      };
      const old = cache.get(node.id);
      const same =
        old !== undefined &&
        old.source === node &&
        old.view.selected === view.selected &&
        old.view.measured === view.measured &&
        old.view.position === view.position;
      const flow: LayerFlowNode = same
        ? old.flow
        : {
            id: node.id,
            type: 'layer',
            position: view.position,
            data: { node },
            selected: view.selected,
            ...(view.measured ? { measured: view.measured } : {}),
          };
      next.set(node.id, { source: node, view, flow });
      return flow;
    });
    cache = next;
    return out;
  };
}

/** React Flow edges, red with the message where analyze() found a problem; reused while unchanged. */
export function createFlowEdgeMapper() {
  let cache = new Map<GraphEdge, LayerFlowEdge>();
  return (
    edges: readonly GraphEdge[],
    selected: ReadonlySet<string>,
    analysis: Analysis,
  ): LayerFlowEdge[] => {
    const problems = new Map<string, string>();
    for (const p of analysis.problems) {
      if (p.edgeId !== undefined) problems.set(p.edgeId, p.message);
    }
    // A one-input layer with several inputs is wrong on every edge into it.
    for (const p of analysis.problems) {
      if (p.code !== 'needsOneInput' && p.code !== 'inputHasInputs') continue;
      for (const e of edges) if (e.target === p.nodeId) problems.set(e.id, p.message);
    }
    const next = new Map<GraphEdge, LayerFlowEdge>();
    const out = edges.map((e) => {
      const problem = problems.get(e.id);
      const isSelected = selected.has(e.id);
      const old = cache.get(e);
      const flow: LayerFlowEdge =
        old && old.selected === isSelected && old.data?.problem === problem
          ? old
          : {
              id: e.id,
              source: e.source,
              target: e.target,
              type: 'checked',
              selected: isSelected,
              data: problem === undefined ? {} : { problem },
              ...(problem === undefined ? {} : { className: 'invalid' }),
            };
      next.set(e, flow);
      return flow;
    });
    cache = next;
    return out;
  };
}
