import type { ResizeDims } from '../kernels/resize/resize.js';

/** Float64 reference of bilinear resize with align_corners=False (PyTorch's formula). */
export function resizeBilinear(x: ArrayLike<number>, d: ResizeDims): Float64Array {
  const taps = (size: number, out: number) =>
    Array.from({ length: out }, (_, o) => {
      const s = Math.max((size / out) * (o + 0.5) - 0.5, 0);
      const i0 = Math.min(Math.floor(s), size - 1);
      return { i0, i1: Math.min(i0 + 1, size - 1), t: s - i0 };
    });
  const rows = taps(d.h, d.outH);
  const cols = taps(d.w, d.outW);
  const y = new Float64Array(d.n * d.c * d.outH * d.outW);
  for (let plane = 0; plane < d.n * d.c; plane++) {
    const at = (iy: number, ix: number) => x[(plane * d.h + iy) * d.w + ix]!;
    rows.forEach((r, oy) => {
      cols.forEach((c, ox) => {
        const top = (1 - c.t) * at(r.i0, c.i0) + c.t * at(r.i0, c.i1);
        const bottom = (1 - c.t) * at(r.i1, c.i0) + c.t * at(r.i1, c.i1);
        y[(plane * d.outH + oy) * d.outW + ox] = (1 - r.t) * top + r.t * bottom;
      });
    });
  }
  return y;
}
