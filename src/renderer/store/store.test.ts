import { describe, expect, it } from 'vitest';
import { analyze, template } from '../../graph/index.js';
import { selectAnalysis } from './analysis.js';
import { copySelection } from './graphSlice.js';
import { createEditorStore, isDirty, redo, undo } from './store.js';

const fresh = () => {
  const store = createEditorStore();
  const s = store.getState();
  const input = s.addNode('Input', { x: 0, y: 0 });
  const conv = s.addNode('Conv2d', { x: 0, y: 100 });
  s.connect(input, conv);
  return { store, input, conv };
};

describe('graph slice with undo', () => {
  it('undoes and redoes adding, connecting and editing, one step each', () => {
    const { store, conv } = fresh();
    const s = store.getState();
    s.setParams(conv, { ...s.nodes[1]!.params, stride: [2, 2] });
    expect(selectAnalysis(store.getState()).nodes.get(conv)?.shape).toEqual([16, 13, 13]);
    undo(store);
    expect(selectAnalysis(store.getState()).nodes.get(conv)?.shape).toEqual([16, 26, 26]);
    undo(store);
    expect(store.getState().edges).toHaveLength(0);
    undo(store);
    expect(store.getState().nodes.map((n) => n.kind)).toEqual(['Input']);
    redo(store);
    redo(store);
    redo(store);
    expect(selectAnalysis(store.getState()).nodes.get(conv)?.shape).toEqual([16, 13, 13]);
  });

  it('does not record selection or panel changes as steps', () => {
    const { store, conv } = fresh();
    const before = store.temporal.getState().pastStates.length;
    store.getState().select([conv], []);
    store.getState().setUi({ tab: 'summary', batchSize: 7 });
    expect(store.temporal.getState().pastStates.length).toBe(before);
  });

  it('records a drag as one step when it ends', () => {
    const { store, conv } = fresh();
    const before = store.temporal.getState().pastStates.length;
    for (let y = 100; y <= 200; y += 10)
      store.getState().setUi({ dragging: { [conv]: { x: 5, y } } });
    store.getState().setPositions(new Map([[conv, { x: 5, y: 200 }]]));
    expect(store.temporal.getState().pastStates.length).toBe(before + 1);
    undo(store);
    expect(store.getState().nodes[1]!.position).toEqual({ x: 0, y: 100 });
  });

  it('replaces the input of a one-input layer and numbers the ports of a merge', () => {
    const { store, input, conv } = fresh();
    const s = store.getState();
    const other = s.addNode('Conv2d', { x: 100, y: 100 });
    s.connect(input, other);
    s.connect(other, conv);
    expect(
      store
        .getState()
        .edges.filter((e) => e.target === conv)
        .map((e) => e.source),
    ).toEqual([other]);
    const cat = s.addNode('Concat', { x: 0, y: 200 });
    s.connect(conv, cat);
    s.connect(other, cat);
    expect(
      store
        .getState()
        .edges.filter((e) => e.target === cat)
        .map((e) => e.targetPort),
    ).toEqual([0, 1]);
    s.connect(cat, input);
    s.connect(cat, cat);
    expect(store.getState().edges.some((e) => e.target === input || e.source === e.target)).toBe(
      false,
    );
  });

  it('removes a node together with its edges and selection', () => {
    const { store, conv } = fresh();
    store.getState().select([conv], []);
    store.getState().remove([conv], []);
    const s = store.getState();
    expect(s.nodes).toHaveLength(1);
    expect(s.edges).toHaveLength(0);
    expect(s.selectedNodes).toEqual([]);
  });
});

describe('copy and paste', () => {
  it('pastes a copy under fresh ids with its inner edges, and selects it', () => {
    const { store, input, conv } = fresh();
    const s = store.getState();
    s.select([input, conv], []);
    const ids = s.insert(copySelection(store.getState()), { x: 40, y: 40 });
    const after = store.getState();
    expect(after.nodes).toHaveLength(4);
    expect(new Set(after.nodes.map((n) => n.id)).size).toBe(4);
    expect(after.selectedNodes).toEqual(ids);
    const pasted = after.edges.filter((e) => ids.includes(e.target));
    expect(pasted).toHaveLength(1);
    expect(ids).toContain(pasted[0]!.source);
    expect(after.nodes.find((n) => n.id === ids[1])!.position).toEqual({ x: 40, y: 140 });
    undo(store);
    expect(store.getState().nodes).toHaveLength(2);
  });

  it('leaves edges to nodes outside the copy behind', () => {
    const { store, conv } = fresh();
    store.getState().select([conv], []);
    const fragment = copySelection(store.getState());
    expect(fragment.edges).toHaveLength(0);
    const [id] = store.getState().insert(fragment, { x: 0, y: 0 });
    expect(store.getState().edges.some((e) => e.target === id)).toBe(false);
  });

  it('gives pasted layers their own parameter objects', () => {
    const { store, conv } = fresh();
    store.getState().select([conv], []);
    const [id] = store.getState().insert(copySelection(store.getState()), { x: 0, y: 0 });
    const nodes = store.getState().nodes;
    expect(nodes.find((n) => n.id === id)!.params).not.toBe(
      nodes.find((n) => n.id === conv)!.params,
    );
  });
});

describe('document state', () => {
  it('marks changes unsaved until saved, and a whole-graph load as one step', () => {
    const store = createEditorStore();
    expect(isDirty(store.getState())).toBe(false);
    store.getState().replaceGraph(template('resnet18')!);
    expect(isDirty(store.getState())).toBe(true);
    store.getState().markSaved({ name: 'resnet.json' });
    expect(isDirty(store.getState())).toBe(false);
    expect(selectAnalysis(store.getState()).totals.paramCount).toBe(
      analyze(template('resnet18')!).totals.paramCount,
    );
    undo(store);
    expect(store.getState().nodes).toHaveLength(0);
  });
});
