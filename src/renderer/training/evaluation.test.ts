import { describe, expect, it } from 'vitest';
import { evalAdd, evalStart, pickGallery, softmax } from './evaluation.js';

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
