import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

const tempMarker = '.cnn-studio-tmp-';

const tempPrefix = (target: string): string => `.${path.basename(target)}${tempMarker}`;

/** Temp files left beside `target` by a save that died before its rename. */
async function removeStaleTemps(target: string): Promise<void> {
  const dir = path.dirname(target);
  const prefix = tempPrefix(target);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    names.filter((n) => n.startsWith(prefix)).map((n) => fs.rm(path.join(dir, n), { force: true })),
  );
}

/**
 * Writes `data` to `target` so that a crash at any moment leaves either the old file or the new
 * one, never a mix: the bytes go to a temp file in the same folder (a rename is atomic only
 * within one file system), are flushed to disk, and the temp file is renamed over the target.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  await removeStaleTemps(target);
  const mode = await fs.stat(target).then(
    (s) => s.mode & 0o777,
    () => 0o644,
  );
  const temp = path.join(path.dirname(target), tempPrefix(target) + randomBytes(6).toString('hex'));
  const handle = await fs.open(temp, 'wx', mode);
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, target);
  } catch (e) {
    await fs.rm(temp, { force: true });
    throw e;
  }
  await syncDirectory(path.dirname(target));
}

/** Makes the rename itself durable; folders cannot be opened for fsync on Windows. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
