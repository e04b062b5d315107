import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import type { InvokeMethod } from '../bridge/api.js';
import { argumentSchemas, isTrustedSender, registerHandlers, type Handlers } from './ipc.js';

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** Registers handlers that record their calls on a fake ipcMain; returns an invoke function. */
function fakeIpc() {
  const listeners = new Map<string, Listener>();
  const ipc = { handle: (channel: string, l: Listener) => void listeners.set(channel, l) };
  const calls: [string, unknown[]][] = [];
  const handlers = Object.fromEntries(
    Object.keys(argumentSchemas).map((m) => [
      m,
      async (...args: unknown[]) => {
        calls.push([m, args]);
        return 'ok';
      },
    ]),
  ) as unknown as Handlers;
  registerHandlers(ipc as unknown as Pick<IpcMain, 'handle'>, handlers);
  const invoke = async (method: string, url: string | null, ...args: unknown[]) => {
    const senderFrame = url === null ? null : { url, parent: null };
    return listeners.get(method)!({ senderFrame } as unknown as IpcMainInvokeEvent, ...args);
  };
  return { invoke, calls, channels: [...listeners.keys()] };
}

const app = 'app://studio/index.html';

describe('isTrustedSender', () => {
  it('trusts only the top-level app:// page', () => {
    expect(isTrustedSender({ url: app, parent: null })).toBe(true);
    expect(isTrustedSender({ url: 'app://studio/', parent: null })).toBe(true);
    expect(isTrustedSender({ url: app, parent: {} })).toBe(false);
    expect(isTrustedSender({ url: 'app://evil/index.html', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'file:///tmp/index.html', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'https://studio/', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'not a url', parent: null })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });
});

describe('registerHandlers', () => {
  it('registers one channel per preload method and no other (drops come by navigation)', () => {
    expect(fakeIpc().channels.sort()).toEqual(Object.keys(argumentSchemas).sort());
  });

  it('passes valid calls through', async () => {
    const { invoke, calls } = fakeIpc();
    const bytes = new Uint8Array([1, 2]);
    await expect(invoke('saveGraph', app, '/nets/a.cnn.json', '{}')).resolves.toBe('ok');
    await invoke('writeWeights', app, '/nets/a.cnn.json', bytes);
    await invoke('reportDocument', app, null);
    expect(calls).toEqual([
      ['saveGraph', ['/nets/a.cnn.json', '{}']],
      ['writeWeights', ['/nets/a.cnn.json', bytes]],
      ['reportDocument', [null]],
    ]);
  });

  it('refuses calls from another origin or a destroyed frame before any handler runs', async () => {
    const { invoke, calls } = fakeIpc();
    await expect(invoke('appVersion', 'https://example.com/')).rejects.toThrow(/outside the app/);
    await expect(invoke('appVersion', null)).rejects.toThrow(/outside the app/);
    expect(calls).toEqual([]);
  });

  it('refuses arguments of the wrong shape', async () => {
    const { invoke, calls } = fakeIpc();
    const bad: [InvokeMethod, ...unknown[]][] = [
      ['saveGraph', 'relative/a.cnn.json', '{}'],
      ['saveGraph', '/nets/a.cnn.json', { text: '{}' }],
      ['saveGraph', '/nets/a\0.cnn.json', '{}'],
      ['saveGraphAs', '../../etc/x.cnn.json', '{}'],
      ['saveGraphAs', '/tmp/x.cnn.json', '{}'],
      ['writeWeights', '/nets/a.cnn.json', [1, 2]],
      ['exportFile', { format: 'exe', suggestedName: 'a', contents: '' }],
      ['exportFile', { format: 'json', suggestedName: 'a.json', contents: '', path: '/tmp' }],
      ['reportDocument', { text: '{}' }],
      ['openGraph', '/etc/passwd'],
    ];
    for (const [method, ...args] of bad) {
      await expect(
        invoke(method, app, ...args),
        `${method} ${JSON.stringify(args)}`,
      ).rejects.toThrow(/bad arguments/);
    }
    expect(calls).toEqual([]);
  });
});
