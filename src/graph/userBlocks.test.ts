import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { parseGraph, serializeGraph } from './file.js';
import type { Graph } from './graph.js';
import { batchNorm2d, conv2d, relu, residual } from './layers/index.js';
import { child } from './layers/child.js';
import { chainOf } from './testing.js';
import { layerIn, type BlockDef } from './userBlocks.js';

/** conv → BN → ReLU, then a Residual: a built-in composite inside a user block. */
const stem: BlockDef = {
  children: [
    child('conv', conv2d, { out_channels: 8, kernel_size: [3, 3], padding: [1, 1] }, ['input']),
    child('bn', batchNorm2d, {}, ['conv']),
    child('act', relu, {}, ['bn']),
    child('res', residual, { num_channels: 8 }, ['act']),
  ],
  output: 'res',
};

/** The same network twice: once with the stem as a block used twice, once with its layers inline. */
function grouped(): Graph {
  const g = chainOf(
    [3, 16, 16],
    [
      ['s1', 'Stem'],
      ['s2', 'Stem'],
    ],
  );
  return { ...g, blocks: { Stem: stem } };
}
function inline(): Graph {
  const steps = ['s1', 's2'].flatMap((s) =>
    stem.children.map((c) => [`${s}_${c.name}`, c.kind, c.params] as [string, string, object]),
  );
  return chainOf([3, 16, 16], steps as [string, string, Record<string, unknown>][]);
}

describe('blocks the user grouped', () => {
  it('count, shape and see like the same layers placed one by one', () => {
    const a = analyze(grouped());
    const b = analyze(inline());
    expect(a.problems).toEqual([]);
    expect(a.totals).toEqual(b.totals);
    expect(a.nodes.get('s2')!.shape).toEqual(b.nodes.get('s2_res')!.shape);
    expect(a.nodes.get('s2')!.rf).toEqual(b.nodes.get('s2_res')!.rf);
    expect(a.nodes.get('s1')!.paramCount).toBe(
      ['s1_conv', 's1_bn', 's1_res'].reduce((n, id) => n + b.nodes.get(id)!.paramCount, 0),
    );
  });

  it('name their ops, and so their weights, by node id and child, nested composites included', () => {
    const names = analyze(grouped())
      .ops.filter((o) => o.nodeId === 's1')
      .map((o) => o.name);
    expect(names.slice(0, 3)).toEqual(['s1.conv', 's1.bn', 's1.act']);
    expect(names).toContain('s1.res.conv1');
    expect(names.at(-1)).toBe('s1.res.relu2');
  });

  it('are unknown kinds in a graph that does not define them', () => {
    const { blocks: _, ...without } = grouped();
    expect(analyze(without).problems.map((p) => p.code)).toEqual(['unknownKind', 'unknownKind']);
    expect(layerIn({ blocks: {} }, 'Stem')).toBeUndefined();
    expect(layerIn({ blocks: {} }, 'constructor')).toBeUndefined();
  });

  it('travel in the graph file and come back the same', () => {
    const g = grouped();
    expect(parseGraph(serializeGraph(g))).toEqual({ ok: true, graph: g });
  });

  it('are refused with a path to each problem when a file defines them badly', () => {
    const file = JSON.parse(serializeGraph(grouped())) as {
      blocks: Record<string, { children: { inputs: string[]; name: string }[]; output: string }>;
    };
    const block = file.blocks.Stem!;
    block.children[1]!.inputs = ['later'];
    block.children[2]!.name = 'conv';
    block.output = 'nothing';
    file.blocks.Conv2d = block;
    const result = parseGraph(JSON.stringify(file));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { path: 'blocks.Conv2d', message: expect.stringMatching(/built-in layer kind/) },
    ]);
    delete file.blocks.Conv2d;
    const again = parseGraph(JSON.stringify(file));
    expect(again.ok ? [] : again.errors.map((e) => e.path)).toEqual([
      'blocks.Stem.children[1].inputs[0]',
      'blocks.Stem.children[2].name',
      // Renaming act leaves res fed by a name no child has now.
      'blocks.Stem.children[3].inputs[0]',
      'blocks.Stem.output',
    ]);
  });
});
