import { describe, expect, it } from 'vitest';
import { CloseGuard, closeChoice, unsavedChangesPrompt, type CloseChoice } from './closeGuard.js';

function setup(unsaved: boolean, answers: CloseChoice[]) {
  const log: string[] = [];
  let dirty = unsaved;
  const guard = new CloseGuard({
    hasUnsavedWork: () => dirty,
    ask: async () => {
      log.push('ask');
      return answers.shift() ?? 'cancel';
    },
    requestSave: () => log.push('save'),
    close: () => {
      log.push('close');
      // A real close re-enters the window's close event.
      log.push(guard.allowClose() ? 'closed' : 'blocked');
    },
  });
  return { guard, log, setDirty: (d: boolean) => (dirty = d) };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('closeChoice', () => {
  it('maps the prompt buttons in order, and anything else to cancel', () => {
    expect(unsavedChangesPrompt.buttons.map((_, i) => closeChoice(i))).toEqual([
      'save',
      'discard',
      'cancel',
    ]);
    expect(closeChoice(-1)).toBe('cancel');
  });
});

describe('CloseGuard', () => {
  it('lets a window without unsaved work close without asking', () => {
    const { guard, log } = setup(false, []);
    expect(guard.allowClose()).toBe(true);
    expect(log).toEqual([]);
  });

  it("closes after Don't Save", async () => {
    const { guard, log } = setup(true, ['discard']);
    expect(guard.allowClose()).toBe(false);
    await tick();
    expect(log).toEqual(['ask', 'close', 'closed']);
  });

  it('stays open after Cancel and asks again next time', async () => {
    const { guard, log } = setup(true, ['cancel', 'discard']);
    expect(guard.allowClose()).toBe(false);
    await tick();
    expect(guard.allowClose()).toBe(false);
    await tick();
    expect(log).toEqual(['ask', 'ask', 'close', 'closed']);
  });

  it('asks once while the question is open, however often close is pressed', async () => {
    const { guard, log } = setup(true, ['cancel']);
    guard.allowClose();
    guard.allowClose();
    await tick();
    expect(log).toEqual(['ask']);
  });

  it('saves, then closes when the renderer reports everything saved', async () => {
    const { guard, log, setDirty } = setup(true, ['save']);
    guard.allowClose();
    await tick();
    expect(log).toEqual(['ask', 'save']);
    guard.documentReported({ text: 'still editing', path: null });
    expect(log).toEqual(['ask', 'save']);
    setDirty(false);
    guard.documentReported(null);
    expect(log).toEqual(['ask', 'save', 'close', 'closed']);
  });

  it('stays open when the save dialog is cancelled, and a later save does not close it', async () => {
    const { guard, log } = setup(true, ['save']);
    guard.allowClose();
    await tick();
    guard.saveCancelled();
    guard.documentReported(null);
    expect(log).toEqual(['ask', 'save']);
  });
});
