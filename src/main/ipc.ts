import path from 'node:path';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { z } from 'zod';
import type { CnnStudioApi, InvokeMethod } from '../bridge/api.js';

/** The renderer's origin: a custom standard scheme, so the page is never a file:// page. */
export const appScheme = 'app';
export const appHost = 'studio';

/**
 * Only the app's own top-level page may call main. The frame's URL is checked rather than the
 * web contents' so that a subframe (there are none, but navigation is one bug away) cannot.
 */
export function isTrustedSender(frame: { url: string; parent: unknown } | null): boolean {
  if (frame === null || frame.parent !== null) return false;
  try {
    const url = new URL(frame.url);
    return url.protocol === `${appScheme}:` && url.host === appHost;
  } catch {
    return false;
  }
}

const maxTextBytes = 64 * 1024 * 1024;
const maxBinaryBytes = 2 * 1024 * 1024 * 1024 - 1;

const filePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => path.isAbsolute(p) && !p.includes('\0'), 'an absolute path');
const text = z.string().max(maxTextBytes);
const bytes = z.instanceof(Uint8Array).refine((b) => b.byteLength <= maxBinaryBytes, 'too large');
/** A name for a save dialog: no folders, so the renderer cannot choose where the dialog opens. */
const fileName = z
  .string()
  .min(1)
  .max(255)
  .refine((n) => n === path.basename(n) && !/[\\/\0]/.test(n) && n !== '..', 'a file name');

/** Each method's arguments, checked in main before its handler runs. */
export const argumentSchemas = {
  openGraph: z.tuple([]),
  openModel: z.tuple([]),
  saveGraph: z.tuple([filePath, text]),
  saveGraphAs: z.tuple([fileName, text]),
  readWeights: z.tuple([filePath]),
  writeWeights: z.tuple([filePath, bytes]),
  exportFile: z.tuple([
    z.strictObject({
      format: z.enum(['json', 'pytorch', 'onnx', 'safetensors']),
      suggestedName: fileName,
      contents: z.union([text, bytes]),
    }),
  ]),
  recentFiles: z.tuple([]),
  readGraph: z.tuple([filePath]),
  reportDocument: z.tuple([z.strictObject({ text, path: filePath.nullable() }).nullable()]),
  appVersion: z.tuple([]),
} satisfies { [K in InvokeMethod]: z.ZodType<Parameters<CnnStudioApi[K]>> };

export type Handlers = {
  [K in InvokeMethod]: (...args: Parameters<CnnStudioApi[K]>) => ReturnType<CnnStudioApi[K]>;
};

type Frame = { url: string; parent: unknown } | null;
type SenderFrame = (event: IpcMainInvokeEvent) => Frame;
const eventFrame: SenderFrame = (event) => event.senderFrame;

/** One `ipcMain.handle` channel whose calls are refused unless sender and arguments pass. */
function handleChecked(
  ipc: Pick<IpcMain, 'handle'>,
  channel: string,
  schema: z.ZodType<unknown[]>,
  handler: (...args: unknown[]) => unknown,
  senderFrame: SenderFrame,
): void {
  ipc.handle(channel, async (event, ...args: unknown[]) => {
    if (!isTrustedSender(senderFrame(event))) {
      throw new Error(`${channel}: refused a call from outside the app`);
    }
    const parsed = schema.safeParse(args);
    if (!parsed.success) {
      throw new Error(`${channel}: bad arguments: ${z.prettifyError(parsed.error)}`);
    }
    return handler(...parsed.data);
  });
}

/** Registers one channel per preload method (channel = method name). */
export function registerHandlers(
  ipc: Pick<IpcMain, 'handle'>,
  handlers: Handlers,
  senderFrame = eventFrame,
): void {
  for (const method of Object.keys(argumentSchemas) as InvokeMethod[]) {
    const handler = handlers[method] as (...args: unknown[]) => unknown;
    handleChecked(ipc, method, argumentSchemas[method], handler, senderFrame);
  }
}
