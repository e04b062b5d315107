import { defineLayer, type Child } from '../layer.js';
import { int } from '../params.js';
import { relu } from './activation.js';
import { batchNorm2d } from './batchNorm.js';
import { chain, child } from './child.js';
import { concat } from './concat.js';
import { conv2d } from './conv2d.js';

export const denseBlock = defineLayer({
  kind: 'DenseBlock',
  label: 'Dense block',
  category: 'Blocks',
  description:
    'num_convs × (BN→ReLU→3×3 conv with num_channels outputs), each output concatenated to its input (d2l DenseBlock).',
  composite: true,
  arity: 'one',
  fields: {
    num_convs: int('Convolutions', 4, 1, 128, 'How many BN-ReLU-conv blocks'),
    num_channels: int('Growth rate', 32, 1, 65536, 'Channels each conv adds'),
  },
  summary: (p) => `${p.num_convs}× +${p.num_channels}`,
  expand(p) {
    const children: Child[] = [];
    let x = 'input';
    for (let i = 0; i < p.num_convs; i++) {
      const y = chain(children, x, [
        [`net.${i}.0`, batchNorm2d, {}],
        [`net.${i}.1`, relu, {}],
        [
          `net.${i}.2`,
          conv2d,
          { out_channels: p.num_channels, kernel_size: [3, 3], padding: [1, 1] },
        ],
      ]);
      children.push(child(`cat${i}`, concat, {}, [x, y]));
      x = `cat${i}`;
    }
    return { children, output: x };
  },
});
