import { describe, expect, it } from 'vitest';
import { encode } from '../../runtime-gpu/safetensors.js';
import { createEditorStore } from '../store/store.js';
import { openWeightsBeside, saveWeightsBeside } from './weightsBeside.js';

const weights = encode([
  { name: 'fc.weight', dtype: 'F32', shape: [2, 3], data: new Float32Array(6).fill(0.5) },
  { name: 'fc.bias', dtype: 'F32', shape: [2], data: new Float32Array(2) },
]);

/** A bridge that keeps what main would write beside each graph. */
function fakeDisk(files: Map<string, Uint8Array> = new Map()) {
  return {
    files,
    readWeights: async (path: string) => files.get(path) ?? null,
    writeWeights: async (path: string, bytes: Uint8Array) => void files.set(path, bytes),
  };
}

describe('weights beside a graph on the desktop', () => {
  it('come back as the checkpoint when the graph is opened, with their shapes', async () => {
    const store = createEditorStore();
    await openWeightsBeside(fakeDisk(new Map([['/n.cnn.json', weights]])), '/n.cnn.json', store);
    const checkpoint = store.getState().training.checkpoint!;
    expect(checkpoint.shapes).toEqual({ 'fc.weight': [2, 3], 'fc.bias': [2] });
    expect(new Uint8Array(checkpoint.bytes)).toEqual(weights);
  });

  it('are written by Save when there is a checkpoint, and only then', async () => {
    const store = createEditorStore();
    const disk = fakeDisk();
    await saveWeightsBeside(disk, '/n.cnn.json', store);
    expect(disk.files.size).toBe(0);
    await openWeightsBeside(fakeDisk(new Map([['/a.json', weights]])), '/a.json', store);
    await saveWeightsBeside(disk, '/n.cnn.json', store);
    expect(disk.files.get('/n.cnn.json')).toEqual(weights);
  });

  it('say so when the file beside is not safetensors, and leave the checkpoint alone', async () => {
    const store = createEditorStore();
    const junk = new TextEncoder().encode('not weights');
    await openWeightsBeside(fakeDisk(new Map([['/n.json', junk]])), '/n.json', store);
    expect(store.getState().training.checkpoint).toBeNull();
    expect(store.getState().training.error).toMatchObject({
      kind: 'weights',
      message: expect.stringMatching(/^The weights beside this graph cannot be read: /),
    });
  });
});
