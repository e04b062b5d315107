import { defineLayer, type Child } from '../layer.js';
import { int, pair } from '../params.js';
import { relu } from './activation.js';
import { chain } from './child.js';
import { conv2d } from './conv2d.js';
import { pairText } from './window.js';

export const ninBlock = defineLayer({
  kind: 'NiNBlock',
  label: 'NiN block',
  category: 'Blocks',
  description: 'A conv followed by two 1×1 convs, each with ReLU (d2l nin_block).',
  composite: true,
  arity: 'one',
  fields: {
    out_channels: int('Output channels', 96, 1, 65536, 'Channels of all three convs'),
    kernel_size: pair('Kernel', 11, 1, 1024, 'Kernel of the first conv'),
    strides: pair('Stride', 4, 1, 1024, 'Stride of the first conv'),
    padding: pair('Padding', 0, 0, 1024, 'Padding of the first conv'),
  },
  summary: (p) =>
    `${p.kernel_size[0]}×${p.kernel_size[1]} /${pairText(p.strides)} p${pairText(p.padding)}, ${p.out_channels}`,
  expand(p) {
    const children: Child[] = [];
    const oneByOne = { out_channels: p.out_channels, kernel_size: [1, 1] };
    const output = chain(children, 'input', [
      [
        '0',
        conv2d,
        {
          out_channels: p.out_channels,
          kernel_size: p.kernel_size,
          stride: p.strides,
          padding: p.padding,
        },
      ],
      ['1', relu, {}],
      ['2', conv2d, oneByOne],
      ['3', relu, {}],
      ['4', conv2d, oneByOne],
      ['5', relu, {}],
    ]);
    return { children, output };
  },
});
