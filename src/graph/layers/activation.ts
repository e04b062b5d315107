import { defineLayer } from '../layer.js';
import { float } from '../params.js';

type ActivationKind = 'ReLU' | 'Sigmoid' | 'Tanh' | 'ReLU6' | 'Hardswish' | 'Hardsigmoid' | 'SiLU';

function activation<K extends ActivationKind>(kind: K, description: string) {
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
export const relu6 = activation('ReLU6', 'min(max(0, x), 6), element-wise (MobileNetV2).');
export const hardswish = activation(
  'Hardswish',
  'x · ReLU6(x + 3) / 6, element-wise: a cheap SiLU (MobileNetV3).',
);
export const hardsigmoid = activation(
  'Hardsigmoid',
  'ReLU6(x + 3) / 6, element-wise: a cheap sigmoid (MobileNetV3’s squeeze-and-excitation gate).',
);
export const silu = activation(
  'SiLU',
  'x · sigmoid(x), element-wise; also called Swish (EfficientNet).',
);

export const leakyRelu = defineLayer({
  kind: 'LeakyReLU',
  label: 'LeakyReLU',
  category: 'Activation',
  description: 'x for x > 0, negative_slope · x otherwise, element-wise.',
  composite: false,
  arity: 'one',
  fields: {
    negative_slope: float('Negative slope', 0.01, -100, 100, 'Slope of the line for x < 0'),
  },
  summary: (p) => `slope ${p.negative_slope}`,
  inferShape: ([x]) => x!,
  weights: () => [],
  macs: () => 0,
  window: () => 'identity',
  torchModule: (_x, p) => `nn.LeakyReLU(negative_slope=${p.negative_slope})`,
});
