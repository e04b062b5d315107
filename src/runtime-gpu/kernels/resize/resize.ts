import { uniformWords, type KernelCall } from '../../kernel.js';
import { flatCall, read, write } from '../flat.js';
import { resizeBilinearWgsl } from './resize.wgsl.js';

/** A batch [n, c, h, w] resized to [n, c, outH, outW]. */
export interface ResizeDims {
  n: number;
  c: number;
  h: number;
  w: number;
  outH: number;
  outW: number;
}

export function checkResizeDims(d: ResizeDims): void {
  for (const [k, v] of Object.entries(d)) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`resize: ${k} must be ≥ 1, got ${v}`);
  }
}

/**
 * y = interpolate(x, size=(outH, outW), mode='bilinear', align_corners=False, antialias=False).
 * PyTorch derives the scale in float32 as in/out; so does this. d2l resizes differently: with
 * torchvision's Resize on PIL images (antialiased, before ToTensor), so its pixels differ
 * slightly from these, which match F.interpolate on float tensors.
 */
export function resizeBilinear(
  t: { x: string; y: string },
  d: ResizeDims,
  label = 'resize.bilinear',
): KernelCall[] {
  checkResizeDims(d);
  const total = d.n * d.c * d.outH * d.outW;
  const uniforms = uniformWords(
    [total, d.h, d.w, d.outH, d.outW, d.h / d.outH, d.w / d.outW],
    new Set([5, 6]),
  );
  return [flatCall(label, resizeBilinearWgsl, [read(t.x), write(t.y)], uniforms, total)];
}
