import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { datasetFromIdx } from './dataset.js';
import { encodeIdx, IdxError, parseIdx, readIdx, readIdxImages, readIdxLabels } from './idx.js';

const images = Uint8Array.from({ length: 3 * 2 * 4 }, (_, i) => (i * 37) % 256);
const imagesFile = encodeIdx([3, 2, 4], images);
const labelsFile = encodeIdx([3], Uint8Array.of(2, 0, 9));

describe('IDX files', () => {
  it('writes the header of the format: 00 00 08 rank, big-endian dimensions', () => {
    expect([...imagesFile.subarray(0, 16)]).toEqual([
      0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 4,
    ]);
    expect(parseIdx(imagesFile)).toEqual({ dims: [3, 2, 4], data: images });
  });

  it('reads plain and gzipped files alike', async () => {
    const plain = await readIdxImages(imagesFile);
    const gz = await readIdxImages(new Uint8Array(gzipSync(imagesFile)));
    expect(gz).toEqual(plain);
    expect(plain).toEqual({ count: 3, height: 2, width: 4, data: images });
    expect([...(await readIdxLabels(new Uint8Array(gzipSync(labelsFile))))]).toEqual([2, 0, 9]);
  });

  it('reads a large gzipped file', async () => {
    const big = Uint8Array.from({ length: 1000 * 28 * 28 }, (_, i) => (i * 7919) % 251);
    const back = await readIdxImages(new Uint8Array(gzipSync(encodeIdx([1000, 28, 28], big))));
    expect(back.count).toBe(1000);
    expect(Buffer.from(back.data).equals(big)).toBe(true);
  });

  it.each([
    [
      'a file that is not IDX',
      Uint8Array.of(0x50, 0x4b, 3, 4),
      /not an IDX file \(magic bytes 50 4b 03 04\)/,
    ],
    ['an empty file', new Uint8Array(0), /magic bytes missing/],
    ['float data', Uint8Array.of(0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0), /holds float32 values/],
    ['a header cut short', imagesFile.subarray(0, 10), /ends inside its header/],
    [
      'data cut short',
      imagesFile.subarray(0, imagesFile.length - 1),
      /need 24 bytes of data, the file has 23 \(truncated\?\)/,
    ],
    ['extra data', Uint8Array.from([...labelsFile, 1]), /need 3 bytes of data, the file has 4/],
  ])('rejects %s', async (_what, bytes, message) => {
    await expect(readIdx(bytes, 'x.idx')).rejects.toThrow(IdxError);
    await expect(readIdx(bytes, 'x.idx')).rejects.toThrow(message);
  });

  it('stops inflating a gzip bomb at the size its header declares', async () => {
    // 10 labels declared, then 256 MiB of zeros: 250 KB gzipped.
    const body = new Uint8Array(256 * 2 ** 20);
    const bomb = new Uint8Array(
      gzipSync(Buffer.concat([encodeIdx([10], new Uint8Array(10)), body])),
    );
    expect(bomb.length).toBeLessThan(2 ** 20);
    await expect(readIdx(bomb, 'bomb.gz')).rejects.toThrow(
      'bomb.gz: inflates to more than the 18 bytes its IDX header declares (a gzip bomb?); stopped there',
    );
  });

  it('refuses a header that declares more than an IDX file may hold, before inflating it', async () => {
    const header = encodeIdx([0], new Uint8Array(0));
    new DataView(header.buffer).setUint32(4, 0xffffffff, false);
    const gz = new Uint8Array(gzipSync(header));
    await expect(readIdx(gz, 'huge.gz')).rejects.toThrow(
      /huge.gz: its header declares 4294967303 bytes, over the limit of 2147483647 bytes/,
    );
  });

  it('rejects corrupt gzip data', async () => {
    const gz = new Uint8Array(gzipSync(imagesFile));
    await expect(readIdx(gz.subarray(0, gz.length - 12), 'x.gz')).rejects.toThrow(
      /x.gz: gzip data is corrupt or truncated/,
    );
  });

  it('checks the rank of images and labels, and that their counts agree', async () => {
    await expect(readIdxImages(labelsFile)).rejects.toThrow(/images need 3 dimensions.*found 1/);
    await expect(readIdxLabels(imagesFile)).rejects.toThrow(
      /labels need 1 dimension.*found 3 \(3×2×4\)/,
    );
    await expect(
      datasetFromIdx(imagesFile, encodeIdx([2], Uint8Array.of(1, 2)), { images: 'a', labels: 'b' }),
    ).rejects.toThrow('a has 3 images but b has 2 labels');
  });
});
