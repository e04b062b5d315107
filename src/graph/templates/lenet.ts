import { avgPool2d, conv2d, flatten, linear, sigmoid } from '../layers/index.js';
import { sequentialGraph } from './sequential.js';

export const lenet = () =>
  sequentialGraph(
    'LeNet',
    'LeNet-5 with sigmoid activations (d2l 7.6), 28×28 input',
    { channels: 1, height: 28, width: 28 },
    [
      ['conv1', conv2d, { out_channels: 6, kernel_size: [5, 5], padding: [2, 2] }],
      ['sig1', sigmoid, {}],
      ['pool1', avgPool2d, { kernel_size: [2, 2], stride: [2, 2] }],
      ['conv2', conv2d, { out_channels: 16, kernel_size: [5, 5] }],
      ['sig2', sigmoid, {}],
      ['pool2', avgPool2d, { kernel_size: [2, 2], stride: [2, 2] }],
      ['flatten', flatten, {}],
      ['fc1', linear, { out_features: 120 }],
      ['sig3', sigmoid, {}],
      ['fc2', linear, { out_features: 84 }],
      ['sig4', sigmoid, {}],
      ['fc3', linear, { out_features: 10 }],
    ],
  );
