/**
 * The Electron main process: only wiring. Every decision lives in a module beside this one that
 * is tested in Node (Electron itself cannot run in CI).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  screen,
  session,
  shell,
  type MessageBoxOptions,
} from 'electron';
import type { MainEvents, UnsavedDocument } from '../bridge/api.js';
import { template, templateNames } from '../graph/index.js';
import { appUrl, serveAppFile } from './appProtocol.js';
import { graphFilesFromArgv, isModelFileName } from './argv.js';
import { Autosave } from './autosave.js';
import { closeChoice, CloseGuard, unsavedChangesPrompt } from './closeGuard.js';
import {
  createDesktopApi,
  graphFilter,
  modelFilter,
  type Dialogs,
  type FileFilter,
} from './desktopApi.js';
import { droppedFile } from './drop.js';
import { appScheme, registerHandlers } from './ipc.js';
import { readJsonFile, writeJsonFile } from './jsonFile.js';
import { buildMenu, toElectronTemplate, type MenuCommand } from './menu.js';
import { PathAccess } from './pathAccess.js';
import { RecentFiles } from './recentFiles.js';
import { recoveryPrompt } from './recovery.js';
import { minWindowSize, placeWindow, windowStateSchema } from './windowState.js';

const templates = templateNames.map((name) => ({ name, label: template(name)!.meta.name }));

// Standard and secure: relative URLs, storage and WebGPU work as on https. corsEnabled lets the
// module scripts and workers that Vite emits (crossorigin) load from it.
const appPrivileges = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  corsEnabled: true,
  codeCache: true,
};
protocol.registerSchemesAsPrivileged([{ scheme: appScheme, privileges: appPrivileges }]);
app.enableSandbox();
// Chromium keeps WebGPU behind this switch on most Linux GPUs; training needs it.
if (process.platform === 'linux') app.commandLine.appendSwitch('enable-unsafe-webgpu');

/** Files the system asked us to open before the window was ready to receive them. */
const systemFiles: string[] = graphFilesFromArgv(process.argv, process.cwd());
let openSystemFile = (file: string): void => void systemFiles.push(file);

let showWindow = (): void => {};

// macOS delivers double-clicked files this way, possibly before `ready`.
app.on('open-file', (event, file) => {
  event.preventDefault();
  openSystemFile(file);
});
// Launching the app again hands its command line to this instance.
app.on('second-instance', (_event, argv, workingDirectory) => {
  graphFilesFromArgv(argv, workingDirectory).forEach((file) => openSystemFile(file));
  showWindow();
});

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.whenReady().then(start, fail);
}

function fail(error: unknown): void {
  dialog.showErrorBox('CNN Studio could not start', String(error));
  app.exit(1);
}

/** Denies everything a page could use to leave the app: navigation, windows, remote requests. */
function lockDown(): void {
  const ses = session.defaultSession;
  const allowed = (permission: string) => permission === 'clipboard-sanitized-write';
  ses.setPermissionRequestHandler((_contents, permission, grant) => grant(allowed(permission)));
  ses.setPermissionCheckHandler((_contents, permission) => allowed(permission));
  ses.webRequest.onBeforeRequest(
    { urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'file://*/*'] },
    (_details, respond) => respond({ cancel: true }),
  );
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

const electronDialogs = (parent: () => BrowserWindow | undefined): Dialogs => {
  const open = async (title: string, defaultPath: string, filter: FileFilter) => {
    const options = { title, defaultPath, filters: [filter] };
    const window = parent();
    const result = await (window
      ? dialog.showOpenDialog(window, options)
      : dialog.showOpenDialog(options));
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
  return {
    openGraph: (defaultPath) => open('Open graph', defaultPath, graphFilter),
    openModel: (defaultPath) => open('Import ONNX model', defaultPath, modelFilter),
    async saveFile(options) {
      const window = parent();
      const result = await (window
        ? dialog.showSaveDialog(window, options)
        : dialog.showSaveDialog(options));
      return result.canceled || !result.filePath ? null : result.filePath;
    },
  };
};

async function ask(window: BrowserWindow | undefined, options: MessageBoxOptions) {
  const { response } = await (window
    ? dialog.showMessageBox(window, options)
    : dialog.showMessageBox(options));
  return response;
}

/** The one window and what belongs to it. */
interface AppWindow {
  window: BrowserWindow;
  guard: CloseGuard;
  send<C extends keyof MainEvents>(channel: C, value: MainEvents[C]): void;
}

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  const webRoot = path.join(app.getAppPath(), 'dist', 'web');
  await fs.access(path.join(webRoot, 'index.html')).catch(() => {
    throw new Error(`the renderer is not built (${webRoot}): run npm run build:web`);
  });
  protocol.handle(appScheme, (request) => serveAppFile(webRoot, request.url));
  lockDown();

  const access = new PathAccess();
  const recent = new RecentFiles(path.join(userData, 'recent-files.json'));
  // The list was written by main from paths the user picked, so they stay granted.
  for (const file of await recent.load()) access.grantGraph(file);
  const autosaveFile = path.join(userData, 'autosave.json');
  const recovery = await Autosave.read(autosaveFile);
  const autosave = new Autosave(autosaveFile);
  autosave.start();
  const windowStateFile = path.join(userData, 'window-state.json');
  let savedWindowState = await readJsonFile(windowStateFile, windowStateSchema);
  const pendingWrites = new Set<Promise<unknown>>();
  const track = (write: Promise<unknown>) => {
    pendingWrites.add(write);
    void write.finally(() => pendingWrites.delete(write));
  };

  let current: AppWindow | undefined;
  const api = createDesktopApi({
    access,
    dialogs: electronDialogs(() => current?.window),
    recent,
    unsaved: {
      async update(document: UnsavedDocument | null) {
        await autosave.update(document);
        current?.guard.documentReported(document);
      },
    },
    appVersion: app.getVersion(),
    documentsFolder: app.getPath('documents'),
    onRecentChanged: setMenu,
  });

  registerHandlers(ipcMain, {
    ...api,
    async saveGraphAs(suggestedName, text) {
      const saved = await api.saveGraphAs(suggestedName, text).catch((e: unknown) => {
        current?.guard.saveCancelled();
        throw e;
      });
      if (saved === null) current?.guard.saveCancelled();
      return saved;
    },
  });

  function runMenuCommand(command: MenuCommand): void {
    switch (command.kind) {
      case 'action':
        current?.send('menu', command.action);
        return;
      case 'openRecent':
        openSystemFile(command.path);
        return;
      case 'clearRecent':
        track(recent.clear().then(() => setMenu([])));
        return;
      case 'openUrl':
        void shell.openExternal(command.url);
        return;
    }
  }

  function setMenu(recentFiles: string[]): void {
    const spec = buildMenu({
      platform: process.platform,
      appName: app.name,
      recentFiles,
      templates,
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(toElectronTemplate(spec, runMenuCommand)));
  }

  openSystemFile = (file) => {
    const target = current ?? createWindow();
    if (isModelFileName(file)) {
      api.modelFromSystem(file).then(
        (model) => target.send('open-model', model),
        (error: unknown) =>
          dialog.showErrorBox('Could not open the model', `${file}\n\n${(error as Error).message}`),
      );
      return;
    }
    api.openFromSystem(file).then(
      (opened) => target.send('open-file', opened),
      (error: unknown) => {
        dialog.showErrorBox('Could not open the file', `${file}\n\n${(error as Error).message}`);
        track(recent.remove(file).then(setMenu));
      },
    );
  };

  function createWindow(): AppWindow {
    const primary = screen.getPrimaryDisplay();
    const workAreas = [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map(
      (d) => d.workArea,
    );
    const placed = placeWindow(savedWindowState, workAreas);
    const window = new BrowserWindow({
      x: placed.x,
      y: placed.y,
      width: placed.width,
      height: placed.height,
      minWidth: minWindowSize.width,
      minHeight: minWindowSize.height,
      show: false,
      title: app.name,
      webPreferences: {
        preload: path.join(__dirname, 'preload.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
      },
    });
    if (placed.maximized) window.maximize();
    window.once('ready-to-show', () => window.show());
    // Every navigation is refused (lockDown); one to a dropped graph file opens it.
    window.webContents.on('will-navigate', (event, url) => {
      const file = droppedFile((event as { url?: string }).url ?? url);
      if (file !== null) openSystemFile(file);
    });

    // Messages sent before the page (and so the preload) has loaded would be lost.
    let loaded = false;
    const queued: (() => void)[] = [];
    window.webContents.on('did-finish-load', () => {
      loaded = true;
      for (const sendQueued of queued.splice(0)) sendQueued();
    });
    const send: AppWindow['send'] = (channel, value) => {
      const deliver = () => window.webContents.send(channel, value);
      if (loaded) deliver();
      else queued.push(deliver);
    };

    const guard = new CloseGuard({
      hasUnsavedWork: () => autosave.hasUnsavedWork,
      ask: async () => closeChoice(await ask(window, unsavedChangesPrompt)),
      requestSave: () => send('menu', 'file.save'),
      close: () => window.close(),
    });
    window.on('close', (event) => {
      if (!guard.allowClose()) {
        event.preventDefault();
        return;
      }
      savedWindowState = { ...window.getNormalBounds(), maximized: window.isMaximized() };
      track(writeJsonFile(windowStateFile, savedWindowState));
    });
    window.on('closed', () => {
      // The user chose to close: what was unsaved is no longer wanted.
      track(autosave.update(null));
      if (current?.window === window) current = undefined;
    });

    void window.loadURL(appUrl);
    current = { window, guard, send };
    return current;
  }

  setMenu(recent.list());
  const first = createWindow();

  if (recovery !== null) {
    const restore = (await ask(first.window, recoveryPrompt(recovery))) === 0;
    if (restore && recovery.path !== null) access.grantGraph(recovery.path);
    await autosave.update(restore ? { text: recovery.text, path: recovery.path } : null);
    if (restore)
      first.send('open-file', { path: recovery.path, text: recovery.text, recovered: true });
  }
  for (const file of systemFiles.splice(0)) openSystemFile(file);

  showWindow = () => {
    const window = (current ?? createWindow()).window;
    if (window.isMinimized()) window.restore();
    window.focus();
  };
  app.on('activate', () => {
    if (current === undefined) createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // A clean exit deletes the autosave, so finding one at start-up means a crash.
  let cleanedUp = false;
  app.on('will-quit', (event) => {
    if (cleanedUp) return;
    event.preventDefault();
    void Promise.allSettled([autosave.stop(), ...pendingWrites]).then(() => {
      cleanedUp = true;
      app.quit();
    });
  });
}
