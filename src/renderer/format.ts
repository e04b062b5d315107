import { formatShape, type Category, type Shape } from '../graph/index.js';

/** The CSS class that colours a layer by its palette category: `category-my-blocks`. */
export const categoryClass = (c: Category): string =>
  `category-${c.toLowerCase().replaceAll(' ', '-')}`;

/** 11689512 → "11.69M", 4800 → "4.8K": short enough for a node face. */
export function compactCount(n: number): string {
  if (n < 1000) return String(n);
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  const [size, unit] = units.find(([s]) => n >= s)!;
  return `${Number((n / size).toPrecision(4))}${unit}`;
}

// One formatter: toLocaleString makes a new one on every call, which shows in big graphs' edits.
const thousands = new Intl.NumberFormat('en-US');

/** Exact counts with thousands separators, as torchinfo prints them. */
export const groupedCount = (n: number): string => thousands.format(n);

export function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${i === 0 ? n : n.toFixed(n < 10 ? 2 : 1)} ${units[i]}`;
}

export const shapeText = (shape: Shape | undefined): string => (shape ? formatShape(shape) : '?');
