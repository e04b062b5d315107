import {
  createStorage,
  encodeCalls,
  PipelineCache,
  readBuffer,
  recordCalls,
  tensorBytes,
} from './gpu.js';
import { elementCount, type KernelCall } from './kernel.js';
import { nodeDevice } from './node.js';

/** Test support: one device per test process (GPU tests run one file per process). */
let shared: Promise<GPUDevice> | undefined;
export function testDevice(): Promise<GPUDevice> {
  shared ??= nodeDevice().then((d) => d.device);
  return shared;
}

export interface TestTensor {
  name: string;
  shape: number[];
  data?: Float32Array | Uint32Array | Int32Array;
}

/** Runs kernel calls over fresh buffers and reads every tensor back as raw words. */
export async function runCalls(
  calls: KernelCall[],
  tensors: TestTensor[],
): Promise<Map<string, ArrayBuffer>> {
  const device = await testDevice();
  const cache = new PipelineCache(device);
  const buffers = new Map<string, GPUBuffer>();
  for (const t of tensors) {
    const buf = createStorage(device, tensorBytes(t), t.name);
    if (t.data) device.queue.writeBuffer(buf, 0, t.data);
    buffers.set(t.name, buf);
  }
  device.pushErrorScope('validation');
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
  return out;
}

/** Float32 results of runCalls. */
export async function runFloat(
  calls: KernelCall[],
  tensors: TestTensor[],
): Promise<Map<string, Float32Array>> {
  const raw = await runCalls(calls, tensors);
  return new Map([...raw].map(([k, v]) => [k, new Float32Array(v)]));
}

/**
 * Largest |a−b| / max(1, |b|) — relative where values are large, absolute near zero. A NaN
 * matches only a NaN and ±∞ only the same ∞; any other mismatch of those counts as ∞.
 */
export function maxRelError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i]!, b[i]!];
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      if (!Object.is(x, y) && !(Number.isNaN(x) && Number.isNaN(y))) return Infinity;
      continue;
    }
    worst = Math.max(worst, Math.abs(x - y) / Math.max(1, Math.abs(y)));
  }
  return worst;
}

/** Deterministic pseudo-random numbers in [-1, 1) for test inputs. */
export function randomArray(n: number, seed: number): Float64Array {
  let s = seed >>> 0 || 1;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = ((s >>> 0) / 2 ** 32) * 2 - 1;
  }
  return out;
}

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
