import { useEffect } from 'react';
import type { MenuAction } from '../bridge/api.js';
import { serializeGraph } from '../graph/index.js';
import { confirmDiscard, loadFile } from './files/documentActions.js';
import { baseName, desktop, fromDesktop } from './files/fileAccess.js';
import { loadModel } from './files/importModel.js';
import { isTyping, type Command } from './shortcuts.js';
import { graphOf } from './store/graphSlice.js';
import { editorStore, isDirty } from './store/store.js';
import type { CommandTable } from './useCommands.js';

const menuCommands: Partial<Record<MenuAction, Command>> = {
  'file.new': 'new',
  'file.open': 'open',
  'file.save': 'save',
  'file.saveAs': 'saveAs',
  'file.importOnnx': 'importOnnx',
  'file.exportJson': 'exportJson',
  'file.exportPytorch': 'exportPytorch',
  'file.exportOnnx': 'exportOnnx',
  'edit.undo': 'undo',
  'edit.redo': 'redo',
  'edit.delete': 'delete',
  'edit.selectAll': 'selectAll',
  'edit.group': 'group',
  'view.zoomIn': 'zoomIn',
  'view.zoomOut': 'zoomOut',
  'view.zoomReset': 'zoomReset',
  'view.fit': 'fit',
  'view.toggleTheme': 'toggleTheme',
  'view.collapseStages': 'collapseStages',
  'view.expandStages': 'expandStages',
  'view.togglePalette': 'togglePalette',
  'view.toggleSide': 'toggleSide',
  'view.toggleMinimap': 'toggleMinimap',
  'help.shortcuts': 'help',
};

/** Edit actions from the native menu while a text box has focus apply to the box. */
const textCommands: Partial<Record<MenuAction, string>> = {
  'edit.undo': 'undo',
  'edit.redo': 'redo',
  'edit.delete': 'delete',
  'edit.selectAll': 'selectAll',
};

/** Inside Electron: the native menu, files opened from outside, and the unsaved-work report. */
export function useDesktopBridge(commands: CommandTable) {
  useEffect(() => {
    const bridge = desktop();
    if (!bridge) return;
    const offMenu = bridge.onMenu((action) => {
      const textCommand = textCommands[action];
      if (textCommand && isTyping(document.activeElement)) {
        document.execCommand(textCommand);
        return;
      }
      if (action.startsWith('template.')) {
        commands.template(action.slice('template.'.length));
        return;
      }
      const command = menuCommands[action];
      if (command) commands[command]();
    });
    const offOpen = bridge.onOpenFile((file) => {
      if (confirmDiscard()) loadFile(fromDesktop(file), true);
    });
    const offModel = bridge.onOpenModel((model) => {
      if (confirmDiscard()) void loadModel({ name: baseName(model.path), bytes: model.bytes });
    });

    // Main autosaves and guards closing with what is unsaved; tell it whenever that changes.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const report = () => {
      const s = editorStore.getState();
      const unsaved = isDirty(s)
        ? { text: serializeGraph(graphOf(s)), path: s.document.path ?? null }
        : null;
      void bridge.reportDocument(unsaved);
    };
    const offStore = editorStore.subscribe((s, prev) => {
      if (s.nodes === prev.nodes && s.edges === prev.edges && s.saved === prev.saved) return;
      clearTimeout(timer);
      timer = setTimeout(report, 500);
    });
    return () => {
      offMenu();
      offOpen();
      offModel();
      offStore();
      clearTimeout(timer);
    };
  }, [commands]);
}
