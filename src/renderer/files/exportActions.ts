import { exportPytorch } from '../../export/index.js';
import { graphOf } from '../store/graphSlice.js';
import { editorStore, type EditorStore } from '../store/store.js';
import { fileName } from './documentActions.js';
import { exportFile } from './fileAccess.js';

/** File › Export PyTorch: the model and its training script, with the panel's settings. */
export async function exportPytorchFile(store: EditorStore = editorStore) {
  const s = store.getState();
  const name = fileName(s.meta.name, 'py');
  try {
    const text = exportPytorch(graphOf(s), { fileName: name, training: s.training.form });
    await exportFile(text, name, 'pytorch');
  } catch (e) {
    // Problems in the graph and names PyTorch refuses: the user must see them to fix them.
    window.alert(`Export PyTorch failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
