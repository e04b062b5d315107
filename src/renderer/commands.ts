import { freeSpot, type Position } from './layout/geometry.js';
import { shownBoxes } from './layout/makeRoom.js';
import type { Fragment } from './store/fragment.js';
import { copySelection, layerFor } from './store/graphSlice.js';
import { editorStore, redo, undo } from './store/store.js';

/** Editing commands shared by the menus, the keyboard and the clipboard events. */

export const pasteOffset = { x: 40, y: 40 };

/** Keeps the selection for Paste and returns it; null when nothing is selected. */
export function copy(): Fragment | null {
  const s = editorStore.getState();
  if (s.selectedNodes.length === 0) return null;
  const fragment = copySelection(s);
  s.setUi({ clipboard: fragment });
  return fragment;
}

export function pasteFragment(fragment: Fragment) {
  const s = editorStore.getState();
  s.insert(fragment, pasteOffset);
  // Pasting again puts the next copy beside this one rather than on top of it.
  s.setUi({ clipboard: copySelection(editorStore.getState()) });
}

export function paste() {
  const { clipboard } = editorStore.getState();
  if (clipboard) pasteFragment(clipboard);
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

/**
 * Adds a layer the quick way: after the one selected layer, rewired into its place (one undo
 * step); with no single layer selected, at `where` (the canvas's centre) or the first free place
 * below it.
 */
export function addLayer(kind: string, where: Position): string {
  const s = editorStore.getState();
  const [after] = s.selectedNodes;
  if (s.selectedNodes.length === 1 && layerFor(s, kind).arity !== 'none') {
    return s.insertAfter(kind, after!);
  }
  const boxes = shownBoxes(s.nodes, new Set(s.collapsed), s.direction, s.measured);
  return s.addNode(kind, freeSpot(boxes, where));
}

export { redo, undo };
