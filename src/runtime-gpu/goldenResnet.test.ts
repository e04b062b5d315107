import { describe, expect, it } from 'vitest';
import { toFloat32 } from './safetensors.js';
import { checkGoldenSteps, goldenOptimizers, readGolden, withPrefix } from './test/goldenStep.js';
import { smallResNet } from './test/graphs.js';
import { testDevice } from './testing.js';
import { Trainer } from './trainer.js';

describe('a small ResNet against PyTorch', () => {
  it('gives the same loss, logits, weights and BatchNorm buffers after two SGD steps', async () => {
    await checkGoldenSteps(smallResNet(), 'step-resnet-sgd.safetensors', goldenOptimizers.sgd);
  }, 300_000);

  it('and after two Adam steps', async () => {
    await checkGoldenSteps(smallResNet(), 'step-resnet-adam.safetensors', goldenOptimizers.adam);
  }, 300_000);

  it('resizes larger images on the GPU before the network', async () => {
    // Bilinear 32→16 (align_corners=False) averages each 2×2 block, so an image whose pixels
    // are doubled both ways comes back exactly as the 16×16 one.
    const golden = readGolden('step-resnet-sgd.safetensors');
    const small = toFloat32(golden.get('input')!);
    const n = small.length / 256;
    const big = new Float32Array(n * 32 * 32).map((_, i) => {
      const [s, y, x] = [Math.floor(i / 1024), Math.floor((i % 1024) / 32), i % 32];
      return small[s * 256 + (y >> 1) * 16 + (x >> 1)]!;
    });
    const device = await testDevice();
    const resizing = await Trainer.create(device, smallResNet(), {
      batch: n,
      imageSize: [32, 32],
    });
    resizing.setWeights(withPrefix(golden, 'init.'));
    const logits = await resizing.predict(big, n);
    resizing.destroy();
    expect(resizing.plan.inputShape).toEqual([n, 1, 32, 32]);
    const want = toFloat32(golden.get('eval.output')!);
    logits.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
  }, 300_000);
});
