import { describe, expect, it } from 'vitest';
import { analyze, conv2d, input, maxPool2d, type Graph, type Params } from '../../graph/index.js';
import { windowFormula } from './formula.js';

const chain = (kind: string, params: Params): Graph => ({
  meta: { name: 't' },
  nodes: [
    {
      id: 'x',
      kind: 'Input',
      params: { ...input.defaults, height: 28, width: 27 },
      position: { x: 0, y: 0 },
    },
    { id: 'l', kind, params, position: { x: 0, y: 0 } },
  ],
  edges: [{ id: 'e', source: 'x', target: 'l', targetPort: 0 }],
});

describe('windowFormula', () => {
  it('fills in a strided, padded conv and agrees with the inferred shape', () => {
    const graph = chain('Conv2d', {
      ...conv2d.defaults,
      kernel_size: [5, 3],
      stride: [2, 3],
      padding: [2, 1],
    });
    const op = analyze(graph).nodes.get('l')!.ops[0]!;
    const f = windowFormula(op)!;
    expect(f.map((a) => a.text)).toEqual(['⌊(28 + 2·2 − 5) / 2⌋ + 1', '⌊(27 + 2·1 − 3) / 3⌋ + 1']);
    expect(f.map((a) => a.result)).toEqual([...op.shape.slice(1)]);
  });

  it('spans a dilated kernel as d·(k − 1) + 1', () => {
    const graph = chain('Conv2d', {
      ...conv2d.defaults,
      kernel_size: [3, 3],
      padding: [2, 0],
      dilation: [2, 1],
    });
    const op = analyze(graph).nodes.get('l')!.ops[0]!;
    const f = windowFormula(op)!;
    expect(f.map((a) => a.text)).toEqual([
      '⌊(28 + 2·2 − (2·(3 − 1) + 1)) / 1⌋ + 1',
      '⌊(27 + 2·0 − 3) / 1⌋ + 1',
    ]);
    expect(f.map((a) => a.result)).toEqual([...op.shape.slice(1)]);
  });

  it('uses ceiling brackets in ceil mode', () => {
    const graph = chain('MaxPool2d', {
      ...maxPool2d.defaults,
      kernel_size: [3, 3],
      ceil_mode: true,
    });
    const op = analyze(graph).nodes.get('l')!.ops[0]!;
    const f = windowFormula(op)!;
    expect(f[0]!.text.startsWith('⌈')).toBe(true);
    expect(f.map((a) => a.result)).toEqual([...op.shape.slice(1)]);
  });

  it('has none for a layer without a window', () => {
    const graph = chain('ReLU', {});
    expect(windowFormula(analyze(graph).nodes.get('l')!.ops[0]!)).toBeNull();
  });
});
