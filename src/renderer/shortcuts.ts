/** Every keyboard shortcut, as the help dialog lists them and the key handler matches them. */
export interface Shortcut {
  keys: string;
  action: string;
  /** What the key handler runs; absent for keys React Flow or the clipboard events handle. */
  command?: Command;
  match?: (e: KeyboardEvent) => boolean;
}

export type Command =
  | 'undo'
  | 'redo'
  | 'copy'
  | 'paste'
  | 'duplicate'
  | 'delete'
  | 'selectAll'
  | 'group'
  | 'new'
  | 'open'
  | 'import'
  | 'importOnnx'
  | 'save'
  | 'saveAs'
  | 'exportJson'
  | 'exportPytorch'
  | 'exportOnnx'
  | 'fit'
  | 'zoomIn'
  | 'zoomOut'
  | 'zoomReset'
  | 'layout'
  | 'layoutDown'
  | 'layoutRight'
  | 'toggleTheme'
  | 'help';

const mod = (e: KeyboardEvent) => e.ctrlKey || e.metaKey;
const key = (e: KeyboardEvent, k: string) => e.key.toLowerCase() === k;

export const shortcuts: Shortcut[] = [
  {
    keys: 'Ctrl+Z',
    action: 'Undo',
    command: 'undo',
    match: (e) => mod(e) && !e.shiftKey && key(e, 'z'),
  },
  {
    keys: 'Ctrl+Shift+Z / Ctrl+Y',
    action: 'Redo',
    command: 'redo',
    match: (e) => mod(e) && ((e.shiftKey && key(e, 'z')) || key(e, 'y')),
  },
  // Copy, cut and paste arrive as the browser's clipboard events, so other apps see them too.
  { keys: 'Ctrl+C', action: 'Copy the selected layers' },
  { keys: 'Ctrl+X', action: 'Cut' },
  { keys: 'Ctrl+V', action: 'Paste' },
  {
    keys: 'Ctrl+D',
    action: 'Duplicate the selection',
    command: 'duplicate',
    match: (e) => mod(e) && key(e, 'd'),
  },
  {
    keys: 'Ctrl+A',
    action: 'Select everything',
    command: 'selectAll',
    match: (e) => mod(e) && key(e, 'a'),
  },
  {
    keys: 'Ctrl+G',
    action: 'Group the selection into a block',
    command: 'group',
    match: (e) => mod(e) && !e.shiftKey && key(e, 'g'),
  },
  { keys: 'Delete / Backspace', action: 'Delete the selection' },
  { keys: 'Shift+drag', action: 'Select with a rectangle' },
  { keys: 'Shift/Ctrl+click', action: 'Add to the selection' },
  {
    keys: 'Ctrl+O',
    action: 'Open a graph file',
    command: 'open',
    match: (e) => mod(e) && key(e, 'o'),
  },
  {
    keys: 'Ctrl+S',
    action: 'Save',
    command: 'save',
    match: (e) => mod(e) && !e.shiftKey && key(e, 's'),
  },
  {
    keys: 'Ctrl+Shift+S',
    action: 'Save as',
    command: 'saveAs',
    match: (e) => mod(e) && e.shiftKey && key(e, 's'),
  },
  { keys: 'F', action: 'Zoom to fit', command: 'fit', match: (e) => !mod(e) && key(e, 'f') },
  { keys: 'L', action: 'Auto layout', command: 'layout', match: (e) => !mod(e) && key(e, 'l') },
  { keys: '?', action: 'This list', command: 'help', match: (e) => e.key === '?' },
];

/** Typing in a box must not trigger canvas commands. */
export function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

export function commandFor(e: KeyboardEvent): Command | undefined {
  if (isTyping(e.target) || e.altKey) return undefined;
  return shortcuts.find((s) => s.match?.(e))?.command;
}
