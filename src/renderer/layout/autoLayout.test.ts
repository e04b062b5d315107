import { describe, expect, it } from 'vitest';
import { template, templateNames } from '../../graph/index.js';
import { autoLayout, defaultNodeSize } from './autoLayout.js';

const overlaps = (a: { x: number; y: number }, b: { x: number; y: number }) =>
  Math.abs(a.x - b.x) < defaultNodeSize.width && Math.abs(a.y - b.y) < defaultNodeSize.height;

describe('autoLayout', () => {
  it.each(templateNames)('places every node of %s without overlap', async (name) => {
    const graph = template(name)!;
    const positions = await autoLayout(graph.nodes, graph.edges, 'DOWN');
    expect(positions.size).toBe(graph.nodes.length);
    const list = [...positions.values()];
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) expect(overlaps(list[i]!, list[j]!)).toBe(false);
    }
  });

  it('flows left to right or top to bottom as asked', async () => {
    const graph = template('lenet')!;
    const [first, last] = [graph.nodes[0]!.id, graph.nodes.at(-1)!.id];
    const right = await autoLayout(graph.nodes, graph.edges, 'RIGHT');
    const down = await autoLayout(graph.nodes, graph.edges, 'DOWN');
    expect(right.get(last)!.x).toBeGreaterThan(right.get(first)!.x);
    expect(down.get(last)!.y).toBeGreaterThan(down.get(first)!.y);
  });
});
