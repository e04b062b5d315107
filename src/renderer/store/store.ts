import { temporal } from 'zundo';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { createTrainingSlice } from '../training/trainingSlice.js';
import { createGraphSlice } from './graphSlice.js';
import type { EditorState } from './types.js';
import { createUiSlice } from './uiSlice.js';

type History = Pick<EditorState, 'nodes' | 'edges' | 'blocks' | 'collapsed'>;

/** One store made of slices; undo history covers the graph's nodes, edges, blocks and stages. */
export function createEditorStore() {
  const store = createStore<EditorState>()(
    temporal(
      (set, get) => ({
        ...createGraphSlice(set, get),
        ...createUiSlice(set, get),
        ...createTrainingSlice(set, get),
      }),
      {
        partialize: (s): History => ({
          nodes: s.nodes,
          edges: s.edges,
          blocks: s.blocks,
          collapsed: s.collapsed,
        }),
        // Selection, drag and panel changes also go through set(); they are not steps.
        equality: (a, b) =>
          a.nodes === b.nodes &&
          a.edges === b.edges &&
          a.blocks === b.blocks &&
          a.collapsed === b.collapsed,
        limit: 500,
      },
    ),
  );
  store.getState().markSaved({ name: 'Untitled' });
  return store;
}

export type EditorStore = ReturnType<typeof createEditorStore>;

export const editorStore = createEditorStore();

export function useEditor<T>(selector: (s: EditorState) => T): T {
  return useStore(editorStore, selector);
}

export const undo = (store: EditorStore = editorStore) => store.temporal.getState().undo();
export const redo = (store: EditorStore = editorStore) => store.temporal.getState().redo();

export const isDirty = (s: EditorState): boolean =>
  s.nodes !== s.saved.nodes ||
  s.edges !== s.saved.edges ||
  s.blocks !== s.saved.blocks ||
  s.collapsed !== s.saved.collapsed;
