import { defineLayer } from '../layer.js';
import { bool, int, pair } from '../params.js';
import { ShapeError, requireImage } from '../shape.js';
import { pairAttribute, readWindow } from './onnxWindow.js';
import { dilatedSpan, pairText, pyPair, slide } from './window.js';

const isOne = (p: readonly [number, number]): boolean => p[0] === 1 && p[1] === 1;

export const conv2d = defineLayer({
  kind: 'Conv2d',
  label: 'Conv2d',
  category: 'Convolution',
  description:
    '2-D cross-correlation of a C×H×W map with out_channels learned kernels; groups split the channels (depthwise when groups = channels).',
  composite: false,
  arity: 'one',
  fields: {
    out_channels: int('Output channels', 16, 1, 65536, 'Number of kernels, i.e. output channels'),
    kernel_size: pair('Kernel', 3, 1, 1024, 'Kernel height × width'),
    stride: pair('Stride', 1, 1, 1024, 'Step between windows, per axis'),
    padding: pair('Padding', 0, 0, 1024, 'Zeros added on each side, per axis'),
    dilation: pair('Dilation', 1, 1, 1024, 'Spacing between kernel taps (1: adjacent)'),
    groups: int(
      'Groups',
      1,
      1,
      65536,
      'Split input and output channels into this many independent groups; groups = input channels = output channels is a depthwise convolution',
    ),
    bias: bool('Bias', true, 'Add a learned bias per output channel'),
  },
  summary: (p) =>
    `${p.kernel_size[0]}×${p.kernel_size[1]} /${pairText(p.stride)} p${pairText(p.padding)}` +
    `${isOne(p.dilation) ? '' : ` d${pairText(p.dilation)}`}, ${p.out_channels}` +
    `${p.groups === 1 ? '' : `, g${p.groups}`}`,
  inferShape([x], p) {
    const [c, h, w] = requireImage(x!, 'Conv2d');
    for (const [what, n] of [
      ['input', c],
      ['output', p.out_channels],
    ] as const) {
      if (n % p.groups !== 0) {
        throw new ShapeError(
          `Conv2d with ${p.groups} groups needs ${what} channels divisible by ${p.groups}, but has ${n}; change groups or the channels`,
        );
      }
    }
    const [oh, ow] = slide('Conv2d', h, w, p.kernel_size, p.stride, p.padding, false, p.dilation);
    return [p.out_channels, oh, ow];
  },
  weights([x], p) {
    // Each output channel sees only the input channels of its group.
    const perGroup = x![0]! / p.groups;
    const fanIn = perGroup * p.kernel_size[0] * p.kernel_size[1];
    const bound = 1 / Math.sqrt(fanIn);
    return [
      {
        name: 'weight',
        shape: [p.out_channels, perGroup, p.kernel_size[0], p.kernel_size[1]],
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
  macs: ([x], y, p) =>
    y[0]! * y[1]! * y[2]! * (x![0]! / p.groups) * p.kernel_size[0] * p.kernel_size[1],
  window: (p) => ({
    kernel: dilatedSpan(p.kernel_size, p.dilation),
    stride: p.stride,
    padding: p.padding,
  }),
  torchModule: ([x], p) =>
    `nn.Conv2d(${x![0]}, ${p.out_channels}, kernel_size=${pyPair(p.kernel_size)}, stride=${pyPair(p.stride)}, padding=${pyPair(p.padding)}` +
    `${isOne(p.dilation) ? '' : `, dilation=${pyPair(p.dilation)}`}${p.groups === 1 ? '' : `, groups=${p.groups}`}` +
    `, bias=${p.bias ? 'True' : 'False'})`,
  onnx: {
    export(op, out) {
      const p = op.params;
      const [ph, pw] = p.padding;
      const weights = [out.weight('weight'), ...(p.bias ? [out.weight('bias')] : [])];
      out.node('Conv', [out.inputs[0]!, ...weights], [out.output], {
        kernel_shape: { ints: p.kernel_size },
        strides: { ints: p.stride },
        pads: { ints: [ph, pw, ph, pw] },
        dilations: { ints: p.dilation },
        group: { int: p.groups },
      });
    },
    import: {
      opTypes: ['Conv'],
      read(node) {
        const x = node.data(0);
        const w = node.constant(1);
        if (w.dims.length !== 4) {
          node.fail(
            `has a ${w.dims.length}-D weight; only 2-D convolutions (4-D weights) are layers`,
          );
        }
        const [cout, , kh, kw] = w.dims as [number, number, number, number];
        const kernel = pairAttribute(node, 'kernel_shape', [kh, kw]);
        if (kernel[0] !== kh || kernel[1] !== kw) {
          node.fail(`kernel_shape [${kernel}] disagrees with its ${kh}×${kw} weight`);
        }
        const window = readWindow(node, x.shape, kernel, { ceil: false, countsPadding: false });
        const b = node.inputs[2] ? node.constant(2) : null;
        return {
          params: {
            out_channels: cout,
            kernel_size: kernel,
            ...window,
            groups: node.int('group', 1),
            bias: b !== null,
          },
          weights: { weight: w.data, ...(b ? { bias: b.data } : {}) },
        };
      },
    },
  },
});
