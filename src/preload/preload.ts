/**
 * Runs in the sandboxed renderer, in its own JavaScript world: puts the narrow `cnnStudio` API on
 * the page (one method per IPC message, see src/bridge/api.ts) and takes file drops.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type {
  CnnStudioApi,
  InvokeMethod,
  MainEvents,
  MenuAction,
  OpenedFile,
  OpenedModel,
  PreloadRequests,
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

// Capture phase, so the page never sees a file drop and Chromium never navigates to the file.
window.addEventListener(
  'dragover',
  (event) => {
    if (carriesFiles(event)) event.preventDefault();
  },
  true,
);
window.addEventListener(
  'drop',
  (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    // A drop the page synthesised is not trusted, and its File objects have no path anyway.
    if (!event.isTrusted) return;
    const paths = [...(event.dataTransfer?.files ?? [])]
      .map((file) => webUtils.getPathForFile(file))
      .filter((path) => path !== '');
    const channel: keyof PreloadRequests = 'dropped-files';
    if (paths.length > 0) void ipcRenderer.invoke(channel, paths);
  },
  true,
);
