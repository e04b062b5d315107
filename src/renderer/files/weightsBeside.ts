import type { CnnStudioApi } from '../../bridge/api.js';
import { decode } from '../../runtime-gpu/safetensors.js';
import { outcomeOf } from '../../training/outcome.js';
import type { EditorStore } from '../store/store.js';

/**
 * On the desktop a graph's trained weights live beside it (`net.cnn.json` → `net.safetensors`):
 * Save writes them there and Open brings them back as the current checkpoint, so Save weights,
 * continuing a run and ONNX export have them without a trip through the training panel.
 */

export async function saveWeightsBeside(
  bridge: Pick<CnnStudioApi, 'writeWeights'>,
  graphPath: string,
  store: EditorStore,
): Promise<void> {
  const checkpoint = store.getState().training.checkpoint;
  if (checkpoint) await bridge.writeWeights(graphPath, new Uint8Array(checkpoint.bytes));
}

/** Takes the weights beside an opened graph as the checkpoint; a bad file is reported, not fatal. */
export async function openWeightsBeside(
  bridge: Pick<CnnStudioApi, 'readWeights'>,
  graphPath: string,
  store: EditorStore,
): Promise<void> {
  const s = store.getState();
  try {
    const bytes = await bridge.readWeights(graphPath);
    if (!bytes) return;
    const { tensors, metadata } = decode(bytes);
    const shapes = Object.fromEntries([...tensors].map(([key, t]) => [key, [...t.shape]]));
    const copy = bytes.slice().buffer;
    const checkpoint = { bytes: copy, shapes, run: outcomeOf(metadata) };
    s.setTraining({ checkpoint, evaluation: null, evaluationOf: null, error: null });
  } catch (e) {
    const message = `The weights beside this graph cannot be read: ${(e as Error).message}`;
    s.setTraining({ error: { kind: 'weights', message } });
  }
}
