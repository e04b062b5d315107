import { dropout, flatten, globalAvgPool2d, maxPool2d, ninBlock } from '../layers/index.js';
import { sequentialGraph } from './sequential.js';

const pool = { kernel_size: [3, 3], stride: [2, 2] };
const nin = (out_channels: number, k: number, s: number, p: number) => ({
  out_channels,
  kernel_size: [k, k],
  strides: [s, s],
  padding: [p, p],
});

export const ninNet = () =>
  sequentialGraph(
    'NiN',
    'Network in Network as the chapter prints it (5.8 网络中的网络（NiN）); 224×224 input',
    { channels: 1, height: 224, width: 224 },
    [
      ['nin1', ninBlock, nin(96, 11, 4, 0)],
      ['pool1', maxPool2d, pool],
      ['nin2', ninBlock, nin(256, 5, 1, 2)],
      ['pool2', maxPool2d, pool],
      ['nin3', ninBlock, nin(384, 3, 1, 1)],
      ['pool3', maxPool2d, pool],
      ['drop', dropout, { p: 0.5 }],
      ['nin4', ninBlock, nin(10, 3, 1, 1)],
      ['gap', globalAvgPool2d, {}],
      ['flatten', flatten, {}],
    ],
  );
