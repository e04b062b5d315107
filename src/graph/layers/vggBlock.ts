import { defineLayer, type Child } from '../layer.js';
import { int } from '../params.js';
import { relu } from './activation.js';
import { chain } from './child.js';
import { conv2d } from './conv2d.js';
import { maxPool2d } from './pool.js';

export const vggBlock = defineLayer({
  kind: 'VGGBlock',
  label: 'VGG block',
  category: 'Blocks',
  description:
    'num_convs × (3×3 conv, padding 1, ReLU), then 2×2 max-pool with stride 2 (d2l vgg_block).',
  composite: true,
  arity: 'one',
  fields: {
    num_convs: int('Convolutions', 2, 1, 64, 'How many 3×3 conv + ReLU pairs'),
    out_channels: int('Output channels', 64, 1, 65536, 'Channels of every conv in the block'),
  },
  summary: (p) => `${p.num_convs}× 3×3, ${p.out_channels}`,
  expand(p) {
    const children: Child[] = [];
    const steps: Parameters<typeof chain>[2] = [];
    for (let i = 0; i < p.num_convs; i++) {
      steps.push([
        `${2 * i}`,
        conv2d,
        { out_channels: p.out_channels, kernel_size: [3, 3], padding: [1, 1] },
      ]);
      steps.push([`${2 * i + 1}`, relu, {}]);
    }
    steps.push([`${2 * p.num_convs}`, maxPool2d, { kernel_size: [2, 2], stride: [2, 2] }]);
    return { children, output: chain(children, 'input', steps) };
  },
});
