import {
  batchNorm2d,
  conv2d,
  flatten,
  globalAvgPool2d,
  linear,
  maxPool2d,
  relu,
  residual,
} from '../layers/index.js';
import { sequentialGraph, type Step } from './sequential.js';

const arch = [
  [2, 64],
  [2, 128],
  [2, 256],
  [2, 512],
] as const;

/** d2l's ResNet.block: the first Residual of every stage but the first halves the size. */
function stages(): Step[] {
  return arch.flatMap(([numResiduals, channels], stage) =>
    Array.from({ length: numResiduals }, (_, i): Step => {
      const down = i === 0 && stage > 0;
      return [
        `b${stage + 2}.${i}`,
        residual,
        { num_channels: channels, use_1x1conv: down, strides: down ? [2, 2] : [1, 1] },
      ];
    }),
  );
}

export const resnet18 = () =>
  sequentialGraph(
    'ResNet-18',
    'ResNet-18 as the chapter prints it (5.11 残差网络（ResNet）); 96×96 input',
    { channels: 1, height: 96, width: 96 },
    [
      ['b1.0', conv2d, { out_channels: 64, kernel_size: [7, 7], stride: [2, 2], padding: [3, 3] }],
      ['b1.1', batchNorm2d, {}],
      ['b1.2', relu, {}],
      ['b1.3', maxPool2d, { kernel_size: [3, 3], stride: [2, 2], padding: [1, 1] }],
      ...stages(),
      ['last.0', globalAvgPool2d, {}],
      ['last.1', flatten, {}],
      ['last.2', linear, { out_features: 10 }],
    ],
  );
