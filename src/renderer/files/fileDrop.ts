import { useEffect } from 'react';
import { editorStore } from '../store/store.js';
import { confirmDiscard, loadFile } from './documentActions.js';
import { desktop, reporting } from './fileAccess.js';
import { loadModel } from './importModel.js';

const carriesFiles = (e: DragEvent): boolean => e.dataTransfer?.types.includes('Files') ?? false;

/**
 * In a web page, a file dropped on the window opens: an ONNX model is imported, a graph file
 * loaded (as File › Import JSON does). The desktop app takes drops in its preload instead.
 */
export function useFileDrop() {
  useEffect(() => {
    if (desktop()) return;
    const over = (e: DragEvent) => {
      if (carriesFiles(e)) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      const file = carriesFiles(e) ? e.dataTransfer?.files[0] : undefined;
      if (!file) return;
      // Never let the browser navigate away to the file.
      e.preventDefault();
      if (!confirmDiscard()) return;
      void reporting(`Open ${file.name}`, async () => {
        if (/\.onnx$/i.test(file.name)) {
          await loadModel({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
        } else if (/\.json$/i.test(file.name)) {
          loadFile({ name: file.name, text: await file.text(), recovered: false }, false);
        } else {
          const errors = [
            {
              path: '(file)',
              message: 'CNN Studio opens graph files (.json) and imports ONNX models (.onnx)',
            },
          ];
          editorStore.getState().setUi({ fileErrors: { file: file.name, errors } });
        }
      });
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, []);
}
