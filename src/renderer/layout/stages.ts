import type { GraphNode } from '../../graph/index.js';
import {
  axesOf,
  boundsOf,
  boxOf,
  defaultNodeSize,
  type Box,
  type LayoutDirection,
  type Position,
  type Size,
} from './geometry.js';

/**
 * A stage is what d2l's networks call b1, b2, …: the layers whose ids share the part before the
 * first dot (`b2.0`, `b2.1`). An id without a dot is a stage of its own.
 */
export const stageOf = (id: string): string => {
  const dot = id.indexOf('.');
  return dot < 0 ? id : id.slice(0, dot);
};

/** Stages of two or more layers, in the order their first layer appears; members in node order. */
export function stagesOf(nodes: readonly GraphNode[]): Map<string, string[]> {
  const all = new Map<string, string[]>();
  for (const n of nodes) {
    const name = stageOf(n.id);
    const members = all.get(name);
    if (members) members.push(n.id);
    else all.set(name, [n.id]);
  }
  for (const [name, members] of all) if (members.length < 2) all.delete(name);
  return all;
}

/** The flow id of a collapsed stage's box; `:` cannot occur in a node id. */
export const stageBoxId = (stage: string): string => `stage:${stage}`;

/**
 * Where a collapsed stage's box sits: where its layers start along the flow, centred across it
 * on them. `region` is the box round the stage's layers.
 */
export function stageBoxPosition(region: Box, direction: LayoutDirection): Position {
  const { main, cross, crossSize } = axesOf(direction);
  const at = region[cross] + (region[crossSize] - defaultNodeSize[crossSize]) / 2;
  return (main === 'y' ? { x: at, y: region.y } : { x: region.x, y: at }) as Position;
}

/** The box round the layers `ids`, by their positions and sizes; null for none. */
export function regionOf(
  nodes: readonly GraphNode[],
  ids: ReadonlySet<string>,
  sizes: Readonly<Record<string, Size>> = {},
): Box | null {
  return boundsOf(
    nodes
      .filter((n) => ids.has(n.id))
      .map((n) => boxOf(n.position, sizes[n.id] ?? defaultNodeSize)),
  );
}
