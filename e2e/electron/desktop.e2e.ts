/**
 * The desktop app end to end: Electron starts with a graph file on its command line, the
 * renderer shows it, an edit is saved through the native File menu, and the file on disk is
 * replaced atomically. Runs where an Electron binary is present; elsewhere it is skipped with
 * one line saying why (npm's ignore-scripts means the binary is never downloaded here).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {} from '../../src/bridge/api.js';
import { parseGraph, serializeGraph, template } from '../../src/graph/index.js';
import { electronPackageDir, findElectron } from '../../src/main/electronBinary.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const electron = findElectron(electronPackageDir());
if (!electron.found) console.log(`desktop e2e skipped: ${electron.reason}`);

describe.skipIf(!electron.found)('desktop app', () => {
  const lenet = template('lenet')!;
  let dir: string;
  let graphFile: string;
  let app: ElectronApplication | undefined;
  let page: Page;
  const problems: string[] = [];

  /** Clicks an item of the native application menu, as the user would. */
  const clickMenu = (top: string, label: string) =>
    app!.evaluate(
      ({ Menu }, [top, label]) => {
        const menu = Menu.getApplicationMenu()?.items.find((i) => i.label.replace('&', '') === top);
        const item = menu?.submenu?.items.find((i) => i.label === label);
        if (!item) throw new Error(`no menu item ${top} › ${label}`);
        item.click();
      },
      [top, label],
    );

  beforeAll(async () => {
    // What `npm start` builds (from the repository root): the renderer, main and its preload.
    await build({ configFile: 'vite.renderer.config.ts', logLevel: 'warn' });
    for (const mode of ['main', 'preload']) {
      await build({ configFile: 'electron.config.ts', mode, logLevel: 'warn' });
    }
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cnn-desktop-e2e-'));
    graphFile = path.join(dir, 'desktop-e2e.cnn.json');
    await fs.writeFile(graphFile, serializeGraph({ ...lenet, meta: { name: 'Desktop e2e' } }));
    app = await _electron.launch({
      executablePath: electron.found ? electron.path : '',
      // Chromium refuses to run as root (CI) with its OS sandbox on.
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), repo, graphFile],
      cwd: repo,
      env: { ...process.env, XDG_CONFIG_HOME: path.join(dir, 'config') },
    });
    page = await app.firstWindow();
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy/i.test(m.text()))
        problems.push(m.text());
    });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    app = undefined;
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('serves the renderer from app:// with no Node in the page and a narrow bridge', async () => {
    expect(page.url()).toBe('app://studio/index.html');
    const globals = await page.evaluate(() => ({
      require: typeof (window as { require?: unknown }).require,
      process: typeof (window as { process?: unknown }).process,
      bridge: Object.keys(window.cnnStudio ?? {}).sort(),
    }));
    expect(globals.require).toBe('undefined');
    expect(globals.process).toBe('undefined');
    expect(globals.bridge).toEqual([
      'appVersion',
      'exportFile',
      'onMenu',
      'onOpenFile',
      'openGraph',
      'readGraph',
      'readWeights',
      'recentFiles',
      'reportDocument',
      'saveGraph',
      'saveGraphAs',
      'writeWeights',
    ]);
    await expect(page.evaluate(() => window.cnnStudio!.readGraph('/etc/passwd'))).rejects.toThrow(
      /only open files you chose/,
    );
  });

  it('opens the graph named on the command line', async () => {
    await expect.poll(() => page.title(), { timeout: 30_000 }).toBe('Desktop e2e — CNN Studio');
    await page.getByTestId(`node-${lenet.nodes[0]!.id}`).waitFor();
    expect(await page.evaluate(() => window.cnnStudio!.recentFiles())).toEqual([graphFile]);
  });

  it('saves an edit through File › Save, replacing the file atomically', async () => {
    const before = await fs.stat(graphFile);
    await page.locator('.react-flow__pane').click();
    await clickMenu('Edit', 'Select All');
    await clickMenu('Edit', 'Delete');
    await expect.poll(() => page.title()).toBe('● Desktop e2e — CNN Studio');
    await clickMenu('File', 'Save');
    await expect.poll(() => page.title()).toBe('Desktop e2e — CNN Studio');

    const saved = parseGraph(await fs.readFile(graphFile, 'utf8'));
    expect(saved.ok && saved.graph.nodes.length).toBe(0);
    expect(saved.ok && saved.graph.meta.name).toBe('Desktop e2e');
    // A new inode: the save wrote a temp file and renamed it over the old one.
    expect((await fs.stat(graphFile)).ino).not.toBe(before.ino);
    expect((await fs.readdir(dir)).sort()).toEqual(['config', 'desktop-e2e.cnn.json']);
    expect(problems).toEqual([]);
  });

  it('leaves no autosave behind after a clean exit', async () => {
    const userData = path.join(dir, 'config', 'cnn-studio');
    await app!.close();
    app = undefined;
    await expect(fs.access(path.join(userData, 'autosave.json'))).rejects.toThrow(/ENOENT/);
    const recent = JSON.parse(await fs.readFile(path.join(userData, 'recent-files.json'), 'utf8'));
    expect(recent).toEqual({ files: [graphFile] });
  });
});
