import { describe, expect, it } from 'vitest';
import { chainOf } from '../graph/testing.js';
import { elementCount } from './kernel.js';
import { testDevice } from './testing.js';
import { optimizerPrefix, Trainer } from './trainer.js';

describe("the Trainer's optimizer state", () => {
  it('reads back every state tensor at its own size (a 2-output Linear is under 16 bytes)', async () => {
    const graph = chainOf(
      [1, 2, 2],
      [
        ['flat', 'Flatten'],
        ['fc', 'Linear', { out_features: 2 }],
      ],
    );
    const adam = {
      kind: 'adam' as const,
      lr: 0.1,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      weightDecay: 0,
    };
    const trainer = await Trainer.create(await testDevice(), graph, { batch: 2, optimizer: adam });
    await trainer.step(Float32Array.of(1, 2, 3, 4, 4, 3, 2, 1), Uint32Array.of(0, 1));
    const { step, tensors } = await trainer.optimizerState();
    expect(step).toBe(1);
    expect(tensors.map((t) => t.name).sort()).toEqual(
      ['fc.bias.exp_avg', 'fc.bias.exp_avg_sq', 'fc.weight.exp_avg', 'fc.weight.exp_avg_sq'].map(
        (n) => optimizerPrefix + n,
      ),
    );
    for (const t of tensors) expect(t.data.length, t.name).toBe(elementCount(t.shape));
    // Adam's first moment after one step is (1 − β1)·g: not zero where the gradient is not.
    const m = tensors.find((t) => t.name.endsWith('fc.bias.exp_avg'))!.data as Float32Array;
    expect([...m].some((v) => v !== 0)).toBe(true);

    // Restored into a fresh Trainer, the same state reads back.
    const other = await Trainer.create(await testDevice(), graph, { batch: 2, optimizer: adam });
    other.setOptimizerState(step, new Map(tensors.map((t) => [t.name, t])));
    expect((await other.optimizerState()).tensors).toEqual(tensors);
    trainer.destroy();
    other.destroy();
  }, 120_000);
});
