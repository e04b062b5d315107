/**
 * Just enough of Electron's main-process API to run the built main.cjs in Node and record what
 * it asks of Electron (main.test.ts). Each fake keeps its calls for the test to inspect.
 */
import path from 'node:path';

type Listener = (...args: unknown[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
}

export class FakeWebContents extends Emitter {
  readonly sent: [string, unknown][] = [];
  windowOpenHandler: (() => unknown) | undefined;
  send(channel: string, value: unknown): void {
    this.sent.push([channel, value]);
  }
  setWindowOpenHandler(handler: () => unknown): void {
    this.windowOpenHandler = handler;
  }
}

export function fakeElectron(root: string) {
  const windows: FakeBrowserWindow[] = [];
  const app = Object.assign(new Emitter(), {
    name: 'cnn-studio',
    readyCalls: [] as string[],
    switches: [] as string[],
    quitCalls: 0,
    sandboxEnabled: false,
    commandLine: { appendSwitch: (s: string) => app.switches.push(s) },
    enableSandbox: () => void (app.sandboxEnabled = true),
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    getPath: (name: string) => path.join(root, name),
    getAppPath: () => path.join(root, 'app'),
    getVersion: () => '9.9.9',
    quit: () => void app.quitCalls++,
    exit: (code: number) => {
      throw new Error(`app.exit(${code})`);
    },
  });

  class FakeBrowserWindow extends Emitter {
    readonly webContents = new FakeWebContents();
    loadedUrl: string | undefined;
    closed = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadURL(url: string): Promise<void> {
      this.loadedUrl = url;
      return Promise.resolve();
    }
    show(): void {}
    maximize(): void {}
    focus(): void {}
    restore(): void {}
    isMinimized = () => false;
    isMaximized = () => false;
    getNormalBounds = () => ({ x: 10, y: 20, width: 1000, height: 700 });
    /** Runs the close event as Electron does; true when nothing cancelled it. */
    close(): boolean {
      let prevented = false;
      this.emit('close', { preventDefault: () => (prevented = true) });
      if (!prevented) {
        this.closed = true;
        this.emit('closed');
      }
      return !prevented;
    }
  }

  const handlers = new Map<string, Listener>();
  const messageBoxes: unknown[] = [];
  const errorBoxes: string[] = [];
  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: { handle: (channel: string, handler: Listener) => handlers.set(channel, handler) },
    protocol: {
      privileged: [] as unknown[],
      handlers: new Map<string, (request: { url: string }) => Promise<Response>>(),
      registerSchemesAsPrivileged(schemes: unknown[]) {
        this.privileged.push(...schemes);
      },
      handle(scheme: string, handler: (request: { url: string }) => Promise<Response>) {
        this.handlers.set(scheme, handler);
      },
    },
    session: {
      defaultSession: {
        permissionRequest: undefined as Listener | undefined,
        blocked: [] as string[],
        setPermissionRequestHandler(handler: Listener) {
          this.permissionRequest = handler;
        },
        setPermissionCheckHandler() {},
        webRequest: {
          onBeforeRequest(filter: { urls: string[] }) {
            electron.session.defaultSession.blocked.push(...filter.urls);
          },
        },
      },
    },
    screen: {
      getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }),
      getAllDisplays: () => [electron.screen.getPrimaryDisplay()],
    },
    Menu: {
      current: undefined as unknown,
      buildFromTemplate: (template: unknown) => template,
      setApplicationMenu(menu: unknown) {
        this.current = menu;
      },
    },
    dialog: {
      answers: [] as number[],
      showMessageBox: async (_window: unknown, options: unknown) => {
        messageBoxes.push(options);
        return { response: electron.dialog.answers.shift() ?? 0 };
      },
      showErrorBox: (title: string, text: string) => void errorBoxes.push(`${title}: ${text}`),
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
      showSaveDialog: async () => ({ canceled: true }),
    },
    shell: { openExternal: async () => {} },
  };
  return { electron, windows, handlers, messageBoxes, errorBoxes };
}
