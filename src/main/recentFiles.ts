import path from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeJsonFile } from './jsonFile.js';

export const maxRecentFiles = 10;

/** `list` with `file` moved to the front, without duplicates, at most `max` long. */
export function withRecent(list: readonly string[], file: string, max = maxRecentFiles): string[] {
  const resolved = path.resolve(file);
  return [resolved, ...list.filter((f) => f !== resolved)].slice(0, max);
}

const recentSchema = z.object({ files: z.array(z.string()) });

/** The recent-files list, kept in a JSON file in the user-data folder. */
export class RecentFiles {
  #files: string[] = [];

  constructor(
    private readonly file: string,
    private readonly max = maxRecentFiles,
  ) {}

  /** Reads the saved list; a missing or corrupt file gives an empty list. */
  async load(): Promise<string[]> {
    const saved = await readJsonFile(this.file, recentSchema);
    this.#files = (saved?.files ?? [])
      .filter((f) => path.isAbsolute(f))
      .reduceRight<string[]>((list, f) => withRecent(list, f, this.max), []);
    return this.list();
  }

  list(): string[] {
    return [...this.#files];
  }

  async add(file: string): Promise<string[]> {
    this.#files = withRecent(this.#files, file, this.max);
    await this.#save();
    return this.list();
  }

  async remove(file: string): Promise<string[]> {
    this.#files = this.#files.filter((f) => f !== path.resolve(file));
    await this.#save();
    return this.list();
  }

  async clear(): Promise<void> {
    this.#files = [];
    await this.#save();
  }

  #save(): Promise<void> {
    return writeJsonFile(this.file, { files: this.#files });
  }
}
