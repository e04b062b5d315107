import { defineLayer } from '../layer.js';
import { ShapeError, formatShape, shapesEqual, type Shape } from '../shape.js';

/** True when `scale` is C×1×1 and `map` a C×H×W map with the same C. */
const scalesChannels = (scale: Shape, map: Shape): boolean =>
  scale.length === 3 && map.length === 3 && scale[0] === map[0] && scale[1] === 1 && scale[2] === 1;

export const mul = defineLayer({
  kind: 'Mul',
  label: 'Mul',
  category: 'Merge',
  description:
    'Element-wise product of two inputs; a C×1×1 input scales each channel of a C×H×W one (squeeze-and-excitation).',
  composite: false,
  arity: 'many',
  fields: {},
  summary: () => '×',
  inferShape(inputs) {
    if (inputs.length !== 2) {
      throw new ShapeError(`Mul multiplies exactly two inputs, not ${inputs.length}`);
    }
    const [a, b] = inputs as [Shape, Shape];
    if (shapesEqual(a, b) || scalesChannels(b, a)) return a;
    if (scalesChannels(a, b)) return b;
    throw new ShapeError(
      `Mul needs equal shapes, or a C×1×1 scale and a C×H×W map with the same C: ${formatShape(a)} vs ${formatShape(b)}`,
    );
  },
  weights: () => [],
  macs: () => 0,
  window: () => 'identity',
  torchModule: () => null,
  onnx: {
    export: (_op, out) => out.node('Mul', out.inputs, [out.output]),
    import: {
      opTypes: ['Mul'],
      read(node) {
        if (node.inputs.some((v) => v?.constant)) {
          node.fail(
            'multiplies by a constant tensor; only a product of computed values is a layer',
          );
        }
        return { params: {}, inputs: [node.data(0), node.data(1)] };
      },
    },
  },
});
