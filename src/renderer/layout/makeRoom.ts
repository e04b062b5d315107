import type { GraphNode } from '../../graph/index.js';
import {
  axesOf,
  boxOf,
  defaultNodeSize,
  type Box,
  type LayoutDirection,
  type Size,
} from './geometry.js';
import { regionOf, stageBoxId, stageBoxPosition, stageOf, stagesOf } from './stages.js';

/** A box on the canvas: a layer, or a collapsed stage's box standing for its layers. */
export interface ShownBox extends Box {
  id: string;
  /** The layers it stands for: itself, or a collapsed stage's. */
  members: readonly string[];
}

/** What the canvas shows: the layers of open stages, and one box per collapsed stage. */
export function shownBoxes(
  nodes: readonly GraphNode[],
  collapsed: ReadonlySet<string>,
  direction: LayoutDirection,
  sizes: Readonly<Record<string, Size>> = {},
): ShownBox[] {
  const stages = stagesOf(nodes);
  const out: ShownBox[] = [];
  const done = new Set<string>();
  for (const n of nodes) {
    const stage = stageOf(n.id);
    const members = collapsed.has(stage) ? stages.get(stage) : undefined;
    if (!members) {
      out.push({ id: n.id, members: [n.id], ...boxOf(n.position, sizes[n.id] ?? defaultNodeSize) });
    } else if (!done.has(stage)) {
      done.add(stage);
      const region = regionOf(nodes, new Set(members), sizes)!;
      out.push({ id: stageBoxId(stage), members, ...boxOf(stageBoxPosition(region, direction)) });
    }
  }
  return out;
}

/** How boxes are moved: the flow's direction, the stages collapsed, measured sizes, layers kept. */
export interface MoveOptions {
  direction: LayoutDirection;
  collapsed?: ReadonlySet<string>;
  sizes?: Readonly<Record<string, Size>>;
  keep?: ReadonlySet<string>;
}

/**
 * Opens `by` pixels of room after `at` along the flow (or closes it, when negative): every box
 * shown that starts further along than `at` and shares a stretch of its column (row) moves on by
 * `by`, a collapsed stage with all its layers. Layers in `keep` stay. Only moved nodes are new
 * objects.
 */
export function makeRoom(
  nodes: readonly GraphNode[],
  at: Box,
  by: number,
  options: MoveOptions,
): GraphNode[] {
  const { direction, collapsed = new Set(), sizes = {}, keep = new Set() } = options;
  if (by === 0) return [...nodes];
  const { main, cross, crossSize } = axesOf(direction);
  const moving = new Set<string>();
  for (const b of shownBoxes(nodes, collapsed, direction, sizes)) {
    if (b[main] <= at[main] || b.members.some((id) => keep.has(id))) continue;
    if (b[cross] + b[crossSize] <= at[cross] || b[cross] >= at[cross] + at[crossSize]) continue;
    for (const id of b.members) moving.add(id);
  }
  return nodes.map((n) =>
    moving.has(n.id) ? { ...n, position: { ...n.position, [main]: n.position[main] + by } } : n,
  );
}

/**
 * Moves whole columns (rows) aside for `region`, which has grown across the flow from `was`: every
 * box shown that lies wholly past `was` moves on by what `region` reaches past it, every box wholly
 * before `was` back by what it reaches before it. Columns move whole, so they stay straight; boxes
 * in `was`'s own column, and layers in `keep`, stay. Only moved nodes are new objects.
 */
export function widenColumn(
  nodes: readonly GraphNode[],
  was: Box,
  region: Box,
  options: MoveOptions,
): GraphNode[] {
  const { direction, collapsed = new Set(), sizes = {}, keep = new Set() } = options;
  const { cross, crossSize } = axesOf(direction);
  const before = Math.max(0, was[cross] - region[cross]);
  const after = Math.max(0, region[cross] + region[crossSize] - (was[cross] + was[crossSize]));
  if (before === 0 && after === 0) return [...nodes];
  const shift = new Map<string, number>();
  for (const b of shownBoxes(nodes, collapsed, direction, sizes)) {
    if (b.members.some((id) => keep.has(id))) continue;
    const by =
      b[cross] >= was[cross] + was[crossSize]
        ? after
        : b[cross] + b[crossSize] <= was[cross]
          ? -before
          : 0;
    if (by !== 0) for (const id of b.members) shift.set(id, by);
  }
  return nodes.map((n) => {
    const by = shift.get(n.id);
    return by === undefined
      ? n
      : { ...n, position: { ...n.position, [cross]: n.position[cross] + by } };
  });
}
