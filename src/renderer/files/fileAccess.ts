/**
 * The one place that knows where files come from: the Electron preload bridge when the app
 * runs on the desktop, the browser's file picker and downloads in a plain web page.
 */

export interface OpenedFile {
  name: string;
  /** Set on the desktop, where Save can write the file back. */
  path?: string;
  text: string;
}

export interface SavedFile {
  name: string;
  path?: string;
}

/** What the renderer needs of the desktop bridge (`window.cnnStudio`) for files. */
interface DesktopFiles {
  openGraph(): Promise<{ path: string; text: string } | null>;
  saveGraph(request: {
    path: string | null;
    suggestedName: string;
    text: string;
  }): Promise<{ path: string } | null>;
}

const desktop = (): DesktopFiles | undefined =>
  (globalThis as { cnnStudio?: DesktopFiles }).cnnStudio;

const baseName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

/** Asks the user for a graph file; null when they cancel. */
export async function openFile(): Promise<OpenedFile | null> {
  const bridge = desktop();
  if (bridge) {
    const file = await bridge.openGraph();
    return file && { name: baseName(file.path), path: file.path, text: file.text };
  }
  const file = await pickBrowserFile('.json,application/json');
  return file && { name: file.name, text: await file.text() };
}

/**
 * Writes `text`. With a path (desktop Save) it overwrites that file; otherwise it asks where
 * (desktop Save As) or downloads it as `suggestedName` (web). Null when the user cancels.
 */
export async function saveFile(
  text: string,
  suggestedName: string,
  path?: string,
): Promise<SavedFile | null> {
  const bridge = desktop();
  if (bridge) {
    const saved = await bridge.saveGraph({ path: path ?? null, suggestedName, text });
    return saved && { name: baseName(saved.path), path: saved.path };
  }
  download(text, suggestedName);
  return { name: suggestedName };
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

function download(text: string, name: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started from the URL by now; release it on the next turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
