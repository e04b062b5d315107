import { dropout, flatten, linear, relu, vggBlock } from '../layers/index.js';
import { sequentialGraph, type Step } from './sequential.js';

const arch = [
  [1, 64],
  [1, 128],
  [2, 256],
  [2, 512],
  [2, 512],
] as const;

export const vgg11 = () =>
  sequentialGraph(
    'VGG-11',
    'VGG-11 as the chapter prints it (5.7 使用重复元素的网络（VGG）); 224×224 input',
    { channels: 1, height: 224, width: 224 },
    [
      ...arch.map(([num_convs, out_channels], i): Step => [
        `vgg${i + 1}`,
        vggBlock,
        { num_convs, out_channels },
      ]),
      ['flatten', flatten, {}],
      ['fc1', linear, { out_features: 4096 }],
      ['relu1', relu, {}],
      ['drop1', dropout, { p: 0.5 }],
      ['fc2', linear, { out_features: 4096 }],
      ['relu2', relu, {}],
      ['drop2', dropout, { p: 0.5 }],
      ['fc3', linear, { out_features: 10 }],
    ],
  );
