import { defineLayer, type Child } from '../layer.js';
import { int } from '../params.js';
import { relu } from './activation.js';
import { batchNorm2d } from './batchNorm.js';
import { chain } from './child.js';
import { conv2d } from './conv2d.js';
import { avgPool2d } from './pool.js';

export const transitionBlock = defineLayer({
  kind: 'TransitionBlock',
  label: 'Transition block',
  category: 'Blocks',
  description:
    'BN→ReLU→1×1 conv→2×2 avg-pool /2: fewer channels, half the size (d2l transition_block).',
  composite: true,
  arity: 'one',
  fields: {
    num_channels: int('Output channels', 64, 1, 65536, 'Channels of the 1×1 conv'),
  },
  summary: (p) => `→ ${p.num_channels}, /2`,
  expand(p) {
    const children: Child[] = [];
    const output = chain(children, 'input', [
      ['0', batchNorm2d, {}],
      ['1', relu, {}],
      ['2', conv2d, { out_channels: p.num_channels, kernel_size: [1, 1] }],
      ['3', avgPool2d, { kernel_size: [2, 2], stride: [2, 2] }],
    ]);
    return { children, output };
  },
});
