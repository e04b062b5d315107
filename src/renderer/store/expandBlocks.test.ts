import { describe, expect, it } from 'vitest';
import { analyze, template, templateNames } from '../../graph/index.js';
import { expandBlocks } from './expandBlocks.js';

describe('expandBlocks', () => {
  it.each(templateNames)('keeps every op, shape and parameter of %s', (name) => {
    const graph = template(name)!;
    const before = analyze(graph);
    const flat = expandBlocks(graph, before, new Set(graph.nodes.map((n) => n.id)));
    const after = analyze(flat);
    expect(after.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(after.totals).toEqual(before.totals);
    const shapes = (a: typeof before) => new Map(a.ops.map((o) => [o.name, o.shape]));
    expect(shapes(after)).toEqual(shapes(before));
    expect(flat.nodes.length).toBe(before.ops.length);
  });

  it('expands only the chosen block and rewires around it', () => {
    const graph = template('resnet18')!;
    const before = analyze(graph);
    const flat = expandBlocks(graph, before, new Set(['b3.0']));
    const after = analyze(flat);
    expect(after.totals).toEqual(before.totals);
    expect(flat.nodes.some((n) => n.id === 'b3.0')).toBe(false);
    expect(flat.nodes.some((n) => n.id === 'b3.1')).toBe(true);
    expect(flat.edges.find((e) => e.target === 'b3.1')!.source).toBe('b3.0.relu2');
  });
});
