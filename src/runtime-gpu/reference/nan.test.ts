import { describe, expect, it } from 'vitest';
import { nanGolden } from '../test/nanGolden.js';
import { mismatch, specialFloats as floats } from '../testing.js';
import { activation, activationBackward, type Activation } from './activation.js';
import { softmaxCrossEntropy } from './loss.js';
import { avgPool2d, avgPool2dBackward, maxPool2d, maxPool2dBackward } from './pool.js';

// The goldens are float32 (as the GPU computes); the references run in float64.
const tolerance = 1e-6;

describe('the float64 references pass NaN and ±inf on as PyTorch does', () => {
  for (const [kind, c] of Object.entries(nanGolden.activation)) {
    it(`${kind}, forward and backward`, () => {
      const y = activation(kind as Activation, floats(c.x));
      expect(mismatch(y, floats(c.y), tolerance)).toBeNull();
      for (const [name, b] of Object.entries(c.backward)) {
        const dx = activationBackward(kind as Activation, floats(c.y), floats(b.dy));
        expect(mismatch(dx, floats(b.dx), tolerance), `dy ${name}`).toBeNull();
      }
    });
  }

  nanGolden.pool.forEach((c, i) => {
    it(`MaxPool2d and AvgPool2d, case ${i + 1}: the last NaN of a window is its argmax`, () => {
      const max = maxPool2d(floats(c.x), c.dims);
      expect(mismatch(max.y, floats(c.max.y), tolerance)).toBeNull();
      expect([...max.argmax]).toEqual(c.max.argmax);
      const dx = maxPool2dBackward(floats(c.dy), max.argmax, c.dims);
      expect(mismatch(dx, floats(c.max.dx), tolerance)).toBeNull();
      expect(mismatch(avgPool2d(floats(c.x), c.dims), floats(c.avg.y), tolerance)).toBeNull();
      const dxa = avgPool2dBackward(floats(c.dy), c.dims);
      expect(mismatch(dxa, floats(c.avg.dx), tolerance)).toBeNull();
    });
  });

  nanGolden.crossEntropy.forEach((c, i) => {
    it(`cross-entropy, case ${i + 1}: loss, gradients and torch.argmax's accuracy`, () => {
      const r = softmaxCrossEntropy(floats(c.logits), c.labels, c.n, c.classes);
      expect(mismatch([r.loss], floats([c.loss]), tolerance)).toBeNull();
      expect(mismatch(r.dlogits, floats(c.dlogits), tolerance)).toBeNull();
      expect(r.correct).toBe(c.correct);
    });
  });
});
