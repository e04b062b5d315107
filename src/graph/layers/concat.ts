import { defineLayer } from '../layer.js';
import { ShapeError, formatShape, requireImage } from '../shape.js';

export const concat = defineLayer({
  kind: 'Concat',
  label: 'Concat',
  category: 'Merge',
  description: 'Stacks its inputs along the channel axis (torch.cat(..., dim=1)).',
  composite: false,
  arity: 'many',
  fields: {},
  summary: () => 'channels',
  inferShape(inputs) {
    const maps = inputs.map((x) => requireImage(x, 'Concat'));
    const [, h, w] = maps[0]!;
    const odd = maps.find(([, hi, wi]) => hi !== h || wi !== w);
    if (odd) {
      throw new ShapeError(
        `Concat needs equal heights and widths: ${inputs.map(formatShape).join(' vs ')}; give every branch the same stride and padding`,
      );
    }
    return [maps.reduce((c, m) => c + m[0], 0), h, w];
  },
  weights: () => [],
  macs: () => 0,
  window: () => 'identity',
  torchModule: () => null,
  onnx: {
    export: (_op, out) => out.node('Concat', out.inputs, [out.output], { axis: { int: 1 } }),
    import: {
      opTypes: ['Concat'],
      read(node) {
        const inputs = node.inputs.map((_, i) => node.data(i));
        const axis = node.int('axis', 1);
        if (axis !== 1 && axis !== 1 - (inputs[0]!.shape.length + 1)) {
          node.fail(`joins along axis ${axis}; only the channel axis (1) is a layer`);
        }
        return { params: {}, inputs };
      },
    },
  },
});
