import type { RecordedCall } from './gpu.js';

/** What the runtime can time: GPU time needs timestamp queries. */
export const profileFeature: GPUFeatureName = 'timestamp-query';

/**
 * GPU milliseconds of each call: each call runs in a compute pass of its own with timestamps at
 * its start and end, `repeats` times, and the median is kept. A real run puts every call in one
 * pass, so these times add up to somewhat more than a run takes.
 */
export async function timeCalls(
  device: GPUDevice,
  calls: readonly RecordedCall[],
  repeats: number,
): Promise<number[]> {
  if (!device.features.has(profileFeature)) {
    throw new Error(`this GPU device was made without "${profileFeature}": nothing can be timed`);
  }
  const count = 2 * calls.length;
  const querySet = device.createQuerySet({ type: 'timestamp', count });
  const resolved = device.createBuffer({
    size: 8 * count,
    usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
  });
  const staging = device.createBuffer({
    size: 8 * count,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  const runs: number[][] = calls.map(() => []);
  try {
    for (let r = 0; r < repeats; r++) {
      const encoder = device.createCommandEncoder();
      calls.forEach((c, i) => {
        const pass = encoder.beginComputePass({
          timestampWrites: {
            querySet,
            beginningOfPassWriteIndex: 2 * i,
            endOfPassWriteIndex: 2 * i + 1,
          },
        });
        pass.setPipeline(c.pipeline);
        pass.setBindGroup(0, c.bindGroup);
        pass.dispatchWorkgroups(...c.workgroups);
        pass.end();
      });
      encoder.resolveQuerySet(querySet, 0, count, resolved, 0);
      encoder.copyBufferToBuffer(resolved, 0, staging, 0, 8 * count);
      device.queue.submit([encoder.finish()]);
      await staging.mapAsync(GPUMapMode.READ);
      const ns = new BigInt64Array(staging.getMappedRange().slice(0));
      staging.unmap();
      calls.forEach((_, i) => runs[i]!.push(Number(ns[2 * i + 1]! - ns[2 * i]!) / 1e6));
    }
  } finally {
    querySet.destroy();
    resolved.destroy();
    staging.destroy();
  }
  return runs.map(median);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
