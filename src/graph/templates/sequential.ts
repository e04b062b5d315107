import type { Graph, GraphNode } from '../graph.js';
import type { Layer } from '../layer.js';
import type { Params } from '../params.js';
import { input } from '../layers/index.js';

export type Step = [id: string, layer: Layer, params: object];

/** A chain of layers after an Input, laid out top to bottom. */
export function sequentialGraph(
  name: string,
  description: string,
  image: { channels: number; height: number; width: number },
  steps: Step[],
): Graph {
  const all: Step[] = [['input', input as unknown as Layer, image], ...steps];
  const nodes: GraphNode[] = all.map(([id, layer, params], i) => ({
    id,
    kind: layer.kind,
    params: { ...layer.defaults, ...params } as Params,
    position: { x: 0, y: i * 100 },
  }));
  const edges = nodes.slice(1).map((n, i) => ({
    id: `${nodes[i]!.id}->${n.id}`,
    source: nodes[i]!.id,
    target: n.id,
    targetPort: 0,
  }));
  return { nodes, edges, meta: { name, description } };
}
