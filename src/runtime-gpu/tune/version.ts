import {
  conv2dBackwardData,
  conv2dBackwardFilter,
  conv2dForward,
} from '../kernels/conv2d/conv2d.js';
import type { Conv2dDims } from '../kernels/conv2d/dims.js';
import { convVariants, type ConvVariant } from '../kernels/conv2d/variants.js';

/** 64-bit FNV-1a of a string, as 16 hex digits. */
export function fnv1a64(text: string): string {
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = (1n << 64n) - 1n;
  for (let i = 0; i < text.length; i++) {
    h = ((h ^ BigInt(text.charCodeAt(i))) * prime) & mask;
  }
  return h.toString(16).padStart(16, '0');
}

/**
 * Layers on which every variant generates all of its code (split-K partials and their reduce
 * included: few output tiles and a long reduction), with bias and a fused activation.
 */
const probes: Conv2dDims[] = [
  {
    n: 1,
    cin: 512,
    h: 3,
    w: 3,
    cout: 64,
    kh: 3,
    kw: 3,
    sh: 1,
    sw: 1,
    ph: 1,
    pw: 1,
    dilH: 1,
    dilW: 1,
    groups: 1,
    oh: 3,
    ow: 3,
  },
  {
    n: 2,
    cin: 8,
    h: 9,
    w: 9,
    cout: 8,
    kh: 3,
    kw: 3,
    sh: 2,
    sw: 2,
    ph: 1,
    pw: 1,
    dilH: 1,
    dilW: 1,
    groups: 2,
    oh: 5,
    ow: 5,
  },
];

let version: string | undefined;

/**
 * A hash of the WGSL every conv variant generates: stored timings measured with other kernels
 * are set aside, so a change to any kernel (or to the variant table) measures again.
 */
export function kernelsVersion(): string {
  if (version) return version;
  const code: string[] = [JSON.stringify(convVariants)];
  for (const d of probes) {
    for (const name of Object.keys(convVariants) as ConvVariant[]) {
      const o = { variant: name, activation: 'ReLU' as const };
      for (const k of [
        conv2dForward({ x: 'x', w: 'w', b: 'b', y: 'y' }, d, o),
        conv2dBackwardData({ dy: 'y', w: 'w', dx: 'x' }, d, true, o),
        conv2dBackwardFilter({ x: 'x', dy: 'y', dw: 'w', db: 'b' }, d, o),
      ]) {
        code.push(...k.calls.map((c) => c.code));
      }
    }
  }
  version = fnv1a64(code.join('\n'));
  return version;
}
