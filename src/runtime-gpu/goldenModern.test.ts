import { describe, it } from 'vitest';
import { checkGoldenSteps, goldenOptimizers } from './test/goldenStep.js';
import { modernNet } from './test/graphs.js';

describe('a network of the newer layer kinds against PyTorch', () => {
  it('gives the same loss, logits, weights and BatchNorm buffers after two SGD steps', async () => {
    // Dilated depthwise and grouped convs, squeeze-and-excitation (AdaptiveAvgPool2d 1×1, SiLU,
    // Hardsigmoid, a per-channel Mul), Hardswish, ReLU6, LeakyReLU, an uneven 8×8 → 3×2 pool.
    await checkGoldenSteps(modernNet(), 'step-modern-sgd.safetensors', goldenOptimizers.sgd);
  }, 300_000);
});
