import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { template, templateNames } from '../graph/index.js';
import { buildMenu, toElectronTemplate, type MenuCommand, type MenuSpec } from './menu.js';

const templates = templateNames.map((name) => ({ name, label: template(name)!.meta.name }));
const recent = [path.resolve('/nets/b.cnn.json'), path.resolve('/nets/a.cnn.json')];
const menuFor = (platform: NodeJS.Platform, recentFiles = recent): MenuSpec[] =>
  buildMenu({ platform, appName: 'CNN Studio', recentFiles, templates });

const top = (menu: MenuSpec[], label: string): MenuSpec[] =>
  menu.find((m) => m.label?.replace('&', '') === label)?.submenu ?? [];

const flatten = (menu: readonly MenuSpec[]): MenuSpec[] =>
  menu.flatMap((m) => [m, ...flatten(m.submenu ?? [])]);

const actions = (menu: readonly MenuSpec[]): string[] =>
  flatten(menu).flatMap((m) => (m.command?.kind === 'action' ? [m.command.action] : []));

describe('buildMenu', () => {
  it('has the menus the app promises, in order, on Linux and Windows', () => {
    for (const platform of ['linux', 'win32'] as const) {
      expect(menuFor(platform).map((m) => m.label)).toEqual([
        '&File',
        '&Edit',
        '&View',
        '&Templates',
        '&Help',
      ]);
    }
  });

  it('puts an app menu with Quit first on macOS and none in File', () => {
    const menu = menuFor('darwin');
    expect(menu[0]?.label).toBe('CNN Studio');
    expect(menu[0]?.submenu?.some((m) => m.role === 'quit')).toBe(true);
    expect(top(menu, 'File').some((m) => m.role === 'quit')).toBe(false);
    expect(top(menuFor('linux'), 'File').at(-1)).toMatchObject({
      role: 'quit',
      accelerator: 'Ctrl+Q',
    });
    expect(top(menuFor('win32'), 'File').at(-1)).toMatchObject({ role: 'quit', label: 'Exit' });
  });

  it('sends every file, edit, view and help action to the renderer', () => {
    expect(actions(menuFor('linux'))).toEqual(
      expect.arrayContaining([
        'file.new',
        'file.open',
        'file.save',
        'file.saveAs',
        'file.importOnnx',
        'file.exportJson',
        'file.exportPytorch',
        'file.exportOnnx',
        'edit.undo',
        'edit.redo',
        'edit.delete',
        'edit.selectAll',
        'edit.group',
        'view.zoomIn',
        'view.zoomOut',
        'view.zoomReset',
        'view.fit',
        'view.toggleTheme',
        'view.collapseStages',
        'view.expandStages',
        'view.togglePalette',
        'view.toggleSide',
        'view.toggleMinimap',
        'help.shortcuts',
      ]),
    );
    expect(
      top(menuFor('linux'), 'Edit')
        .map((m) => m.role)
        .filter(Boolean),
    ).toEqual(['cut', 'copy', 'paste']);
  });

  it('offers every template from src/graph', () => {
    const items = top(menuFor('linux'), 'Templates');
    expect(items.map((m) => m.command)).toEqual(
      templateNames.map((name) => ({ kind: 'action', action: `template.${name}` })),
    );
    expect(items.map((m) => m.label)).toContain('ResNet-18');
  });

  it('uses CmdOrCtrl accelerators, with each accelerator used once', () => {
    const accelerators = flatten(menuFor('linux')).flatMap((m) =>
      m.accelerator === undefined ? [] : [m.accelerator],
    );
    expect(accelerators).toContain('CmdOrCtrl+S');
    expect(new Set(accelerators).size).toBe(accelerators.length);
    expect(accelerators.filter((a) => a.startsWith('Cmd+'))).toEqual([]);
  });

  it('follows each platform for Redo and Delete', () => {
    const redo = (p: NodeJS.Platform) =>
      flatten(menuFor(p)).find((m) => m.label === 'Redo')?.accelerator;
    expect(redo('win32')).toBe('Ctrl+Y');
    expect(redo('darwin')).toBe('CmdOrCtrl+Shift+Z');
    const del = flatten(menuFor('darwin')).find((m) => m.label === 'Delete');
    expect(del).toMatchObject({ accelerator: 'Backspace', registerAccelerator: false });
  });

  it('lists recent files newest first and lets the user clear them', () => {
    const items = top(menuFor('linux'), 'File').find((m) => m.label === 'Open Recent')?.submenu;
    expect(items?.map((m) => m.command)).toEqual([
      { kind: 'openRecent', path: recent[0] },
      { kind: 'openRecent', path: recent[1] },
      undefined,
      { kind: 'clearRecent' },
    ]);
    expect(items?.[0]?.label).toMatch(/^b\.cnn\.json/);
    const empty = top(menuFor('linux', []), 'File').find((m) => m.label === 'Open Recent');
    expect(empty?.submenu).toEqual([{ label: 'No Recent Files', enabled: false }]);
  });
});

describe('toElectronTemplate', () => {
  it('turns commands into click handlers at every depth and drops the command field', () => {
    const ran: MenuCommand[] = [];
    const electronMenu = toElectronTemplate(menuFor('linux'), (c) => ran.push(c));
    const file = electronMenu[0]?.submenu as Electron.MenuItemConstructorOptions[];
    const recentItems = file[2]?.submenu as Electron.MenuItemConstructorOptions[];
    (file[0]?.click as () => void)();
    (recentItems[1]?.click as () => void)();
    expect(ran).toEqual([
      { kind: 'action', action: 'file.new' },
      { kind: 'openRecent', path: recent[1] },
    ]);
    expect(JSON.stringify(electronMenu)).not.toContain('"command"');
  });
});
