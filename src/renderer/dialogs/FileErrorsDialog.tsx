import type { FileError } from '../../graph/index.js';
import { useEditor } from '../store/store.js';
import { Dialog } from './Dialog.js';

/** Every error of a file that could not be opened; the open graph was left as it was. */
export function FileErrorsDialog({ file, errors }: { file: string; errors: FileError[] }) {
  const setUi = useEditor((s) => s.setUi);
  return (
    <Dialog
      title={`Could not open ${file}`}
      onClose={() => setUi({ fileErrors: null })}
      testId="file-errors"
    >
      <p>
        The file has {errors.length === 1 ? 'one problem' : `${errors.length} problems`}; nothing on
        the canvas was changed.
      </p>
      <ul className="file-errors">
        {errors.map((e, i) => (
          <li key={i}>
            <code>{e.path}</code> {e.message}
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
