import { describe, expect, it } from 'vitest';
import { serializeGraph, template } from '../../graph/index.js';
import { createEditorStore } from '../store/store.js';
import { loadFile, loadTemplate } from './documentActions.js';

/** A store holding the weights and results of an earlier network. */
function trained() {
  const store = createEditorStore();
  store.getState().setTraining({
    checkpoint: { bytes: new ArrayBuffer(8), shapes: { 'conv1.weight': [6, 1, 5, 5] }, run: null },
    evaluationOf: 'LeNet #1',
  });
  return store;
}

describe('opening another network', () => {
  it('starts a template laid out in columns, without the last checkpoint or its results', async () => {
    const store = trained();
    await loadTemplate('resnet18', store);
    const s = store.getState();
    expect(s.training.checkpoint).toBeNull();
    expect(s.training.evaluationOf).toBeNull();
    expect(s.nodes.map((n) => n.id)).toEqual(template('resnet18')!.nodes.map((n) => n.id));
    expect(new Set(s.nodes.map((n) => n.position.x)).size).toBeGreaterThan(1);
  });

  it('opens a file without the last checkpoint', () => {
    const store = trained();
    (globalThis as { window?: object }).window ??= {};
    const text = serializeGraph(template('lenet')!);
    expect(loadFile({ name: 'lenet.json', text, recovered: false }, false, store)).toBe(true);
    expect(store.getState().training.checkpoint).toBeNull();
  });
});
