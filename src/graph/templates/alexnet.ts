import { conv2d, dropout, flatten, linear, maxPool2d, relu } from '../layers/index.js';
import { sequentialGraph } from './sequential.js';

const pool = { kernel_size: [3, 3], stride: [2, 2] };

export const alexnet = () =>
  sequentialGraph(
    'AlexNet',
    'AlexNet (d2l 8.1), 224×224 input',
    { channels: 1, height: 224, width: 224 },
    [
      [
        'conv1',
        conv2d,
        { out_channels: 96, kernel_size: [11, 11], stride: [4, 4], padding: [1, 1] },
      ],
      ['relu1', relu, {}],
      ['pool1', maxPool2d, pool],
      ['conv2', conv2d, { out_channels: 256, kernel_size: [5, 5], padding: [2, 2] }],
      ['relu2', relu, {}],
      ['pool2', maxPool2d, pool],
      ['conv3', conv2d, { out_channels: 384, kernel_size: [3, 3], padding: [1, 1] }],
      ['relu3', relu, {}],
      ['conv4', conv2d, { out_channels: 384, kernel_size: [3, 3], padding: [1, 1] }],
      ['relu4', relu, {}],
      ['conv5', conv2d, { out_channels: 256, kernel_size: [3, 3], padding: [1, 1] }],
      ['relu5', relu, {}],
      ['pool3', maxPool2d, pool],
      ['flatten', flatten, {}],
      ['fc1', linear, { out_features: 4096 }],
      ['relu6', relu, {}],
      ['drop1', dropout, { p: 0.5 }],
      ['fc2', linear, { out_features: 4096 }],
      ['relu7', relu, {}],
      ['drop2', dropout, { p: 0.5 }],
      ['fc3', linear, { out_features: 10 }],
    ],
  );
