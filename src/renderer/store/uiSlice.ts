import type { FileError } from '../../graph/index.js';
import type { LayoutDirection } from '../layout/geometry.js';
import type { Position } from '../layout/geometry.js';
import type { Fragment } from './fragment.js';
import type { ConnectionEnd } from './graphSlice.js';
import { browserStorage, loadPanels, savePanels, type Panels } from './panels.js';
import type { SliceCreator } from './types.js';

export type Theme = 'light' | 'dark';
export type PanelTab = 'inspector' | 'summary' | 'problems' | 'training';

/** Where the open document lives: a desktop path, or only a name in the web page. */
export interface DocumentRef {
  name: string;
  path?: string;
}

/**
 * The searchable list of layers opened over the canvas: where (on screen and on the canvas), and
 * what the chosen layer connects to (a handle dragged into empty space; null: the selection).
 */
export interface QuickAdd {
  screen: Position;
  flow: Position;
  from: ConnectionEnd | null;
}

/** Canvas and window state; never part of undo history. */
export interface UiSlice {
  selectedNodes: string[];
  selectedEdges: string[];
  /** Node sizes measured by React Flow, which it needs back on every node it is given. */
  measured: Record<string, { width: number; height: number }>;
  /** Positions of nodes being dragged; committed to the graph as one step when the drag ends. */
  dragging: Record<string, { x: number; y: number }>;
  clipboard: Fragment | null;
  theme: Theme;
  direction: LayoutDirection;
  tab: PanelTab;
  batchSize: number;
  document: DocumentRef;
  /** The graph's parts as last opened or saved; anything else is unsaved. */
  saved: { nodes: unknown; edges: unknown; blocks: unknown; collapsed: unknown };
  fileErrors: { file: string; errors: FileError[] } | null;
  expandedBlock: string | null;
  shortcutsOpen: boolean;
  /** The dialog that groups the selection into a block. */
  groupOpen: boolean;
  quickAdd: QuickAdd | null;
  /** Side panels and minimap, remembered in the browser's storage. */
  panels: Panels;
  setPanels(patch: Partial<Panels>): void;
  /** What the app is busy with (importing a model), shown over the canvas. */
  busy: string | null;
  select(nodes: string[], edges: string[]): void;
  setUi(
    patch: Partial<
      Pick<
        UiSlice,
        | 'measured'
        | 'dragging'
        | 'clipboard'
        | 'theme'
        | 'direction'
        | 'tab'
        | 'batchSize'
        | 'fileErrors'
        | 'expandedBlock'
        | 'shortcutsOpen'
        | 'groupOpen'
        | 'quickAdd'
        | 'busy'
        | 'document'
      >
    >,
  ): void;
  /** Records that the current graph is what `document` now holds on disk. */
  markSaved(document: DocumentRef): void;
}

export const createUiSlice: SliceCreator<UiSlice> = (set, get) => ({
  selectedNodes: [],
  selectedEdges: [],
  measured: {},
  dragging: {},
  clipboard: null,
  theme: 'light',
  direction: 'DOWN',
  tab: 'inspector',
  batchSize: 128,
  document: { name: 'Untitled' },
  saved: { nodes: null, edges: null, blocks: null, collapsed: null },
  fileErrors: null,
  expandedBlock: null,
  shortcutsOpen: false,
  groupOpen: false,
  quickAdd: null,
  panels: loadPanels(browserStorage()),
  setPanels(patch) {
    const panels = { ...get().panels, ...patch };
    savePanels(browserStorage(), panels);
    set({ panels });
  },
  busy: null,
  select(nodes, edges) {
    set({ selectedNodes: nodes, selectedEdges: edges });
  },
  setUi(patch) {
    set(patch);
  },
  markSaved(document) {
    const { nodes, edges, blocks, collapsed } = get();
    set({ document, saved: { nodes, edges, blocks, collapsed } });
  },
});
