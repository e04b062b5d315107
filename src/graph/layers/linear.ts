import { defineLayer } from '../layer.js';
import { bool, int } from '../params.js';
import { requireFlat } from '../shape.js';

export const linear = defineLayer({
  kind: 'Linear',
  label: 'Linear',
  category: 'Dense',
  description: 'Fully connected layer: y = xWᵀ + b.',
  composite: false,
  arity: 'one',
  fields: {
    out_features: int('Output features', 10, 1, 1 << 20, 'Number of outputs'),
    bias: bool('Bias', true, 'Add a learned bias per output'),
  },
  summary: (p) => `→ ${p.out_features}`,
  inferShape([x], p) {
    requireFlat(x!, 'Linear');
    return [p.out_features];
  },
  weights([x], p) {
    const fanIn = x![0]!;
    const bound = 1 / Math.sqrt(fanIn);
    return [
      {
        name: 'weight',
        shape: [p.out_features, fanIn],
        trainable: true,
        init: { uniform: bound },
      },
      ...(p.bias
        ? [
            {
              name: 'bias' as const,
              shape: [p.out_features],
              trainable: true,
              init: { uniform: bound },
            },
          ]
        : []),
    ];
  },
  macs: ([x], _y, p) => x![0]! * p.out_features,
  window: () => 'identity',
  torchModule: ([x], p) =>
    `nn.Linear(${x![0]}, ${p.out_features}, bias=${p.bias ? 'True' : 'False'})`,
});
