import {
  batchNorm2d,
  conv2d,
  denseBlock,
  flatten,
  globalAvgPool2d,
  linear,
  maxPool2d,
  relu,
  transitionBlock,
} from '../layers/index.js';
import { sequentialGraph, type Step } from './sequential.js';

/** d2l's DenseNet: four dense blocks of 4 convs, growth 32, halving channels between them. */
function blocks(): Step[] {
  const steps: Step[] = [];
  const arch = [4, 4, 4, 4];
  const growth = 32;
  let channels = 64;
  arch.forEach((numConvs, i) => {
    steps.push([`dense_blk${i + 1}`, denseBlock, { num_convs: numConvs, num_channels: growth }]);
    channels += numConvs * growth;
    if (i !== arch.length - 1) {
      channels = Math.floor(channels / 2);
      steps.push([`tran_blk${i + 1}`, transitionBlock, { num_channels: channels }]);
    }
  });
  return steps;
}

export const densenet = () =>
  sequentialGraph(
    'DenseNet',
    'DenseNet as the chapter prints it (5.12 稠密连接网络（DenseNet）); 96×96 input',
    { channels: 1, height: 96, width: 96 },
    [
      ['b1.0', conv2d, { out_channels: 64, kernel_size: [7, 7], stride: [2, 2], padding: [3, 3] }],
      ['b1.1', batchNorm2d, {}],
      ['b1.2', relu, {}],
      ['b1.3', maxPool2d, { kernel_size: [3, 3], stride: [2, 2], padding: [1, 1] }],
      ...blocks(),
      ['last.0', batchNorm2d, {}],
      ['last.1', relu, {}],
      ['last.2', globalAvgPool2d, {}],
      ['last.3', flatten, {}],
      ['last.4', linear, { out_features: 10 }],
    ],
  );
