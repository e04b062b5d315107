import { describe, expect, it } from 'vitest';
import { analyze, template } from '../../graph/index.js';
import { createEditorStore } from '../store/store.js';
import { selectUnfitNodes, weightMismatches } from './weightsFit.js';

describe('weights that no longer fit the graph', () => {
  it('names the nodes whose weights changed shape or are new', () => {
    const g = template('lenet')!;
    const shapes: Record<string, number[]> = {};
    for (const op of analyze(g).ops) {
      for (const w of op.weights) shapes[`${op.name}.${w.name}`] = w.shape;
    }
    expect(weightMismatches(analyze(g), shapes)).toEqual([]);
    g.nodes.find((n) => n.id === 'fc2')!.params.out_features = 50;
    const m = weightMismatches(analyze(g), shapes);
    expect(new Set(m.map((x) => x.nodeId))).toEqual(new Set(['fc2', 'fc3']));
    expect(m.find((x) => x.key === 'fc2.weight')).toEqual({
      nodeId: 'fc2',
      key: 'fc2.weight',
      had: [84, 120],
      needs: [50, 120],
    });
  });
});

describe('marking unfit nodes on the canvas', () => {
  it('marks the nodes an edit made unfit, and none before', () => {
    const store = createEditorStore();
    const s = store.getState();
    s.replaceGraph(template('lenet')!);
    const shapes: Record<string, number[]> = {};
    for (const op of analyze(template('lenet')!).ops) {
      for (const w of op.weights) shapes[`${op.name}.${w.name}`] = w.shape;
    }
    expect(selectUnfitNodes(store.getState()).size).toBe(0);
    s.setTraining({ checkpoint: { bytes: new ArrayBuffer(0), shapes, run: null } });
    expect(selectUnfitNodes(store.getState()).size).toBe(0);
    const fc2 = store.getState().nodes.find((n) => n.id === 'fc2')!;
    s.setParams('fc2', { ...fc2.params, out_features: 50 });
    const marked = selectUnfitNodes(store.getState());
    expect([...marked].sort()).toEqual(['fc2', 'fc3']);
    // The same Set while nothing changes, so canvas nodes do not re-render.
    expect(selectUnfitNodes(store.getState())).toBe(marked);
  });
});
