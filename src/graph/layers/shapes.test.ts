import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';
import type { Graph } from '../graph.js';
import { chainOf, graphOf } from '../testing.js';
import { layers, type LayerKind } from './index.js';

type Step = [id: string, kind: string, params?: Record<string, unknown>];

/** Output shape of the node `id`, or the problems that stopped it. */
function shapeOf(graph: Graph, id = 'x') {
  const a = analyze(graph);
  const errors = a.problems.filter((p) => p.severity === 'error');
  return errors.length > 0 ? errors : a.nodes.get(id)!.shape;
}
const after = (input: [number, number, number], step: Step) => shapeOf(chainOf(input, [step]));
const flatThen = (features: number, step: Step) =>
  shapeOf(chainOf([features, 1, 1], [['flat', 'Flatten'], step]));

/** Two branches of a 1×1 conv from the input, merged by `kind`. */
function merged(kind: string, a: Step, b: Step) {
  return shapeOf(
    graphOf(
      [['input', 'Input', { channels: 3, height: 16, width: 16 }], a, b, ['x', kind]],
      [
        ['input', a[0]],
        ['input', b[0]],
        [a[0], 'x', 0],
        [b[0], 'x', 1],
      ],
    ),
  );
}
const conv = (id: string, out: number, stride = 1): Step => [
  id,
  'Conv2d',
  { out_channels: out, kernel_size: [1, 1], stride: [stride, stride] },
];

/** A shape error on node x whose message contains every one of `words`. */
const shapeError = (...words: string[]) => [
  expect.objectContaining({
    code: 'shape',
    nodeId: 'x',
    message: expect.stringMatching(new RegExp(words.map(escape).join('.*'))),
  }),
];
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// One entry per kind: a missing kind is a type error. Composites are covered in composites.test.ts.
const shapeCases: Record<LayerKind, () => void> = {
  Input: () => {
    expect(shapeOf(chainOf([3, 32, 40], []), 'input')).toEqual([3, 32, 40]);
  },
  Conv2d: () => {
    const x = (p: Record<string, unknown>) => after([1, 28, 28], ['x', 'Conv2d', p]);
    expect(x({ out_channels: 6, kernel_size: [5, 5], padding: [2, 2] })).toEqual([6, 28, 28]);
    expect(x({ out_channels: 8, kernel_size: [3, 3], stride: [2, 2], padding: [1, 1] })).toEqual([
      8, 14, 14,
    ]);
    expect(x({ out_channels: 4, kernel_size: [3, 5], padding: [1, 0] })).toEqual([4, 28, 24]);
    expect(x({ out_channels: 4, kernel_size: [1, 1], stride: [3, 3] })).toEqual([4, 10, 10]);
    expect(after([1, 4, 4], ['x', 'Conv2d', { kernel_size: [7, 7] }])).toEqual(
      shapeError('7×7 kernel', 'does not fit the 4×4 input', 'smaller kernel'),
    );
    expect(flatThen(10, ['x', 'Conv2d'])).toEqual(
      shapeError('Conv2d needs a C×H×W feature map', 'remove the Flatten'),
    );
    // Dilation 2 spans a 3×3 kernel over 5×5: 28 + 2·2 − 5 + 1 = 28.
    expect(x({ out_channels: 4, kernel_size: [3, 3], padding: [2, 2], dilation: [2, 2] })).toEqual([
      4, 28, 28,
    ]);
    expect(x({ kernel_size: [3, 3], dilation: [2, 14] })).toEqual(
      shapeError('3×3 kernel dilated to 5×29', 'does not fit the 28×28 input'),
    );
    const grouped = (c: number, p: Record<string, unknown>) =>
      after([c, 8, 8], ['x', 'Conv2d', { kernel_size: [3, 3], padding: [1, 1], ...p }]);
    expect(grouped(32, { out_channels: 32, groups: 32 })).toEqual([32, 8, 8]);
    expect(grouped(6, { out_channels: 8, groups: 4 })).toEqual(
      shapeError('4 groups needs input channels divisible by 4, but has 6'),
    );
    expect(grouped(8, { out_channels: 6, groups: 4 })).toEqual(
      shapeError('4 groups needs output channels divisible by 4, but has 6'),
    );
  },
  MaxPool2d: () => {
    const x = (n: number, p: Record<string, unknown>) => after([5, n, n], ['x', 'MaxPool2d', p]);
    expect(x(28, {})).toEqual([5, 14, 14]);
    expect(x(7, { kernel_size: [2, 2], stride: [2, 2] })).toEqual([5, 3, 3]);
    expect(x(7, { kernel_size: [2, 2], stride: [2, 2], ceil_mode: true })).toEqual([5, 4, 4]);
    expect(x(13, { kernel_size: [3, 3], stride: [2, 2], padding: [1, 1] })).toEqual([5, 7, 7]);
    expect(x(8, { kernel_size: [2, 2], padding: [2, 2] })).toEqual(
      shapeError('MaxPool2d padding 2', 'more than half', 'lower the padding'),
    );
    expect(x(1, { kernel_size: [3, 3] })).toEqual(shapeError('does not fit the 1×1 input'));
  },
  AvgPool2d: () => {
    expect(after([6, 28, 28], ['x', 'AvgPool2d'])).toEqual([6, 14, 14]);
    expect(after([6, 5, 9], ['x', 'AvgPool2d', { kernel_size: [1, 3], stride: [1, 3] }])).toEqual([
      6, 5, 3,
    ]);
    expect(flatThen(4, ['x', 'AvgPool2d'])).toEqual(shapeError('AvgPool2d needs a C×H×W'));
  },
  GlobalAvgPool2d: () => {
    expect(after([7, 13, 9], ['x', 'GlobalAvgPool2d'])).toEqual([7, 1, 1]);
    expect(flatThen(4, ['x', 'GlobalAvgPool2d'])).toEqual(shapeError('GlobalAvgPool2d needs'));
  },
  AdaptiveAvgPool2d: () => {
    const x = (size: number) => ['x', 'AdaptiveAvgPool2d', { output_size: [size, 6] }] as Step;
    expect(after([7, 13, 9], x(3))).toEqual([7, 3, 6]);
    // Larger than the input: windows overlap, as in PyTorch.
    expect(after([2, 4, 4], x(5))).toEqual([2, 5, 6]);
    expect(flatThen(4, x(1))).toEqual(shapeError('AdaptiveAvgPool2d needs a C×H×W'));
  },
  BatchNorm2d: () => {
    expect(after([7, 13, 9], ['x', 'BatchNorm2d'])).toEqual([7, 13, 9]);
    expect(flatThen(4, ['x', 'BatchNorm2d'])).toEqual(
      shapeError('BatchNorm2d needs a C×H×W', 'gets a flat vector of 4'),
    );
  },
  BatchNorm1d: () => {
    expect(flatThen(12, ['x', 'BatchNorm1d'])).toEqual([12]);
    expect(after([3, 2, 2], ['x', 'BatchNorm1d'])).toEqual(
      shapeError('BatchNorm1d needs a flat vector but gets 3×2×2', 'add a Flatten'),
    );
  },
  ReLU: () => expect(after([3, 5, 7], ['x', 'ReLU'])).toEqual([3, 5, 7]),
  Sigmoid: () => expect(flatThen(9, ['x', 'Sigmoid'])).toEqual([9]),
  Tanh: () => expect(after([2, 1, 4], ['x', 'Tanh'])).toEqual([2, 1, 4]),
  ReLU6: () => expect(after([2, 3, 4], ['x', 'ReLU6'])).toEqual([2, 3, 4]),
  LeakyReLU: () => expect(flatThen(5, ['x', 'LeakyReLU', { negative_slope: 0.2 }])).toEqual([5]),
  Hardswish: () => expect(after([4, 1, 2], ['x', 'Hardswish'])).toEqual([4, 1, 2]),
  Hardsigmoid: () => expect(flatThen(3, ['x', 'Hardsigmoid'])).toEqual([3]),
  SiLU: () => expect(after([1, 5, 5], ['x', 'SiLU'])).toEqual([1, 5, 5]),
  Dropout: () => expect(after([3, 5, 7], ['x', 'Dropout', { p: 0.3 }])).toEqual([3, 5, 7]),
  Flatten: () => {
    expect(after([16, 5, 5], ['x', 'Flatten'])).toEqual([400]);
    expect(flatThen(7, ['x', 'Flatten'])).toEqual([7]);
  },
  Linear: () => {
    expect(flatThen(400, ['x', 'Linear', { out_features: 120 }])).toEqual([120]);
    expect(after([16, 5, 5], ['x', 'Linear'])).toEqual(
      shapeError('Linear needs a flat vector but gets 16×5×5', 'add a Flatten before it'),
    );
  },
  Concat: () => {
    expect(merged('Concat', conv('a', 4), conv('b', 6))).toEqual([10, 16, 16]);
    expect(merged('Concat', conv('a', 4), conv('b', 6, 2))).toEqual(
      shapeError('Concat needs equal heights and widths', '4×16×16 vs 6×8×8', 'same stride'),
    );
  },
  Add: () => {
    expect(merged('Add', conv('a', 4), conv('b', 4))).toEqual([4, 16, 16]);
    expect(merged('Add', conv('a', 4), conv('b', 8, 2))).toEqual(
      shapeError('Add needs equal shapes', '4×16×16 vs 8×8×8', 'use_1x1conv'),
    );
  },
  Mul: () => {
    const squeeze: Step = ['b', 'AdaptiveAvgPool2d', { output_size: [1, 1] }];
    // Squeeze-and-excitation: the C×1×1 scale on either port.
    expect(merged('Mul', conv('a', 3), squeeze)).toEqual([3, 16, 16]);
    expect(
      shapeOf(
        graphOf(
          [['input', 'Input', { channels: 3, height: 8, width: 8 }], squeeze, ['x', 'Mul']],
          [
            ['input', 'b'],
            ['b', 'x', 0],
            ['input', 'x', 1],
          ],
        ),
      ),
    ).toEqual([3, 8, 8]);
    expect(merged('Mul', conv('a', 4), conv('b', 4))).toEqual([4, 16, 16]);
    expect(merged('Mul', conv('a', 4), conv('b', 8, 2))).toEqual(
      shapeError('Mul needs equal shapes, or a C×1×1 scale', '4×16×16 vs 8×8×8'),
    );
  },
  VGGBlock: () => expect(after([3, 32, 32], ['x', 'VGGBlock'])).toEqual([64, 16, 16]),
  NiNBlock: () => expect(after([1, 224, 224], ['x', 'NiNBlock'])).toEqual([96, 54, 54]),
  Inception: () => expect(after([192, 12, 12], ['x', 'Inception'])).toEqual([256, 12, 12]),
  Residual: () => {
    const x = (p: Record<string, unknown>) => after([64, 24, 24], ['x', 'Residual', p]);
    expect(x({})).toEqual([64, 24, 24]);
    expect(x({ num_channels: 128, use_1x1conv: true, strides: [2, 2] })).toEqual([128, 12, 12]);
    expect(x({ num_channels: 128, strides: [2, 2] })).toEqual(
      shapeError('Inside the block, add: Add needs equal shapes', 'use_1x1conv'),
    );
  },
  DenseBlock: () => expect(after([64, 24, 24], ['x', 'DenseBlock'])).toEqual([192, 24, 24]),
  TransitionBlock: () =>
    expect(after([192, 24, 24], ['x', 'TransitionBlock'])).toEqual([64, 12, 12]),
};

describe('output shapes and shape errors', () => {
  it.each(layers.map((l) => l.kind))('%s', (kind) => shapeCases[kind]());
});
