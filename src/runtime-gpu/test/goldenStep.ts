import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Graph } from '../../graph/index.js';
import type { OptimizerConfig } from '../kernels/optimizer/optimizer.js';
import { decode, toFloat32, type Tensor } from '../safetensors.js';
import { maxRelError, testDevice } from '../testing.js';
import { Trainer } from '../trainer.js';

/** Optimizer settings of scripts/golden_step.py. */
export const goldenOptimizers: Record<'sgd' | 'adam', OptimizerConfig> = {
  sgd: { kind: 'sgd', lr: 0.1, momentum: 0.9, weightDecay: 1e-3 },
  adam: { kind: 'adam', lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-3 },
};

export const withPrefix = (tensors: Map<string, Tensor>, prefix: string): Map<string, Tensor> =>
  new Map(
    [...tensors]
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, t]) => [k.slice(prefix.length), { ...t, name: k.slice(prefix.length) }]),
  );

/** The tensors of a golden fixture. */
export function readGolden(fixture: string): Map<string, Tensor> {
  return decode(readFileSync(new URL(`../../../fixtures/golden/${fixture}`, import.meta.url)))
    .tensors;
}

/**
 * Checks eval-mode logits, then runs the two training steps of a golden fixture (fixtures/golden/step-*.safetensors) from the
 * same weights and batch and checks loss, logits and every weight and buffer after each step.
 */
export async function checkGoldenSteps(graph: Graph, fixture: string, optimizer: OptimizerConfig) {
  const golden = readGolden(fixture);
  const input = toFloat32(golden.get('input')!);
  const labels = Uint32Array.from(toFloat32(golden.get('labels')!));
  const batch = labels.length;
  const trainer = await Trainer.create(await testDevice(), graph, { batch, optimizer });
  trainer.setWeights(withPrefix(golden, 'init.'));
  const errors: Record<string, number> = {};
  // Eval mode first (BatchNorm's running statistics; nothing changes).
  errors['eval.output'] = maxRelError(
    await trainer.predict(input, batch),
    toFloat32(golden.get('eval.output')!),
  );
  /** Errors of each weight's change in a step, relative to the largest change PyTorch made. */
  const updateErrors: Record<string, number> = {};
  let before = withPrefix(golden, 'init.');
  for (const step of [1, 2]) {
    let loss = NaN;
    await trainer.step(input, labels, (r) => (loss = r.loss));
    const logits = await trainer.trainingOutput(batch);
    const expected = withPrefix(golden, `step${step}.`);
    errors[`step${step}.loss`] = maxRelError([loss], toFloat32(expected.get('loss')!));
    errors[`step${step}.output`] = maxRelError(logits, toFloat32(expected.get('output')!));
    for (const t of await trainer.weights()) {
      const want = expected.get(t.name);
      expect(want, `${t.name} in the fixture`).toBeDefined();
      errors[`step${step}.${t.name}`] = maxRelError(toFloat32(t), toFloat32(want!));
      const was = toFloat32(before.get(t.name)!);
      const got = toFloat32(t).map((v, i) => v - was[i]!);
      const change = toFloat32(want!).map((v, i) => v - was[i]!);
      const scale = Math.max(...change.map(Math.abs));
      if (scale > 0) {
        updateErrors[`step${step}.${t.name}`] = Math.max(
          ...got.map((v, i) => Math.abs(v - change[i]!) / scale),
        );
      }
    }
    before = expected;
  }
  trainer.destroy();
  const worst = (e: Record<string, number>) =>
    Object.entries(e)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([k, v]) => `${k} ${v.toExponential(2)}`)
      .join(', ');
  expect(Math.max(...Object.values(errors)), `worst: ${worst(errors)}`).toBeLessThanOrEqual(1e-4);
  // A weight's change is small next to the weight, so it is checked on its own too; float32
  // rounding of w − lr·g alone costs up to ~1e-4 of the change.
  expect(Math.max(...Object.values(updateErrors)), `worst: ${worst(updateErrors)}`).toBeLessThan(
    1e-3,
  );
}
