import path from 'node:path';
import { configureKernels, PlanError } from '../runtime-gpu/index.js';
import { nodeDevice } from '../runtime-gpu/node.js';
import { CliError } from './errors.js';
import { cacheDir, fileStore, kernelMode, timingsFileName } from './kernelTimings.js';

/**
 * This machine's WebGPU device (dawn.node), or a CliError saying there is none. Its kernels
 * are chosen as $CNN_STUDIO_KERNELS says, with the timings kept in the user's cache folder.
 */
export async function cliDevice(): Promise<GPUDevice> {
  const mode = kernelMode(process.env.CNN_STUDIO_KERNELS);
  let device: GPUDevice;
  try {
    device = (await nodeDevice()).device;
  } catch (e) {
    throw new CliError(`no WebGPU device: ${(e as Error).message}`);
  }
  configureKernels(device, {
    mode,
    store: fileStore(path.join(cacheDir(), timingsFileName)),
    note: (line) => console.error(`note: ${line}`),
  });
  return device;
}

/** Runs `f`, turning the runtime's expected failures (a graph or weights that do not fit) into CliErrors. */
export async function runtimeErrors<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof PlanError) throw new CliError(e.message);
    throw e;
  }
}

/** A number option: finite, and within [min, max]. */
export function numberOption(
  value: string | undefined,
  name: string,
  fallback: number | undefined,
  min = -Infinity,
  max = Infinity,
): number {
  if (value === undefined) {
    if (fallback === undefined) throw new CliError(`give --${name}`);
    return fallback;
  }
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new CliError(`--${name} ${value} must be a number between ${min} and ${max}`);
  }
  return n;
}

export function intOption(
  value: string | undefined,
  name: string,
  fallback: number | undefined,
  min = 1,
): number {
  const n = numberOption(value, name, fallback, min);
  if (!Number.isInteger(n)) throw new CliError(`--${name} ${value} must be a whole number`);
  return n;
}
