import { defineLayer } from '../layer.js';
import { float } from '../params.js';

export const dropout = defineLayer({
  kind: 'Dropout',
  label: 'Dropout',
  category: 'Dense',
  description: 'Zeroes each value with probability p in training and rescales the rest by 1/(1−p).',
  composite: false,
  arity: 'one',
  fields: { p: float('Drop probability', 0.5, 0, 0.99, 'Chance that a value is zeroed') },
  summary: (p) => `p ${p.p}`,
  inferShape: ([x]) => x!,
  weights: () => [],
  macs: () => 0,
  window: () => 'identity',
  torchModule: (_x, p) => `nn.Dropout(${p.p})`,
  onnx: {
    // Inference: dropout passes its input through.
    export: (_op, out) => out.node('Identity', [out.inputs[0]!], [out.output]),
    import:
      'an inference graph does no dropout: the importer drops Dropout and Identity nodes, wiring their input through',
  },
});
