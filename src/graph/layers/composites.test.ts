import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';
import { chainOf } from '../testing.js';
import type { Params } from '../params.js';
import { layerOf, layers, type AnyComposite } from './index.js';

const composites = layers.filter((l) => l.composite).map((l) => l.kind);
const expansion = (kind: string, params: Params = {}) =>
  (layerOf(kind) as AnyComposite).expand({ ...layerOf(kind).defaults, ...params });
/** `name:kind` of each child, in the order the block runs them. */
const childList = (kind: string, params: Params = {}) =>
  expansion(kind, params).children.map((c) => `${c.name}:${c.kind}`);

describe('composite blocks', () => {
  it.each(composites)('%s expands to primitives wired to earlier children', (kind) => {
    const { children, output } = expansion(kind);
    const seen = new Set(['input']);
    for (const c of children) {
      expect(layerOf(c.kind).composite, c.name).toBe(false);
      expect(layerOf(c.kind).schema.safeParse(c.params).success, c.name).toBe(true);
      for (const i of c.inputs) expect(seen.has(i), `${c.name} reads ${i}`).toBe(true);
      expect(seen.has(c.name), `${c.name} is unique`).toBe(false);
      seen.add(c.name);
    }
    expect(seen.has(output)).toBe(true);
  });

  it('VGGBlock numbers conv/ReLU pairs then the pool, as nn.Sequential does', () => {
    expect(childList('VGGBlock', { num_convs: 2 })).toEqual([
      '0:Conv2d',
      '1:ReLU',
      '2:Conv2d',
      '3:ReLU',
      '4:MaxPool2d',
    ]);
  });

  it('NiNBlock is conv, ReLU and two 1×1 conv/ReLU pairs', () => {
    const { children } = expansion('NiNBlock', { kernel_size: [5, 5], strides: [1, 1] });
    expect(children.map((c) => `${c.name}:${c.kind}`)).toEqual([
      '0:Conv2d',
      '1:ReLU',
      '2:Conv2d',
      '3:ReLU',
      '4:Conv2d',
      '5:ReLU',
    ]);
    expect(children.map((c) => c.params.kernel_size).filter(Boolean)).toEqual([
      [5, 5],
      [1, 1],
      [1, 1],
    ]);
  });

  it('Inception names its paths p1_1 … p4_2 and concatenates four branches', () => {
    const { children, output } = expansion('Inception');
    const weighted = children.filter((c) => c.kind === 'Conv2d').map((c) => c.name);
    expect(weighted).toEqual(['p1_1', 'p2_1', 'p2_2', 'p3_1', 'p3_2', 'p4_2']);
    expect(children.find((c) => c.name === 'p4_1')!.kind).toBe('MaxPool2d');
    const cat = children.find((c) => c.name === output)!;
    expect(cat.kind).toBe('Concat');
    expect(cat.inputs).toHaveLength(4);
  });

  it('Residual has conv1, bn1, conv2, bn2, and conv3 only with use_1x1conv', () => {
    const names = (p: Params) =>
      expansion('Residual', p)
        .children.filter((c) => c.kind !== 'ReLU' && c.kind !== 'Add')
        .map((c) => c.name);
    expect(names({})).toEqual(['conv1', 'bn1', 'conv2', 'bn2']);
    expect(names({ use_1x1conv: true })).toEqual(['conv1', 'bn1', 'conv2', 'bn2', 'conv3']);
  });

  it('DenseBlock names conv blocks net.i.0–2 and grows the channels by each', () => {
    const kids = childList('DenseBlock', { num_convs: 2, num_channels: 8 });
    expect(kids.filter((k) => k.startsWith('net.'))).toEqual([
      'net.0.0:BatchNorm2d',
      'net.0.1:ReLU',
      'net.0.2:Conv2d',
      'net.1.0:BatchNorm2d',
      'net.1.1:ReLU',
      'net.1.2:Conv2d',
    ]);
    const a = analyze(chainOf([5, 6, 6], [['d', 'DenseBlock', { num_convs: 2, num_channels: 8 }]]));
    expect(a.nodes.get('d')!.shape).toEqual([5 + 2 * 8, 6, 6]);
    const bn = a.ops.find((o) => o.name === 'd.net.1.0')!;
    expect(bn.inputShapes).toEqual([[13, 6, 6]]);
  });

  it('TransitionBlock is BN, ReLU, 1×1 conv, 2×2 avg-pool', () => {
    expect(childList('TransitionBlock')).toEqual([
      '0:BatchNorm2d',
      '1:ReLU',
      '2:Conv2d',
      '3:AvgPool2d',
    ]);
  });

  it('prefixes op names with the node id and hands on the block output last', () => {
    const a = analyze(
      chainOf(
        [64, 8, 8],
        [
          ['b2.0', 'Residual'],
          ['r', 'ReLU'],
        ],
      ),
    );
    const ops = a.nodes.get('b2.0')!.ops;
    expect(ops.every((o) => o.name.startsWith('b2.0.') && o.nodeId === 'b2.0')).toBe(true);
    expect(ops.at(-1)!.name).toBe('b2.0.relu2');
    expect(a.ops.find((o) => o.name === 'r')!.inputs).toEqual(['b2.0.relu2']);
  });
});
