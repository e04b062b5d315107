import {
  createStorage,
  encodeCalls,
  recordCalls,
  tensorBytes,
  type PipelineCache,
  type RecordedCall,
} from '../gpu.js';
import { profileFeature } from '../profile.js';
import type { KernelProblem } from './problem.js';

/** Times one variant of a problem: milliseconds one run takes. */
export type Measure = (problem: KernelProblem, variant: string) => Promise<number>;

/** Aim each timed batch of runs at about this long, so timer granularity does not matter. */
const targetMs = 4;
const maxRuns = 64;
/** Batches timed; the median is kept. */
const batches = 3;

/**
 * Milliseconds a run of `calls` takes on the GPU: from timestamp queries around a pass that
 * repeats them, where the device has them (Chrome rounds them to 100 µs, hence the repeats),
 * else wall time from submit to onSubmittedWorkDone.
 */
async function timeRuns(device: GPUDevice, calls: RecordedCall[], runs: number): Promise<number> {
  const encoder = device.createCommandEncoder();
  if (!device.features.has(profileFeature)) {
    const start = performance.now();
    for (let r = 0; r < runs; r++) encodeCalls(encoder, calls);
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
    return (performance.now() - start) / runs;
  }
  const querySet = device.createQuerySet({ type: 'timestamp', count: 2 });
  const resolved = device.createBuffer({
    size: 16,
    usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
  });
  const staging = device.createBuffer({
    size: 16,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  try {
    const pass = encoder.beginComputePass({
      timestampWrites: { querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 },
    });
    for (let r = 0; r < runs; r++) {
      for (const c of calls) {
        pass.setPipeline(c.pipeline);
        pass.setBindGroup(0, c.bindGroup);
        pass.dispatchWorkgroups(...c.workgroups);
      }
    }
    pass.end();
    encoder.resolveQuerySet(querySet, 0, 2, resolved, 0);
    encoder.copyBufferToBuffer(resolved, 0, staging, 0, 16);
    device.queue.submit([encoder.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    const [begin, end] = new BigInt64Array(staging.getMappedRange().slice(0));
    staging.unmap();
    return Number(end! - begin!) / 1e6 / runs;
  } finally {
    querySet.destroy();
    resolved.destroy();
    staging.destroy();
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/**
 * Measures variants on the device over tensors of their own (zeros: no kernel's time depends
 * on the values), compiling their pipelines into `pipelines`, where the plan finds the winner
 * already made. A variant the device refuses (a validation error) throws.
 */
export function gpuMeasure(device: GPUDevice, pipelines: PipelineCache): Measure {
  return async (problem, variant) => {
    const { calls, tensors } = problem.build(variant);
    const buffers = new Map<string, GPUBuffer>();
    let recorded: RecordedCall[] = [];
    device.pushErrorScope('validation');
    let ms = NaN;
    let failure: unknown;
    try {
      for (const t of tensors) {
        buffers.set(t.name, createStorage(device, tensorBytes(t), `tune:${t.name}`));
      }
      await pipelines.prepare(calls);
      recorded = recordCalls(device, pipelines, calls, buffers);
      // A first run, also to size the batches.
      const once = await timeRuns(device, recorded, 1);
      const runs = Math.max(1, Math.min(maxRuns, Math.ceil(targetMs / Math.max(once, 1e-3))));
      const times: number[] = [];
      for (let b = 0; b < batches; b++) times.push(await timeRuns(device, recorded, runs));
      ms = median(times);
    } catch (e) {
      failure = e;
    }
    const error = await device.popErrorScope();
    for (const b of buffers.values()) b.destroy();
    for (const c of recorded) c.uniforms?.destroy();
    if (error) throw new Error(`${problem.key} ${variant}: ${error.message}`);
    if (failure !== undefined) throw failure;
    return ms;
  };
}
