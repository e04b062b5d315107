import {
  batchNorm2d,
  conv2d,
  flatten,
  globalAvgPool2d,
  linear,
  relu,
  residual,
  type Graph,
} from '../../graph/index.js';
import { sequentialGraph } from '../../graph/templates/sequential.js';
import { graphOf } from '../../graph/testing.js';

/** The small ResNet of scripts/golden_step.py: same op names, so the same weight keys. */
export const smallResNet = (): Graph =>
  sequentialGraph(
    'small ResNet',
    'golden-step test network',
    { channels: 1, height: 16, width: 16 },
    [
      ['conv', conv2d, { out_channels: 8, kernel_size: [3, 3], padding: [1, 1] }],
      ['bn', batchNorm2d, {}],
      ['relu', relu, {}],
      ['res', residual, { num_channels: 16, use_1x1conv: true, strides: [2, 2] }],
      ['gap', globalAvgPool2d, {}],
      ['flatten', flatten, {}],
      ['fc', linear, { out_features: 10 }],
    ],
  );

/** The modern_net of scripts/golden_step.py: same op names, so the same weight keys. */
export const modernNet = (): Graph => {
  const conv = (out: number, k: number, more: object = {}) => ({
    out_channels: out,
    kernel_size: [k, k],
    ...more,
  });
  const chain = [
    ['stem', 'Conv2d', conv(8, 3, { padding: [1, 1] })],
    ['act1', 'Hardswish'],
    ['dw', 'Conv2d', conv(8, 3, { stride: [2, 2], padding: [2, 2], dilation: [2, 2], groups: 8 })],
    ['bn', 'BatchNorm2d'],
    ['act2', 'ReLU6'],
    ['se_pool', 'AdaptiveAvgPool2d', { output_size: [1, 1] }],
    ['se_fc1', 'Conv2d', conv(4, 1)],
    ['se_act', 'SiLU'],
    ['se_fc2', 'Conv2d', conv(8, 1)],
    ['se_gate', 'Hardsigmoid'],
    ['se_mul', 'Mul'],
    ['grouped', 'Conv2d', conv(12, 3, { padding: [1, 1], groups: 4, bias: false })],
    ['act3', 'LeakyReLU', { negative_slope: 0.1 }],
    ['pool', 'AdaptiveAvgPool2d', { output_size: [3, 2] }],
    ['flatten', 'Flatten'],
    ['fc', 'Linear', { out_features: 10 }],
  ] as [string, string, Record<string, unknown>?][];
  const ids = ['input', ...chain.map(([id]) => id)];
  // A chain (se_mul takes the gate on port 0), plus act2's map on se_mul's port 1.
  const edges = ids.slice(1).map((id, i): [string, string, number?] => [ids[i]!, id, 0]);
  edges.push(['act2', 'se_mul', 1]);
  return {
    ...graphOf([['input', 'Input', { channels: 1, height: 16, width: 16 }], ...chain], edges),
    meta: { name: 'modern net' },
  };
};
