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
import { indexedDbStore } from '../../src/renderer/kernelTimings.js';

export interface KernelTests {
  adapter: { description: string; fallback: boolean };
  /** Largest relative error of each output of `variant` on the named conv case. */
  caseErrors(variant: ConvVariant, name: string): Promise<Record<string, number>>;
  /** The same against a PyTorch golden (fixtures/ops/conv.json). */
  goldenErrors(
    variant: ConvVariant,
    golden: ConvGolden<Conv2dDims>,
  ): Promise<Record<string, number>>;
  /** What the app's IndexedDB timings store gives back after a save, and for damaged records. */
  timingsStore(): Promise<{ saved: unknown; otherKernels?: string; damaged?: string }>;
}

/** Stores a record in the timings database as something else than the app would have. */
async function damage(adapter: string, value: unknown): Promise<void> {
  const db = await new Promise<IDBDatabase>((ok, fail) => {
    const r = indexedDB.open('cnn-studio-kernels', 1);
    r.onsuccess = () => ok(r.result);
    r.onerror = () => fail(r.error);
  });
  const tx = db.transaction('timings', 'readwrite');
  tx.objectStore('timings').put(value, adapter);
  await new Promise((ok) => (tx.oncomplete = ok));
  db.close();
}

async function timingsStore() {
  const timings = new Map([
    ['conv2d.forward n1', { pick: 'tile64', ms: { register: 2, tile64: 1 } }],
  ]);
  await indexedDbStore(indexedDB).save('gpu A', 'k1', timings);
  // A second store, as the next session of the app opens one.
  const store = indexedDbStore(indexedDB);
  const saved = [...(await store.load('gpu A', 'k1')).timings];
  const otherKernels = (await store.load('gpu A', 'k2')).note;
  await damage('gpu B', { kernels: 'k1', timings: { p: { pick: 7 } } });
  const damaged = (await store.load('gpu B', 'k1')).note;
  return { saved, otherKernels, damaged };
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
    timingsStore,
  };
});
