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
});
