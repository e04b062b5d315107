import type { WeightSpec } from '../graph/index.js';
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

/** One tensor's starting values: U(−bound, bound) as PyTorch's `uniform_`, or ones, or zeros. */
function initialValues(spec: WeightSpec, next: () => number): Float32Array {
  const out = new Float32Array(elementCount(spec.shape));
  const init = spec.init;
  if (init === 'ones') out.fill(1);
  else if (init !== 'zeros') {
    const b = init.uniform;
    for (let i = 0; i < out.length; i++) out[i] = -b + 2 * b * next();
  }
  return out;
}

/**
 * PyTorch's default initialisation of every weight (its distributions, not its random stream).
 * Each weight draws from its own stream seeded by (seed, key), so adding a layer does not change
 * the starting values of the others.
 */
export function initialWeights(
  weights: readonly { key: string; spec: WeightSpec }[],
  seed: number,
): Map<string, Float32Array> {
  return new Map(
    weights.map((w) => [w.key, initialValues(w.spec, mulberry32(hashKey(w.key, seed)))]),
  );
}
