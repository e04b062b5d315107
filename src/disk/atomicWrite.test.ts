import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
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

const child = (name: string) => fileURLToPath(new URL(`./testing/${name}.ts`, import.meta.url));

/** Sizes of the temp files beside `target` now. */
const tempSizes = (target: string): number[] =>
  readdirSync(path.dirname(target))
    .filter((n) => n.startsWith(`.${path.basename(target)}.cnn-studio-tmp-`))
    .map((n) => {
      try {
        return statSync(path.join(path.dirname(target), n)).size;
      } catch {
        return -1;
      }
    });

/**
 * Starts a real process saving `length` bytes to `target` and SIGKILLs it as soon as its temp
 * file holds some but not all of them. Resolves with the size the temp file had, or null when
 * the save ended before it could be caught half-way.
 */
function killDuringWrite(target: string, length: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child('save'), target, `${length}`, '7']);
    let caught: number | null = null;
    const poll = setInterval(() => {
      const partial = tempSizes(target).find((s) => s > 0 && s < length);
      if (partial !== undefined && caught === null) {
        caught = partial;
        p.kill('SIGKILL');
      }
    }, 1);
    p.on('error', reject);
    p.on('exit', () => {
      clearInterval(poll);
      resolve(caught);
    });
  });
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 1));
}

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

  it('leaves the original intact when a real process is killed in the middle of writing', async () => {
    const target = path.join(dir, 'w.safetensors');
    const original = 'the weights saved before';
    await fs.writeFile(target, original);
    const length = 192 * 1024 * 1024;
    // The kill lands while the bytes are going to disk; on a very fast disk the whole save may
    // slip between two polls, so a few tries are allowed.
    let caught: number | null = null;
    for (let attempt = 0; attempt < 4 && caught === null; attempt++) {
      caught = await killDuringWrite(target, length);
      const now = await fs.readFile(target);
      // Either the old file, or (when the save won the race) the complete new one.
      if (caught !== null) expect(now.toString()).toBe(original);
      else expect(now.length).toBe(length);
      await fs.writeFile(target, original);
    }
    expect(caught, 'the save was never caught half-way').not.toBeNull();
    expect(caught!).toBeGreaterThan(0);
    expect(caught!).toBeLessThan(length);
    // The next save clears the dead process's temp file.
    await writeFileAtomic(target, 'saved again');
    expect(await fs.readdir(dir)).toEqual(['w.safetensors']);
  }, 60_000);

  it('leaves the original untouched when the process is killed between write and rename', async () => {
    const target = path.join(dir, 'net.cnn.json');
    const original = JSON.stringify({ version: 1, nodes: ['a', 'b'] });
    await fs.writeFile(target, original);
    const length = 1 << 20;
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', child('crashBeforeRename'), target, `${length}`],
      { encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    expect(run.signal).toBe('SIGKILL');

    expect(await fs.readFile(target, 'utf8')).toBe(original);
    // The only other file is the complete temp file, hidden and named for its target.
    const others = (await fs.readdir(dir)).filter((n) => n !== 'net.cnn.json');
    expect(others).toHaveLength(1);
    expect(others[0]).toMatch(/^\.net\.cnn\.json\.cnn-studio-tmp-\d+-/);
    expect(await fs.readFile(path.join(dir, others[0]!), 'utf8')).toBe('x'.repeat(length));

    // The next save removes it.
    await writeFileAtomic(target, 'saved again');
    expect(await fs.readdir(dir)).toEqual(['net.cnn.json']);
    expect(await fs.readFile(target, 'utf8')).toBe('saved again');
  });

  it('lets a save that starts while another is writing the same path succeed, and the other too', async () => {
    const target = path.join(dir, 'w.safetensors');
    const length = 64 * 1024 * 1024;
    const first = writeFileAtomic(target, new Uint8Array(length).fill(1));
    await until(() => tempSizes(target).length > 0);
    const second = writeFileAtomic(target, new Uint8Array(length).fill(2));
    await expect(Promise.all([first, second])).resolves.toBeDefined();
    const bytes = await fs.readFile(target);
    expect(bytes.length).toBe(length);
    expect(bytes.every((b) => b === bytes[0])).toBe(true);
    expect(await fs.readdir(dir)).toEqual(['w.safetensors']);
  });

  it('lets two processes save to one path at once: both succeed, the file is one of them', async () => {
    const target = path.join(dir, 'w.safetensors');
    const length = 128 * 1024 * 1024;
    const save = (value: number) => {
      const p = spawn(process.execPath, [
        '--import',
        'tsx',
        child('save'),
        target,
        `${length}`,
        `${value}`,
      ]);
      let out = '';
      p.stdout.on('data', (d) => (out += d));
      p.stderr.on('data', (d) => (out += d));
      return new Promise<{ code: number | null; out: string }>((resolve) =>
        p.on('exit', (code) => resolve({ code, out })),
      );
    };
    const first = save(1);
    // The second starts while the first one's temp file is being written.
    await until(() => tempSizes(target).length > 0);
    const results = await Promise.all([first, save(2)]);
    expect(results).toEqual([
      { code: 0, out: 'saved\n' },
      { code: 0, out: 'saved\n' },
    ]);
    const bytes = await fs.readFile(target);
    expect(bytes.length).toBe(length);
    expect([1, 2]).toContain(bytes[0]);
    expect(bytes.every((b) => b === bytes[0])).toBe(true);
    expect(await fs.readdir(dir)).toEqual(['w.safetensors']);
  }, 60_000);

  it('fails without touching the target when the folder does not exist', async () => {
    await expect(writeFileAtomic(path.join(dir, 'missing', 'net.cnn.json'), 'x')).rejects.toThrow(
      /ENOENT/,
    );
    expect(await fs.readdir(dir)).toEqual([]);
  });
});
