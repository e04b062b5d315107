import { defineLayer, type Child } from '../layer.js';
import { bool, int, pair } from '../params.js';
import { relu } from './activation.js';
import { add } from './add.js';
import { batchNorm2d } from './batchNorm.js';
import { chain, child } from './child.js';
import { conv2d } from './conv2d.js';
import { pairText } from './window.js';

export const residual = defineLayer({
  kind: 'Residual',
  label: 'Residual',
  category: 'Blocks',
  description:
    'conv3×3→BN→ReLU→conv3×3→BN, plus the input (through a 1×1 conv if use_1x1conv), then ReLU (d2l Residual).',
  composite: true,
  arity: 'one',
  fields: {
    num_channels: int('Output channels', 64, 1, 65536, 'Channels of both 3×3 convs'),
    use_1x1conv: bool(
      '1×1 conv shortcut',
      false,
      'Project the input so it matches a change of channels or stride',
    ),
    strides: pair('Stride', 1, 1, 64, 'Stride of the first conv (and of the shortcut)'),
  },
  summary: (p) =>
    `${p.num_channels}${p.strides[0] !== 1 || p.strides[1] !== 1 ? ` /${pairText(p.strides)}` : ''}${p.use_1x1conv ? ', 1×1' : ''}`,
  expand(p) {
    const children: Child[] = [];
    const conv3 = { out_channels: p.num_channels, kernel_size: [3, 3], padding: [1, 1] };
    const main = chain(children, 'input', [
      ['conv1', conv2d, { ...conv3, stride: p.strides }],
      ['bn1', batchNorm2d, {}],
      ['relu1', relu, {}],
      ['conv2', conv2d, conv3],
      ['bn2', batchNorm2d, {}],
    ]);
    const shortcut = p.use_1x1conv
      ? chain(children, 'input', [
          [
            'conv3',
            conv2d,
            { out_channels: p.num_channels, kernel_size: [1, 1], stride: p.strides },
          ],
        ])
      : 'input';
    children.push(child('add', add, {}, [main, shortcut]));
    children.push(child('relu2', relu, {}, ['add']));
    return { children, output: 'relu2' };
  },
});
