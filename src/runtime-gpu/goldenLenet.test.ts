import { describe, it } from 'vitest';
import { templates } from '../graph/index.js';
import { checkGoldenSteps, goldenOptimizers } from './test/goldenStep.js';

describe('LeNet against PyTorch', () => {
  it('gives the same loss, logits and weights after two SGD steps (momentum, weight decay)', async () => {
    await checkGoldenSteps(templates.lenet!(), 'step-lenet-sgd.safetensors', goldenOptimizers.sgd);
  }, 300_000);
});
