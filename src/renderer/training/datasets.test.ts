import { describe, expect, it } from 'vitest';
import { assignIdxFiles, classCount } from './datasets.js';

describe('naming picked IDX files', () => {
  it('recognises the standard names in any order, gzipped or not', () => {
    const names = [
      't10k-labels-idx1-ubyte.gz',
      'train-images-idx3-ubyte',
      'train-labels.idx1-ubyte',
      't10k-images-idx3-ubyte.gz',
    ];
    expect(assignIdxFiles(names)).toEqual({
      testLabels: 0,
      trainImages: 1,
      trainLabels: 2,
      testImages: 3,
    });
  });

  it('refuses a set with a role missing or twice', () => {
    expect(assignIdxFiles(['train-images-idx3-ubyte', 'train-labels-idx1-ubyte'])).toBeNull();
    expect(
      assignIdxFiles(['train-images', 'train-images-2', 'test-images', 'test-labels']),
    ).toBeNull();
  });
});

describe('counting the classes of imported labels', () => {
  it('is one more than the largest label, for EMNIST-sized sets too', () => {
    expect(classCount(Uint8Array.of(3, 1), Uint8Array.of(7))).toBe(8);
    // 700,000 labels: spreading them into Math.max overflows the stack.
    const big = new Uint8Array(700_000).map((_, i) => i % 47);
    expect(classCount(big, big.subarray(0, 10))).toBe(47);
  });
});
