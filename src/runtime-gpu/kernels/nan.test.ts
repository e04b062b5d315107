import { describe, expect, it } from 'vitest';
import { activation, activationBackward as referenceBackward } from '../reference/activation.js';
import { softmaxCrossEntropy as referenceLoss } from '../reference/loss.js';
import { maxPool2d } from '../reference/pool.js';
import { nanGolden } from '../test/nanGolden.js';
import { mismatch, runCalls, runFloat, specialFloats as floats } from '../testing.js';
import { activationBackward, activationForward, type Activation } from './activation/activation.js';
import { softmaxCrossEntropy, softmaxCrossEntropyScratch } from './loss/loss.js';
import {
  avgPool2dBackward,
  avgPool2dForward,
  maxPool2dBackward,
  maxPool2dForward,
  poolOutput,
} from './pool/pool.js';

/**
 * The kernels whose WGSL could drop a NaN (max, clamp, select, comparisons) against PyTorch's
 * results on NaN and ±inf (fixtures/ops/nan.json, scripts/golden_nan.py) and against the float64
 * references, which nan.test.ts beside them holds to the same fixtures.
 */
const tolerance = 1e-5;
const f32 = (v: (number | string)[]) => Float32Array.from(floats(v));

describe('kernels pass NaN and ±inf on as PyTorch does', () => {
  for (const [name, c] of Object.entries(nanGolden.activation)) {
    const kind = name as Activation;
    it(`${kind}, forward and backward`, async () => {
      const n = c.x.length;
      const fwd = await runFloat(activationForward(kind, 'x', 'y', n), [
        { name: 'x', shape: [n], data: f32(c.x) },
        { name: 'y', shape: [n] },
      ]);
      const y = fwd.get('y')!;
      expect(mismatch(y, floats(c.y), tolerance)).toBeNull();
      expect(mismatch(y, activation(kind, f32(c.x)), tolerance)).toBeNull();
      for (const [dyName, b] of Object.entries(c.backward)) {
        const out = await runFloat(activationBackward(kind, 'y', 'dy', 'dx', n, false), [
          { name: 'y', shape: [n], data: y },
          { name: 'dy', shape: [n], data: f32(b.dy) },
          { name: 'dx', shape: [n] },
        ]);
        const dx = out.get('dx')!;
        expect(mismatch(dx, floats(b.dx), tolerance), `dy ${dyName}`).toBeNull();
        expect(mismatch(dx, referenceBackward(kind, y, f32(b.dy)), tolerance)).toBeNull();
      }
    });
  }

  nanGolden.pool.forEach((c, i) => {
    it(`MaxPool2d and AvgPool2d, case ${i + 1}`, async () => {
      const d = c.dims;
      const outShape = [d.n, d.c, ...poolOutput(d)];
      const inShape = [d.n, d.c, d.h, d.w];
      const out = await runCalls(
        [
          ...maxPool2dForward('x', 'y', 'arg', d),
          ...maxPool2dBackward('dy', 'arg', 'dx', d, false),
          ...avgPool2dForward('x', 'ya', d),
          ...avgPool2dBackward('dy', 'dxa', d, false),
        ],
        [
          { name: 'x', shape: inShape, data: f32(c.x) },
          { name: 'y', shape: outShape },
          { name: 'arg', shape: outShape },
          { name: 'dy', shape: outShape, data: f32(c.dy) },
          { name: 'dx', shape: inShape },
          { name: 'ya', shape: outShape },
          { name: 'dxa', shape: inShape },
        ],
      );
      const got = (name: string) => new Float32Array(out.get(name)!);
      expect(mismatch(got('y'), floats(c.max.y), tolerance)).toBeNull();
      expect([...new Uint32Array(out.get('arg')!)]).toEqual(c.max.argmax);
      expect([...new Uint32Array(out.get('arg')!)]).toEqual([...maxPool2d(f32(c.x), d).argmax]);
      expect(mismatch(got('dx'), floats(c.max.dx), tolerance)).toBeNull();
      expect(mismatch(got('ya'), floats(c.avg.y), tolerance)).toBeNull();
      expect(mismatch(got('dxa'), floats(c.avg.dx), tolerance)).toBeNull();
    });
  });

  nanGolden.crossEntropy.forEach((c, i) => {
    it(`softmax cross-entropy, case ${i + 1}`, async () => {
      const [rows] = softmaxCrossEntropyScratch('ce', c.n);
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
          c.n,
          c.classes,
        ),
        [
          { name: 'z', shape: [c.n, c.classes], data: f32(c.logits) },
          { name: 'l', shape: [c.n], data: Uint32Array.from(c.labels) },
          { name: 'loss', shape: [1] },
          { name: 'ok', shape: [1] },
          { name: 'dz', shape: [c.n, c.classes] },
          rows!,
        ],
      );
      const loss = new Float32Array(out.get('loss')!);
      const dz = new Float32Array(out.get('dz')!);
      expect(mismatch(loss, floats([c.loss]), tolerance)).toBeNull();
      expect(mismatch(dz, floats(c.dlogits), tolerance)).toBeNull();
      expect(new Uint32Array(out.get('ok')!)[0]).toBe(c.correct);
      const ref = referenceLoss(f32(c.logits), c.labels, c.n, c.classes);
      expect(mismatch(dz, ref.dlogits, tolerance)).toBeNull();
    });
  });
});
