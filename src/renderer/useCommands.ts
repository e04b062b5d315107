import { useReactFlow } from '@xyflow/react';
import { useMemo } from 'react';
import { useShowGraph } from './canvas/viewport.js';
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
import { exportOnnxFile, exportPytorchFile } from './files/exportActions.js';
import { importModel } from './files/importModel.js';
import type { Command } from './shortcuts.js';
import { editorStore } from './store/store.js';

export type CommandTable = Record<Command, () => void> & {
  template(name: string): void;
};

/** Every command the menus, the keyboard and the desktop menu can run, in one table. */
export function useCommands(): CommandTable {
  const flow = useReactFlow();
  const show = useShowGraph();
  return useMemo(() => {
    // After a new graph arrives, wait a frame so React Flow has its nodes before moving the view.
    const thenShow = (p: Promise<unknown>) => void p.then(() => requestAnimationFrame(show));
    const setUi = editorStore.getState().setUi;
    return {
      undo: () => edit.undo(),
      redo: () => edit.redo(),
      copy: edit.copy,
      paste: edit.paste,
      duplicate: edit.duplicate,
      delete: edit.deleteSelection,
      selectAll: edit.selectAll,
      group: () => setUi({ groupOpen: true }),
      new: () => newGraph(),
      open: () => thenShow(openGraph()),
      import: () => thenShow(importGraph()),
      importOnnx: () => thenShow(importModel()),
      save: () => void saveGraph(false),
      saveAs: () => void saveGraph(true),
      exportJson: () => void exportGraph(),
      exportPytorch: () => void exportPytorchFile(),
      exportOnnx: () => void exportOnnxFile(),
      fit: show,
      zoomIn: () => void flow.zoomIn({ duration: 150 }),
      zoomOut: () => void flow.zoomOut({ duration: 150 }),
      zoomReset: () => void flow.zoomTo(1, { duration: 150 }),
      layout: () => thenShow(layoutGraph()),
      layoutDown: () => {
        setUi({ direction: 'DOWN' });
        thenShow(layoutGraph());
      },
      layoutRight: () => {
        setUi({ direction: 'RIGHT' });
        thenShow(layoutGraph());
      },
      collapseStages: () => {
        editorStore.getState().setAllStagesCollapsed(true);
        requestAnimationFrame(show);
      },
      expandStages: () => {
        editorStore.getState().setAllStagesCollapsed(false);
        requestAnimationFrame(show);
      },
      quickAdd: () => {
        const canvas = document.querySelector('.canvas')?.getBoundingClientRect();
        if (!canvas) return;
        const screen = { x: canvas.left + canvas.width / 2, y: canvas.top + canvas.height / 3 };
        setUi({ quickAdd: { screen, flow: flow.screenToFlowPosition(screen), from: null } });
      },
      togglePalette: () => {
        const { panels, setPanels } = editorStore.getState();
        setPanels({ paletteOpen: !panels.paletteOpen });
      },
      toggleSide: () => {
        const { panels, setPanels } = editorStore.getState();
        setPanels({ sideOpen: !panels.sideOpen });
      },
      toggleMinimap: () => {
        const { panels, setPanels } = editorStore.getState();
        setPanels({ minimap: !panels.minimap });
      },
      toggleTheme: () =>
        setUi({ theme: editorStore.getState().theme === 'light' ? 'dark' : 'light' }),
      help: () => setUi({ shortcutsOpen: true }),
      template: (name: string) => thenShow(loadTemplate(name)),
    };
  }, [flow, show]);
}
