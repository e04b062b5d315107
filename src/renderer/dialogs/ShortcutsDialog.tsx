import { shortcuts } from '../shortcuts.js';
import { useEditor } from '../store/store.js';
import { Dialog } from './Dialog.js';

export function ShortcutsDialog() {
  const setUi = useEditor((s) => s.setUi);
  return (
    <Dialog title="Keyboard shortcuts" onClose={() => setUi({ shortcutsOpen: false })}>
      <table className="shortcuts">
        <tbody>
          {shortcuts.map((s) => (
            <tr key={s.keys}>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{s.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
