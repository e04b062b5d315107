import type { GalleryItem } from './protocol.js';

/** Running totals of an evaluation pass over a test set, fed one batch of logits at a time. */
export interface EvalTotals {
  classes: number;
  lossSum: number;
  count: number;
  correct: number;
  /** classes × classes, row = true label. */
  confusion: number[];
  /** Every sample's prediction, for the gallery. */
  items: GalleryItem[];
}

export const evalStart = (classes: number): EvalTotals => ({
  classes,
  lossSum: 0,
  count: 0,
  correct: 0,
  confusion: new Array<number>(classes * classes).fill(0),
  items: [],
});

/** Softmax of one row of logits, with the row max subtracted so exp cannot overflow. */
export function softmax(logits: ArrayLike<number>, from: number, k: number): number[] {
  let max = -Infinity;
  for (let j = 0; j < k; j++) max = Math.max(max, logits[from + j]!);
  const e = Array.from({ length: k }, (_, j) => Math.exp(logits[from + j]! - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

/** Adds one batch: `logits` is [labels.length, classes]; `indices` are the samples' test-set indices. */
export function evalAdd(
  t: EvalTotals,
  logits: Float32Array,
  labels: ArrayLike<number>,
  indices: ArrayLike<number>,
): void {
  const k = t.classes;
  for (let i = 0; i < labels.length; i++) {
    const p = softmax(logits, i * k, k);
    let best = 0;
    for (let j = 1; j < k; j++) if (p[j]! > p[best]!) best = j;
    const label = labels[i]!;
    t.lossSum += -Math.log(Math.max(p[label] ?? 0, Number.MIN_VALUE));
    t.count++;
    if (best === label) t.correct++;
    if (label < k) t.confusion[label * k + best]!++;
    t.items.push({ index: indices[i]!, label, predicted: best, confidence: p[best]! });
  }
}

/** Misclassified first, the most confident mistakes first; then correct ones; at most `n`. */
export function pickGallery(items: readonly GalleryItem[], n: number): GalleryItem[] {
  const wrong = items.filter((g) => g.predicted !== g.label);
  const right = items.filter((g) => g.predicted === g.label);
  const byConfidence = (a: GalleryItem, b: GalleryItem) =>
    b.confidence - a.confidence || a.index - b.index;
  return [...wrong.sort(byConfidence), ...right.sort(byConfidence)].slice(0, n);
}
