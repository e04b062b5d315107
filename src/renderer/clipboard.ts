import { useEffect } from 'react';
import { parseGraph, serializeGraph } from '../graph/index.js';
import * as edit from './commands.js';
import { isTyping } from './shortcuts.js';
import type { Fragment } from './store/fragment.js';
import { editorStore } from './store/store.js';

/** Copied layers travel as a graph file, so pasting them into a text editor gives a valid file. */
export const fragmentText = (fragment: Fragment): string =>
  serializeGraph({ ...fragment, meta: { name: 'Copied layers' } });

/** Layers from clipboard text, or null when the text is not a graph file. */
export function fragmentFromText(text: string): Fragment | null {
  const result = parseGraph(text);
  if (!result.ok) return null;
  const { nodes, edges, blocks } = result.graph;
  return { nodes, edges, ...(blocks ? { blocks } : {}) };
}

/** Cut, copy and paste of layers through the browser's (and Electron's) clipboard events. */
export function useClipboardEvents() {
  useEffect(() => {
    const onCopy = (e: ClipboardEvent) => {
      if (isTyping(e.target) || !e.clipboardData) return;
      const fragment = edit.copy();
      if (!fragment) return;
      e.clipboardData.setData('text/plain', fragmentText(fragment));
      e.preventDefault();
      if (e.type === 'cut') edit.deleteSelection();
    };
    const onPaste = (e: ClipboardEvent) => {
      if (isTyping(e.target)) return;
      const text = e.clipboardData?.getData('text/plain') ?? '';
      // Text that is not layers was copied elsewhere; only an empty clipboard falls back.
      const fragment = text ? fragmentFromText(text) : editorStore.getState().clipboard;
      if (!fragment) return;
      e.preventDefault();
      edit.pasteFragment(fragment);
    };
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCopy);
    document.addEventListener('paste', onPaste);
    return () => {
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCopy);
      document.removeEventListener('paste', onPaste);
    };
  }, []);
}
