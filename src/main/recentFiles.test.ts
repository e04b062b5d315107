import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecentFiles, withRecent } from './recentFiles.js';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cnn-recent-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const p = (name: string): string => path.resolve('/nets', name);

describe('withRecent', () => {
  it('puts the newest first, moves a repeated file to the front, and keeps at most max', () => {
    let list: string[] = [];
    for (const f of ['a', 'b', 'c', 'b', 'd']) list = withRecent(list, p(f), 3);
    expect(list).toEqual([p('d'), p('b'), p('c')]);
  });

  it('treats two spellings of one path as one file', () => {
    const list = withRecent([p('a')], '/nets/x/../a');
    expect(list).toEqual([p('a')]);
  });
});

describe('RecentFiles', () => {
  it('persists the list and reads it back in order', async () => {
    const file = path.join(dir, 'recent.json');
    const recent = new RecentFiles(file);
    await recent.add(p('a'));
    await recent.add(p('b'));
    expect(await new RecentFiles(file).load()).toEqual([p('b'), p('a')]);
  });

  it('starts empty when the file is missing or corrupt', async () => {
    const file = path.join(dir, 'recent.json');
    expect(await new RecentFiles(file).load()).toEqual([]);
    await fs.writeFile(file, '{"files": ["/nets/a", ');
    expect(await new RecentFiles(file).load()).toEqual([]);
    await fs.writeFile(file, '{"files": "not a list"}');
    expect(await new RecentFiles(file).load()).toEqual([]);
  });

  it('cleans a hand-edited list: relative paths, duplicates and overflow are dropped', async () => {
    const file = path.join(dir, 'recent.json');
    await fs.writeFile(
      file,
      JSON.stringify({ files: ['rel.json', p('a'), p('b'), p('a'), p('c')] }),
    );
    expect(await new RecentFiles(file, 2).load()).toEqual([p('a'), p('b')]);
  });

  it('removes and clears', async () => {
    const file = path.join(dir, 'recent.json');
    const recent = new RecentFiles(file);
    await recent.add(p('a'));
    await recent.add(p('b'));
    expect(await recent.remove(p('b'))).toEqual([p('a')]);
    await recent.clear();
    expect(await new RecentFiles(file).load()).toEqual([]);
  });
});
