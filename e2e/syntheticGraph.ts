import {
  add,
  batchNorm2d,
  conv2d,
  flatten,
  globalAvgPool2d,
  input,
  linear,
  relu,
  type Graph,
  type GraphEdge,
  type GraphNode,
} from '../src/graph/index.js';

type LayerRef = { kind: string; defaults: object };

/**
 * A residual stack of `blocks` × (conv, BN, ReLU, add) after an Input and before a
 * GAP/Flatten/Linear head: 4·blocks + 4 nodes, e.g. 124 blocks → 500 nodes.
 */
export function syntheticGraph(blocks: number): Graph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const put = (id: string, layer: LayerRef, params: object, inputs: string[]) => {
    nodes.push({
      id,
      kind: layer.kind,
      params: { ...layer.defaults, ...params } as GraphNode['params'],
      position: { x: 0, y: nodes.length * 100 },
    });
    inputs.forEach((source, port) =>
      edges.push({ id: `${source}->${id}`, source, target: id, targetPort: port }),
    );
  };
  put('input', input, { channels: 16, height: 32, width: 32 }, []);
  let last = 'input';
  for (let b = 0; b < blocks; b++) {
    put(`conv${b}`, conv2d, { out_channels: 16, padding: [1, 1] }, [last]);
    put(`bn${b}`, batchNorm2d, {}, [`conv${b}`]);
    put(`relu${b}`, relu, {}, [`bn${b}`]);
    put(`add${b}`, add, {}, [`relu${b}`, last]);
    last = `add${b}`;
  }
  put('gap', globalAvgPool2d, {}, [last]);
  put('flatten', flatten, {}, ['gap']);
  put('fc', linear, { out_features: 10 }, ['flatten']);
  return { nodes, edges, meta: { name: `Synthetic ${nodes.length}-node graph` } };
}
