import type { Analysis } from '../../graph/index.js';

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
