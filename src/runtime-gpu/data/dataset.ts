import { IdxError, readIdxImages, readIdxLabels } from './idx.js';
import { permutation } from './random.js';

/**
 * What happens to the last batch of an epoch when the dataset does not divide evenly: 'keep' it
 * smaller (PyTorch's DataLoader default, drop_last=False, which d2l uses) or 'drop' it (so every
 * step has the same batch size, as a fixed-batch GPU plan prefers).
 */
export type LastBatch = 'keep' | 'drop';

export interface BatchOptions {
  batchSize: number;
  /** A new order every epoch (training), or the stored order (evaluation). */
  shuffle: boolean;
  /** With `epoch`, fixes the order: the same pair gives the same order on every run. */
  seed?: number;
  epoch?: number;
  /** Defaults to 'keep'. */
  lastBatch?: LastBatch;
}

export interface Batch {
  /** count × channels × height × width, pixel / 255 in [0, 1] (torchvision's ToTensor). */
  images: Float32Array;
  labels: Uint32Array;
  count: number;
  /** Which samples of the dataset these are. */
  indices: Uint32Array;
}

export interface ImageShape {
  channels: number;
  height: number;
  width: number;
}

/** What the images and labels were read from, as messages name them. */
export interface DataFiles {
  images: string;
  labels: string;
}

/** Labelled 8-bit images held in memory, batched as float32 NCHW. */
export class Dataset {
  readonly count: number;

  constructor(
    /** count × channels × height × width bytes. */
    readonly images: Uint8Array,
    readonly labels: Uint8Array,
    readonly shape: ImageShape,
    readonly files: DataFiles = { images: 'images', labels: 'labels' },
  ) {
    this.count = labels.length;
    if (images.length !== this.count * this.sampleSize) {
      throw new IdxError(
        `${this.count} labels need ${this.count * this.sampleSize} image bytes ` +
          `(${shape.channels}×${shape.height}×${shape.width} each), got ${images.length}`,
      );
    }
  }

  get sampleSize(): number {
    return this.shape.channels * this.shape.height * this.shape.width;
  }

  /** The first `n` samples (all of them when n ≥ count); shares memory with this one. */
  limit(n: number): Dataset {
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`limit must be a positive integer, got ${n}`);
    const k = Math.min(n, this.count);
    return new Dataset(
      this.images.subarray(0, k * this.sampleSize),
      this.labels.subarray(0, k),
      this.shape,
      this.files,
    );
  }

  /** The samples `indices`, in that order (a copy). */
  subset(indices: ArrayLike<number>): Dataset {
    const size = this.sampleSize;
    const images = new Uint8Array(indices.length * size);
    const labels = new Uint8Array(indices.length);
    for (let i = 0; i < indices.length; i++) {
      const k = indices[i]!;
      if (!Number.isInteger(k) || k < 0 || k >= this.count) {
        throw new Error(`sample ${k} is not one of the ${this.count}`);
      }
      images.set(this.images.subarray(k * size, (k + 1) * size), i * size);
      labels[i] = this.labels[k]!;
    }
    return new Dataset(images, labels, this.shape, this.files);
  }

  /** The order of one epoch's samples. */
  order(options: Pick<BatchOptions, 'shuffle' | 'seed' | 'epoch'>): Uint32Array {
    if (!options.shuffle) return Uint32Array.from({ length: this.count }, (_, i) => i);
    // Each (seed, epoch) pair gets its own generator seed.
    const mixed = Math.imul((options.seed ?? 0) ^ 0x5bd1e995, 0x9e3779b1) + (options.epoch ?? 0);
    return permutation(this.count, mixed >>> 0);
  }

  batchCount(batchSize: number, lastBatch: LastBatch = 'keep'): number {
    return lastBatch === 'keep'
      ? Math.ceil(this.count / batchSize)
      : Math.floor(this.count / batchSize);
  }

  /** Writes samples `indices` into `images` (normalised) and `labels`. */
  fill(indices: Uint32Array, images: Float32Array, labels: Uint32Array): void {
    const size = this.sampleSize;
    indices.forEach((sample, b) => {
      const from = this.images.subarray(sample * size, (sample + 1) * size);
      for (let i = 0; i < size; i++) images[b * size + i] = from[i]! / 255;
      labels[b] = this.labels[sample]!;
    });
  }

  *batches(options: BatchOptions): Generator<Batch> {
    const { batchSize } = options;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new Error(`batch size must be a positive integer, got ${batchSize}`);
    }
    const order = this.order(options);
    const batches = this.batchCount(batchSize, options.lastBatch);
    for (let k = 0; k < batches; k++) {
      const indices = order.subarray(k * batchSize, Math.min((k + 1) * batchSize, this.count));
      const count = indices.length;
      const images = new Float32Array(count * this.sampleSize);
      const labels = new Uint32Array(count);
      this.fill(indices, images, labels);
      yield { images, labels, count, indices };
    }
  }
}

/** A dataset from an IDX images file and an IDX labels file (each plain or gzipped). */
export async function datasetFromIdx(
  imagesFile: Uint8Array,
  labelsFile: Uint8Array,
  names: { images: string; labels: string } = { images: 'images file', labels: 'labels file' },
): Promise<Dataset> {
  const [images, labels] = await Promise.all([
    readIdxImages(imagesFile, names.images),
    readIdxLabels(labelsFile, names.labels),
  ]);
  if (images.count !== labels.length) {
    throw new IdxError(
      `${names.images} has ${images.count} images but ${names.labels} has ${labels.length} labels`,
    );
  }
  return new Dataset(
    images.data,
    labels,
    { channels: 1, height: images.height, width: images.width },
    names,
  );
}
