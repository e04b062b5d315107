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
