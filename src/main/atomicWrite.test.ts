import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomicWrite.js';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cnn-atomic-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const crashChild = fileURLToPath(new URL('./testing/crashBeforeRename.ts', import.meta.url));

describe('writeFileAtomic', () => {
  it('creates a file and replaces it, leaving nothing else in the folder', async () => {
    const target = path.join(dir, 'net.cnn.json');
    await writeFileAtomic(target, 'first');
    await writeFileAtomic(target, new TextEncoder().encode('second'));
    expect(await fs.readFile(target, 'utf8')).toBe('second');
    expect(await fs.readdir(dir)).toEqual(['net.cnn.json']);
  });

  it('keeps the permissions of the file it replaces', async () => {
    const target = path.join(dir, 'net.cnn.json');
    await fs.writeFile(target, 'old', { mode: 0o600 });
    await fs.chmod(target, 0o600);
    await writeFileAtomic(target, 'new');
    expect((await fs.stat(target)).mode & 0o777).toBe(0o600);
  });

  it('leaves the original untouched when the process is killed between write and rename', async () => {
    const target = path.join(dir, 'net.cnn.json');
    const original = JSON.stringify({ version: 1, nodes: ['a', 'b'] });
    await fs.writeFile(target, original);
    const length = 1 << 20;
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', crashChild, target, `${length}`],
      {
        encoding: 'utf8',
      },
    );
    expect(child.stderr).toBe('');
    expect(child.signal).toBe('SIGKILL');

    expect(await fs.readFile(target, 'utf8')).toBe(original);
    // The only other file is the complete temp file, hidden and named for its target.
    const others = (await fs.readdir(dir)).filter((n) => n !== 'net.cnn.json');
    expect(others).toHaveLength(1);
    expect(others[0]).toMatch(/^\.net\.cnn\.json\.cnn-studio-tmp-/);
    expect(await fs.readFile(path.join(dir, others[0]!), 'utf8')).toBe('x'.repeat(length));

    // The next save removes it.
    await writeFileAtomic(target, 'saved again');
    expect(await fs.readdir(dir)).toEqual(['net.cnn.json']);
    expect(await fs.readFile(target, 'utf8')).toBe('saved again');
  });

  it('fails without touching the target when the folder does not exist', async () => {
    await expect(writeFileAtomic(path.join(dir, 'missing', 'net.cnn.json'), 'x')).rejects.toThrow(
      /ENOENT/,
    );
    expect(await fs.readdir(dir)).toEqual([]);
  });
});
