import fs from 'node:fs/promises';
import { z } from 'zod';
import type { UnsavedDocument } from '../bridge/api.js';
import { readJsonFile, writeJsonFile } from './jsonFile.js';

export const autosaveIntervalMs = 30_000;

const recoverySchema = z.object({
  savedAt: z.string(),
  path: z.string().nullable(),
  text: z.string(),
});

/** Unsaved work found at start-up: the last session ended without a clean exit. */
export type Recovery = z.infer<typeof recoverySchema>;

/**
 * Keeps the renderer's unsaved work in one file in the user-data folder, written at most every
 * 30 s and only when it changed. A clean exit (or saving everything) deletes the file, so finding
 * it at start-up means the app crashed or was killed with work unsaved.
 */
export class Autosave {
  #pending: UnsavedDocument | null = null;
  #dirty = false;
  #timer: ReturnType<typeof setInterval> | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The last recovery file, or null; a corrupt one counts as none. */
  static read(file: string): Promise<Recovery | null> {
    return readJsonFile(file, recoverySchema).then((r) => r ?? null);
  }

  start(intervalMs = autosaveIntervalMs): void {
    this.#timer ??= setInterval(() => void this.flush(), intervalMs);
  }

  /** Records the current unsaved state (null once everything is saved) for the next write. */
  update(document: UnsavedDocument | null): Promise<void> {
    this.#pending = document;
    if (document === null) return this.#enqueue(() => fs.rm(this.file, { force: true }));
    this.#dirty = true;
    return this.#writing;
  }

  get hasUnsavedWork(): boolean {
    return this.#pending !== null;
  }

  /** Writes the pending state if it changed since the last write. */
  flush(): Promise<void> {
    const document = this.#pending;
    if (!this.#dirty || document === null) return this.#writing;
    this.#dirty = false;
    const recovery: Recovery = { savedAt: this.now().toISOString(), ...document };
    return this.#enqueue(() => writeJsonFile(this.file, recovery));
  }

  /** Clean exit: stop the timer and delete the recovery file. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#pending = null;
    this.#dirty = false;
    await this.#enqueue(() => fs.rm(this.file, { force: true }));
  }

  /** Writes and deletes run one after another, so a late write cannot resurrect a deleted file. */
  #enqueue(step: () => Promise<void>): Promise<void> {
    this.#writing = this.#writing.then(step, step);
    return this.#writing;
  }
}
