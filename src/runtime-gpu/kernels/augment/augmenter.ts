import {
  createStorage,
  encodeCalls,
  PipelineCache,
  recordCalls,
  type RecordedCall,
} from '../../gpu.js';
import { augmentCalls } from './augment.js';
import { drawWidth, type AugmentOptions } from './draws.js';

/**
 * Augments each training batch on the GPU, in the step's own command buffer: the uploaded
 * batch is copied aside and augmented back into the plan's input, so the network trains on the
 * augmented images and the CPU never touches a pixel. One recording per batch size.
 */
export class Augmenter {
  private readonly source: GPUBuffer;
  private readonly draws: GPUBuffer;
  private readonly means: GPUBuffer;
  private readonly recorded = new Map<GPUBuffer, Map<number, RecordedCall[]>>();
  private readonly sampleBytes: number;

  constructor(
    private readonly device: GPUDevice,
    private readonly cache: PipelineCache,
    readonly options: AugmentOptions,
    private readonly shape: { channels: number; height: number; width: number },
    maxBatch: number,
  ) {
    const { channels, height, width } = shape;
    this.sampleBytes = 4 * channels * height * width;
    this.source = createStorage(device, maxBatch * this.sampleBytes, 'augment.source');
    this.draws = createStorage(device, 4 * maxBatch * drawWidth, 'augment.draws');
    this.means = createStorage(device, 4 * maxBatch, 'augment.means');
  }

  /** Encodes the augmentation of the `count` samples in `input` with their `draws`. */
  encode(encoder: GPUCommandEncoder, input: GPUBuffer, draws: Float32Array, count: number): void {
    this.device.queue.writeBuffer(this.draws, 0, draws);
    encoder.copyBufferToBuffer(input, 0, this.source, 0, count * this.sampleBytes);
    encodeCalls(encoder, this.calls(input, count));
  }

  private calls(input: GPUBuffer, count: number): RecordedCall[] {
    let byCount = this.recorded.get(input);
    if (!byCount) this.recorded.set(input, (byCount = new Map()));
    let r = byCount.get(count);
    if (!r) {
      const { channels: c, height: h, width: w } = this.shape;
      const buffers = new Map([
        ['x', this.source],
        ['draws', this.draws],
        ['y', input],
        ['means', this.means],
      ]);
      const calls = augmentCalls(
        { x: 'x', draws: 'draws', y: 'y', means: 'means' },
        { n: count, c, h, w, pad: this.options.cropPad },
        this.options.jitter > 0,
      );
      r = recordCalls(this.device, this.cache, calls, buffers);
      byCount.set(count, r);
    }
    return r;
  }

  /** Forgets the recordings for a buffer that is about to be destroyed. */
  release(input: GPUBuffer): void {
    for (const calls of this.recorded.get(input)?.values() ?? []) {
      for (const c of calls) c.uniforms?.destroy();
    }
    this.recorded.delete(input);
  }

  destroy(): void {
    for (const b of [this.source, this.draws, this.means]) b.destroy();
    for (const byCount of this.recorded.values()) {
      for (const calls of byCount.values()) for (const c of calls) c.uniforms?.destroy();
    }
  }
}
