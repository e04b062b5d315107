import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../disk/atomicWrite.js';
import {
  adapterSection,
  emptyTimingsFile,
  isKernelMode,
  loadedSection,
  maxTimingsBytes,
  parseTimingsFile,
  withAdapter,
  type KernelMode,
  type TimingsFile,
  type TuneStore,
} from '../runtime-gpu/index.js';
import { CliError } from './errors.js';

/**
 * The user's cache folder for CNN Studio: $CNN_STUDIO_CACHE_DIR when set, else the platform's
 * (XDG_CACHE_HOME or ~/.cache on Linux, ~/Library/Caches on macOS, %LOCALAPPDATA% on Windows).
 */
export function cacheDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home = os.homedir(),
): string {
  if (env.CNN_STUDIO_CACHE_DIR) return env.CNN_STUDIO_CACHE_DIR;
  if (platform === 'win32') {
    return path.join(env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'cnn-studio');
  }
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'cnn-studio');
  return path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'cnn-studio');
}

export const timingsFileName = 'kernel-timings.json';

/** Reads at most maxTimingsBytes + 1 bytes: a larger file is refused unread. */
async function readBounded(file: string): Promise<string | null> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    const bytes = Buffer.alloc(maxTimingsBytes + 1);
    let length = 0;
    while (length < bytes.length) {
      const { bytesRead } = await handle.read(bytes, length, bytes.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return bytes.subarray(0, length).toString('utf8');
  } finally {
    await handle.close();
  }
}

async function readFile(file: string): Promise<{ file: TimingsFile; problem?: string }> {
  const text = await readBounded(file);
  return text === null ? { file: emptyTimingsFile() } : parseTimingsFile(text);
}

/**
 * The CLI's kernel timings: one JSON file for every adapter of this user, read bounded and
 * validated (a corrupt one is set aside with a note and rewritten on the next save), written
 * atomically.
 */
export function fileStore(file: string): TuneStore {
  const where = `the file ${file}`;
  return {
    where,
    async load(adapter, kernels) {
      const { file: f, problem } = await readFile(file);
      if (problem) {
        return {
          timings: new Map(),
          note: `kernel timings in ${where} set aside (${problem}); measuring again`,
        };
      }
      return loadedSection(f.adapters[adapter], kernels, where);
    },
    async save(adapter, kernels, timings) {
      // Read again: another process may have stored another adapter's since.
      const { file: f } = await readFile(file);
      await fs.mkdir(path.dirname(file), { recursive: true });
      await writeFileAtomic(file, withAdapter(f, adapter, adapterSection(kernels, timings)));
    },
  };
}

/**
 * How the CLI chooses kernels, from $CNN_STUDIO_KERNELS: `tuned` (the default: measured once
 * per layer size and GPU), `register` (the register-blocked kernels only, nothing measured) or
 * one variant's name.
 */
export function kernelMode(value: string | undefined): KernelMode {
  if (value === undefined || value === '') return 'tuned';
  if (isKernelMode(value)) return value;
  throw new CliError(
    `CNN_STUDIO_KERNELS=${value.slice(0, 40)} is not tuned, register or a kernel variant`,
  );
}
