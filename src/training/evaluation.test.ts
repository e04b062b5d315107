import { describe, expect, it } from 'vitest';
import {
  argmax,
  epochAdd,
  epochMeans,
  epochStart,
  evalAdd,
  evalStart,
  pickGallery,
  softmax,
} from './evaluation.js';

describe('evaluation totals', () => {
  it('counts a confusion matrix, accuracy and cross-entropy from logits', () => {
    const t = evalStart(3);
    // Predictions: 0, 2, 1, 1 for labels 0, 1, 1, 2.
    const logits = Float32Array.from([5, 0, 0, 0, 0, 3, 0, 4, 0, 1, 2, 0]);
    evalAdd(t, logits, [0, 1, 1, 2], [10, 11, 12, 13]);
    expect(t.correct).toBe(2);
    expect(t.count).toBe(4);
    expect(t.confusion).toEqual([1, 0, 0, 0, 1, 1, 0, 1, 0]);
    const expectedLoss =
      -Math.log(softmax(logits, 0, 3)[0]!) -
      Math.log(softmax(logits, 3, 3)[1]!) -
      Math.log(softmax(logits, 6, 3)[1]!) -
      Math.log(softmax(logits, 9, 3)[2]!);
    expect(t.lossSum).toBeCloseTo(expectedLoss, 5);
  });

  it('takes NaN as the largest score, as torch.argmax does', () => {
    expect(argmax([1, 3, 2], 0, 3)).toBe(1);
    expect(argmax([1, NaN, 2, NaN], 0, 4)).toBe(1);
    expect(argmax([0, 0, 5, 5], 2, 2)).toBe(0);
    const t = evalStart(2);
    evalAdd(t, Float32Array.from([NaN, NaN]), [0], [0]);
    expect(t.lossSum).toBeNaN();
  });

  it('computes softmax without overflow', () => {
    const p = softmax([1000, 1000], 0, 2);
    expect(p).toEqual([0.5, 0.5]);
  });

  it('shows mistakes first, most confident first', () => {
    const items = [
      { index: 0, label: 1, predicted: 1, confidence: 0.9 },
      { index: 1, label: 1, predicted: 2, confidence: 0.6 },
      { index: 2, label: 0, predicted: 2, confidence: 0.8 },
      { index: 3, label: 0, predicted: 0, confidence: 0.99 },
    ];
    expect(pickGallery(items, 3).map((g) => g.index)).toEqual([2, 1, 3]);
  });
});

describe('per-epoch aggregation', () => {
  it('weights each batch mean by its size (a smaller last batch counts less)', () => {
    let t = epochStart();
    t = epochAdd(t, 2.0, 30, 64);
    t = epochAdd(t, 1.0, 10, 16);
    const m = epochMeans(t);
    expect(m.loss).toBeCloseTo((2 * 64 + 1 * 16) / 80, 12);
    expect(m.accuracy).toBeCloseTo(40 / 80, 12);
  });

  it('has no mean before the first step', () => {
    expect(epochMeans(epochStart()).loss).toBeNaN();
  });
});
