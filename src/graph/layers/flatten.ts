import { defineLayer } from '../layer.js';
import { formatShape, numel } from '../shape.js';

export const flatten = defineLayer({
  kind: 'Flatten',
  label: 'Flatten',
  category: 'Dense',
  description: 'C×H×W → one vector of C·H·W values.',
  composite: false,
  arity: 'one',
  fields: {},
  summary: () => '',
  inferShape: ([x]) => [numel(x!)],
  weights: () => [],
  macs: () => 0,
  window: () => 'global',
  torchModule: () => 'nn.Flatten()',
  onnx: {
    export: (_op, out) => out.node('Flatten', [out.inputs[0]!], [out.output], { axis: { int: 1 } }),
    import: {
      opTypes: ['Flatten', 'Reshape'],
      read(node) {
        const x = node.data(0);
        if (node.opType === 'Flatten') {
          const axis = node.int('axis', 1);
          if (axis !== 1 && axis !== -x.shape.length) {
            node.fail(
              `flattens from axis ${axis}; only flattening all but the batch (axis 1) is a layer`,
            );
          }
          return { params: {} };
        }
        const to = Array.from(node.constant(1).data);
        const features = numel(x.shape);
        // [batch, features]: the batch as 0 (kept), −1 or its number; the features as F or −1.
        const [batch, rest] = to;
        const flat =
          to.length === 2 &&
          (batch === 0 || batch === -1 || batch! >= 1) &&
          (rest === features || (rest === -1 && batch !== -1));
        if (!flat) {
          node.fail(
            `reshapes ${formatShape(x.shape)} to [${to}]; only a reshape to [batch, features] (a Flatten) is a layer`,
          );
        }
        return { params: {} };
      },
    },
  },
});
