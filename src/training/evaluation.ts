/** One test sample's prediction. */
export interface GalleryItem {
  /** Index into the test set. */
  index: number;
  label: number;
  predicted: number;
  /** Softmax probability of `predicted`. */
  confidence: number;
}

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

/**
 * The index of the largest of `k` values from `from`, the first one on ties; a NaN counts as the
 * largest, as in torch.argmax, so a network that outputs NaN is not credited with class 0.
 */
export function argmax(values: ArrayLike<number>, from: number, k: number): number {
  let best = 0;
  for (let j = 0; j < k; j++) {
    const v = values[from + j]!;
    if (Number.isNaN(v)) return j;
    if (v > values[from + best]!) best = j;
  }
  return best;
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
    const best = argmax(logits, i * k, k);
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

/** Sample-weighted mean loss and accuracy of the steps of one epoch. */
export interface EpochTotals {
  lossSum: number;
  correct: number;
  count: number;
}

export const epochStart = (): EpochTotals => ({ lossSum: 0, correct: 0, count: 0 });

/** `loss` is the batch's mean loss, as the GPU reports it. */
export const epochAdd = (t: EpochTotals, loss: number, correct: number, count: number) => ({
  lossSum: t.lossSum + loss * count,
  correct: t.correct + correct,
  count: t.count + count,
});

export const epochMeans = (t: EpochTotals): { loss: number; accuracy: number } =>
  t.count === 0
    ? { loss: NaN, accuracy: NaN }
    : { loss: t.lossSum / t.count, accuracy: t.correct / t.count };
