import { describe, expect, it } from 'vitest';
import { randomArray } from '../testing.js';
import { numericGradient } from './gradcheck.js';
import { softmaxCrossEntropy } from './loss.js';

describe('softmax cross-entropy reference', () => {
  const n = 4;
  const classes = 5;
  const logits = randomArray(n * classes, 11).map((v) => 4 * v);
  const labels = [0, 3, 4, 2];

  it('has the gradient of its loss', () => {
    const numeric = numericGradient((z) => softmaxCrossEntropy(z, labels, n, classes).loss, logits);
    const { dlogits } = softmaxCrossEntropy(logits, labels, n, classes);
    dlogits.forEach((g, i) => expect(g).toBeCloseTo(numeric[i]!, 7));
  });

  it('is −log of the softmax at the label, and unchanged by a shift of the logits', () => {
    const row = Array.from(logits.subarray(0, classes));
    const p = Math.exp(row[0]!) / row.reduce((s, z) => s + Math.exp(z), 0);
    expect(softmaxCrossEntropy(row, [0], 1, classes).loss).toBeCloseTo(-Math.log(p), 12);
    const shifted = row.map((z) => z + 1000);
    expect(softmaxCrossEntropy(shifted, [0], 1, classes).loss).toBeCloseTo(-Math.log(p), 9);
  });

  it('counts the rows whose argmax is the label', () => {
    const z = [0, 2, 1, 5, 0, 0, 1, 1, 0];
    expect(softmaxCrossEntropy(z, [1, 0, 1], 3, 3).correct).toBe(2);
  });
});
