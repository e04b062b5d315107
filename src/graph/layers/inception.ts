import { defineLayer, type Child } from '../layer.js';
import { int } from '../params.js';
import { relu } from './activation.js';
import { chain, child } from './child.js';
import { concat } from './concat.js';
import { conv2d } from './conv2d.js';
import { maxPool2d } from './pool.js';

const channels = (label: string, def: number, help: string) => int(label, def, 1, 65536, help);

export const inception = defineLayer({
  kind: 'Inception',
  label: 'Inception',
  category: 'Blocks',
  description:
    'Four parallel paths — 1×1; 1×1→3×3; 1×1→5×5; 3×3 max-pool→1×1 — concatenated on channels (d2l Inception).',
  composite: true,
  arity: 'one',
  fields: {
    c1: channels('Path 1: 1×1', 64, 'Output channels of path 1'),
    c2_1: channels('Path 2: 1×1', 96, 'Channels of path 2’s 1×1 reduction'),
    c2_2: channels('Path 2: 3×3', 128, 'Output channels of path 2'),
    c3_1: channels('Path 3: 1×1', 16, 'Channels of path 3’s 1×1 reduction'),
    c3_2: channels('Path 3: 5×5', 32, 'Output channels of path 3'),
    c4: channels('Path 4: 1×1', 32, 'Output channels of path 4 after the max-pool'),
  },
  summary: (p) => `${p.c1}, ${p.c2_1}→${p.c2_2}, ${p.c3_1}→${p.c3_2}, ${p.c4}`,
  expand(p) {
    const children: Child[] = [];
    const conv = (out: number, k: number) => ({
      out_channels: out,
      kernel_size: [k, k],
      padding: [(k - 1) / 2, (k - 1) / 2],
    });
    const b1 = chain(children, 'input', [
      ['p1_1', conv2d, conv(p.c1, 1)],
      ['relu1', relu, {}],
    ]);
    const b2 = chain(children, 'input', [
      ['p2_1', conv2d, conv(p.c2_1, 1)],
      ['relu2_1', relu, {}],
      ['p2_2', conv2d, conv(p.c2_2, 3)],
      ['relu2_2', relu, {}],
    ]);
    const b3 = chain(children, 'input', [
      ['p3_1', conv2d, conv(p.c3_1, 1)],
      ['relu3_1', relu, {}],
      ['p3_2', conv2d, conv(p.c3_2, 5)],
      ['relu3_2', relu, {}],
    ]);
    const b4 = chain(children, 'input', [
      ['p4_1', maxPool2d, { kernel_size: [3, 3], stride: [1, 1], padding: [1, 1] }],
      ['p4_2', conv2d, conv(p.c4, 1)],
      ['relu4_2', relu, {}],
    ]);
    children.push(child('cat', concat, {}, [b1, b2, b3, b4]));
    return { children, output: 'cat' };
  },
});
