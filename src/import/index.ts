export { ImportError, type ImportProblem } from './errors.js';
export { importOnnx, opsets, type ImportedModel } from './onnx.js';
