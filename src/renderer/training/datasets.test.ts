import { describe, expect, it } from 'vitest';
import { assignIdxFiles } from './datasets.js';

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
