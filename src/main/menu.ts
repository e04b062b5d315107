import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuAction } from '../bridge/api.js';

/** What a menu item does when clicked: an action for the renderer, or something main does. */
export type MenuCommand =
  | { kind: 'action'; action: MenuAction }
  | { kind: 'openRecent'; path: string }
  | { kind: 'clearRecent' }
  | { kind: 'openUrl'; url: string };

/** Electron's menu item options with a `command` in place of a click handler: plain data. */
export interface MenuSpec extends Omit<MenuItemConstructorOptions, 'click' | 'submenu'> {
  command?: MenuCommand;
  submenu?: MenuSpec[];
}

export interface MenuInput {
  platform: NodeJS.Platform;
  appName: string;
  recentFiles: readonly string[];
  templates: readonly { name: string; label: string }[];
}

export const d2lCnnChapter = 'https://d2l.ai/chapter_convolutional-neural-networks/index.html';

const separator: MenuSpec = { type: 'separator' };

const item = (label: string, action: MenuAction, accelerator?: string): MenuSpec => ({
  label,
  command: { kind: 'action', action },
  ...(accelerator === undefined ? {} : { accelerator }),
});

function recentMenu(files: readonly string[]): MenuSpec[] {
  if (files.length === 0) return [{ label: 'No Recent Files', enabled: false }];
  return [
    ...files.map((file) => ({
      label: `${path.basename(file)} — ${path.dirname(file)}`,
      command: { kind: 'openRecent', path: file } as const,
    })),
    separator,
    { label: 'Clear Recently Opened', command: { kind: 'clearRecent' } },
  ];
}

/** The whole application menu for a platform and a recent-files list. */
export function buildMenu({ platform, appName, recentFiles, templates }: MenuInput): MenuSpec[] {
  const mac = platform === 'darwin';
  const appMenu: MenuSpec[] = mac
    ? [
        {
          label: appName,
          submenu: [
            { role: 'about' },
            separator,
            { role: 'services' },
            separator,
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            separator,
            { role: 'quit' },
          ],
        },
      ]
    : [];
  const quit: MenuSpec[] = mac
    ? []
    : [
        separator,
        platform === 'win32'
          ? { role: 'quit', label: 'Exit' }
          : { role: 'quit', label: 'Quit', accelerator: 'Ctrl+Q' },
      ];
  return [
    ...appMenu,
    {
      label: '&File',
      submenu: [
        item('New', 'file.new', 'CmdOrCtrl+N'),
        item('Open…', 'file.open', 'CmdOrCtrl+O'),
        { label: 'Open Recent', submenu: recentMenu(recentFiles) },
        separator,
        item('Save', 'file.save', 'CmdOrCtrl+S'),
        item('Save As…', 'file.saveAs', 'CmdOrCtrl+Shift+S'),
        separator,
        item('Import ONNX…', 'file.importOnnx'),
        item('Export JSON…', 'file.exportJson'),
        item('Export PyTorch…', 'file.exportPytorch'),
        item('Export ONNX…', 'file.exportOnnx'),
        ...quit,
      ],
    },
    {
      label: '&Edit',
      submenu: [
        item('Undo', 'edit.undo', 'CmdOrCtrl+Z'),
        item('Redo', 'edit.redo', platform === 'win32' ? 'Ctrl+Y' : 'CmdOrCtrl+Shift+Z'),
        separator,
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        {
          // Shown for discoverability only: the key must keep working in text fields.
          ...item('Delete', 'edit.delete', mac ? 'Backspace' : 'Delete'),
          registerAccelerator: false,
        },
        item('Select All', 'edit.selectAll', 'CmdOrCtrl+A'),
        separator,
        item('Group into Block…', 'edit.group', 'CmdOrCtrl+G'),
      ],
    },
    {
      label: '&View',
      submenu: [
        item('Zoom In', 'view.zoomIn', 'CmdOrCtrl+='),
        item('Zoom Out', 'view.zoomOut', 'CmdOrCtrl+-'),
        item('Actual Size', 'view.zoomReset', 'CmdOrCtrl+0'),
        item('Fit to Window', 'view.fit', 'CmdOrCtrl+1'),
        separator,
        item('Collapse All Stages', 'view.collapseStages'),
        item('Expand All Stages', 'view.expandStages'),
        item('Toggle Layers Panel', 'view.togglePalette', 'CmdOrCtrl+B'),
        item('Toggle Side Panel', 'view.toggleSide', 'CmdOrCtrl+Shift+B'),
        item('Toggle Minimap', 'view.toggleMinimap'),
        separator,
        item('Toggle Theme', 'view.toggleTheme', 'CmdOrCtrl+Shift+L'),
        separator,
        { role: 'togglefullscreen' },
        { role: 'toggleDevTools' },
      ],
    },
    {
      label: '&Templates',
      submenu: templates.map((t) => item(t.label, `template.${t.name}`)),
    },
    ...(mac ? [{ role: 'windowMenu' } as const] : []),
    {
      label: '&Help',
      role: 'help',
      submenu: [
        item('Keyboard Shortcuts', 'help.shortcuts', 'CmdOrCtrl+/'),
        {
          label: 'Dive into Deep Learning: CNNs',
          command: { kind: 'openUrl', url: d2lCnnChapter },
        },
        ...(mac ? [] : [separator, { role: 'about' } as const]),
      ],
    },
  ];
}

/** Electron's template: each `command` becomes a click handler that calls `run`. */
export function toElectronTemplate(
  specs: readonly MenuSpec[],
  run: (command: MenuCommand) => void,
): MenuItemConstructorOptions[] {
  return specs.map(({ command, submenu, ...options }) => ({
    ...options,
    ...(command === undefined ? {} : { click: () => run(command) }),
    ...(submenu === undefined ? {} : { submenu: toElectronTemplate(submenu, run) }),
  }));
}
