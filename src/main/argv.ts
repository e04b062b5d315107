import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Graph files are JSON; `.cnn.json` is the extension CNN Studio registers with the system. */
export const isGraphFileName = (name: string): boolean => /\.json$/i.test(name);

/**
 * The graph files named on a command line. `argv` is Electron's process.argv or the argv of a
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
    if (file !== null && isGraphFileName(file) && !files.includes(file)) files.push(file);
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
