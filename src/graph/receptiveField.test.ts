import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { summarize } from './summary.js';
import { template } from './templates/index.js';
import { chainOf, graphOf } from './testing.js';

const conv3 = { kernel_size: [3, 3], padding: [1, 1] };
const fieldOf = (graph: Parameters<typeof analyze>[0], id: string) =>
  analyze(graph).nodes.get(id)!.rf;

describe('receptive field', () => {
  it('grows by k−1 per stride-1 conv: two 3×3 convs see 5×5', () => {
    const g = chainOf(
      [1, 16, 16],
      [
        ['a', 'Conv2d', conv3],
        ['b', 'Conv2d', conv3],
      ],
    );
    expect(fieldOf(g, 'input')).toEqual({ size: [1, 1], jump: [1, 1] });
    expect(fieldOf(g, 'a')).toEqual({ size: [3, 3], jump: [1, 1] });
    expect(fieldOf(g, 'b')).toEqual({ size: [5, 5], jump: [1, 1] });
  });

  it('multiplies the jump by the stride, so a later 3×3 grows it by 2·2', () => {
    const g = chainOf(
      [1, 16, 16],
      [
        ['pool', 'MaxPool2d', { kernel_size: [2, 2], stride: [2, 2] }],
        ['conv', 'Conv2d', conv3],
        ['relu', 'ReLU'],
        ['gap', 'GlobalAvgPool2d'],
      ],
    );
    expect(fieldOf(g, 'pool')).toEqual({ size: [2, 2], jump: [2, 2] });
    expect(fieldOf(g, 'conv')).toEqual({ size: [6, 6], jump: [2, 2] });
    expect(fieldOf(g, 'relu')).toEqual({ size: [6, 6], jump: [2, 2] });
    // A global pool over the 8×8 map spans 7 more jumps.
    expect(fieldOf(g, 'gap')).toEqual({ size: [6 + 7 * 2, 6 + 7 * 2], jump: [2, 2] });
  });

  it('keeps the axes apart', () => {
    const g = chainOf(
      [1, 16, 16],
      [['c', 'Conv2d', { kernel_size: [3, 5], stride: [1, 2], padding: [1, 2] }]],
    );
    expect(fieldOf(g, 'c')).toEqual({ size: [3, 5], jump: [1, 2] });
  });

  it('widens with dilation: a 3×3 kernel dilated 2 sees 5×5', () => {
    const g = chainOf(
      [1, 16, 16],
      [['c', 'Conv2d', { kernel_size: [3, 3], padding: [2, 2], dilation: [2, 2] }]],
    );
    expect(fieldOf(g, 'c')).toEqual({ size: [5, 5], jump: [1, 1] });
  });

  it('takes the widest branch at a merge', () => {
    const g = graphOf(
      [
        ['input', 'Input', { channels: 1, height: 16, width: 16 }],
        ['narrow', 'Conv2d', { kernel_size: [1, 1] }],
        ['wide', 'Conv2d', { kernel_size: [5, 5], padding: [2, 2] }],
        ['cat', 'Concat'],
      ],
      [
        ['input', 'narrow'],
        ['input', 'wide'],
        ['narrow', 'cat', 0],
        ['wide', 'cat', 1],
      ],
    );
    expect(fieldOf(g, 'cat')).toEqual({ size: [5, 5], jump: [1, 1] });
  });

  it('is reported per layer in the summary, inside composites too', () => {
    const rows = summarize(chainOf([64, 16, 16], [['r', 'Residual']])).layers;
    const rf = Object.fromEntries(rows.map((r) => [r.name, r.receptive_field]));
    expect(rf['r.conv1']).toEqual([3, 3]);
    expect(rf['r.conv2']).toEqual([5, 5]);
    expect(rf['r.relu2']).toEqual([5, 5]);
  });
});

describe('multiply-accumulates per sample', () => {
  it('counts a conv as output size × input channels × kernel area', () => {
    const a = analyze(
      chainOf([3, 10, 12], [['c', 'Conv2d', { out_channels: 8, kernel_size: [3, 5] }]]),
    );
    expect(a.nodes.get('c')!.macs).toBe(8 * (10 - 2) * (12 - 4) * 3 * 3 * 5);
  });

  it('counts a grouped conv per group: each output sees in_channels / groups, and so do its weights', () => {
    const a = analyze(
      chainOf(
        [8, 6, 6],
        [['c', 'Conv2d', { out_channels: 12, kernel_size: [3, 3], padding: [1, 1], groups: 4 }]],
      ),
    );
    expect(a.nodes.get('c')!.macs).toBe(12 * 6 * 6 * (8 / 4) * 3 * 3);
    expect(a.ops[1]!.weights.map((w) => w.shape)).toEqual([[12, 2, 3, 3], [12]]);
    expect(a.nodes.get('c')!.paramCount).toBe(12 * 2 * 9 + 12);
  });

  it('counts a linear layer as inputs × outputs, and nothing for parameter-free layers', () => {
    const a = analyze(
      chainOf(
        [4, 5, 5],
        [
          ['flat', 'Flatten'],
          ['fc', 'Linear', { out_features: 7 }],
          ['relu', 'ReLU'],
        ],
      ),
    );
    expect(a.nodes.get('fc')!.macs).toBe(100 * 7);
    expect(a.nodes.get('flat')!.macs).toBe(0);
    expect(a.nodes.get('relu')!.macs).toBe(0);
    expect(a.totals.macs).toBe(700);
  });

  it('adds up LeNet layer by layer', () => {
    const conv1 = 6 * 24 * 24 * (1 * 5 * 5);
    const conv2 = 16 * 8 * 8 * (6 * 5 * 5);
    const fcs = 256 * 120 + 120 * 84 + 84 * 10;
    expect(analyze(template('lenet')!).totals.macs).toBe(conv1 + conv2 + fcs);
  });
});
