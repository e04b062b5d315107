/**
 * Reads small results (loss, counts, logits) back without stalling the queue: each read copies
 * into one of a ring of staging buffers in the caller's command encoder, and its mapAsync is only
 * awaited when that staging buffer comes round again, or at `drain`.
 */
export class ReadRing {
  private readonly staging: GPUBuffer[] = [];
  private readonly pending: (Promise<void> | null)[] = [];
  private next = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly bytes: number,
    size = 8,
  ) {
    for (let i = 0; i < size; i++) {
      this.staging.push(
        device.createBuffer({
          size: Math.ceil(bytes / 4) * 4,
          usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
          label: `readback ${i}`,
        }),
      );
      this.pending.push(null);
    }
  }

  /**
   * Records copies of `parts` (buffer, bytes) back to back into the next staging buffer, submits
   * `encoder`, and calls `done` with the bytes once the GPU has produced them.
   */
  async submit(
    encoder: GPUCommandEncoder,
    parts: readonly [GPUBuffer, number][],
    done: (data: ArrayBuffer) => void,
  ): Promise<void> {
    const k = this.next;
    this.next = (k + 1) % this.staging.length;
    // The staging buffer must be unmapped before a copy into it is submitted.
    await this.pending[k];
    const target = this.staging[k]!;
    let offset = 0;
    for (const [buffer, bytes] of parts) {
      encoder.copyBufferToBuffer(buffer, 0, target, offset, bytes);
      offset += bytes;
    }
    if (offset > this.bytes)
      throw new Error(`read of ${offset} bytes into a ${this.bytes}-byte ring`);
    this.device.queue.submit([encoder.finish()]);
    this.pending[k] = target.mapAsync(GPUMapMode.READ).then(() => {
      done(target.getMappedRange(0, offset).slice(0));
      target.unmap();
    });
  }

  /** Waits for every read in flight. */
  async drain(): Promise<void> {
    await Promise.all(this.pending);
  }

  destroy(): void {
    for (const s of this.staging) s.destroy();
  }
}
