import ELK from 'elkjs/lib/elk.bundled.js';
import type { GraphEdge, GraphNode } from '../../graph/index.js';
import {
  axesOf,
  branchGap,
  defaultNodeSize,
  flowGap,
  wrapGap,
  type Axes,
  type LayoutDirection,
  type Position,
  type Size,
} from './geometry.js';
import { stageBoxId, stageOf, stagesOf } from './stages.js';

export interface LayoutOptions {
  direction?: LayoutDirection;
  /**
   * The area the graph should fill (the canvas, in pixels): a long network wraps into as many
   * columns (rows, flowing right) as show it largest there, up to 100% zoom.
   */
  fit?: Size;
  /** Measured node sizes; others are `defaultNodeSize`. */
  sizes?: Readonly<Record<string, Size>>;
  /** Stages drawn as one box (`stageBoxId`, of `defaultNodeSize`); their layers stack at it. */
  collapsed?: ReadonlySet<string>;
}

/** Where nothing says otherwise: a laptop canvas. */
const defaultFit: Size = { width: 1100, height: 760 };
/** fitView leaves this much of the canvas round the graph. */
const fitMargin = 0.9;

const elk = new ELK();

/** An item to place: a node, or a collapsed stage's box. */
interface Item {
  id: string;
  size: Size;
  stage: string;
}

/** Items that must stay together (branches that rejoin), placed relative to their corner. */
interface Unit {
  items: Item[];
  stage: string;
  /** Extent along the flow (main) and across it (cross). */
  main: number;
  cross: number;
  /** Each item's offset inside the unit, in (cross, main) coordinates. */
  offsets: Map<string, { cross: number; main: number }>;
}

/**
 * Positions for every node so that none overlap. Data flows down (or right); a long network
 * wraps into columns side by side, cut only where one tensor passes on (never through a residual
 * or inception block) and preferably between stages, in the number of columns that shows it
 * largest in `fit`. Pure: no DOM, so the CLI can lay out imported graphs too.
 */
export async function autoLayout(
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
  options: LayoutOptions = {},
): Promise<Map<string, Position>> {
  const direction = options.direction ?? 'DOWN';
  const axes = axesOf(direction);
  const sizes = options.sizes ?? {};
  const stages = stagesOf(nodes);
  const collapsed = new Set([...(options.collapsed ?? [])].filter((s) => stages.has(s)));
  const itemOf = (id: string) => (collapsed.has(stageOf(id)) ? stageBoxId(stageOf(id)) : id);

  const items = new Map<string, Item>();
  for (const n of nodes) {
    const id = itemOf(n.id);
    if (!items.has(id)) {
      const size = id === n.id ? (sizes[id] ?? defaultNodeSize) : defaultNodeSize;
      items.set(id, { id, size, stage: stageOf(n.id) });
    }
  }
  // Edges to missing nodes are a file problem analyze() reports; layout skips them.
  const links = uniqueLinks(
    edges
      .filter((e) => items.has(itemOf(e.source)) && items.has(itemOf(e.target)))
      .map((e) => [itemOf(e.source), itemOf(e.target)] as const)
      .filter(([s, t]) => s !== t),
  );

  const order = flowOrder([...items.keys()], links);
  const units = await Promise.all(
    unitsOf(order, links).map((ids) =>
      placeUnit(
        ids.map((id) => items.get(id)!),
        links,
        direction,
        axes,
      ),
    ),
  );
  const columns = bestColumns(units, axes, options.fit ?? defaultFit);

  const positions = new Map<string, Position>();
  let crossAt = 0;
  for (const column of columns) {
    const width = Math.max(...column.map((u) => u.cross));
    let mainAt = 0;
    for (const unit of column) {
      const left = crossAt + (width - unit.cross) / 2;
      for (const [id, o] of unit.offsets) {
        positions.set(id, point(axes, left + o.cross, mainAt + o.main));
      }
      mainAt += unit.main + flowGap;
    }
    crossAt += width + wrapGap;
  }

  // A collapsed stage's layers stack at its box, centred on it, ready to be expanded.
  const out = new Map<string, Position>();
  for (const n of nodes) if (positions.has(n.id)) out.set(n.id, positions.get(n.id)!);
  await Promise.all(
    [...collapsed].map(async (stage) => {
      const box = positions.get(stageBoxId(stage));
      if (!box) return;
      const members = nodes.filter((n) => stageOf(n.id) === stage);
      const inner = await layoutStage(members, edges, direction, sizes);
      for (const [id, p] of inner) out.set(id, p);
      shiftToBox(out, inner.keys(), box, axes, sizes);
    }),
  );
  return out;
}

/** Lays out one stage's layers in a single column (row), its corner at (0, 0). */
export async function layoutStage(
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
  direction: LayoutDirection,
  sizes: Readonly<Record<string, Size>> = {},
): Promise<Map<string, Position>> {
  const axes = axesOf(direction);
  const ids = new Set(nodes.map((n) => n.id));
  const links = uniqueLinks(
    edges
      .filter((e) => ids.has(e.source) && ids.has(e.target) && e.source !== e.target)
      .map((e) => [e.source, e.target] as const),
  );
  const order = flowOrder([...ids], links);
  const units = await Promise.all(
    unitsOf(order, links).map((unit) =>
      placeUnit(
        unit.map((id) => ({ id, size: sizes[id] ?? defaultNodeSize, stage: '' })),
        links,
        direction,
        axes,
      ),
    ),
  );
  const width = Math.max(0, ...units.map((u) => u.cross));
  const out = new Map<string, Position>();
  let mainAt = 0;
  for (const unit of units) {
    for (const [id, o] of unit.offsets) {
      out.set(id, point(axes, (width - unit.cross) / 2 + o.cross, mainAt + o.main));
    }
    mainAt += unit.main + flowGap;
  }
  return out;
}

/**
 * Moves the layers `ids` (laid out from (0, 0)) so that they sit where a box of the default node
 * size at `box` is: centred across the flow on it, starting where it starts.
 */
export function shiftToBox(
  positions: Map<string, Position>,
  ids: Iterable<string>,
  box: Position,
  axes: Axes,
  sizes: Readonly<Record<string, Size>> = {},
) {
  const list = [...ids].filter((id) => positions.has(id));
  if (list.length === 0) return;
  const crossOf = (id: string) => positions.get(id)![axes.cross];
  const extent = (id: string) => (sizes[id] ?? defaultNodeSize)[axes.crossSize];
  const lo = Math.min(...list.map(crossOf));
  const hi = Math.max(...list.map((id) => crossOf(id) + extent(id)));
  const mainLo = Math.min(...list.map((id) => positions.get(id)![axes.main]));
  const crossShift = box[axes.cross] + defaultNodeSize[axes.crossSize] / 2 - (lo + hi) / 2;
  const mainShift = box[axes.main] - mainLo;
  for (const id of list) {
    const p = positions.get(id)!;
    positions.set(id, {
      ...p,
      [axes.cross]: p[axes.cross] + crossShift,
      [axes.main]: p[axes.main] + mainShift,
    } as Position);
  }
}

const point = (axes: Axes, cross: number, main: number): Position =>
  axes.main === 'y' ? { x: cross, y: main } : { x: main, y: cross };

function uniqueLinks(pairs: Iterable<readonly [string, string]>): [string, string][] {
  const seen = new Set<string>();
  const out: [string, string][] = [];
  for (const [s, t] of pairs) {
    const key = `${s}\u0000${t}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push([s, t]);
  }
  return out;
}

/** Kahn's order, stable in the given order; what sits on a cycle follows in the given order. */
function flowOrder(ids: readonly string[], links: readonly [string, string][]): string[] {
  const pending = new Map(ids.map((id) => [id, 0]));
  const next = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const [s, t] of links) {
    pending.set(t, pending.get(t)! + 1);
    next.get(s)!.push(t);
  }
  const ready = ids.filter((id) => pending.get(id) === 0);
  const order: string[] = [];
  for (let i = 0; i < ready.length; i++) {
    const id = ready[i]!;
    order.push(id);
    for (const t of next.get(id)!) {
      const left = pending.get(t)! - 1;
      pending.set(t, left);
      if (left === 0) ready.push(t);
    }
  }
  const placed = new Set(order);
  return [...order, ...ids.filter((id) => !placed.has(id))];
}

/**
 * Splits the order where at most one earlier item feeds later ones: a column may end there, as
 * one edge wraps round. Everything between two such cuts (a block's branches) stays together.
 */
function unitsOf(order: readonly string[], links: readonly [string, string][]): string[][] {
  const index = new Map(order.map((id, i) => [id, i]));
  // live[i]: how many items before cut i feed items after it.
  const lastUse = new Map<string, number>();
  for (const [s, t] of links) {
    const [a, b] = [index.get(s)!, index.get(t)!];
    if (b > a) lastUse.set(s, Math.max(lastUse.get(s) ?? -1, b));
  }
  const starts = new Array<number>(order.length + 1).fill(0);
  for (const [s, last] of lastUse) {
    starts[index.get(s)! + 1]! += 1;
    starts[last + 1]! -= 1;
  }
  const units: string[][] = [];
  let current: string[] = [];
  let live = 0;
  order.forEach((id, i) => {
    live += starts[i]!;
    if (i > 0 && live <= 1) {
      units.push(current);
      current = [];
    }
    current.push(id);
  });
  if (current.length > 0) units.push(current);
  return units;
}

/** One unit's size and its items' offsets; elk places branches side by side. */
async function placeUnit(
  items: Item[],
  links: readonly [string, string][],
  direction: LayoutDirection,
  axes: Axes,
): Promise<Unit> {
  const stage = items[0]!.stage;
  if (items.length === 1) {
    const { id, size } = items[0]!;
    return {
      items,
      stage,
      main: size[axes.mainSize],
      cross: size[axes.crossSize],
      offsets: new Map([[id, { cross: 0, main: 0 }]]),
    };
  }
  const ids = new Set(items.map((i) => i.id));
  const laid = await elk.layout({
    id: 'unit',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': direction,
      'elk.layered.spacing.nodeNodeBetweenLayers': String(flowGap),
      'elk.spacing.nodeNode': String(branchGap),
      'elk.padding': '[top=0,left=0,bottom=0,right=0]',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      // Each layer as early as it can be: parallel branches start level, as a block is drawn.
      'elk.layered.layering.strategy': 'LONGEST_PATH_SOURCE',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    },
    children: items.map((i) => ({ id: i.id, ...i.size })),
    edges: links
      .filter(([s, t]) => ids.has(s) && ids.has(t))
      .map(([s, t], k) => ({ id: `e${k}`, sources: [s], targets: [t] })),
  });
  const offsets = new Map<string, { cross: number; main: number }>();
  let [cross, main] = [0, 0];
  for (const c of laid.children ?? []) {
    const p = { x: c.x ?? 0, y: c.y ?? 0 };
    const item = items.find((i) => i.id === c.id)!;
    offsets.set(c.id, { cross: p[axes.cross], main: p[axes.main] });
    cross = Math.max(cross, p[axes.cross] + item.size[axes.crossSize]);
    main = Math.max(main, p[axes.main] + item.size[axes.mainSize]);
  }
  return { items, stage, main, cross, offsets };
}

/**
 * Packs units into columns no longer than `limit` along the flow. By stage: a column breaks
 * between stages where a whole stage fits in it, and inside a stage (between its units) only
 * where it does not.
 */
function pack(units: readonly Unit[], limit: number, byStage: boolean): Unit[][] {
  const groups: Unit[][] = [];
  for (const u of units) {
    const last = groups.at(-1);
    if (byStage && last && last[0]!.stage === u.stage) last.push(u);
    else groups.push([u]);
  }
  const columns: Unit[][] = [];
  let current: Unit[] = [];
  let currentLength = 0;
  const add = (us: readonly Unit[]) => {
    const size = length(us);
    if (current.length > 0 && currentLength + flowGap + size > limit) {
      columns.push(current);
      current = [];
    }
    currentLength = current.length === 0 ? size : currentLength + flowGap + size;
    current.push(...us);
  };
  for (const group of groups) {
    if (length(group) <= limit) add(group);
    else for (const u of group) add([u]);
  }
  if (current.length > 0) columns.push(current);
  return columns;
}

const length = (us: readonly Unit[]) =>
  us.reduce((s, u) => s + u.main, 0) + flowGap * Math.max(0, us.length - 1);

/** Keeping stages whole is worth this much of the zoom. */
const stageBonus = 1.05;

/**
 * The packing that shows the graph largest in `fit`, trying every length a column can have.
 * 100% zoom is large enough; among packings that show it equally large, fewer columns, then
 * shorter (balanced) ones win.
 */
function bestColumns(units: readonly Unit[], axes: Axes, fit: Size): Unit[][] {
  if (units.length === 0) return [];
  const area = { width: fit.width * fitMargin, height: fit.height * fitMargin };
  let best: { columns: Unit[][]; score: number; main: number } | null = null;
  // The longest column of the best packing is some run of consecutive units: try each run's length.
  const prefix = [0];
  for (const u of units) prefix.push(prefix.at(-1)! + u.main + flowGap);
  const limits = new Set<number>();
  for (let i = 0; i < units.length; i++) {
    for (let j = i + 1; j <= units.length; j++) limits.add(prefix[j]! - prefix[i]! - flowGap);
  }
  for (const limit of limits) {
    for (const byStage of [true, false]) {
      const columns = pack(units, limit, byStage);
      const main = Math.max(...columns.map(length));
      const cross =
        columns.reduce((s, c) => s + Math.max(...c.map((u) => u.cross)), 0) +
        wrapGap * (columns.length - 1);
      const extent = { [axes.mainSize]: main, [axes.crossSize]: cross } as unknown as Size;
      const zoom = Math.min(1, area.width / extent.width, area.height / extent.height);
      const score = Math.min(1, zoom * (byStage ? stageBonus : 1));
      const better =
        !best ||
        score > best.score + 1e-9 ||
        (score > best.score - 1e-9 &&
          (columns.length < best.columns.length ||
            (columns.length === best.columns.length && main < best.main)));
      if (better) best = { columns, score, main };
    }
  }
  return best!.columns;
}

export const withPositions = (
  nodes: readonly GraphNode[],
  positions: ReadonlyMap<string, Position>,
): GraphNode[] => nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position }));
