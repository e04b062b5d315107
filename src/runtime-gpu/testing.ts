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

/**
 * Where `a` differs from `b` as PyTorch's results may not: a NaN where `b` has none (or none where
 * it has one), an infinity of another sign, or a finite value off by more than `tolerance`
 * (relative, as maxRelError). Null when they agree.
 */
export function mismatch(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  tolerance: number,
): string | null {
  if (a.length !== b.length) return `length ${a.length} vs ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i]!, b[i]!];
    const same = Number.isNaN(y)
      ? Number.isNaN(x)
      : Number.isFinite(y)
        ? Math.abs(x - y) / Math.max(1, Math.abs(y)) <= tolerance
        : x === y;
    if (!same) return `[${i}]: ${x} where ${y} is expected`;
  }
  return null;
}

/** A fixture's numbers, with the "nan", "inf" and "-inf" that JSON cannot hold. */
export const specialFloats = (values: readonly (number | string)[]): number[] =>
  values.map((v) =>
    typeof v === 'number' ? v : v === 'nan' ? NaN : v === 'inf' ? Infinity : -Infinity,
  );
