import type { KernelCall } from './kernel.js';
import { nodeDevice } from './node.js';
import { runCallsOn, runFloatOn, type TestTensor } from './test/run.js';

export type { TestTensor } from './test/run.js';

/** Test support: one device per test process (GPU tests run one file per process). */
let shared: Promise<GPUDevice> | undefined;
export function testDevice(): Promise<GPUDevice> {
  shared ??= nodeDevice().then((d) => d.device);
  return shared;
}

/** Runs kernel calls over fresh buffers on the test device and reads every tensor back. */
export async function runCalls(
  calls: KernelCall[],
  tensors: TestTensor[],
): Promise<Map<string, ArrayBuffer>> {
  return runCallsOn(await testDevice(), calls, tensors);
}

/** Float32 results of runCalls. */
export async function runFloat(
  calls: KernelCall[],
  tensors: TestTensor[],
): Promise<Map<string, Float32Array>> {
  return runFloatOn(await testDevice(), calls, tensors);
}

export { maxRelError, randomArray } from './test/numbers.js';
