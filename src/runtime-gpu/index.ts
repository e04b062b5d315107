/** The WebGPU runtime: compile a graph to a plan, train it, run it. */
export { requestDevice } from './gpu.js';
export { configureKernels, deviceKernels } from './tune/device.js';
export { isKernelMode, type KernelMode } from './tune/tuner.js';
export {
  adapterSection,
  adapterTimings,
  emptyTimingsFile,
  loadedSection,
  maxTimingsBytes,
  parseTimingsFile,
  withAdapter,
  type Timing,
  type TimingsFile,
  type TuneStore,
} from './tune/cache.js';
export { kernelsVersion } from './tune/version.js';
export {
  compile,
  PlanError,
  type CompileOptions,
  type Plan,
  type PlanWeight,
} from './plan/compile.js';
export { formatBytes, type MemoryReport } from './plan/memory.js';
export type { OptimizerConfig } from './kernels/optimizer/optimizer.js';
export { Trainer, type StepResult, type TrainerOptions } from './trainer.js';
export type { CallTime } from './runner.js';
export {
  decode,
  encode,
  SafetensorsError,
  toFloat32,
  type SafetensorsFile,
  type Tensor,
} from './safetensors.js';
