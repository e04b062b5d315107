import { copySelection } from './store/graphSlice.js';
import { editorStore, redo, undo } from './store/store.js';

/** Editing commands shared by the menus and the keyboard. */

export const pasteOffset = { x: 40, y: 40 };

export function copy() {
  const s = editorStore.getState();
  if (s.selectedNodes.length > 0) s.setUi({ clipboard: copySelection(s) });
}

export function paste() {
  const s = editorStore.getState();
  if (!s.clipboard) return;
  s.insert(s.clipboard, pasteOffset);
  // Pasting again puts the next copy beside this one rather than on top of it.
  s.setUi({ clipboard: copySelection(editorStore.getState()) });
}

export function duplicate() {
  const s = editorStore.getState();
  if (s.selectedNodes.length > 0) s.insert(copySelection(s), pasteOffset);
}

export function deleteSelection() {
  const s = editorStore.getState();
  s.remove(s.selectedNodes, s.selectedEdges);
}

export function selectAll() {
  const s = editorStore.getState();
  s.select(
    s.nodes.map((n) => n.id),
    s.edges.map((e) => e.id),
  );
}

export { redo, undo };
