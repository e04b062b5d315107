import { describe, expect, it } from 'vitest';
import { analyze, template } from '../../graph/index.js';
import { boxOf, defaultNodeSize, overlaps } from '../layout/geometry.js';
import { autoLayout, withPositions } from '../layout/autoLayout.js';
import { selectAnalysis } from './analysis.js';
import { graphOf } from './graphSlice.js';
import { createEditorStore, undo } from './store.js';

/** A template laid out as the app opens it, in a fresh store. */
async function opened(name: string) {
  const store = createEditorStore();
  const graph = template(name)!;
  const positions = await autoLayout(graph.nodes, graph.edges, {
    fit: { width: 900, height: 800 },
  });
  store.getState().replaceGraph({ ...graph, nodes: withPositions(graph.nodes, positions) });
  return store;
}

const steps = (store: ReturnType<typeof createEditorStore>) =>
  store.temporal.getState().pastStates.length;

function expectNoOverlap(store: ReturnType<typeof createEditorStore>) {
  const boxes = store.getState().nodes.map((n) => ({ id: n.id, box: boxOf(n.position) }));
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      expect(overlaps(boxes[i]!.box, boxes[j]!.box), `${boxes[i]!.id} / ${boxes[j]!.id}`).toBe(
        false,
      );
    }
  }
}

describe('building quickly', () => {
  it('inserts a layer after the selected one, rewired and in its place, as one step', async () => {
    const store = await opened('lenet');
    const before = steps(store);
    const id = store.getState().insertAfter('ReLU', 'conv1');
    const s = store.getState();
    expect(steps(store)).toBe(before + 1);
    expect(s.selectedNodes).toEqual([id]);
    const into = (target: string) =>
      s.edges.filter((e) => e.target === target).map((e) => e.source);
    expect(into(id)).toEqual(['conv1']);
    expect(into('sig1')).toEqual([id]);
    expect(selectAnalysis(s).problems).toEqual([]);
    // Right below conv1, and what followed moved down to make room.
    const at = (n: string) => s.nodes.find((m) => m.id === n)!.position;
    expect(at(id).x).toBe(at('conv1').x);
    expect(at(id).y).toBeGreaterThan(at('conv1').y);
    expect(at('sig1').y).toBeGreaterThan(at(id).y);
    expectNoOverlap(store);
    undo(store);
    expect(store.getState().nodes.some((n) => n.id === id)).toBe(false);
    expect(store.getState().edges.find((e) => e.target === 'sig1')!.source).toBe('conv1');
  });

  it('feeds everything the selected layer fed, a residual’s shortcut included', () => {
    const store = createEditorStore();
    const s = store.getState();
    const input = s.addNode('Input', { x: 0, y: 0 });
    const conv = s.insertAfter('Conv2d', input);
    store.getState().setParams(conv, { ...store.getState().nodes[1]!.params, padding: [1, 1] });
    const add = store.getState().insertAfter('Add', conv);
    store.getState().connect(input, add);
    // Input feeds conv and (the shortcut) add: both now take the new BatchNorm's output.
    const bn = store.getState().insertAfter('BatchNorm2d', input);
    const into = (target: string) =>
      store
        .getState()
        .edges.filter((e) => e.target === target)
        .map((e) => [e.source, e.targetPort]);
    expect(into(conv)).toEqual([[bn, 0]]);
    expect(into(add)).toEqual([
      [conv, 0],
      [bn, 1],
    ]);
  });

  it('inserts a layer dropped on an edge into it', async () => {
    const store = await opened('lenet');
    const id = store.getState().insertOnEdge('BatchNorm1d', 'fc1->sig3')!;
    const s = store.getState();
    expect(s.edges.some((e) => e.id === 'fc1->sig3')).toBe(false);
    expect(s.edges.find((e) => e.target === id)!.source).toBe('fc1');
    expect(s.edges.find((e) => e.source === id)!.target).toBe('sig3');
    // A BatchNorm1d hands on what fc1 gives.
    expect(selectAnalysis(s).nodes.get(id)!.shape).toEqual(
      selectAnalysis(s).nodes.get('fc1')!.shape,
    );
    expectNoOverlap(store);
    expect(store.getState().insertOnEdge('Input', 'fc2->sig4')).toBeNull();
  });

  it('connects a layer chosen for a connection dropped in empty space', () => {
    const store = createEditorStore();
    const input = store.getState().addNode('Input', { x: 0, y: 0 });
    const conv = store
      .getState()
      .addConnected('Conv2d', { nodeId: input, handle: 'source' }, { x: 0, y: 200 });
    expect(store.getState().edges).toMatchObject([{ source: input, target: conv }]);
    expect(store.getState().nodes.at(-1)!.position).toEqual({ x: 0, y: 200 });
    // From an input handle, the new layer feeds it instead.
    const relu = store.getState().addNode('ReLU', { x: 0, y: 400 });
    const pool = store
      .getState()
      .addConnected('MaxPool2d', { nodeId: relu, handle: 'target' }, { x: 0, y: 300 });
    expect(store.getState().edges.find((e) => e.target === relu)!.source).toBe(pool);
  });
});

describe('stages', () => {
  it('collapse into one box, moving what follows up, and open again as they were', async () => {
    const store = await opened('resnet18');
    const before = store.getState().nodes;
    const at = (nodes: typeof before, id: string) => nodes.find((n) => n.id === id)!.position;
    const b2 = ['b2.0', 'b2.1'].map((id) => at(before, id));
    // The layers below b2 in its column move up by what the box saves: two layers, one box.
    const saved = b2[1]!.y + defaultNodeSize.height - b2[0]!.y - defaultNodeSize.height;
    const below = before.filter((n) => n.position.x === b2[0]!.x && n.position.y > b2[1]!.y);
    expect(below.length).toBeGreaterThan(0);
    store.getState().setStageCollapsed('b2', true);
    const shut = store.getState();
    expect(shut.collapsed).toEqual(['b2']);
    for (const n of before) {
      const moved = below.includes(n) ? saved : 0;
      expect(at(shut.nodes, n.id), n.id).toEqual({ x: n.position.x, y: n.position.y - moved });
    }
    store.getState().setStageCollapsed('b2', false);
    expect(store.getState().nodes.map((n) => n.position)).toEqual(before.map((n) => n.position));
    expect(store.getState().collapsed).toEqual([]);
    undo(store);
    expect(store.getState().collapsed).toEqual(['b2']);
  });

  it('all collapse in one step, and the file keeps them', async () => {
    const store = await opened('resnet18');
    const before = steps(store);
    store.getState().setAllStagesCollapsed(true);
    expect(steps(store)).toBe(before + 1);
    expect([...store.getState().collapsed].sort()).toEqual(['b1', 'b2', 'b3', 'b4', 'b5', 'last']);
    expect(graphOf(store.getState()).collapsed).toHaveLength(6);
    store.getState().setAllStagesCollapsed(false);
    expect(graphOf(store.getState()).collapsed).toBeUndefined();
  });
});

describe('replacing a block with its layers', () => {
  it('lays them out where the block was and moves what follows, in one step', async () => {
    const store = await opened('resnet18');
    const before = store.getState();
    const totals = selectAnalysis(before).totals;
    const block = before.nodes.find((n) => n.id === 'b3.0')!;
    const next = before.nodes.find((n) => n.id === 'b3.1')!;
    const undoSteps = steps(store);
    await store.getState().replaceWithLayers('b3.0');
    const s = store.getState();
    expect(steps(store)).toBe(undoSteps + 1);
    expect(selectAnalysis(s).totals).toEqual(totals);
    expect(selectAnalysis(s).problems).toEqual([]);
    const inner = s.nodes.filter((n) => n.id.startsWith('b3.0.'));
    expect(inner).toHaveLength(analyze(template('resnet18')!).nodes.get('b3.0')!.ops.length);
    // They start where the block was; the next block moved down past them.
    expect(Math.min(...inner.map((n) => n.position.y))).toBe(block.position.y);
    const bottom = Math.max(...inner.map((n) => n.position.y)) + defaultNodeSize.height;
    expect(s.nodes.find((n) => n.id === 'b3.1')!.position.y).toBeGreaterThan(bottom);
    expect(s.nodes.find((n) => n.id === 'b3.1')!.position.y).toBeGreaterThan(next.position.y);
    const boxes = inner.map((n) => boxOf(n.position));
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i]!, boxes[j]!)).toBe(false);
    }
    undo(store);
    expect(store.getState().nodes.some((n) => n.id === 'b3.0')).toBe(true);
  });
});
