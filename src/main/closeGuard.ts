import type { MessageBoxOptions } from 'electron';
import type { UnsavedDocument } from '../bridge/api.js';

export type CloseChoice = 'save' | 'discard' | 'cancel';

/** The question asked when a window with unsaved changes is closed; buttons in CloseChoice order. */
export const unsavedChangesPrompt = {
  type: 'warning',
  buttons: ['Save', "Don't Save", 'Cancel'],
  defaultId: 0,
  cancelId: 2,
  message: 'Save the changes to this graph before closing?',
  detail: "Your changes will be lost if you don't save them.",
} satisfies MessageBoxOptions;

export const closeChoice = (response: number): CloseChoice =>
  (['save', 'discard', 'cancel'] as const)[response] ?? 'cancel';

export interface CloseGuardDeps {
  hasUnsavedWork(): boolean;
  ask(): Promise<CloseChoice>;
  /** Asks the renderer to save (the File › Save action); it reports null once saved. */
  requestSave(): void;
  /** Closes the window again; the guard lets this one through. */
  close(): void;
}

/**
 * Decides whether a window may close. Electron's `close` event must be cancelled synchronously,
 * so `allowClose` answers at once and the question to the user runs afterwards.
 */
export class CloseGuard {
  #allowed = false;
  #closeAfterSave = false;
  #asking = false;

  constructor(private readonly deps: CloseGuardDeps) {}

  /** Called from the window's `close` event; false means cancel the close. */
  allowClose(): boolean {
    if (this.#allowed || !this.deps.hasUnsavedWork()) return true;
    if (!this.#asking) void this.#ask();
    return false;
  }

  /** Called with every unsaved-state report; closes the window once a requested save is done. */
  documentReported(document: UnsavedDocument | null): void {
    if (document === null && this.#closeAfterSave) this.#closeNow();
  }

  /** Called when a save dialog is cancelled: the user chose to stay. */
  saveCancelled(): void {
    this.#closeAfterSave = false;
  }

  async #ask(): Promise<void> {
    this.#asking = true;
    try {
      const choice = await this.deps.ask();
      if (choice === 'discard') this.#closeNow();
      if (choice === 'save') {
        this.#closeAfterSave = true;
        this.deps.requestSave();
      }
    } finally {
      this.#asking = false;
    }
  }

  #closeNow(): void {
    this.#allowed = true;
    this.#closeAfterSave = false;
    this.deps.close();
  }
}
