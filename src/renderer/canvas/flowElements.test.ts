import { describe, expect, it } from 'vitest';
import { analyze, template } from '../../graph/index.js';
import { problemsByNode } from '../store/analysis.js';
import {
  createFlowEdgeMapper,
  createFlowNodeMapper,
  hiddenLayers,
  type CanvasView,
} from './flowElements.js';

const view = (nodes: CanvasView['nodes'], patch: Partial<CanvasView> = {}): CanvasView => ({
  nodes,
  blocks: {},
  analysis: analyze({ nodes: [...nodes], edges: [], meta: { name: '' } }),
  problems: new Map(),
  unfit: new Set(),
  selected: new Set(),
  measured: {},
  dragging: {},
  collapsed: new Set(),
  direction: 'DOWN',
  ...patch,
});

describe('flow elements', () => {
  it('reuses node objects that show nothing new, so React Flow skips them', () => {
    const graph = template('lenet')!;
    const map = createFlowNodeMapper();
    const first = map(view(graph.nodes));
    const dragged = map(
      view(graph.nodes, { selected: new Set(['conv1']), dragging: { sig1: { x: 5, y: 5 } } }),
    );
    const changed = new Set(['conv1', 'sig1']);
    dragged.forEach((n, i) => expect(n === first[i]).toBe(!changed.has(n.id)));
    expect(dragged[2]!.position).toEqual({ x: 5, y: 5 });
    expect(dragged[1]!.selected).toBe(true);
  });

  it('after an edit, makes new node objects only for the layers whose face changed', () => {
    const graph = template('lenet')!;
    const map = createFlowNodeMapper();
    const withAnalysis = (g: typeof graph) => {
      const analysis = analyze(g);
      return view(g.nodes, { analysis, problems: problemsByNode(analysis) });
    };
    const before = map(withAnalysis(graph));
    const nodes = graph.nodes.map((n) =>
      n.id === 'fc2' ? { ...n, params: { ...n.params, out_features: 64 } } : n,
    );
    const after = map(withAnalysis({ ...graph, nodes }));
    const changed = after.filter((n, i) => n !== before[i]).map((n) => n.id);
    // fc2's own face, sig4's shape and fc3's parameter count.
    expect(changed).toEqual(['fc2', 'sig4', 'fc3']);
    // Nothing shown changed: the very same array, so React Flow does no work at all.
    expect(map(withAnalysis({ ...graph, nodes }))).toBe(after);
    const edges = createFlowEdgeMapper();
    const first = edges(graph.edges, new Set(), analyze(graph));
    expect(edges(graph.edges, new Set(), analyze({ ...graph, nodes }))).toBe(first);
  });

  it('draws an open stage’s frame behind its layers, and a collapsed one as one box', () => {
    const graph = template('resnet18')!;
    const map = createFlowNodeMapper();
    const open = map(view(graph.nodes));
    expect(open.filter((n) => n.type === 'frame').map((n) => n.id)).toEqual([
      'frame:b1',
      'frame:b2',
      'frame:b3',
      'frame:b4',
      'frame:b5',
      'frame:last',
    ]);
    // Frames come first, so they are drawn beneath the layers.
    expect(open.findIndex((n) => n.type !== 'frame')).toBe(6);
    const shut = map(view(graph.nodes, { collapsed: new Set(['b2']) }));
    expect(shut.some((n) => n.id === 'b2.0' || n.id === 'frame:b2')).toBe(false);
    const box = shut.find((n) => n.id === 'stage:b2')!;
    expect(box.data).toEqual({ stage: 'b2', members: ['b2.0', 'b2.1'] });
    // At the top of the stage's layers, centred on them.
    expect(box.position).toEqual(graph.nodes.find((n) => n.id === 'b2.0')!.position);
  });

  it('gives a stage that wraps on into the next column a frame in each, titled once', () => {
    const at = (id: string, x: number, y: number) => ({
      id,
      kind: 'ReLU',
      params: {},
      position: { x, y },
    });
    const nodes = [at('s.0', 0, 0), at('s.1', 0, 132), at('s.2', 400, 0), at('t.0', 400, 132)];
    const frames = createFlowNodeMapper()(view(nodes)).filter((n) => n.type === 'frame');
    expect(frames.map((f) => [f.id, f.position.x, f.data.title])).toEqual([
      ['frame:s', -10, true],
      ['frame:s:1', 390, false],
    ]);
  });

  it('marks edges that analyze() rejects, with the message', () => {
    const graph = template('lenet')!;
    graph.edges.push({ id: 'input->sig1', source: 'input', target: 'sig1', targetPort: 1 });
    const edges = createFlowEdgeMapper()(graph.edges, new Set(), analyze(graph));
    const bad = edges.filter((e) => e.className === 'invalid').map((e) => e.id);
    expect(bad.sort()).toEqual(['conv1->sig1', 'input->sig1']);
    expect(edges.find((e) => e.id === 'input->sig1')!.data!.problem).toMatch(/one input/);
  });

  it('draws edges into and out of a collapsed stage to its box, once each', () => {
    const graph = template('resnet18')!;
    const hidden = hiddenLayers(graph.nodes, new Set(['b2', 'b3']));
    const edges = createFlowEdgeMapper()(graph.edges, new Set(), analyze(graph), hidden);
    const ends = edges.map((e) => `${e.source}->${e.target}`);
    expect(ends).toContain('b1.3->stage:b2');
    expect(ends).toContain('stage:b2->stage:b3');
    expect(ends).toContain('stage:b3->b4.0');
    expect(ends.some((e) => e.includes('b2.0') || e.includes('b3.1'))).toBe(false);
    expect(new Set(ends).size).toBe(ends.length);
  });
});
