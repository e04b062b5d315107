import { defineLayer } from '../layer.js';
import { numel } from '../shape.js';

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
});
