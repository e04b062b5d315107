import { existsSync } from 'node:fs';
import { requestDevice } from './gpu.js';

const swiftShaderIcd = '/usr/lib/chromium/vk_swiftshader_icd.json';

/**
 * dawn.node lives only as long as the object `create` returns is referenced (webgpu README,
 * "Notes"); once it is garbage-collected, devices made from it crash at random in their
 * threads (futex errors, SIGSEGV/SIGABRT). Keep every instance alive for the process.
 */
const instances: GPU[] = [];

/**
 * A WebGPU device in Node through dawn.node (npm `webgpu`), on the machine's own GPU driver.
 * Where no driver gives an adapter (a machine without a GPU) and Chromium's SwiftShader is
 * installed, that software renderer is used, so the CLI and the tests still run; an explicit
 * VK_ICD_FILENAMES is always respected.
 */
export async function nodeDevice(): Promise<{ adapter: GPUAdapter; device: GPUDevice }> {
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  const instance = (): GPU => {
    const gpu = create([]);
    instances.push(gpu);
    return gpu;
  };
  let gpu = instance();
  if (
    !process.env.VK_ICD_FILENAMES &&
    existsSync(swiftShaderIcd) &&
    !(await gpu.requestAdapter())
  ) {
    // The Vulkan loader reads this when an instance is made, so a new instance picks it up.
    process.env.VK_ICD_FILENAMES = swiftShaderIcd;
    gpu = instance();
  }
  return requestDevice(gpu);
}
