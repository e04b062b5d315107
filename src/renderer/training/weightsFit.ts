import type { Analysis } from '../../graph/index.js';
import { selectAnalysis } from '../store/analysis.js';
import type { EditorState } from '../store/types.js';

export interface WeightMismatch {
  nodeId: string;
  key: string;
  /** The checkpoint's shape, or null when the checkpoint lacks this weight. */
  had: number[] | null;
  needs: number[];
}

/**
 * Which weights of the current graph a checkpoint (its tensor shapes by key) cannot fill after
 * an edit: missing keys and changed shapes, by the node that owns them.
 */
export function weightMismatches(
  analysis: Analysis,
  shapes: Readonly<Record<string, readonly number[]>>,
): WeightMismatch[] {
  const out: WeightMismatch[] = [];
  for (const op of analysis.ops) {
    for (const w of op.weights) {
      const key = `${op.name}.${w.name}`;
      const had = shapes[key];
      if (had && had.join() === w.shape.join()) continue;
      out.push({ nodeId: op.nodeId, key, had: had ? [...had] : null, needs: [...w.shape] });
    }
  }
  return out;
}

const unfitCache = new WeakMap<Analysis, { shapes: object; nodes: ReadonlySet<string> }>();
const none: ReadonlySet<string> = new Set();

/** Ids of the nodes whose weights the last checkpoint cannot fill; the same Set until either changes. */
export function selectUnfitNodes(s: EditorState): ReadonlySet<string> {
  const shapes = s.training.checkpoint?.shapes;
  if (!shapes) return none;
  const analysis = selectAnalysis(s);
  const cached = unfitCache.get(analysis);
  if (cached && cached.shapes === shapes) return cached.nodes;
  const nodes = new Set(weightMismatches(analysis, shapes).map((m) => m.nodeId));
  unfitCache.set(analysis, { shapes, nodes });
  return nodes;
}
