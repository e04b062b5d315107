import { describe, expect, it } from 'vitest';
import { Dataset } from './dataset.js';

const shape = { channels: 1, height: 2, width: 3 };
const count = 10;
// Sample i has every pixel equal to 10·i + position, label i % 4.
const images = Uint8Array.from({ length: count * 6 }, (_, k) => 10 * Math.floor(k / 6) + (k % 6));
const labels = Uint8Array.from({ length: count }, (_, i) => i % 4);
const data = new Dataset(images, labels, shape);

describe('Dataset', () => {
  it('normalises pixels to [0, 1] as pixel / 255, in NCHW order', () => {
    const [first] = data.batches({ batchSize: 2, shuffle: false });
    expect(first!.count).toBe(2);
    expect([...first!.images]).toEqual(
      [...images.subarray(0, 12)].map((v) => Math.fround(v / 255)),
    );
    expect([...first!.labels]).toEqual([0, 1]);
    const white = new Dataset(Uint8Array.of(255, 0), Uint8Array.of(1), {
      channels: 2,
      height: 1,
      width: 1,
    });
    expect([...[...white.batches({ batchSize: 1, shuffle: false })][0]!.images]).toEqual([1, 0]);
  });

  it('keeps the last partial batch by default and drops it on request', () => {
    const kept = [...data.batches({ batchSize: 4, shuffle: false })];
    expect(kept.map((b) => b.count)).toEqual([4, 4, 2]);
    expect(data.batchCount(4)).toBe(3);
    const dropped = [...data.batches({ batchSize: 4, shuffle: false, lastBatch: 'drop' })];
    expect(dropped.map((b) => b.count)).toEqual([4, 4]);
    expect(data.batchCount(4, 'drop')).toBe(2);
  });

  it('visits every sample once per epoch, each with its own label', () => {
    const seen = [...data.batches({ batchSize: 3, shuffle: true, seed: 7, epoch: 2 })];
    const indices = seen.flatMap((b) => [...b.indices]);
    expect(indices.slice().sort((a, b) => a - b)).toEqual([...Array(count).keys()]);
    for (const b of seen) {
      b.indices.forEach((sample, j) => {
        expect(b.labels[j]).toBe(sample % 4);
        expect(b.images[j * 6]).toBe(Math.fround((10 * sample) / 255));
      });
    }
  });

  it('shuffles by (seed, epoch): the same pair repeats, another pair differs', () => {
    const big = new Dataset(new Uint8Array(1000), new Uint8Array(1000), {
      channels: 1,
      height: 1,
      width: 1,
    });
    const order = (seed: number, epoch: number) => [...big.order({ shuffle: true, seed, epoch })];
    expect(order(1, 0)).toEqual(order(1, 0));
    expect(order(1, 1)).not.toEqual(order(1, 0));
    expect(order(2, 0)).not.toEqual(order(1, 0));
    expect(order(1, 0)).not.toEqual([...Array(1000).keys()]);
    expect([...big.order({ shuffle: false })]).toEqual([...Array(1000).keys()]);
  });

  it('limits to the first N samples', () => {
    const few = data.limit(3);
    expect(few.count).toBe(3);
    expect([...few.labels]).toEqual([0, 1, 2]);
    expect(few.images).toEqual(images.subarray(0, 18));
    expect(data.limit(100).count).toBe(count);
    expect(() => data.limit(0)).toThrow(/positive integer/);
  });

  it('refuses images that do not match the labels and shape', () => {
    expect(() => new Dataset(new Uint8Array(5), new Uint8Array(1), shape)).toThrow(
      '1 labels need 6 image bytes (1×2×3 each), got 5',
    );
    expect(() => data.batches({ batchSize: 0, shuffle: false }).next()).toThrow(/batch size/);
  });
});
