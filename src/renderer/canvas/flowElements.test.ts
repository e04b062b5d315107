import { describe, expect, it } from 'vitest';
import { analyze, template } from '../../graph/index.js';
import { createFlowEdgeMapper, createFlowNodeMapper } from './flowElements.js';

describe('flow elements', () => {
  it('reuses node objects that show nothing new, so React Flow skips them', () => {
    const graph = template('lenet')!;
    const map = createFlowNodeMapper();
    const first = map(graph.nodes, new Set(), {}, {});
    const dragged = map(graph.nodes, new Set(['conv1']), {}, { sig1: { x: 5, y: 5 } });
    const changed = new Set(['conv1', 'sig1']);
    dragged.forEach((n, i) => expect(n === first[i]).toBe(!changed.has(n.id)));
    expect(dragged[2]!.position).toEqual({ x: 5, y: 5 });
    expect(dragged[1]!.selected).toBe(true);
  });

  it('marks edges that analyze() rejects, with the message', () => {
    const graph = template('lenet')!;
    graph.edges.push({ id: 'input->sig1', source: 'input', target: 'sig1', targetPort: 1 });
    const edges = createFlowEdgeMapper()(graph.edges, new Set(), analyze(graph));
    const bad = edges.filter((e) => e.className === 'invalid').map((e) => e.id);
    expect(bad.sort()).toEqual(['conv1->sig1', 'input->sig1']);
    expect(edges.find((e) => e.id === 'input->sig1')!.data!.problem).toMatch(/one input/);
  });
});
