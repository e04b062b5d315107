import type { Slot } from './slots.js';
import type { PlanTensor, TensorRole } from './tensors.js';

/** Bytes of GPU memory a plan allocates, by what the buffers hold; `total` is their sum. */
export interface MemoryReport {
  /** Weights and BatchNorm running statistics. */
  weights: number;
  /** Optimizer state (momentum, Adam moments). */
  optimizer: number;
  /** The uploaded batch, labels and the results read back. */
  io: number;
  /** Shared buffers, each counted under what its largest tensor holds. */
  activations: number;
  grads: number;
  scratch: number;
  total: number;
  /** What activations, gradients and scratch would take without sharing. */
  unshared: number;
}

const category: Record<TensorRole, Exclude<keyof MemoryReport, 'total' | 'unshared'>> = {
  weight: 'weights',
  buffer: 'weights',
  state: 'optimizer',
  input: 'io',
  labels: 'io',
  output: 'io',
  metric: 'io',
  activation: 'activations',
  grad: 'grads',
  scratch: 'scratch',
};

export function memoryReport(
  slots: readonly Slot[],
  tensors: ReadonlyMap<string, PlanTensor>,
  bytesOf: (t: PlanTensor) => number,
): MemoryReport {
  const r: MemoryReport = {
    weights: 0,
    optimizer: 0,
    io: 0,
    activations: 0,
    grads: 0,
    scratch: 0,
    total: 0,
    unshared: 0,
  };
  for (const s of slots) {
    r[category[tensors.get(s.tensors[0]!)!.role]] += s.bytes;
    r.total += s.bytes;
    if (!s.persistent) r.unshared += s.tensors.reduce((n, t) => n + bytesOf(tensors.get(t)!), 0);
  }
  return r;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}
