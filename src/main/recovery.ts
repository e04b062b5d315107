import path from 'node:path';
import type { MessageBoxOptions } from 'electron';
import type { Recovery } from './autosave.js';

/** The offer made at start-up when the last session left unsaved work behind. */
export function recoveryPrompt(
  recovery: Recovery,
): MessageBoxOptions & { buttons: string[]; defaultId: number; cancelId: number } {
  const what = recovery.path === null ? 'an untitled graph' : path.basename(recovery.path);
  const when = new Date(recovery.savedAt);
  return {
    type: 'question',
    buttons: ['Restore', 'Discard'],
    defaultId: 0,
    cancelId: 1,
    message: 'CNN Studio did not close properly last time.',
    detail: `Unsaved changes to ${what} were kept (last autosaved ${
      Number.isNaN(when.getTime()) ? 'at an unknown time' : when.toLocaleString()
    }). Restore them?`,
  };
}
