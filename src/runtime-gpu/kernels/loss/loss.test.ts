import { describe, expect, it } from 'vitest';
import { softmaxCrossEntropy as reference } from '../../reference/loss.js';
import { maxRelError, randomArray, runCalls } from '../../testing.js';
import { softmaxCrossEntropy, softmaxCrossEntropyScratch } from './loss.js';

describe('softmax cross-entropy kernel matches the float64 reference', () => {
  for (const [n, classes, spread] of [
    [37, 10, 5],
    [5, 1000, 3],
    // Logits far from zero: only a max-subtracted softmax stays finite.
    [8, 7, 200],
  ] as const) {
    it(`${n}×${classes}, logits ±${spread}`, async () => {
      const logits = Float32Array.from(randomArray(n * classes, n + classes), (v) => spread * v);
      const labels = Uint32Array.from(randomArray(n, 3), (v) =>
        Math.floor(((v + 1) / 2) * classes),
      );
      // Make some predictions right so the count is not trivially zero.
      for (let r = 0; r < n; r += 3) logits[r * classes + labels[r]!] = spread * 2;
      const [rows] = softmaxCrossEntropyScratch('ce', n);
      const out = await runCalls(
        softmaxCrossEntropy(
          {
            logits: 'z',
            labels: 'l',
            loss: 'loss',
            correct: 'ok',
            dlogits: 'dz',
            rows: rows!.name,
          },
          n,
          classes,
        ),
        [
          { name: 'z', shape: [n, classes], data: logits },
          { name: 'l', shape: [n], data: labels },
          { name: 'loss', shape: [1] },
          { name: 'ok', shape: [1] },
          { name: 'dz', shape: [n, classes] },
          rows!,
        ],
      );
      const want = reference(logits, labels, n, classes);
      const loss = new Float32Array(out.get('loss')!)[0]!;
      expect(Math.abs(loss - want.loss) / Math.max(1, want.loss)).toBeLessThanOrEqual(1e-4);
      expect(maxRelError(new Float32Array(out.get('dz')!), want.dlogits)).toBeLessThanOrEqual(1e-5);
      expect(new Uint32Array(out.get('ok')!)[0]).toBe(want.correct);
      expect(want.correct).toBeGreaterThan(0);
    });
  }
});
