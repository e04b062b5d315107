/**
 * Runs in the sandboxed renderer, in its own JavaScript world: puts the narrow `cnnStudio` API on
 * the page (one method per IPC message, see src/bridge/api.ts) and hides file drops from it.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type {
  CnnStudioApi,
  InvokeMethod,
  MainEvents,
  MenuAction,
  OpenedFile,
  OpenedModel,
} from '../bridge/api.js';
import { replayChannel } from './replayChannel.js';

type Result<M extends InvokeMethod> = ReturnType<CnnStudioApi[M]>;
const invoke = <M extends InvokeMethod>(method: M, ...args: Parameters<CnnStudioApi[M]>) =>
  ipcRenderer.invoke(method, ...args) as Result<M>;

const menu = replayChannel<MenuAction>();
const files = replayChannel<OpenedFile>();
const models = replayChannel<OpenedModel>();
const on = <C extends keyof MainEvents>(channel: C, push: (value: MainEvents[C]) => void) =>
  ipcRenderer.on(channel, (_event, value: MainEvents[C]) => push(value));
on('menu', menu.push);
on('open-file', files.push);
on('open-model', models.push);

const api: CnnStudioApi = {
  openGraph: () => invoke('openGraph'),
  openModel: () => invoke('openModel'),
  saveGraph: (path, text) => invoke('saveGraph', path, text),
  saveGraphAs: (suggestedName, text) => invoke('saveGraphAs', suggestedName, text),
  readWeights: (graphPath) => invoke('readWeights', graphPath),
  writeWeights: (graphPath, bytes) => invoke('writeWeights', graphPath, bytes),
  exportFile: (request) => invoke('exportFile', request),
  recentFiles: () => invoke('recentFiles'),
  readGraph: (path) => invoke('readGraph', path),
  reportDocument: (document) => invoke('reportDocument', document),
  appVersion: () => invoke('appVersion'),
  onMenu: (listener) => menu.subscribe(listener),
  onOpenFile: (listener) => files.subscribe(listener),
  onOpenModel: (listener) => models.subscribe(listener),
};
contextBridge.exposeInMainWorld('cnnStudio', api);

const carriesFiles = (event: DragEvent): boolean =>
  event.dataTransfer?.types.includes('Files') ?? false;

/**
 * A file dragged over the window is hidden from the page (capture phase, propagation stopped) and
 * not accepted by it (no preventDefault), so on drop Chromium navigates to the file and main opens
 * it (src/main/drop.ts). A message from here would be no proof of a drop: a compromised page can
 * send any message, but only a real drop makes the browser let it navigate to a file.
 */
for (const type of ['dragenter', 'dragover', 'drop'] as const) {
  window.addEventListener(
    type,
    (event) => {
      if (carriesFiles(event)) event.stopImmediatePropagation();
    },
    true,
  );
}
