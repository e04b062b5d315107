import { ReactFlowProvider } from '@xyflow/react';
import { useEffect } from 'react';
import { useClipboardEvents } from './clipboard.js';
import { useDesktopBridge } from './desktop.js';
import { BlockView } from './dialogs/BlockView.js';
import { FileErrorsDialog } from './dialogs/FileErrorsDialog.js';
import { useFileDrop } from './files/fileDrop.js';
import { GroupDialog } from './dialogs/GroupDialog.js';
import { ShortcutsDialog } from './dialogs/ShortcutsDialog.js';
import { LearnView } from './learn/LearnView.js';
import { useRoute } from './learn/route.js';
import { commandFor } from './shortcuts.js';
import { editorStore, isDirty, useEditor } from './store/store.js';
import { StatusBar } from './StatusBar.js';
import { Toolbar } from './Toolbar.js';
import { useCommands, type CommandTable } from './useCommands.js';
import { Workspace } from './Workspace.js';

/** Keeps the window title and close warning in step with the document. */
function useDocumentEffects() {
  const dirty = useEditor(isDirty);
  const name = useEditor((s) => s.meta.name);
  useEffect(() => {
    document.title = `${dirty ? '● ' : ''}${name} — CNN Studio`;
  }, [dirty, name]);
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (isDirty(editorStore.getState())) e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, []);
}

function useShortcuts(commands: CommandTable) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (document.querySelector('dialog[open]')) return;
      const command = commandFor(e);
      if (!command) return;
      // Also keeps the desktop menu from running the same accelerator a second time.
      e.preventDefault();
      commands[command]();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [commands]);
}

function Editor() {
  const commands = useCommands();
  useDocumentEffects();
  useShortcuts(commands);
  useClipboardEvents();
  useDesktopBridge(commands);
  useFileDrop();
  const fileErrors = useEditor((s) => s.fileErrors);
  const expandedBlock = useEditor((s) => s.expandedBlock);
  const shortcutsOpen = useEditor((s) => s.shortcutsOpen);
  const groupOpen = useEditor((s) => s.groupOpen);
  const busy = useEditor((s) => s.busy);
  return (
    <div className="app">
      <Toolbar commands={commands} />
      <Workspace />
      <StatusBar />
      {fileErrors && <FileErrorsDialog file={fileErrors.file} errors={fileErrors.errors} />}
      {expandedBlock && <BlockView id={expandedBlock} />}
      {shortcutsOpen && <ShortcutsDialog />}
      {groupOpen && <GroupDialog />}
      {busy && (
        <div className="busy" role="status">
          {busy}
        </div>
      )}
    </div>
  );
}

/** The editor, or the Learn area when the address is `#/learn/…`; both in the chosen theme. */
export function App() {
  const route = useRoute();
  const theme = useEditor((s) => s.theme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  if (route.view === 'learn') return <LearnView slug={route.slug} query={route.query} />;
  return (
    <ReactFlowProvider>
      <Editor />
    </ReactFlowProvider>
  );
}
