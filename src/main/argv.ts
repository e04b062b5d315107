import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Graph files are JSON; `.cnn.json` is the extension CNN Studio registers with the system. */
export const isGraphFileName = (name: string): boolean => /\.json$/i.test(name);

/** ONNX models, which the app imports. */
export const isModelFileName = (name: string): boolean => /\.onnx$/i.test(name);

/** A file the app opens when the system hands it one: a graph, or a model to import. */
export const isOpenableFileName = (name: string): boolean =>
  isGraphFileName(name) || isModelFileName(name);

/**
 * The graph and ONNX files named on a command line. `argv` is Electron's process.argv or the argv of a
 * second instance: the executable first, then Electron/Chromium switches (which Chromium may add
 * or reorder), the app folder when run unpackaged (`electron .`), and the files, which desktop
 * launchers may pass as file:// URLs. Relative paths are taken from `cwd`.
 */
export function graphFilesFromArgv(argv: readonly string[], cwd: string): string[] {
  const files: string[] = [];
  let switchesEnded = false;
  for (const arg of argv.slice(1)) {
    if (!switchesEnded && arg === '--') {
      switchesEnded = true;
      continue;
    }
    // `-psn_0_1234` is the process serial number macOS adds to apps opened from Finder.
    if (!switchesEnded && arg.startsWith('-')) continue;
    const file = arg.startsWith('file://') ? fileUrlToPath(arg) : path.resolve(cwd, arg);
    if (file !== null && isOpenableFileName(file) && !files.includes(file)) files.push(file);
  }
  return files;
}

function fileUrlToPath(url: string): string | null {
  try {
    return fileURLToPath(url);
  } catch {
    return null;
  }
}
