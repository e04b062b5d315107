import { defineLayer } from '../layer.js';
import { ShapeError, formatShape, shapesEqual } from '../shape.js';

export const add = defineLayer({
  kind: 'Add',
  label: 'Add',
  category: 'Merge',
  description: 'Element-wise sum of inputs of equal shape (a residual connection).',
  composite: false,
  arity: 'many',
  fields: {},
  summary: () => '+',
  inferShape(inputs) {
    const first = inputs[0]!;
    if (!inputs.every((x) => shapesEqual(x, first))) {
      throw new ShapeError(
        `Add needs equal shapes: ${inputs.map(formatShape).join(' vs ')}; match channels and strides on both paths (on a Residual, set use_1x1conv)`,
      );
    }
    return first;
  },
  weights: () => [],
  macs: () => 0,
  window: () => 'identity',
  torchModule: () => null,
  onnx: {
    export: (_op, out) =>
      out.node(out.inputs.length === 2 ? 'Add' : 'Sum', out.inputs, [out.output]),
    import: {
      opTypes: ['Add', 'Sum'],
      read(node) {
        if (node.inputs.some((v) => v?.constant)) {
          node.fail(
            'adds a constant tensor; only a sum of computed values (a residual) is a layer',
          );
        }
        return { params: {}, inputs: node.inputs.map((_, i) => node.data(i)) };
      },
    },
  },
});
