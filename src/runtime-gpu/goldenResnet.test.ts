import { describe, it } from 'vitest';
import { checkGoldenSteps, goldenOptimizers } from './test/goldenStep.js';
import { smallResNet } from './test/graphs.js';

describe('a small ResNet against PyTorch', () => {
  it('gives the same loss, logits, weights and BatchNorm buffers after two SGD steps', async () => {
    await checkGoldenSteps(smallResNet(), 'step-resnet-sgd.safetensors', goldenOptimizers.sgd);
  }, 300_000);

  it('and after two Adam steps', async () => {
    await checkGoldenSteps(smallResNet(), 'step-resnet-adam.safetensors', goldenOptimizers.adam);
  }, 300_000);
});
