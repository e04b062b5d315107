import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { datasetFromIdx, type Dataset } from './dataset.js';

/** The four standard file names of an MNIST-style directory (each may also end in .gz). */
export const idxFileNames = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

export interface TrainTest {
  train: Dataset;
  test: Dataset;
}

function findFile(dir: string, name: string): string | undefined {
  return [name, `${name}.gz`].map((n) => join(dir, n)).find((p) => existsSync(p));
}

/** Node only: reads the training and test sets from a directory of IDX files. */
export async function loadIdxDirectory(dir: string): Promise<TrainTest> {
  if (!existsSync(dir)) throw new Error(`dataset directory ${dir} does not exist`);
  const paths = Object.fromEntries(
    Object.entries(idxFileNames).map(([k, name]) => [k, findFile(dir, name)]),
  ) as Record<keyof typeof idxFileNames, string | undefined>;
  const missing = Object.entries(idxFileNames)
    .filter(([k]) => !paths[k as keyof typeof idxFileNames])
    .map(([, name]) => `${name}[.gz]`);
  if (missing.length) {
    throw new Error(`dataset directory ${dir} lacks ${missing.join(', ')}`);
  }
  const read = async (a: string, b: string) =>
    datasetFromIdx(new Uint8Array(await readFile(a)), new Uint8Array(await readFile(b)), {
      images: a,
      labels: b,
    });
  const [train, test] = await Promise.all([
    read(paths.trainImages!, paths.trainLabels!),
    read(paths.testImages!, paths.testLabels!),
  ]);
  return { train, test };
}
