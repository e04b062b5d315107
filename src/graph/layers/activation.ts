import { defineLayer } from '../layer.js';

function activation<K extends 'ReLU' | 'Sigmoid' | 'Tanh'>(kind: K, description: string) {
  return defineLayer({
    kind,
    label: kind,
    category: 'Activation',
    description,
    composite: false,
    arity: 'one',
    fields: {},
    summary: () => '',
    inferShape: ([x]) => x!,
    weights: () => [],
    macs: () => 0,
    window: () => 'identity',
    torchModule: () => `nn.${kind}()`,
  });
}

export const relu = activation('ReLU', 'max(0, x), element-wise.');
export const sigmoid = activation('Sigmoid', '1 / (1 + e^−x), element-wise.');
export const tanh = activation('Tanh', 'Hyperbolic tangent, element-wise.');
