import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosave, autosaveIntervalMs } from './autosave.js';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cnn-autosave-'));
  file = path.join(dir, 'autosave.json');
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
});
afterEach(async () => {
  vi.useRealTimers();
  await fs.rm(dir, { recursive: true, force: true });
});

const exists = (f: string): Promise<boolean> =>
  fs.access(f).then(
    () => true,
    () => false,
  );

describe('Autosave', () => {
  it('writes unsaved work only when the 30 s interval comes round', async () => {
    const autosave = new Autosave(file);
    autosave.start();
    await autosave.update({ text: '{"v":1}', path: null });
    vi.advanceTimersByTime(autosaveIntervalMs - 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(await exists(file)).toBe(false);
    vi.advanceTimersByTime(1);
    await vi.waitFor(async () => expect((await Autosave.read(file))?.text).toBe('{"v":1}'));
    await autosave.stop();
  });

  it('the timer writes the latest state every 30 s, and a crash leaves it for the next start', async () => {
    let clock = Date.parse('2026-11-27T10:00:00Z');
    const autosave = new Autosave(file, () => new Date(clock));
    autosave.start();
    await autosave.update({ text: 'first', path: null });
    await autosave.update({ text: 'second', path: '/nets/a.cnn.json' });
    expect(await exists(file)).toBe(false);

    vi.advanceTimersByTime(autosaveIntervalMs);
    await vi.waitFor(() => expect(exists(file)).resolves.toBe(true));
    const recovery = await Autosave.read(file);
    expect(recovery).toEqual({
      savedAt: '2026-11-27T10:00:00.000Z',
      text: 'second',
      path: '/nets/a.cnn.json',
    });

    // The process dies here: no stop(). The next start finds the work.
    clock += 60_000;
    expect(await Autosave.read(file)).toEqual(recovery);
  });

  it('does not rewrite an unchanged state', async () => {
    let clock = 0;
    const autosave = new Autosave(file, () => new Date(clock));
    autosave.start();
    await autosave.update({ text: 'a', path: null });
    vi.advanceTimersByTime(autosaveIntervalMs);
    await autosave.flush();
    clock = 5_000;
    vi.advanceTimersByTime(autosaveIntervalMs);
    await autosave.flush();
    expect((await Autosave.read(file))?.savedAt).toBe(new Date(0).toISOString());
  });

  it('deletes the file when everything is saved and on a clean exit', async () => {
    const autosave = new Autosave(file);
    autosave.start();
    await autosave.update({ text: 'a', path: null });
    await autosave.flush();
    expect(await exists(file)).toBe(true);
    await autosave.update(null);
    expect(await exists(file)).toBe(false);

    await autosave.update({ text: 'b', path: null });
    await autosave.flush();
    await autosave.stop();
    expect(await exists(file)).toBe(false);
    expect(await Autosave.read(file)).toBeNull();
  });

  it('ignores a corrupt recovery file', async () => {
    await fs.writeFile(file, '{"savedAt": "2026-');
    expect(await Autosave.read(file)).toBeNull();
  });
});
