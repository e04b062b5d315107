import { defaultNodeSize, type Size } from '../layout/geometry.js';

/** The canvas's size on screen, which a new layout is made to fill; a laptop's before it exists. */
export function canvasSize(): Size {
  const rect =
    typeof document === 'undefined'
      ? undefined
      : document.querySelector('.canvas')?.getBoundingClientRect();
  return rect && rect.width > defaultNodeSize.width && rect.height > defaultNodeSize.height
    ? { width: rect.width, height: rect.height }
    : { width: 1100, height: 760 };
}
