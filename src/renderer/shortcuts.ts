/** Every keyboard shortcut, as the help dialog lists them and the key handler matches them. */
export interface Shortcut {
  keys: string;
  action: string;
  /** What the key handler runs, for each key it matches; none for keys others handle. */
  bindings?: Binding[];
}

interface Binding {
  command: Command;
  match(e: KeyboardEvent): boolean;
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
  | 'collapseStages'
  | 'expandStages'
  | 'quickAdd'
  | 'togglePalette'
  | 'toggleSide'
  | 'toggleMinimap'
  | 'toggleTheme'
  | 'help';

const mod = (e: KeyboardEvent) => e.ctrlKey || e.metaKey;
const key = (e: KeyboardEvent, k: string) => e.key.toLowerCase() === k;
/** A single letter with no modifier, as the canvas's own keys are. */
const plain = (k: string) => (e: KeyboardEvent) => !mod(e) && !e.shiftKey && key(e, k);
const one = (command: Command, match: Binding['match']): Binding[] => [{ command, match }];

export const shortcuts: Shortcut[] = [
  {
    keys: 'Ctrl+Z',
    action: 'Undo',
    bindings: one('undo', (e) => mod(e) && !e.shiftKey && key(e, 'z')),
  },
  {
    keys: 'Ctrl+Shift+Z / Ctrl+Y',
    action: 'Redo',
    bindings: one('redo', (e) => mod(e) && ((e.shiftKey && key(e, 'z')) || key(e, 'y'))),
  },
  // Copy, cut and paste arrive as the browser's clipboard events, so other apps see them too.
  { keys: 'Ctrl+C', action: 'Copy the selected layers' },
  { keys: 'Ctrl+X', action: 'Cut' },
  { keys: 'Ctrl+V', action: 'Paste' },
  {
    keys: 'Ctrl+D',
    action: 'Duplicate the selection',
    bindings: one('duplicate', (e) => mod(e) && key(e, 'd')),
  },
  {
    keys: 'Ctrl+A',
    action: 'Select everything',
    bindings: one('selectAll', (e) => mod(e) && key(e, 'a')),
  },
  {
    keys: 'Ctrl+G',
    action: 'Group the selection into a block',
    bindings: one('group', (e) => mod(e) && !e.shiftKey && key(e, 'g')),
  },
  { keys: 'Delete / Backspace', action: 'Delete the selection' },
  { keys: 'Shift+drag', action: 'Select with a rectangle' },
  { keys: 'Shift/Ctrl+click', action: 'Add to the selection' },
  {
    keys: 'A',
    action: 'Add a layer after the selected one (type to search, Enter to add)',
    bindings: one('quickAdd', plain('a')),
  },
  { keys: 'Click or Enter on a palette layer', action: 'Add it after the selected layer' },
  { keys: 'Drop a layer on an edge', action: 'Insert it into that connection' },
  { keys: 'Drag an output into space', action: 'Choose a layer to connect there' },
  {
    keys: 'Ctrl+O',
    action: 'Open a graph file',
    bindings: one('open', (e) => mod(e) && key(e, 'o')),
  },
  {
    keys: 'Ctrl+S',
    action: 'Save',
    bindings: one('save', (e) => mod(e) && !e.shiftKey && key(e, 's')),
  },
  {
    keys: 'Ctrl+Shift+S',
    action: 'Save as',
    bindings: one('saveAs', (e) => mod(e) && e.shiftKey && key(e, 's')),
  },
  { keys: 'F', action: 'Zoom to fit', bindings: one('fit', plain('f')) },
  {
    keys: 'L',
    action: 'Auto layout: columns that fill the canvas',
    bindings: one('layout', plain('l')),
  },
  {
    keys: 'C / E',
    action: 'Collapse every stage into one box / expand them all',
    bindings: [
      { command: 'collapseStages', match: plain('c') },
      { command: 'expandStages', match: plain('e') },
    ],
  },
  { keys: 'M', action: 'Show or hide the minimap', bindings: one('toggleMinimap', plain('m')) },
  {
    keys: 'Ctrl+B / Ctrl+Shift+B',
    action: 'Show or hide the layers / the side panel',
    bindings: [
      { command: 'togglePalette', match: (e) => mod(e) && !e.shiftKey && key(e, 'b') },
      { command: 'toggleSide', match: (e) => mod(e) && e.shiftKey && key(e, 'b') },
    ],
  },
  { keys: '?', action: 'This list', bindings: one('help', (e) => e.key === '?') },
];

const bindings = shortcuts.flatMap((s) => s.bindings ?? []);

/** Typing in a box must not trigger canvas commands. */
export function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

export function commandFor(e: KeyboardEvent): Command | undefined {
  if (isTyping(e.target) || e.altKey) return undefined;
  return bindings.find((b) => b.match(e))?.command;
}
