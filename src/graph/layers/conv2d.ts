import { defineLayer } from '../layer.js';
import { bool, int, pair } from '../params.js';
import { requireImage } from '../shape.js';
import { pairText, pyPair, slide } from './window.js';

export const conv2d = defineLayer({
  kind: 'Conv2d',
  label: 'Conv2d',
  category: 'Convolution',
  description: '2-D cross-correlation of a C×H×W map with out_channels learned kernels.',
  composite: false,
  arity: 'one',
  fields: {
    out_channels: int('Output channels', 16, 1, 65536, 'Number of kernels, i.e. output channels'),
    kernel_size: pair('Kernel', 3, 1, 1024, 'Kernel height × width'),
    stride: pair('Stride', 1, 1, 1024, 'Step between windows, per axis'),
    padding: pair('Padding', 0, 0, 1024, 'Zeros added on each side, per axis'),
    bias: bool('Bias', true, 'Add a learned bias per output channel'),
  },
  summary: (p) =>
    `${p.kernel_size[0]}×${p.kernel_size[1]} /${pairText(p.stride)} p${pairText(p.padding)}, ${p.out_channels}`,
  inferShape([x], p) {
    const [, h, w] = requireImage(x!, 'Conv2d');
    const [oh, ow] = slide('Conv2d', h, w, p.kernel_size, p.stride, p.padding);
    return [p.out_channels, oh, ow];
  },
  weights([x], p) {
    const cin = x![0]!;
    const fanIn = cin * p.kernel_size[0] * p.kernel_size[1];
    const bound = 1 / Math.sqrt(fanIn);
    return [
      {
        name: 'weight',
        shape: [p.out_channels, cin, p.kernel_size[0], p.kernel_size[1]],
        trainable: true,
        init: { uniform: bound },
      },
      ...(p.bias
        ? [
            {
              name: 'bias' as const,
              shape: [p.out_channels],
              trainable: true,
              init: { uniform: bound },
            },
          ]
        : []),
    ];
  },
  macs: ([x], y, p) => y[0]! * y[1]! * y[2]! * x![0]! * p.kernel_size[0] * p.kernel_size[1],
  window: (p) => ({ kernel: p.kernel_size, stride: p.stride, padding: p.padding }),
  torchModule: ([x], p) =>
    `nn.Conv2d(${x![0]}, ${p.out_channels}, kernel_size=${pyPair(p.kernel_size)}, stride=${pyPair(p.stride)}, padding=${pyPair(p.padding)}, bias=${p.bias ? 'True' : 'False'})`,
});
