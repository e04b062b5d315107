import { createStorage, encodeCalls, readBuffer, recordCalls, tensorBytes } from '../gpu.js';
import { elementCount, type KernelCall } from '../kernel.js';
import { deviceKernels } from '../tune/device.js';

/**
 * Test support that runs on any device (dawn.node in the unit tests, the page's in Chromium):
 * kernel calls over fresh buffers, every tensor read back as raw words.
 */
export interface TestTensor {
  name: string;
  shape: number[];
  data?: Float32Array | Uint32Array | Int32Array;
}

export async function runCallsOn(
  device: GPUDevice,
  calls: KernelCall[],
  tensors: TestTensor[],
): Promise<Map<string, ArrayBuffer>> {
  // The device's own cache, which its Trainers share too.
  const cache = deviceKernels(device).pipelines;
  const buffers = new Map<string, GPUBuffer>();
  for (const t of tensors) {
    const buf = createStorage(device, tensorBytes(t), t.name);
    if (t.data) device.queue.writeBuffer(buf, 0, t.data);
    buffers.set(t.name, buf);
  }
  device.pushErrorScope('validation');
  await cache.prepare(calls);
  const recorded = recordCalls(device, cache, calls, buffers);
  const enc = device.createCommandEncoder();
  encodeCalls(enc, recorded);
  device.queue.submit([enc.finish()]);
  const err = await device.popErrorScope();
  if (err) throw new Error(`WebGPU validation error: ${err.message}`);
  const out = new Map<string, ArrayBuffer>();
  for (const t of tensors) {
    out.set(t.name, await readBuffer(device, buffers.get(t.name)!, 4 * elementCount(t.shape)));
    buffers.get(t.name)!.destroy();
  }
  for (const c of recorded) c.uniforms?.destroy();
  return out;
}

export async function runFloatOn(
  device: GPUDevice,
  calls: KernelCall[],
  tensors: TestTensor[],
): Promise<Map<string, Float32Array>> {
  const raw = await runCallsOn(device, calls, tensors);
  return new Map([...raw].map(([k, v]) => [k, new Float32Array(v)]));
}
