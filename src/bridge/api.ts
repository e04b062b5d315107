/**
 * The desktop bridge: what the preload script puts on `window.cnnStudio` (Electron only; in a
 * plain web page `window.cnnStudio` is undefined and the renderer uses the browser's file APIs).
 * Types only: the renderer, the preload and main share these shapes and nothing else.
 *
 * Contract for the renderer:
 * - Paths are plain strings the renderer may show and pass back; main refuses every path the user
 *   did not pick (open/save dialogs, command line, double-click, drag onto the window, recent
 *   list). Picking a graph `net.cnn.json` (or `net.json`) also grants its weights `net.safetensors`.
 * - Every call may reject with an Error whose message is meant for the user.
 * - File drops onto the window never reach the page: the preload hides them, Chromium navigates
 *   to the dropped file, and main (which refuses every navigation) opens a dropped graph or ONNX
 *   model and sends it, like files from the command line, double-click and File › Open Recent,
 *   through `onOpenFile` (graphs) or `onOpenModel` (ONNX models, to import).
 *   Before replacing a graph with unsaved changes the renderer asks the user, as for File › Open.
 * - Call `reportDocument` whenever the unsaved state changes (debounced is fine): main autosaves
 *   it every 30 s, offers it back after a crash (as an `onOpenFile` with `recovered: true`), and
 *   asks before closing a window that has unsaved changes. Pass `null` once everything is saved.
 * - Menu items send `MenuAction`s. Their accelerators are the renderer's own shortcuts, so a
 *   keydown the renderer handles as a shortcut must call `preventDefault()` (otherwise the menu
 *   runs it a second time). `edit.*` actions may arrive while a text field has focus (the menu was
 *   clicked): apply them to the field then (`document.execCommand('undo' | 'redo' | 'delete' |
 *   'selectAll')`). Cut, Copy and Paste are native: they fire the DOM `cut`/`copy`/`paste` events,
 *   which the canvas handles through `event.clipboardData`, as in the web page.
 */

/** Actions the native menu sends; the accelerator each one shows is in the comment. */
export type MenuAction =
  | 'file.new' // CmdOrCtrl+N
  | 'file.open' // CmdOrCtrl+O: then call openGraph()
  | 'file.save' // CmdOrCtrl+S: saveGraph(path, …), or saveGraphAs(…) for an untitled graph
  | 'file.saveAs' // CmdOrCtrl+Shift+S
  | 'file.importOnnx' // then openModel()
  | 'file.exportJson' // then exportFile({ format: 'json', … })
  | 'file.exportPytorch'
  | 'file.exportOnnx'
  | 'edit.undo' // CmdOrCtrl+Z
  | 'edit.redo' // CmdOrCtrl+Shift+Z (Ctrl+Y on Windows)
  | 'edit.delete' // Delete (shown only: the key itself goes to the page)
  | 'edit.selectAll' // CmdOrCtrl+A
  | 'edit.group' // CmdOrCtrl+G
  | 'view.zoomIn' // CmdOrCtrl+=
  | 'view.zoomOut' // CmdOrCtrl+-
  | 'view.zoomReset' // CmdOrCtrl+0
  | 'view.fit' // CmdOrCtrl+1
  | 'view.toggleTheme' // CmdOrCtrl+Shift+L
  | 'view.collapseStages'
  | 'view.expandStages'
  | 'view.togglePalette' // CmdOrCtrl+B
  | 'view.toggleSide' // CmdOrCtrl+Shift+B
  | 'view.toggleMinimap'
  | 'help.shortcuts' // CmdOrCtrl+/
  | `template.${string}`; // one per name in src/graph templateNames, e.g. 'template.resnet18'

/** A graph file's text, as read by main. */
export interface OpenedFile {
  /** Null only for an untitled graph restored after a crash. */
  path: string | null;
  text: string;
  /** True for unsaved work restored after a crash: show it as modified. */
  recovered: boolean;
}

/** A model file's bytes, as read by main, for the renderer to import. */
export interface OpenedModel {
  path: string;
  bytes: Uint8Array;
}

export type ExportFormat = 'json' | 'pytorch' | 'onnx' | 'safetensors';

export interface ExportRequest {
  format: ExportFormat;
  /** File name offered in the save dialog, e.g. `resnet18.py`. */
  suggestedName: string;
  /** Text for json/pytorch, bytes for onnx and safetensors. */
  contents: string | Uint8Array;
}

/** The unsaved state of the open graph: its file text and where it was last saved (if ever). */
export interface UnsavedDocument {
  text: string;
  path: string | null;
}

export interface CnnStudioApi {
  /** Shows the Open dialog; null when the user cancels. */
  openGraph(): Promise<OpenedFile | null>;
  /** Shows the Open dialog for an ONNX model to import; null when the user cancels. */
  openModel(): Promise<OpenedModel | null>;
  /** Writes a graph to a path the user picked before (atomically) and adds it to recent files. */
  saveGraph(path: string, text: string): Promise<void>;
  /** Shows the Save dialog, writes the graph there; the chosen path, or null when cancelled. */
  saveGraphAs(suggestedName: string, text: string): Promise<string | null>;
  /** The weights saved beside a picked graph (`net.safetensors`), or null if there are none. */
  readWeights(graphPath: string): Promise<Uint8Array | null>;
  /** Writes the weights beside a picked graph (atomically). */
  writeWeights(graphPath: string, bytes: Uint8Array): Promise<void>;
  /** Shows a Save dialog for an export; the chosen path, or null when cancelled. */
  exportFile(request: ExportRequest): Promise<string | null>;
  /** Recently opened or saved graphs, most recent first. */
  recentFiles(): Promise<string[]>;
  /** Reads a graph from the recent list (or any picked path). */
  readGraph(path: string): Promise<OpenedFile>;
  /** The unsaved state, or null when there is nothing unsaved (see the contract above). */
  reportDocument(document: UnsavedDocument | null): Promise<void>;
  appVersion(): Promise<string>;
  /** Subscribes to menu actions; returns the unsubscribe function. */
  onMenu(listener: (action: MenuAction) => void): () => void;
  /** Subscribes to files to open; files that arrived before the first subscription are replayed. */
  onOpenFile(listener: (file: OpenedFile) => void): () => void;
  /** Subscribes to ONNX models to import (dropped, or from the system), replayed likewise. */
  onOpenModel(listener: (model: OpenedModel) => void): () => void;
}

/** The methods that are one IPC request each (the rest are subscriptions). */
export type InvokeMethod = Exclude<keyof CnnStudioApi, 'onMenu' | 'onOpenFile' | 'onOpenModel'>;

/** Messages main sends to the renderer, by channel; used by the preload and main only. */
export interface MainEvents {
  menu: MenuAction;
  'open-file': OpenedFile;
  'open-model': OpenedModel;
}

declare global {
  interface Window {
    /** Present only inside the desktop app. */
    cnnStudio?: CnnStudioApi;
  }
}
