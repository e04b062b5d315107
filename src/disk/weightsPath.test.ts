import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { weightsPathFor } from './weightsPath.js';

const root = path.resolve('/home/ada/nets');

describe('weightsPathFor', () => {
  it('puts the safetensors file beside the graph', () => {
    expect(weightsPathFor(path.join(root, 'lenet.cnn.json'))).toBe(
      path.join(root, 'lenet.safetensors'),
    );
    expect(weightsPathFor(path.join(root, 'lenet.json'))).toBe(
      path.join(root, 'lenet.safetensors'),
    );
  });
});
