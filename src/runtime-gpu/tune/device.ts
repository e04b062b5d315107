import { PipelineCache } from '../gpu.js';
import type { TuneStore } from './cache.js';
import { gpuMeasure } from './measure.js';
import { capsOf, type KernelCaps } from './problem.js';
import { adapterKey, Tuner, type KernelMode, type TunerOptions } from './tuner.js';

/** What every Trainer on one device shares: compiled pipelines and the kernel choices. */
export interface DeviceKernels {
  pipelines: PipelineCache;
  tuner: Tuner;
}

const perDevice = new WeakMap<GPUDevice, DeviceKernels>();

/** The device's pipeline cache and tuner, made on first use (timings kept in memory only). */
export function deviceKernels(device: GPUDevice): DeviceKernels {
  let k = perDevice.get(device);
  if (!k) {
    const pipelines = new PipelineCache(device);
    const tuner = new Tuner({
      caps: capsOf(device),
      adapter: adapterKey(device.adapterInfo),
      measure: gpuMeasure(device, pipelines),
    });
    k = { pipelines, tuner };
    perDevice.set(device, k);
  }
  return k;
}

/**
 * Where the device's kernel timings are kept (the CLI: a file in the user's cache folder; the
 * app: IndexedDB), how kernels are chosen, and where notes go. Call before the first Trainer.
 * `caps` replaces what the device is found to allow: the Chromium kernel tests give its
 * software adapter the shared-memory variants, which it runs correctly, to train with them.
 */
export function configureKernels(
  device: GPUDevice,
  o: { store?: TuneStore; mode?: KernelMode; note?: TunerOptions['note']; caps?: KernelCaps },
): void {
  deviceKernels(device).tuner.configure(o);
}
