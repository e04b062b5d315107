import { useReactFlow } from '@xyflow/react';
import { useStore } from 'zustand';

import * as edit from './commands.js';
import {
  exportGraph,
  importGraph,
  layoutGraph,
  loadTemplate,
  newGraph,
  openGraph,
  saveGraph,
} from './files/documentActions.js';
import { useShowGraph } from './canvas/viewport.js';
import { Menu } from './Menu.js';
import { editorStore, isDirty, useEditor } from './store/store.js';
import type { LayoutDirection } from './store/uiSlice.js';

const templateTitles: Record<string, string> = {
  lenet: 'LeNet',
  alexnet: 'AlexNet',
  vgg11: 'VGG-11',
  nin: 'NiN',
  googlenet: 'GoogLeNet',
  resnet18: 'ResNet-18',
  densenet: 'DenseNet',
};

export function Toolbar() {
  const { fitView } = useReactFlow();
  const dirty = useEditor(isDirty);
  const documentName = useEditor((s) => s.document.name);
  const graphName = useEditor((s) => s.meta.name);
  const theme = useEditor((s) => s.theme);
  const setUi = useEditor((s) => s.setUi);
  const canUndo = useStore(editorStore.temporal, (t) => t.pastStates.length > 0);
  const canRedo = useStore(editorStore.temporal, (t) => t.futureStates.length > 0);
  const fit = () => void fitView({ duration: 300, padding: 0.1 });
  const show = useShowGraph();
  const layout = async (dir: LayoutDirection) => {
    setUi({ direction: dir });
    await layoutGraph();
    // Let React Flow see the new positions before showing them.
    requestAnimationFrame(show);
  };

  return (
    <header className="toolbar">
      <div className="brand">CNN Studio</div>
      <Menu
        label="File"
        items={[
          { label: 'New', run: () => newGraph() },
          {
            label: 'Open…',
            shortcut: 'Ctrl+O',
            run: () => void openGraph().then(() => requestAnimationFrame(show)),
          },
          { label: 'Save', shortcut: 'Ctrl+S', run: () => void saveGraph(false) },
          { label: 'Save As…', shortcut: 'Ctrl+Shift+S', run: () => void saveGraph(true) },
          'separator',
          {
            label: 'Import JSON…',
            run: () => void importGraph().then(() => requestAnimationFrame(show)),
          },
          { label: 'Export JSON', run: () => void exportGraph() },
        ]}
      />
      <Menu
        label="Edit"
        items={[
          { label: 'Undo', shortcut: 'Ctrl+Z', run: () => edit.undo(), disabled: !canUndo },
          { label: 'Redo', shortcut: 'Ctrl+Shift+Z', run: () => edit.redo(), disabled: !canRedo },
          'separator',
          { label: 'Copy', shortcut: 'Ctrl+C', run: edit.copy },
          { label: 'Paste', shortcut: 'Ctrl+V', run: edit.paste },
          { label: 'Duplicate', shortcut: 'Ctrl+D', run: edit.duplicate },
          { label: 'Delete', shortcut: 'Del', run: edit.deleteSelection },
          { label: 'Select all', shortcut: 'Ctrl+A', run: edit.selectAll },
        ]}
      />
      <Menu
        label="Templates"
        items={Object.entries(templateTitles).map(([name, title]) => ({
          label: title,
          run: () => void loadTemplate(name).then(() => requestAnimationFrame(show)),
        }))}
      />
      <Menu
        label="Layout"
        items={[
          { label: 'Auto layout, top to bottom', run: () => void layout('DOWN') },
          { label: 'Auto layout, left to right', run: () => void layout('RIGHT') },
          'separator',
          { label: 'Zoom to fit', shortcut: 'F', run: fit },
        ]}
      />
      <div className="toolbar-buttons">
        <button
          className="icon-button"
          title="Undo (Ctrl+Z)"
          disabled={!canUndo}
          onClick={() => edit.undo()}
        >
          ↶
        </button>
        <button
          className="icon-button"
          title="Redo (Ctrl+Shift+Z)"
          disabled={!canRedo}
          onClick={() => edit.redo()}
        >
          ↷
        </button>
      </div>
      <div className="document-title" data-testid="document-title">
        {dirty && (
          <span className="dirty-mark" title="Unsaved changes">
            ●
          </span>
        )}
        <span>{graphName}</span>
        {documentName !== 'Untitled' && <span className="document-file">{documentName}</span>}
      </div>
      <button
        className="icon-button"
        title={theme === 'light' ? 'Dark theme' : 'Light theme'}
        aria-label="Toggle theme"
        onClick={() => setUi({ theme: theme === 'light' ? 'dark' : 'light' })}
      >
        {theme === 'light' ? '☾' : '☀'}
      </button>
      <button
        className="icon-button"
        title="Keyboard shortcuts (?)"
        aria-label="Keyboard shortcuts"
        onClick={() => setUi({ shortcutsOpen: true })}
      >
        ?
      </button>
    </header>
  );
}
