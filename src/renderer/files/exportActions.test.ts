import { describe, expect, it } from 'vitest';
import { analyze, template, type Analysis, type Graph } from '../../graph/index.js';
import { encode, type Tensor } from '../../runtime-gpu/safetensors.js';
import type { Checkpoint } from '../training/trainingSlice.js';
import { createEditorStore } from '../store/store.js';
import { newRun } from '../training/run.js';
import { settingsOf } from '../training/trainingSlice.js';
import { onnxWeights, settingsNotes } from './exportActions.js';

const lenet = (): Graph => template('lenet')!;

/** A checkpoint holding every weight of `analysis`, each filled with its index in the file. */
function checkpointOf(analysis: Analysis, extra: Tensor[] = []): Checkpoint {
  const tensors: Tensor[] = analysis.ops.flatMap((op) =>
    op.weights.map((w, i) => ({
      name: `${op.name}.${w.name}`,
      dtype: 'F32' as const,
      shape: [...w.shape],
      data: new Float32Array(w.shape.reduce((a, b) => a * b, 1)).fill(i + 1),
    })),
  );
  const all = [...tensors, ...extra];
  const bytes = encode(all);
  return {
    bytes: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    shapes: Object.fromEntries(all.map((t) => [t.name, t.shape])),
    run: null,
  };
}

describe('the weights File › Export ONNX embeds', () => {
  it('are every weight of the graph, leaving out those of deleted layers', () => {
    const analysis = analyze(lenet());
    const stray: Tensor = {
      name: 'gone.weight',
      dtype: 'F32',
      shape: [2],
      data: new Float32Array(2),
    };
    const found = onnxWeights(checkpointOf(analysis, [stray]), analysis);
    if (!('weights' in found)) throw new Error('expected weights');
    const keys = analysis.ops.flatMap((op) => op.weights.map((w) => `${op.name}.${w.name}`));
    expect([...found.weights.keys()].sort()).toEqual(keys.sort());
    expect(found.weights.get('conv1.bias')!.data).toEqual(new Float32Array(6).fill(2));
  });

  it('are refused, naming the weights, once an edit changed a layer', () => {
    const before = analyze(lenet());
    const edited = lenet();
    const conv = edited.nodes.find((n) => n.id === 'conv1')!;
    conv.params = { ...conv.params, out_channels: 8 };
    const found = onnxWeights(checkpointOf(before), analyze(edited));
    if (!('unfit' in found)) throw new Error('expected unfit weights');
    expect(found.unfit.map((m) => m.key)).toEqual(['conv1.weight', 'conv1.bias', 'conv2.weight']);
  });
});

describe('the notes File › Export PyTorch writes about the panel’s settings', () => {
  it('says when a run with these settings diverged here, and when the learning rate is unusual', () => {
    const store = createEditorStore();
    const s = store.getState();
    expect(settingsNotes(s.training)).toEqual([]);
    s.setTraining({ form: { ...s.training.form, lr: 1000 } });
    const form = store.getState().training.form;
    s.updateRuns(() => [newRun('r1', 'k', 'LeNet #1', settingsOf(form))]);
    s.setTraining({ error: { kind: 'diverged', message: 'The loss diverged: … try 100.' } });
    expect(settingsNotes(store.getState().training)).toEqual([
      'a run with these settings diverged in CNN Studio. The loss diverged: … try 100.',
      expect.stringMatching(
        /^No recipe trains with SGD above 1 .*at 1000 the loss will likely diverge\.$/,
      ),
    ]);
    // Other settings than the run's: its divergence is not theirs.
    s.setTraining({ form: { ...form, lr: 0.1 } });
    expect(settingsNotes(store.getState().training)).toEqual([]);
  });
});
