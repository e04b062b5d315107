import { describe, expect, it } from 'vitest';
import { dropout, flatten, linear } from '../graph/index.js';
import { sequentialGraph } from '../graph/templates/sequential.js';
import { testDevice } from './testing.js';
import { Trainer } from './trainer.js';

const graph = () =>
  sequentialGraph('dropout net', '', { channels: 1, height: 4, width: 4 }, [
    ['flatten', flatten, {}],
    ['drop', dropout, { p: 0.5 }],
    ['fc', linear, { out_features: 10 }],
  ]);

describe('Trainer with Dropout', () => {
  it('draws a new mask every step and drops nothing in eval mode', async () => {
    const batch = 8;
    const x = Float32Array.from({ length: batch * 16 }, (_, i) => Math.sin(i));
    const labels = Uint32Array.from({ length: batch }, (_, i) => i % 10);
    const trainer = await Trainer.create(await testDevice(), graph(), {
      batch,
      // lr 0: the weights stay put, so only the mask can change the loss.
      optimizer: { kind: 'sgd', lr: 0, momentum: 0, weightDecay: 0 },
      seed: 5,
    });
    const losses: number[] = [];
    for (let step = 0; step < 3; step++) {
      await trainer.step(x, labels, (r) => losses.push(r.loss));
    }
    const evalOut = await trainer.predict(x, batch);
    const weights = new Map((await trainer.weights()).map((t) => [t.name, t.data as Float32Array]));
    trainer.destroy();
    expect(new Set(losses).size).toBe(3);
    // Eval mode is the identity: the logits are exactly x·Wᵀ + b.
    const w = weights.get('fc.weight')!;
    const b = weights.get('fc.bias')!;
    for (let n = 0; n < batch; n++) {
      for (let k = 0; k < 10; k++) {
        let v = b[k]!;
        for (let i = 0; i < 16; i++) v += x[n * 16 + i]! * w[k * 16 + i]!;
        expect(evalOut[n * 10 + k]).toBeCloseTo(v, 5);
      }
    }
  }, 300_000);
});
