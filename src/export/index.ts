export { ExportError } from './network.js';
export { exportOnnx, maxOnnxBytes, onnxOpset, type OnnxOptions, type OnnxWeight } from './onnx.js';
export { exportPytorch, type PytorchOptions } from './pytorch.js';
