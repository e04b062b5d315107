import type { KernelCall, TensorDesc } from '../kernel.js';

/** What a device lets the kernel variants use. */
export interface KernelCaps {
  /**
   * Kernels that loop over workgroupBarrier may run: not on a fallback (software) adapter,
   * where they crashed SwiftShader under dawn.node. Chromium's SwiftShader runs them correctly
   * (e2e/kernels.e2e.ts), but compiling each takes seconds there and a CPU has no workgroup
   * memory to gain from, so a software adapter keeps the register-blocked kernels and measures
   * nothing.
   */
  sharedMemory: boolean;
  /** Bytes of workgroup memory a kernel may declare. */
  workgroupStorage: number;
  /** Threads a 1-D workgroup may have. */
  invocations: number;
  /** Bytes one storage binding may hold (split-K partials must fit). */
  maxBinding: number;
}

/** What any device has: WebGPU's default limits, and no shared-memory kernels. */
export const baselineCaps: KernelCaps = {
  sharedMemory: false,
  workgroupStorage: 16384,
  invocations: 256,
  maxBinding: 128 * 1024 * 1024,
};

export function capsOf(device: GPUDevice): KernelCaps {
  const l = device.limits;
  return {
    sharedMemory: !device.adapterInfo.isFallbackAdapter,
    workgroupStorage: l.maxComputeWorkgroupStorageSize,
    invocations: Math.min(l.maxComputeInvocationsPerWorkgroup, l.maxComputeWorkgroupSizeX),
    maxBinding: Math.min(l.maxStorageBufferBindingSize, l.maxBufferSize),
  };
}

/**
 * One kernel at one size (a conv's forward pass at its dims), and the ways it can be run.
 * `key` names it for the tuning cache; `variants` are those the device can run, the default
 * (used until measured, and when measuring is off) first.
 */
export interface KernelProblem {
  key: string;
  variants: readonly string[];
  /** The calls of one run of `variant` over tensors of its own (for timing). */
  build(variant: string): { calls: KernelCall[]; tensors: TensorDesc[] };
}

/** Which variant runs each problem: the plan compiler asks while it lowers the graph. */
export interface KernelSelector {
  readonly caps: KernelCaps;
  pick(problem: KernelProblem): string;
}

/** The default variant of everything (the register-blocked kernels). */
export const defaultSelector: KernelSelector = {
  caps: baselineCaps,
  pick: (p) => p.variants[0]!,
};
