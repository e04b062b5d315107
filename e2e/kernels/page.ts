/// <reference types="@webgpu/types" />
/**
 * The kernel-test page: e2e/kernels.e2e.ts opens it in headless Chromium, where SwiftShader runs
 * the shared-memory (workgroupBarrier-loop) conv variants that dawn.node's must never be given,
 * and calls `window.kernelTests` to run each variant on the shared conv cases and PyTorch goldens.
 */
import { requestDevice } from '../../src/runtime-gpu/gpu.js';
import type { Conv2dDims } from '../../src/runtime-gpu/kernels/conv2d/dims.js';
import type { ConvVariant } from '../../src/runtime-gpu/kernels/conv2d/variants.js';
import {
  convCase,
  convCaseErrors,
  convGoldenErrors,
  type ConvGolden,
} from '../../src/runtime-gpu/test/convCases.js';
import { runFloatOn } from '../../src/runtime-gpu/test/run.js';

export interface KernelTests {
  adapter: { description: string; fallback: boolean };
  /** Largest relative error of each output of `variant` on the named conv case. */
  caseErrors(variant: ConvVariant, name: string): Promise<Record<string, number>>;
  /** The same against a PyTorch golden (fixtures/ops/conv.json). */
  goldenErrors(
    variant: ConvVariant,
    golden: ConvGolden<Conv2dDims>,
  ): Promise<Record<string, number>>;
}

declare global {
  interface Window {
    kernelTests: Promise<KernelTests>;
  }
}

window.kernelTests = requestDevice(navigator.gpu).then(({ adapter, device }) => {
  // Any error outside the runs' error scopes fails the test through the console.
  device.onuncapturederror = (e) => console.error(`WebGPU: ${e.error.message}`);
  const run = runFloatOn.bind(null, device);
  return {
    adapter: {
      description: [adapter.info.vendor, adapter.info.description].filter(Boolean).join(' / '),
      fallback: adapter.info.isFallbackAdapter,
    },
    caseErrors: (variant, name) => convCaseErrors(run, convCase(name), variant),
    goldenErrors: (variant, golden) => convGoldenErrors(run, golden, variant),
  };
});
