import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UnsavedDocument } from '../bridge/api.js';
import { createDesktopApi, type Dialogs } from './desktopApi.js';
import { PathAccess } from './pathAccess.js';
import { RecentFiles } from './recentFiles.js';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cnn-desktop-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** Dialogs that answer from a queue and record what they were asked. */
function fakeDialogs(answers: (string | null)[]) {
  const asked: { kind: string; at: string; filters?: string[] }[] = [];
  const dialogs: Dialogs = {
    async openGraph(folder) {
      asked.push({ kind: 'open', at: folder });
      return answers.shift() ?? null;
    },
    async openModel(folder) {
      asked.push({ kind: 'openModel', at: folder });
      return answers.shift() ?? null;
    },
    async saveFile({ defaultPath, filters }) {
      asked.push({ kind: 'save', at: defaultPath, filters: filters.flatMap((f) => f.extensions) });
      return answers.shift() ?? null;
    },
  };
  return { dialogs, asked };
}

function setup(answers: (string | null)[] = []) {
  const { dialogs, asked } = fakeDialogs(answers);
  const reported: (UnsavedDocument | null)[] = [];
  const recentMenus: string[][] = [];
  const api = createDesktopApi({
    access: new PathAccess(),
    dialogs,
    recent: new RecentFiles(path.join(dir, 'recent.json')),
    unsaved: { update: async (d) => void reported.push(d) },
    appVersion: '1.2.3',
    documentsFolder: path.join(dir, 'Documents'),
    onRecentChanged: (files) => recentMenus.push(files),
  });
  return { api, asked, reported, recentMenus };
}

describe('createDesktopApi', () => {
  it('refuses to read a graph file over the 64 MiB limit, naming it', async () => {
    const file = path.join(dir, 'huge.cnn.json');
    await fs.writeFile(file, '');
    await fs.truncate(file, 65 * 2 ** 20);
    const { api } = setup([file]);
    await expect(api.openGraph()).rejects.toThrow(
      'huge.cnn.json is 65 MiB, over the 64 MiB a graph file may have',
    );
  });

  it('opens the file chosen in the dialog and adds it to the recent list', async () => {
    const file = path.join(dir, 'lenet.cnn.json');
    await fs.writeFile(file, '{"format":"cnn-studio.graph"}');
    const { api, asked, recentMenus } = setup([file]);
    expect(await api.openGraph()).toEqual({
      path: file,
      text: '{"format":"cnn-studio.graph"}',
      recovered: false,
    });
    expect(asked).toEqual([{ kind: 'open', at: path.join(dir, 'Documents') }]);
    expect(recentMenus).toEqual([[file]]);
    expect(await api.recentFiles()).toEqual([file]);
  });

  it('reads the ONNX model chosen in its dialog as bytes, and null when cancelled', async () => {
    const file = path.join(dir, 'net.onnx');
    await fs.writeFile(file, Uint8Array.of(8, 8, 18, 0));
    const { api, asked, recentMenus } = setup([file, null]);
    expect(await api.openModel()).toEqual({ path: file, bytes: Uint8Array.of(8, 8, 18, 0) });
    expect(await api.openModel()).toBeNull();
    expect(asked.map((a) => a.kind)).toEqual(['openModel', 'openModel']);
    // A model is imported, not opened: it does not join the recent graphs.
    expect(recentMenus).toEqual([]);
    expect(await api.modelFromSystem(file)).toEqual({
      path: file,
      bytes: Uint8Array.of(8, 8, 18, 0),
    });
  });

  it('returns null and grants nothing when the dialog is cancelled', async () => {
    const { api } = setup([null]);
    expect(await api.openGraph()).toBeNull();
    await expect(api.saveGraph(path.join(dir, 'x.cnn.json'), '{}')).rejects.toThrow(/you chose/);
  });

  it('refuses to read or write a file the user did not pick', async () => {
    const secret = path.join(dir, 'secret.json');
    await fs.writeFile(secret, 'private');
    const { api } = setup();
    await expect(api.readGraph(secret)).rejects.toThrow(/you chose/);
    await expect(api.saveGraph(secret, 'overwritten')).rejects.toThrow(/you chose/);
    await expect(api.writeWeights(secret, new Uint8Array([1]))).rejects.toThrow(/you chose/);
    await expect(api.reportDocument({ text: '{}', path: secret })).rejects.toThrow(/you chose/);
    expect(await fs.readFile(secret, 'utf8')).toBe('private');
    expect(await fs.readdir(dir)).toEqual(['secret.json']);
  });

  it('saves as a new file (adding .cnn.json), then saves again to it, starting where the last one was', async () => {
    const { api, asked } = setup([path.join(dir, 'mynet')]);
    const saved = await api.saveGraphAs('untitled.cnn.json', 'v1');
    expect(saved).toBe(path.join(dir, 'mynet.cnn.json'));
    await api.saveGraph(saved!, 'v2');
    expect(await fs.readFile(saved!, 'utf8')).toBe('v2');
    expect(asked[0]).toEqual({
      kind: 'save',
      at: path.join(dir, 'Documents', 'untitled.cnn.json'),
      filters: ['json'],
    });
    await api.exportFile({
      format: 'onnx',
      suggestedName: 'mynet.onnx',
      contents: new Uint8Array(),
    });
    expect(asked[1]).toMatchObject({ at: path.join(dir, 'mynet.onnx'), filters: ['onnx'] });
  });

  it('keeps weights beside the graph: none at first, then what was written', async () => {
    const file = path.join(dir, 'net.cnn.json');
    await fs.writeFile(file, '{}');
    const { api } = setup([file]);
    await api.openGraph();
    expect(await api.readWeights(file)).toBeNull();
    await api.writeWeights(file, new Uint8Array([1, 2, 3]));
    expect(await fs.readFile(path.join(dir, 'net.safetensors'))).toEqual(Buffer.from([1, 2, 3]));
    expect(await api.readWeights(file)).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('writes exports where the user chose and returns null when cancelled', async () => {
    const target = path.join(dir, 'out', 'net.py');
    await fs.mkdir(path.dirname(target));
    const { api } = setup([target, null]);
    const request = {
      format: 'pytorch',
      suggestedName: 'net.py',
      contents: 'import torch\n',
    } as const;
    expect(await api.exportFile(request)).toBe(target);
    expect(await fs.readFile(target, 'utf8')).toBe('import torch\n');
    expect(await api.exportFile(request)).toBeNull();
  });

  it('opens files from the system, after which the renderer may save them', async () => {
    const file = path.join(dir, 'dropped.cnn.json');
    await fs.writeFile(file, 'old');
    const { api, reported } = setup();
    expect((await api.openFromSystem(file)).text).toBe('old');
    await api.reportDocument({ text: 'new', path: file });
    await api.saveGraph(file, 'new');
    await api.reportDocument(null);
    expect(await fs.readFile(file, 'utf8')).toBe('new');
    expect(reported).toEqual([{ text: 'new', path: file }, null]);
    expect(await api.appVersion()).toBe('1.2.3');
  });
});
