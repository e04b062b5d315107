import type { CnnStudioApi, ExportFormat } from '../../bridge/api.js';
import { maxGraphFileBytes } from '../../graph/index.js';

/**
 * The one place that knows where files come from: the Electron preload bridge
 * (`window.cnnStudio`) on the desktop, the browser's file picker and downloads in a web page.
 */

export interface OpenedFile {
  name: string;
  /** Set on the desktop, where Save can write the file back. */
  path?: string;
  text: string;
  /** Unsaved work the desktop app restored after a crash. */
  recovered: boolean;
}

export interface SavedFile {
  name: string;
  path?: string;
}

export const desktop = (): CnnStudioApi | undefined => window.cnnStudio;

/** Runs a file action; a failure (disk full, a graph the exporter refuses) is shown, not lost. */
export async function reporting(what: string, action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (e) {
    window.alert(`${what} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export const baseName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

/** The desktop bridge's file, in the renderer's terms. */
export const fromDesktop = (file: {
  path: string | null;
  text: string;
  recovered: boolean;
}): OpenedFile => ({
  name: file.path === null ? 'Untitled' : baseName(file.path),
  ...(file.path === null ? {} : { path: file.path }),
  text: file.text,
  recovered: file.recovered,
});

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** Asks the user for a graph file; null when they cancel. */
export async function openFile(): Promise<OpenedFile | null> {
  const bridge = desktop();
  if (bridge) {
    const file = await bridge.openGraph();
    return file && fromDesktop(file);
  }
  const file = await pickBrowserFile('.json,application/json');
  if (file && file.size > maxGraphFileBytes) {
    // Read, it would fill the tab's memory only to be refused by parseGraph.
    throw new Error(
      `${file.name} is ${mib(file.size)}, over the ${mib(maxGraphFileBytes)} a graph file may have`,
    );
  }
  return file && { name: file.name, text: await file.text(), recovered: false };
}

/** A model file's name and bytes, to import. */
export interface OpenedModel {
  name: string;
  bytes: Uint8Array;
}

/** Asks the user for an ONNX model; null when they cancel. */
export async function openModelFile(): Promise<OpenedModel | null> {
  const bridge = desktop();
  if (bridge) {
    const model = await bridge.openModel();
    return model && { name: baseName(model.path), bytes: model.bytes };
  }
  const file = await pickBrowserFile('.onnx');
  return file && { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

/**
 * Saves a graph. With a path (desktop Save) it overwrites that file; otherwise it asks where
 * (desktop Save As) or downloads it as `suggestedName` (web). Null when the user cancels.
 */
export async function saveFile(
  text: string,
  suggestedName: string,
  path?: string,
): Promise<SavedFile | null> {
  const bridge = desktop();
  if (!bridge) {
    download(text, suggestedName);
    return { name: suggestedName };
  }
  if (path) {
    await bridge.saveGraph(path, text);
    return { name: baseName(path), path };
  }
  const chosen = await bridge.saveGraphAs(suggestedName, text);
  return chosen === null ? null : { name: baseName(chosen), path: chosen };
}

const mimeTypes: Record<ExportFormat, string> = {
  json: 'application/json',
  pytorch: 'text/x-python',
  onnx: 'application/octet-stream',
  safetensors: 'application/octet-stream',
};

/** Writes a copy somewhere the user picks (desktop) or downloads it (web). */
export async function exportFile(
  contents: string | Uint8Array,
  suggestedName: string,
  format: ExportFormat = 'json',
): Promise<void> {
  const bridge = desktop();
  if (bridge) await bridge.exportFile({ format, suggestedName, contents });
  else download(contents, suggestedName, mimeTypes[format]);
}

function pickBrowserFile(accept: string): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.style.display = 'none';
    const done = (file: File | null) => {
      input.remove();
      resolve(file);
    };
    input.addEventListener('change', () => done(input.files?.[0] ?? null));
    input.addEventListener('cancel', () => done(null));
    document.body.append(input);
    input.click();
  });
}

function download(contents: string | Uint8Array, name: string, type = 'application/json') {
  const url = URL.createObjectURL(new Blob([contents as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started from the URL by now; release it on the next turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
