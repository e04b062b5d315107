/**
 * The one way CNN Studio writes a file (CLI outputs, the built-in datasets, the desktop app's
 * saves and settings): a crash or a kill at any moment leaves the old file or the new one, never
 * a mix, and two saves to one path at the same time both succeed (the last rename wins).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

const tempMarker = '.cnn-studio-tmp-';

/** Large outputs (ONNX models, weights) go to disk in pieces of this size. */
const chunkBytes = 8 * 1024 * 1024;

const tempPrefix = (target: string): string => `.${path.basename(target)}${tempMarker}`;

/** Temp files this process is writing now: never stale, whatever their age. */
const inFlight = new Set<string>();

/** Whether the process that named a temp file may still be writing it. */
function ownerAlive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, it is just not ours to signal.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temp files left beside `target` by saves that died before their rename. A temp file is
 * named `.<target name>.cnn-studio-tmp-<pid>-<random>`: one whose process still runs belongs to
 * a save in progress (a second process saving to the same path) and is left alone.
 */
async function removeStaleTemps(target: string): Promise<void> {
  const dir = path.dirname(target);
  const prefix = tempPrefix(target);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const stale = names.filter((name) => {
    if (!name.startsWith(prefix)) return false;
    const file = path.join(dir, name);
    if (inFlight.has(file)) return false;
    const pid = Number(name.slice(prefix.length).split('-')[0]);
    return !(Number.isSafeInteger(pid) && pid > 0 && ownerAlive(pid));
  });
  await Promise.all(stale.map((name) => fs.rm(path.join(dir, name), { force: true })));
}

async function writeAll(handle: fs.FileHandle, data: string | Uint8Array): Promise<void> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  for (let at = 0; at < bytes.length;) {
    const { bytesWritten } = await handle.write(
      bytes,
      at,
      Math.min(chunkBytes, bytes.length - at),
      at,
    );
    at += bytesWritten;
  }
}

/**
 * Writes `data` to `target` atomically: the bytes go to a temp file with a unique name in the
 * same folder (a rename is atomic only within one file system), are flushed to disk (fsync), the
 * temp file is renamed over the target, and the folder is flushed so the rename itself survives a
 * power cut. The target keeps its permissions.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  await removeStaleTemps(target);
  const mode = await fs.stat(target).then(
    (s) => s.mode & 0o777,
    () => 0o644,
  );
  const temp = path.join(
    path.dirname(target),
    `${tempPrefix(target)}${process.pid}-${randomBytes(6).toString('hex')}`,
  );
  inFlight.add(temp);
  try {
    const handle = await fs.open(temp, 'wx', mode);
    try {
      try {
        await writeAll(handle, data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temp, target);
    } catch (e) {
      await fs.rm(temp, { force: true });
      throw e;
    }
  } finally {
    inFlight.delete(temp);
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
