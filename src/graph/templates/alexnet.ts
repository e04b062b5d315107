import { conv2d, dropout, flatten, linear, maxPool2d, relu } from '../layers/index.js';
import { sequentialGraph } from './sequential.js';

const pool = { kernel_size: [3, 3], stride: [2, 2] };

/** AlexNet for Fashion-MNIST; the two forms differ only in the first conv's padding. */
const alexnetWith = (name: string, description: string, firstPadding: [number, number]) =>
  sequentialGraph(name, description, { channels: 1, height: 224, width: 224 }, [
    [
      'conv1',
      conv2d,
      { out_channels: 96, kernel_size: [11, 11], stride: [4, 4], padding: firstPadding },
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
  ]);

/** As the chapter prints it (5.6): the first conv is Conv2d(1, 96, 11, 4), unpadded. */
export const alexnet = () =>
  alexnetWith(
    'AlexNet',
    'AlexNet as the chapter prints it (5.6 深度卷积神经网络（AlexNet）); 224×224 input',
    [0, 0],
  );

/** d2l.ai's form (8.1 there): padding 1 on the first conv; the same shapes, ⌊(224 − 11) / 4⌋ = ⌊(226 − 11) / 4⌋. */
export const alexnetD2l = () =>
  alexnetWith(
    'AlexNet (d2l.ai 2nd ed.)',
    'AlexNet as d2l.ai prints it (8.1): padding 1 on the first conv; 224×224 input',
    [1, 1],
  );
