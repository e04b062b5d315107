/**
 * Runs the built main process (dist bundle of main.ts) in Node against a fake Electron, to check
 * the wiring that the unit tests of the other modules cannot see.
 */
import fs from 'node:fs/promises';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeElectron, type FakeWebContents } from './testing/fakeElectron.js';

type Fake = ReturnType<typeof fakeElectron>;
type Loader = (request: string, ...rest: unknown[]) => unknown;
const moduleInternals = Module as unknown as { _load: Loader };

let root: string;
let graphFile: string;
let fake: Fake;
let contents: FakeWebContents;
const originalLoad = moduleInternals._load;
const originalArgv = process.argv;
const page = { senderFrame: { url: 'app://studio/index.html', parent: null } };
const call = (channel: string, event: unknown, ...args: unknown[]) =>
  fake.handlers.get(channel)!(event, ...args);
const autosaveFile = () => path.join(root, 'userData', 'autosave.json');
const exists = (file: string) =>
  fs.access(file).then(
    () => true,
    () => false,
  );

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'cnn-main-'));
  const web = path.join(root, 'app', 'dist', 'web');
  await fs.mkdir(web, { recursive: true });
  await fs.writeFile(path.join(web, 'index.html'), '<!doctype html><title>CNN Studio</title>');
  graphFile = path.join(root, 'from-argv.cnn.json');
  await fs.writeFile(graphFile, '{"from":"argv"}');
  // The last session crashed with unsaved work.
  await fs.mkdir(path.join(root, 'userData'));
  await fs.writeFile(
    autosaveFile(),
    JSON.stringify({ savedAt: new Date(0).toISOString(), path: null, text: '{"from":"crash"}' }),
  );

  const outDir = path.join(root, 'bundle');
  await build({
    configFile: 'electron.config.ts',
    mode: 'main',
    logLevel: 'silent',
    build: { outDir },
  });
  fake = fakeElectron(root);
  moduleInternals._load = function (request, ...rest) {
    return request === 'electron' ? fake.electron : originalLoad.call(this, request, ...rest);
  };
  process.argv = [process.execPath, '.', '--no-sandbox', graphFile];
  createRequire(import.meta.url)(path.join(outDir, 'main.cjs'));
  // start() has finished once it listens for will-quit.
  await vi.waitFor(() => expect(fake.electron.app.listeners.has('will-quit')).toBe(true));
  contents = fake.windows[0]!.webContents;
}, 60_000);

afterAll(async () => {
  moduleInternals._load = originalLoad;
  process.argv = originalArgv;
  await fs.rm(root, { recursive: true, force: true });
});

describe('main process', () => {
  it('registers app:// as a secure standard scheme and turns the sandbox on for every page', () => {
    expect(fake.electron.protocol.privileged).toEqual([
      {
        scheme: 'app',
        privileges: {
          standard: true,
          secure: true,
          supportFetchAPI: true,
          corsEnabled: true,
          codeCache: true,
        },
      },
    ]);
    expect(fake.electron.app.sandboxEnabled).toBe(true);
  });

  it('opens one locked-down window on the app:// page', () => {
    expect(fake.windows).toHaveLength(1);
    const window = fake.windows[0]!;
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: path.join(root, 'bundle', 'preload.cjs'),
    });
    expect(window.loadedUrl).toBe('app://studio/index.html');
  });

  it('blocks navigation, new windows, permissions and remote requests', () => {
    let prevented = false;
    contents.emit('will-navigate', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(contents.windowOpenHandler?.()).toEqual({ action: 'deny' });
    const granted: boolean[] = [];
    const request = fake.electron.session.defaultSession.permissionRequest!;
    request({}, 'media', (ok: boolean) => granted.push(ok));
    request({}, 'clipboard-sanitized-write', (ok: boolean) => granted.push(ok));
    expect(granted).toEqual([false, true]);
    expect(fake.electron.session.defaultSession.blocked).toEqual(
      expect.arrayContaining(['http://*/*', 'https://*/*', 'file://*/*']),
    );
  });

  it('serves the built renderer with the CSP', async () => {
    const serve = fake.electron.protocol.handlers.get('app')!;
    const response = await serve({ url: 'app://studio/index.html' });
    expect(await response.text()).toContain('<title>CNN Studio</title>');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('offers the crashed session back, and sends it and the argv file once the page has loaded', async () => {
    expect(fake.messageBoxes[0]).toMatchObject({ buttons: ['Restore', 'Discard'] });
    expect(contents.sent).toEqual([]);
    contents.emit('did-finish-load');
    await vi.waitFor(() => expect(contents.sent).toHaveLength(2));
    expect(contents.sent).toEqual([
      ['open-file', { path: null, text: '{"from":"crash"}', recovered: true }],
      ['open-file', { path: graphFile, text: '{"from":"argv"}', recovered: false }],
    ]);
  });

  it('lets the page save the file it was given, and refuses other senders and paths', async () => {
    await call('saveGraph', page, graphFile, '{"saved":true}');
    expect(await fs.readFile(graphFile, 'utf8')).toBe('{"saved":true}');
    const elsewhere = { senderFrame: { url: 'https://example.com/', parent: null } };
    await expect(call('saveGraph', elsewhere, graphFile, '{}')).rejects.toThrow(/outside the app/);
    const other = path.join(root, 'other.cnn.json');
    await expect(call('saveGraph', page, other, '{}')).rejects.toThrow(/you chose/);
    expect(await exists(other)).toBe(false);
  });

  it('opens a graph file dropped on the window (Chromium navigates to it); nothing else', async () => {
    const dropped = path.join(root, 'dropped.cnn.json');
    await fs.writeFile(dropped, '{"from":"drop"}');
    const navigate = (url: string) => {
      let prevented = false;
      contents.emit('will-navigate', { url, preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    const before = contents.sent.length;
    // A page cannot ask for a file that was not dropped: Chromium turns it into this.
    expect(navigate('about:blank#blocked')).toBe(true);
    expect(navigate(pathToFileURL(path.join(root, 'notes.txt')).href)).toBe(true);
    expect(navigate(pathToFileURL(dropped).href)).toBe(true);
    await vi.waitFor(() => expect(contents.sent.length).toBe(before + 1));
    expect(contents.sent.at(-1)).toEqual([
      'open-file',
      { path: dropped, text: '{"from":"drop"}', recovered: false },
    ]);
    // Dropped once, it is the user's file: the page may save it.
    await call('saveGraph', page, dropped, '{"saved":"drop"}');
    expect(await fs.readFile(dropped, 'utf8')).toBe('{"saved":"drop"}');
  });

  it('sends menu actions to the page', () => {
    type Item = { label?: string; submenu?: Item[]; click?: () => void };
    const menu = fake.electron.Menu.current as Item[];
    const file = menu.find((m) => m.label === '&File')!.submenu!;
    file.find((m) => m.label === 'Save')!.click!();
    expect(contents.sent.at(-1)).toEqual(['menu', 'file.save']);
    const recent = file.find((m) => m.label === 'Open Recent')!.submenu!;
    expect(recent.map((m) => m.label)).toContainEqual(
      expect.stringContaining('from-argv.cnn.json'),
    );
  });

  it("asks before closing with unsaved work; Don't Save closes, dropping the autosave", async () => {
    const window = fake.windows[0]!;
    await call('reportDocument', page, { text: '{"unsaved":true}', path: graphFile });
    fake.electron.dialog.answers.push(1);
    expect(window.close()).toBe(false);
    await vi.waitFor(() => expect(window.closed).toBe(true));
    expect(fake.messageBoxes.at(-1)).toMatchObject({ buttons: ['Save', "Don't Save", 'Cancel'] });
    await vi.waitFor(async () => expect(await exists(autosaveFile())).toBe(false));
    const state = JSON.parse(
      await fs.readFile(path.join(root, 'userData', 'window-state.json'), 'utf8'),
    );
    expect(state).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: false });
  });

  it('deletes the autosave on a clean exit', async () => {
    await fs.writeFile(autosaveFile(), '{}');
    let prevented = false;
    fake.electron.app.emit('will-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await vi.waitFor(() => expect(fake.electron.app.quitCalls).toBeGreaterThan(0));
    expect(await exists(autosaveFile())).toBe(false);
  });
});
