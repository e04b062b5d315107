import { ImportError, importOnnx } from '../../import/index.js';
import { encode } from '../../runtime-gpu/safetensors.js';
import { editorStore, type EditorStore } from '../store/store.js';
import { confirmDiscard, loadLaidOut } from './documentActions.js';
import { openModelFile, reporting, type OpenedModel } from './fileAccess.js';

/**
 * Imports an ONNX model: its graph, laid out, replaces the canvas (Save then asks where, as
 * after Import JSON) and its weights become the checkpoint, so training continues from them and
 * Export ONNX writes them back. A model the importer cannot read changes nothing; its every
 * problem is listed. Returns whether it loaded.
 */
export async function loadModel(model: OpenedModel, store: EditorStore = editorStore) {
  const s = store.getState();
  s.setUi({ busy: `Importing ${model.name}…` });
  try {
    // Let the busy note paint before the import holds the thread.
    await new Promise((resolve) => setTimeout(resolve, 0));
    let imported;
    try {
      imported = importOnnx(model.bytes, model.name.replace(/\.onnx$/i, ''));
    } catch (e) {
      if (!(e instanceof ImportError)) throw e;
      const errors = e.problems.map((p) => ({ path: p.where, message: p.message }));
      s.setUi({ fileErrors: { file: model.name, errors } });
      return false;
    }
    const { graph, weights } = imported;
    await loadLaidOut(graph, store);
    s.markSaved({ name: `${model.name.replace(/\.onnx$/i, '')}.cnn.json` });
    s.setUi({ fileErrors: null });
    // encode() makes a buffer of its own: no copy of what can be hundreds of MB.
    const bytes = encode(weights, { format: 'pt' }).buffer as ArrayBuffer;
    const shapes = Object.fromEntries(weights.map((w) => [w.name, [...w.shape]]));
    // Imported weights come from no run of this app: how they were trained is not known.
    s.setTraining({
      checkpoint: { bytes, shapes, run: null },
      evaluation: null,
      evaluationOf: null,
      error: null,
    });
    return true;
  } finally {
    s.setUi({ busy: null });
  }
}

/** File › Import ONNX…: asks for a model, then imports it. */
export async function importModel(store: EditorStore = editorStore) {
  if (!confirmDiscard(store)) return;
  await reporting('Import ONNX', async () => {
    const model = await openModelFile();
    if (model) await loadModel(model, store);
  });
}
