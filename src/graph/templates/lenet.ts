import { avgPool2d, conv2d, flatten, linear, maxPool2d, sigmoid } from '../layers/index.js';
import { sequentialGraph } from './sequential.js';

/** LeNet's two 5×5 sigmoid convs and three sigmoid Linears, with the pooling and padding given. */
const lenetWith = (
  name: string,
  description: string,
  pool: typeof maxPool2d | typeof avgPool2d,
  padding: [number, number],
) =>
  sequentialGraph(name, description, { channels: 1, height: 28, width: 28 }, [
    ['conv1', conv2d, { out_channels: 6, kernel_size: [5, 5], padding }],
    ['sig1', sigmoid, {}],
    ['pool1', pool, { kernel_size: [2, 2], stride: [2, 2] }],
    ['conv2', conv2d, { out_channels: 16, kernel_size: [5, 5] }],
    ['sig2', sigmoid, {}],
    ['pool2', pool, { kernel_size: [2, 2], stride: [2, 2] }],
    ['flatten', flatten, {}],
    ['fc1', linear, { out_features: 120 }],
    ['sig3', sigmoid, {}],
    ['fc2', linear, { out_features: 84 }],
    ['sig4', sigmoid, {}],
    ['fc3', linear, { out_features: 10 }],
  ]);

/** As the chapter prints it (5.5): no padding and max pooling, so fc1 is Linear(16·4·4 = 256, 120). */
export const lenet = () =>
  lenetWith(
    'LeNet',
    'LeNet as the chapter prints it (5.5 卷积神经网络（LeNet）): sigmoid, max pooling, no padding; 28×28 input',
    maxPool2d,
    [0, 0],
  );

/** d2l.ai's form (7.6 there): padding 2 and average pooling, so fc1 is Linear(16·5·5 = 400, 120). */
export const lenetD2l = () =>
  lenetWith(
    'LeNet (d2l.ai 2nd ed.)',
    'LeNet as d2l.ai prints it (7.6): sigmoid, average pooling, padding 2; 28×28 input',
    avgPool2d,
    [2, 2],
  );
