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
 * A WebGPU device in Node through dawn.node (npm `webgpu`). Where no Vulkan driver is
 * configured and Chromium's SwiftShader is installed, it is used, so tests run without a GPU.
 */
export async function nodeDevice(): Promise<{ adapter: GPUAdapter; device: GPUDevice }> {
  if (!process.env.VK_ICD_FILENAMES && existsSync(swiftShaderIcd)) {
    process.env.VK_ICD_FILENAMES = swiftShaderIcd;
  }
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  const gpu = create([]);
  instances.push(gpu);
  return requestDevice(gpu);
}
