import { create } from 'webgpu';
import { describe, expect, it } from 'vitest';
import { templates } from '../graph/index.js';
import { nodeDevice } from './node.js';
import { timeCalls } from './profile.js';
import { Trainer } from './trainer.js';

let spare: GPU | undefined;

describe('profiling a plan with timestamp queries', () => {
  it('times every call of a forward pass and of a training step', async () => {
    const { adapter, device } = await nodeDevice();
    if (!adapter.features.has('timestamp-query')) {
      console.log(`skipped: adapter "${adapter.info.description}" has no timestamp queries`);
      return;
    }
    const sgd = { kind: 'sgd' as const, lr: 0.1, momentum: 0, weightDecay: 0 };
    const trainer = await Trainer.create(device, templates.lenet!(), { batch: 4, optimizer: sgd });
    const x = Float32Array.from({ length: 4 * 28 * 28 }, (_, i) => (i % 7) / 7);

    const infer = await trainer.profile(x, null, 2);
    // Each Sigmoid is applied by the conv or linear before it as it stores its output.
    expect(infer.map((c) => c.label)).toEqual([
      'conv2d.forward',
      'maxpool2d.forward',
      'conv2d.forward',
      'maxpool2d.forward',
      'linear.forward',
      'linear.forward',
      'linear.forward',
    ]);
    expect(infer[0]!.writes).toEqual(['sig1']);
    for (const c of infer) expect(c.ms).toBeGreaterThanOrEqual(0);
    expect(infer.reduce((a, c) => a + c.ms, 0)).toBeGreaterThan(0);

    const step = await trainer.profile(x, Uint32Array.of(0, 1, 2, 3), 1);
    expect(step.length).toBe(trainer.plan.calls.length);
    expect(step.filter((c) => c.label === 'sgd').length).toBe(10);
    trainer.destroy();
  }, 300_000);

  it('says why when the device cannot time', async () => {
    await nodeDevice(); // picks the Vulkan driver (SwiftShader where there is no GPU)
    // An adapter spent by nodeDevice cannot make another device: a fresh instance, which must
    // stay referenced while its devices live (see node.ts).
    spare = create([]);
    const plain = await (await spare.requestAdapter())!.requestDevice();
    await expect(timeCalls(plain, [], 1)).rejects.toThrow(/without "timestamp-query"/);
    plain.destroy();
  });
});
