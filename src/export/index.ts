export { ExportError } from './network.js';
export { exportOnnx, onnxOpset, type OnnxOptions } from './onnx.js';
export { exportPytorch, type PytorchOptions } from './pytorch.js';
export { defaultTraining, type TrainingSettings } from './training.js';
