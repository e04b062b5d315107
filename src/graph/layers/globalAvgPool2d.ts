import { defineLayer } from '../layer.js';
import { requireImage } from '../shape.js';

export const globalAvgPool2d = defineLayer({
  kind: 'GlobalAvgPool2d',
  label: 'Global avg pool',
  category: 'Pooling',
  description: 'Averages each channel over the whole map: C×H×W → C×1×1.',
  composite: false,
  arity: 'one',
  fields: {},
  summary: () => '→ 1×1',
  inferShape([x]) {
    const [c] = requireImage(x!, 'GlobalAvgPool2d');
    return [c, 1, 1];
  },
  weights: () => [],
  macs: () => 0,
  window: () => 'global',
  torchModule: () => 'nn.AdaptiveAvgPool2d((1, 1))',
  onnx: {
    export: (_op, out) => out.node('GlobalAveragePool', [out.inputs[0]!], [out.output]),
    import: {
      opTypes: ['GlobalAveragePool', 'ReduceMean'],
      read(node) {
        const x = node.data(0);
        if (x.shape.length !== 3)
          node.fail(`needs a 4-D N×C×H×W input, not ${x.shape.length + 1}-D`);
        if (node.opType === 'ReduceMean') {
          // Opset 18 moved the axes from an attribute to an input.
          const axes = node.inputs[1] ? Array.from(node.constant(1).data) : node.ints('axes', []);
          const spatial = axes.map((a) => (a < 0 ? a + 4 : a)).sort();
          if (spatial.join() !== '2,3' || node.int('keepdims', 1) !== 1) {
            node.fail(
              `averages over axes [${axes}]${node.int('keepdims', 1) ? '' : ' without keepdims'}; only the mean over H and W keeping them (a global average pool) is a layer`,
            );
          }
        }
        return { params: {} };
      },
    },
  },
});
