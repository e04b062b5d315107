import type { DataShape } from '../../training/fit.js';
import type { BuiltinDatasetName } from './protocol.js';

/** What the panel needs to know of a dataset before anything runs (the fit check's DataShape). */
export interface DatasetInfo extends DataShape {
  classes: number;
  classNames: string[];
  trainCount: number;
  testCount: number;
}

const digits = Array.from({ length: 10 }, (_, i) => String(i));

export const builtinDatasets: Record<BuiltinDatasetName, DatasetInfo> = {
  'fashion-mnist': {
    name: 'Fashion-MNIST',
    channels: 1,
    height: 28,
    width: 28,
    classes: 10,
    classNames: [
      'T-shirt/top',
      'Trouser',
      'Pullover',
      'Dress',
      'Coat',
      'Sandal',
      'Shirt',
      'Sneaker',
      'Bag',
      'Ankle boot',
    ],
    trainCount: 60_000,
    testCount: 10_000,
  },
  mnist: {
    name: 'MNIST',
    channels: 1,
    height: 28,
    width: 28,
    classes: 10,
    classNames: digits,
    trainCount: 60_000,
    testCount: 10_000,
  },
};

/**
 * The classes labels name: one more than the largest label. A loop, not Math.max(...labels):
 * spreading an EMNIST-sized label set (hundreds of thousands) overflows the stack.
 */
export function classCount(...sets: readonly Uint8Array[]): number {
  let largest = 0;
  for (const labels of sets) for (const l of labels) if (l > largest) largest = l;
  return largest + 1;
}

/** The four standard IDX file names; the web build serves them gzipped under datasets/<name>/. */
export const idxFiles = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

export type IdxRole = keyof typeof idxFiles;

/**
 * Which picked file is which, by name: "train"/"t10k"/"test" and "images"/"labels" (as in the
 * standard names and their common variants, e.g. train-images.idx3-ubyte.gz). Null when the four
 * roles are not each matched by exactly one file.
 */
export function assignIdxFiles(names: readonly string[]): Record<IdxRole, number> | null {
  const roleOf = (name: string): IdxRole | null => {
    const n = name.toLowerCase();
    const test = /t10k|test/.test(n);
    const train = !test && /train/.test(n);
    const images = /images|idx3/.test(n);
    const labels = !images && /labels|idx1/.test(n);
    if (train && images) return 'trainImages';
    if (train && labels) return 'trainLabels';
    if (test && images) return 'testImages';
    if (test && labels) return 'testLabels';
    return null;
  };
  const out: Partial<Record<IdxRole, number>> = {};
  for (const [i, name] of names.entries()) {
    const role = roleOf(name);
    if (role === null || out[role] !== undefined) return null;
    out[role] = i;
  }
  return Object.keys(out).length === 4 ? (out as Record<IdxRole, number>) : null;
}
