/** Sizes and boxes in canvas coordinates (pixels at zoom 1); no DOM. */
export interface Position {
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

export type Box = Position & Size;

/** Which way data flows: down each column, or right along each row. */
export type LayoutDirection = 'DOWN' | 'RIGHT';

/** Size of a node not yet measured on screen; the node's CSS gives it this width. */
export const defaultNodeSize: Size = { width: 200, height: 84 };

/** Space between a layer and the next along the flow. */
export const flowGap = 48;
/** Space between side-by-side branches. */
export const branchGap = 32;
/** Space between wrapped columns (rows), wide enough for the edge that wraps round. */
export const wrapGap = 96;

export const boxOf = (p: Position, size: Size = defaultNodeSize): Box => ({ ...p, ...size });

/** The smallest box holding all of `boxes`; null for none. */
export function boundsOf(boxes: readonly Box[]): Box | null {
  if (boxes.length === 0) return null;
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const b of boxes) {
    x0 = Math.min(x0, b.x);
    y0 = Math.min(y0, b.y);
    x1 = Math.max(x1, b.x + b.width);
    y1 = Math.max(y1, b.y + b.height);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

export const overlaps = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * The flow axis and the axis across it for a direction, so that one piece of code lays out
 * columns (DOWN) and rows (RIGHT): `main` runs along the flow, `cross` across it.
 */
export interface Axes {
  main: 'x' | 'y';
  cross: 'x' | 'y';
  mainSize: 'width' | 'height';
  crossSize: 'width' | 'height';
}

export const axesOf = (direction: LayoutDirection): Axes =>
  direction === 'DOWN'
    ? { main: 'y', cross: 'x', mainSize: 'height', crossSize: 'width' }
    : { main: 'x', cross: 'y', mainSize: 'width', crossSize: 'height' };

/**
 * Where a new box of `size` can go at `at` (its centre) without covering any of `boxes`: there,
 * or the first free place further down.
 */
export function freeSpot(
  boxes: readonly Box[],
  at: Position,
  size: Size = defaultNodeSize,
): Position {
  const place = { x: at.x - size.width / 2, y: at.y - size.height / 2, ...size };
  for (let tries = 0; tries < 1000; tries++) {
    const hit = boxes.find((b) => overlaps(b, place));
    if (!hit) break;
    place.y = hit.y + hit.height + branchGap;
  }
  return { x: place.x, y: place.y };
}

/**
 * The boxes grouped by the column (row, flowing right) they stand in: boxes whose stretches across
 * the flow overlap, directly or through others, share one. Groups in the order of their first box.
 */
export function byColumn<T extends Box>(boxes: readonly T[], direction: LayoutDirection): T[][] {
  const { cross, crossSize } = axesOf(direction);
  const groups: { lo: number; hi: number; boxes: T[] }[] = [];
  for (const b of boxes) {
    const lo = b[cross];
    const hi = lo + b[crossSize];
    const hits = groups.filter((g) => lo < g.hi && g.lo < hi);
    if (hits.length === 0) {
      groups.push({ lo, hi, boxes: [b] });
      continue;
    }
    // A box that bridges two groups joins them into the first.
    const [first, ...rest] = hits;
    first!.lo = Math.min(first!.lo, lo, ...rest.map((g) => g.lo));
    first!.hi = Math.max(first!.hi, hi, ...rest.map((g) => g.hi));
    first!.boxes.push(...rest.flatMap((g) => g.boxes), b);
    for (const g of rest) groups.splice(groups.indexOf(g), 1);
  }
  return groups.map((g) => g.boxes);
}
