import { useStore } from 'zustand';
import { template, templateNames, variantNames } from '../graph/index.js';
import { Menu, type MenuItem } from './Menu.js';
import { editorStore, isDirty, useEditor } from './store/store.js';
import type { CommandTable } from './useCommands.js';

/** The chapter's networks, then (after a separator) d2l.ai's forms of some of them. */
function templateItems(run: CommandTable): (MenuItem | 'separator')[] {
  const item = (name: string): MenuItem => ({
    label: template(name)!.meta.name,
    run: () => run.template(name),
  });
  const chapter = templateNames.filter((n) => !variantNames.includes(n));
  return [...chapter.map(item), 'separator', ...variantNames.map(item)];
}

export function Toolbar({ commands: run }: { commands: CommandTable }) {
  const dirty = useEditor(isDirty);
  const documentName = useEditor((s) => s.document.name);
  const graphName = useEditor((s) => s.meta.name);
  const theme = useEditor((s) => s.theme);
  const { paletteOpen, sideOpen, minimap } = useEditor((s) => s.panels);
  const canUndo = useStore(editorStore.temporal, (t) => t.pastStates.length > 0);
  const canRedo = useStore(editorStore.temporal, (t) => t.futureStates.length > 0);

  return (
    <header className="toolbar">
      <div className="brand">CNN Studio</div>
      <Menu
        label="File"
        items={[
          { label: 'New', run: run.new },
          { label: 'Open…', shortcut: 'Ctrl+O', run: run.open },
          { label: 'Save', shortcut: 'Ctrl+S', run: run.save },
          { label: 'Save As…', shortcut: 'Ctrl+Shift+S', run: run.saveAs },
          'separator',
          { label: 'Import JSON…', run: run.import },
          { label: 'Import ONNX…', run: run.importOnnx },
          { label: 'Export JSON', run: run.exportJson },
          { label: 'Export PyTorch…', run: run.exportPytorch },
          { label: 'Export ONNX…', run: run.exportOnnx },
        ]}
      />
      <Menu
        label="Edit"
        items={[
          { label: 'Undo', shortcut: 'Ctrl+Z', run: run.undo, disabled: !canUndo },
          { label: 'Redo', shortcut: 'Ctrl+Shift+Z', run: run.redo, disabled: !canRedo },
          'separator',
          { label: 'Copy', shortcut: 'Ctrl+C', run: run.copy },
          { label: 'Paste', shortcut: 'Ctrl+V', run: run.paste },
          { label: 'Duplicate', shortcut: 'Ctrl+D', run: run.duplicate },
          { label: 'Delete', shortcut: 'Del', run: run.delete },
          { label: 'Select all', shortcut: 'Ctrl+A', run: run.selectAll },
          'separator',
          { label: 'Group into block…', shortcut: 'Ctrl+G', run: run.group },
        ]}
      />
      <Menu label="Templates" items={templateItems(run)} />
      <Menu
        label="View"
        items={[
          { label: 'Auto layout: columns, top to bottom', shortcut: 'L', run: run.layoutDown },
          { label: 'Auto layout: rows, left to right', run: run.layoutRight },
          { label: 'Zoom to fit', shortcut: 'F', run: run.fit },
          'separator',
          { label: 'Collapse all stages', shortcut: 'C', run: run.collapseStages },
          { label: 'Expand all stages', shortcut: 'E', run: run.expandStages },
          'separator',
          {
            label: 'Layers panel',
            shortcut: 'Ctrl+B',
            run: run.togglePalette,
            checked: paletteOpen,
          },
          { label: 'Side panel', shortcut: 'Ctrl+Shift+B', run: run.toggleSide, checked: sideOpen },
          { label: 'Minimap', shortcut: 'M', run: run.toggleMinimap, checked: minimap },
        ]}
      />
      <a className="menu-button" href="#/learn" data-testid="open-learn">
        Learn
      </a>
      <div className="toolbar-buttons">
        <button
          className="icon-button"
          title="Undo (Ctrl+Z)"
          disabled={!canUndo}
          onClick={run.undo}
        >
          ↶
        </button>
        <button
          className="icon-button"
          title="Redo (Ctrl+Shift+Z)"
          disabled={!canRedo}
          onClick={run.redo}
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
        onClick={run.toggleTheme}
      >
        {theme === 'light' ? '☾' : '☀'}
      </button>
      <button
        className="icon-button"
        title="Keyboard shortcuts (?)"
        aria-label="Keyboard shortcuts"
        onClick={run.help}
      >
        ?
      </button>
    </header>
  );
}
