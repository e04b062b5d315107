import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import { Canvas } from './canvas/Canvas.js';
import * as edit from './commands.js';
import { BlockView } from './dialogs/BlockView.js';
import { FileErrorsDialog } from './dialogs/FileErrorsDialog.js';
import { ShortcutsDialog } from './dialogs/ShortcutsDialog.js';
import { layoutGraph, openGraph, saveGraph } from './files/documentActions.js';
import { Palette } from './panels/Palette.js';
import { RightPanel } from './RightPanel.js';
import { commandFor, type Command } from './shortcuts.js';
import { editorStore, isDirty, useEditor } from './store/store.js';
import { Toolbar } from './Toolbar.js';

/** Keeps the window title, theme and close warning in step with the document. */
function useDocumentEffects() {
  const dirty = useEditor(isDirty);
  const name = useEditor((s) => s.meta.name);
  const theme = useEditor((s) => s.theme);
  useEffect(() => {
    document.title = `${dirty ? '● ' : ''}${name} — CNN Studio`;
  }, [dirty, name]);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (isDirty(editorStore.getState())) e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, []);
}

function useShortcuts() {
  const { fitView } = useReactFlow();
  useEffect(() => {
    const run: Record<Command, () => void> = {
      undo: () => edit.undo(),
      redo: () => edit.redo(),
      copy: edit.copy,
      paste: edit.paste,
      duplicate: edit.duplicate,
      selectAll: edit.selectAll,
      open: () => void openGraph(),
      save: () => void saveGraph(false),
      saveAs: () => void saveGraph(true),
      fit: () => void fitView({ duration: 300, padding: 0.1 }),
      layout: () => void layoutGraph(),
      help: () => editorStore.getState().setUi({ shortcutsOpen: true }),
    };
    const onKey = (e: KeyboardEvent) => {
      if (document.querySelector('dialog[open]')) return;
      const command = commandFor(e);
      if (!command) return;
      e.preventDefault();
      run[command]();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [fitView]);
}

function Editor() {
  useDocumentEffects();
  useShortcuts();
  const fileErrors = useEditor((s) => s.fileErrors);
  const expandedBlock = useEditor((s) => s.expandedBlock);
  const shortcutsOpen = useEditor((s) => s.shortcutsOpen);
  return (
    <div className="app">
      <Toolbar />
      <div className="workspace">
        <Palette />
        <Canvas />
        <RightPanel />
      </div>
      {fileErrors && <FileErrorsDialog file={fileErrors.file} errors={fileErrors.errors} />}
      {expandedBlock && <BlockView id={expandedBlock} />}
      {shortcutsOpen && <ShortcutsDialog />}
    </div>
  );
}

export function App() {
  return (
    <ReactFlowProvider>
      <Editor />
    </ReactFlowProvider>
  );
}
