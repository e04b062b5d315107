import type { Graph } from './graph.js';
import { isLayerKind, layerOf } from './layers/index.js';
import type { Params } from './params.js';

/** Test support: a graph from `[id, kind, params]` nodes and `[source, target, port?]` edges. */
export function graphOf(
  nodes: [id: string, kind: string, params?: Record<string, unknown>][],
  edges: [source: string, target: string, port?: number][],
): Graph {
  return {
    meta: { name: 'test' },
    nodes: nodes.map(([id, kind, params = {}], i) => ({
      id,
      kind,
      // Known kinds get their defaults, so a test names only the params it is about.
      params: { ...(isLayerKind(kind) ? layerOf(kind).defaults : {}), ...params } as Params,
      position: { x: 0, y: 100 * i },
    })),
    edges: edges.map(([source, target, targetPort = 0]) => ({
      id: `${source}->${target}:${targetPort}`,
      source,
      target,
      targetPort,
    })),
  };
}

/** An Input of `c×h×w` followed by a chain of `[id, kind, params]` layers. */
export function chainOf(
  [c, h, w]: [number, number, number],
  steps: [id: string, kind: string, params?: Record<string, unknown>][],
): Graph {
  const nodes: Parameters<typeof graphOf>[0] = [
    ['input', 'Input', { channels: c, height: h, width: w }],
    ...steps,
  ];
  return graphOf(
    nodes,
    nodes.slice(1).map(([id], i) => [nodes[i]![0], id]),
  );
}
