/// <reference types="@webgpu/types" />
/**
 * The kernel-test page: e2e/kernels.e2e.ts opens it in headless Chromium, where SwiftShader runs
 * the shared-memory (workgroupBarrier-loop) conv variants that dawn.node's must never be given,
 * and calls `window.kernelTests` to run each variant on the shared conv cases and PyTorch goldens.
 */
import { template } from '../../src/graph/index.js';
import { requestDevice } from '../../src/runtime-gpu/gpu.js';
import type { Conv2dDims } from '../../src/runtime-gpu/kernels/conv2d/dims.js';
import type { ConvVariant } from '../../src/runtime-gpu/kernels/conv2d/variants.js';
import {
  convCase,
  convCaseErrors,
  convGoldenErrors,
  type ConvGolden,
} from '../../src/runtime-gpu/test/convCases.js';
import { modernNet } from '../../src/runtime-gpu/test/graphs.js';
import { maxRelError, randomArray } from '../../src/runtime-gpu/test/numbers.js';
import { runFloatOn } from '../../src/runtime-gpu/test/run.js';
import { Trainer } from '../../src/runtime-gpu/trainer.js';
import { configureKernels } from '../../src/runtime-gpu/tune/device.js';
import { capsOf } from '../../src/runtime-gpu/tune/problem.js';
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
  /**
   * Two SGD steps of a network (`modern`: every conv option, depthwise dilated strided, grouped
   * without bias, 1×1, Linear; `lenet`: long reductions, where split-K runs) with `variant`
   * wherever it can run, against the same steps with the register-blocked kernels: the losses'
   * and the weights' largest relative differences, and how many of the plan's calls use
   * workgroup memory.
   */
  trainsWith(
    variant: ConvVariant | 'tuned',
    network: 'modern' | 'lenet',
  ): Promise<{ loss: number; weights: number; tiled: number; notes: string[] }>;
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

const networks = {
  modern: { graph: modernNet, side: 16 },
  lenet: { graph: () => template('lenet')!, side: 28 },
};

async function twoSteps(device: GPUDevice, network: keyof typeof networks) {
  const { graph, side } = networks[network];
  const options = {
    batch: 4,
    seed: 5,
    optimizer: { kind: 'sgd', lr: 0.1, momentum: 0.9, weightDecay: 1e-4 } as const,
  };
  const trainer = await Trainer.create(device, graph(), options);
  const x = Float32Array.from(randomArray(4 * side * side, 11));
  const labels = Uint32Array.of(3, 1, 4, 1);
  const losses: number[] = [];
  for (let i = 0; i < 2; i++) await trainer.step(x, labels, (r) => losses.push(r.loss));
  const weights = await trainer.weights();
  const tiled = trainer.plan.calls.filter((c) => c.code.includes('var<workgroup>')).length;
  trainer.destroy();
  return { losses, weights, tiled };
}

async function trainsWith(
  device: GPUDevice,
  variant: ConvVariant | 'tuned',
  network: keyof typeof networks,
) {
  const notes: string[] = [];
  const caps = capsOf(device);
  configureKernels(device, { mode: 'register', caps });
  const plain = await twoSteps(device, network);
  // 'tuned' measures every variant with the tuner's own timer (wall time on SwiftShader); up
  // to 64 threads a workgroup (the 32×32 tiles only), since each kernel compiles for seconds.
  const note = (line: string) => notes.push(line);
  const invocations = variant === 'tuned' ? 64 : caps.invocations;
  configureKernels(device, {
    mode: variant,
    caps: { ...caps, sharedMemory: true, invocations },
    note,
  });
  const tiled = await twoSteps(device, network);
  configureKernels(device, { mode: 'register', caps });
  let weights = 0;
  plain.weights.forEach((w, i) => {
    if (w.dtype !== 'F32') return;
    const t = tiled.weights[i]!;
    weights = Math.max(weights, maxRelError(t.data as Float32Array, w.data as Float32Array));
  });
  return { loss: maxRelError(tiled.losses, plain.losses), weights, tiled: tiled.tiled, notes };
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
    trainsWith: (variant, network) => trainsWith(device, variant, network),
  };
});
