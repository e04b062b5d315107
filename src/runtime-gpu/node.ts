import { existsSync } from 'node:fs';
import { requestDevice } from './gpu.js';

const swiftShaderIcd = '/usr/lib/chromium/vk_swiftshader_icd.json';

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
  return requestDevice(create([]));
}
