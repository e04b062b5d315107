import type { InitScheme, WeightSpec } from '../graph/index.js';
import { mulberry32 } from './data/random.js';
import { elementCount } from './kernel.js';

/** 32-bit FNV-1a of a string: turns a weight's key into an independent stream. */
function hashKey(key: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Glorot's bound √(6 / (fan_in + fan_out)), with fans as PyTorch counts them for a weight. */
function xavierBound(shape: readonly number[]): number {
  const field = elementCount(shape.slice(2));
  return Math.sqrt(6 / ((shape[0]! + shape[1]!) * field));
}

/** The bound of a weight's U(−b, b), or null for one filled with a constant. */
function uniformBound(spec: WeightSpec, scheme: InitScheme): number | null {
  if (spec.init === 'ones' || spec.init === 'zeros') return null;
  // Convolution and linear weights are the uniform ones of rank 2 and more.
  if (scheme === 'xavier' && spec.name === 'weight' && spec.shape.length >= 2) {
    return xavierBound(spec.shape);
  }
  return spec.init.uniform;
}

/** One tensor's starting values: U(−bound, bound) as PyTorch's `uniform_`, or ones, or zeros. */
function initialValues(spec: WeightSpec, scheme: InitScheme, next: () => number): Float32Array {
  const out = new Float32Array(elementCount(spec.shape));
  const b = uniformBound(spec, scheme);
  if (b !== null) for (let i = 0; i < out.length; i++) out[i] = -b + 2 * b * next();
  else if (spec.init === 'ones') out.fill(1);
  return out;
}

/**
 * Every weight's starting values, from PyTorch's distributions (not its random stream). Each
 * weight draws from its own stream seeded by (seed, key), so adding a layer does not change the
 * starting values of the others.
 */
export function initialWeights(
  weights: readonly { key: string; spec: WeightSpec }[],
  seed: number,
  scheme: InitScheme = 'default',
): Map<string, Float32Array> {
  return new Map(
    weights.map((w) => [w.key, initialValues(w.spec, scheme, mulberry32(hashKey(w.key, seed)))]),
  );
}
