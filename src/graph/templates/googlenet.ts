import {
  conv2d,
  flatten,
  globalAvgPool2d,
  inception,
  linear,
  maxPool2d,
  relu,
} from '../layers/index.js';
import { sequentialGraph, type Step } from './sequential.js';

const pool = { kernel_size: [3, 3], stride: [2, 2], padding: [1, 1] };
const inc = (
  c1: number,
  [c2_1, c2_2]: [number, number],
  [c3_1, c3_2]: [number, number],
  c4: number,
) => ({ c1, c2_1, c2_2, c3_1, c3_2, c4 });

/** b3 to b5 and the classifier, the same in both forms. */
const body: Step[] = [
  ['b3.0', inception, inc(64, [96, 128], [16, 32], 32)],
  ['b3.1', inception, inc(128, [128, 192], [32, 96], 64)],
  ['b3.2', maxPool2d, pool],
  ['b4.0', inception, inc(192, [96, 208], [16, 48], 64)],
  ['b4.1', inception, inc(160, [112, 224], [24, 64], 64)],
  ['b4.2', inception, inc(128, [128, 256], [24, 64], 64)],
  ['b4.3', inception, inc(112, [144, 288], [32, 64], 64)],
  ['b4.4', inception, inc(256, [160, 320], [32, 128], 128)],
  ['b4.5', maxPool2d, pool],
  ['b5.0', inception, inc(256, [160, 320], [32, 128], 128)],
  ['b5.1', inception, inc(384, [192, 384], [48, 128], 128)],
  ['b5.2', globalAvgPool2d, {}],
  ['b5.3', flatten, {}],
  ['fc', linear, { out_features: 10 }],
];

const b1: Step[] = [
  ['b1.0', conv2d, { out_channels: 64, kernel_size: [7, 7], stride: [2, 2], padding: [3, 3] }],
  ['b1.1', relu, {}],
  ['b1.2', maxPool2d, pool],
];

const image = { channels: 1, height: 96, width: 96 };

/** As the chapter prints it (5.9): b2 is a 1×1 conv, then a 3×3 conv, with no ReLU after either. */
export const googlenet = () =>
  sequentialGraph(
    'GoogLeNet',
    'GoogLeNet as the chapter prints it (5.9 含并行连结的网络（GoogLeNet）): no ReLU in b2; 96×96 input',
    image,
    [
      ...b1,
      ['b2.0', conv2d, { out_channels: 64, kernel_size: [1, 1] }],
      ['b2.1', conv2d, { out_channels: 192, kernel_size: [3, 3], padding: [1, 1] }],
      ['b2.2', maxPool2d, pool],
      ...body,
    ],
  );

/** d2l.ai's form (8.4 there): a ReLU after each of b2's convs. */
export const googlenetD2l = () =>
  sequentialGraph(
    'GoogLeNet (d2l.ai 2nd ed.)',
    'GoogLeNet as d2l.ai prints it (8.4): a ReLU after each conv of b2; 96×96 input',
    image,
    [
      ...b1,
      ['b2.0', conv2d, { out_channels: 64, kernel_size: [1, 1] }],
      ['b2.1', relu, {}],
      ['b2.2', conv2d, { out_channels: 192, kernel_size: [3, 3], padding: [1, 1] }],
      ['b2.3', relu, {}],
      ['b2.4', maxPool2d, pool],
      ...body,
    ],
  );
