import {
  analyze,
  summaryOf,
  type Analysis,
  type BlockDef,
  type GraphEdge,
  type GraphNode,
  type Problem,
  type Summary,
} from '../../graph/index.js';
import type { EditorState } from './types.js';

/** Moving a node makes a new node object but changes nothing analyze() reads. */
const sameStructure = (a: readonly GraphNode[], b: readonly GraphNode[]): boolean =>
  a.length === b.length &&
  a.every((n, i) => {
    const m = b[i]!;
    return n === m || (n.id === m.id && n.kind === m.kind && n.params === m.params);
  });

type Blocks = Record<string, BlockDef>;

let last: {
  nodes: readonly GraphNode[];
  edges: readonly GraphEdge[];
  blocks: Blocks;
  analysis: Analysis;
} | null = null;

/** analyze() of the current graph, recomputed only when its structure or parameters change. */
export function analysisOf(nodes: GraphNode[], edges: GraphEdge[], blocks: Blocks): Analysis {
  // Every node's selectors call this on every store update: the common case must be O(1).
  if (last && last.nodes === nodes && last.edges === edges && last.blocks === blocks) {
    return last.analysis;
  }
  if (last && last.edges === edges && last.blocks === blocks && sameStructure(last.nodes, nodes)) {
    last = { ...last, nodes };
    return last.analysis;
  }
  const analysis = analyze({ nodes, edges, meta: { name: '' }, blocks });
  last = { nodes, edges, blocks, analysis };
  return analysis;
}

export const selectAnalysis = (s: EditorState): Analysis => analysisOf(s.nodes, s.edges, s.blocks);

const summaries = new WeakMap<Analysis, Summary>();
export function selectSummary(s: EditorState): Summary {
  const analysis = selectAnalysis(s);
  let summary = summaries.get(analysis);
  if (!summary) {
    summary = summaryOf(analysis);
    summaries.set(analysis, summary);
  }
  return summary;
}

/** Problems per node id, for node faces; the same Map object until the analysis changes. */
const byNode = new WeakMap<Analysis, Map<string, Problem[]>>();
export function problemsByNode(analysis: Analysis): Map<string, Problem[]> {
  let map = byNode.get(analysis);
  if (!map) {
    map = new Map();
    for (const p of analysis.problems) {
      if (p.nodeId === undefined) continue;
      map.set(p.nodeId, [...(map.get(p.nodeId) ?? []), p]);
    }
    byNode.set(analysis, map);
  }
  return map;
}
