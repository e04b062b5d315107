import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { maxTimingsBytes, type Timing } from '../runtime-gpu/index.js';
import type { KernelProblem } from '../runtime-gpu/tune/problem.js';
import { Tuner } from '../runtime-gpu/tune/tuner.js';
import { cacheDir, fileStore, kernelMode, timingsFileName } from './kernelTimings.js';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cnn-studio-timings-'));
  file = path.join(dir, 'cache', timingsFileName);
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

const timings = new Map<string, Timing>([['conv2d.forward n1', { pick: 'tile64', ms: { a: 1 } }]]);

describe('the CLI’s kernel timings file', () => {
  it('lives in the user’s cache folder on each platform', () => {
    expect(cacheDir({}, 'linux', '/home/u')).toBe('/home/u/.cache/cnn-studio');
    expect(cacheDir({ XDG_CACHE_HOME: '/xdg' }, 'linux', '/home/u')).toBe('/xdg/cnn-studio');
    expect(cacheDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Caches/cnn-studio');
    expect(cacheDir({ LOCALAPPDATA: 'C:\\L' }, 'win32', 'C:\\u')).toContain('cnn-studio');
    expect(cacheDir({ CNN_STUDIO_CACHE_DIR: '/c' }, 'linux', '/home/u')).toBe('/c');
  });

  it('round-trips each adapter’s timings, written atomically into a folder it makes', async () => {
    const store = fileStore(file);
    expect(await store.load('gpu A', 'k1')).toEqual({ timings: new Map() });
    await store.save('gpu A', 'k1', timings);
    await store.save('gpu B', 'k1', new Map());
    expect(await store.load('gpu A', 'k1')).toEqual({ timings });
    expect(await fs.readdir(path.dirname(file))).toEqual([timingsFileName]);
    expect((await store.load('gpu A', 'k2')).note).toContain('the kernels have changed');
  });

  it.each([
    ['not JSON', '{"format":', 'it is not JSON'],
    ['another format', '{"format":"x","version":1,"adapters":{}}', 'format'],
    ['too large', ' '.repeat(maxTimingsBytes + 10), 'larger than'],
  ])(
    'sets aside a file that is %s with a note, and replaces it on the next save',
    async (_, text, why) => {
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, text);
      const store = fileStore(file);
      const r = await store.load('gpu', 'k');
      expect(r.timings.size).toBe(0);
      expect(r.note).toMatch(new RegExp(`^kernel timings in the file .+ set aside \\(.*${why}`));
      await store.save('gpu', 'k', timings);
      expect(await store.load('gpu', 'k')).toEqual({ timings });
    },
  );

  it('lets the tuner measure once and read the file on the next run', async () => {
    const problem: KernelProblem = {
      key: 'conv2d.forward test',
      variants: ['register', 'tile32'],
      build: () => ({ calls: [], tensors: [] }),
    };
    const caps = { sharedMemory: true, workgroupStorage: 16384, invocations: 256, maxBinding: 1 };
    let measured = 0;
    const measure = async (_: KernelProblem, v: string) => (measured++, v === 'tile32' ? 1 : 2);
    const first = new Tuner({ caps, adapter: 'gpu', measure, store: fileStore(file) });
    await first.tune([problem]);
    expect(measured).toBe(2);
    const second = new Tuner({ caps, adapter: 'gpu', measure, store: fileStore(file) });
    expect(await second.tune([problem])).toBe(false);
    expect(second.pick(problem)).toBe('tile32');
    expect(measured).toBe(2);
  });

  it('takes tuned, register or a variant from CNN_STUDIO_KERNELS, and refuses anything else', () => {
    expect(kernelMode(undefined)).toBe('tuned');
    expect(kernelMode('register')).toBe('register');
    expect(kernelMode('tile64.splitk')).toBe('tile64.splitk');
    expect(() => kernelMode('fastest')).toThrow(
      'CNN_STUDIO_KERNELS=fastest is not tuned, register or a kernel variant',
    );
    expect(() => kernelMode('constructor')).toThrow('is not tuned');
  });
});
