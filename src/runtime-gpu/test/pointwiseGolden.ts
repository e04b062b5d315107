import { readFileSync } from 'node:fs';

/** A number of fixtures/ops/pointwise.json: JSON has no NaN or ±∞, so they are words there. */
export type Word = number | 'NaN' | 'Infinity' | '-Infinity';

const special: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

/** Float32 values of a fixture array, NaN and infinities included. */
export const values = (words: readonly Word[]): Float32Array =>
  Float32Array.from(words, (w) => (typeof w === 'number' ? w : special[w]!));

/** The fixtures written by scripts/golden_ops_pointwise.py. */
export function pointwiseGolden<T>(section: 'activation' | 'adaptiveAvgPool' | 'mul'): T[] {
  const text = readFileSync(
    new URL('../../../fixtures/ops/pointwise.json', import.meta.url),
    'utf8',
  );
  return (JSON.parse(text) as Record<string, T[]>)[section]!;
}
