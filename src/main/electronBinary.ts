import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Where an Electron build keeps its executable, by platform (as in electron/install.js). */
const executableIn: Partial<Record<NodeJS.Platform, string>> = {
  darwin: 'Electron.app/Contents/MacOS/Electron',
  win32: 'electron.exe',
};

export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

/** The `electron` package folder in node_modules. */
export const electronPackageDir = (): string =>
  path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));

/**
 * Finds the Electron executable the way the `electron` package does (its path.txt, written when
 * its install script downloads the binary, or ELECTRON_OVERRIDE_DIST_PATH), and says why not if
 * there is none: npm runs with ignore-scripts here, so the download never happens.
 */
export function findElectron(
  packageDir: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): ElectronBinary {
  const pathFile = path.join(packageDir, 'path.txt');
  const recorded = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate =
    override !== undefined && override !== ''
      ? path.join(override, recorded ?? executableIn[platform] ?? 'electron')
      : recorded === undefined
        ? undefined
        : path.join(packageDir, 'dist', recorded);
  if (candidate === undefined) {
    return {
      found: false,
      reason:
        'no Electron binary: its download was skipped (npm ignore-scripts or no internet). ' +
        'Run `node node_modules/electron/install.js` online, or set ELECTRON_OVERRIDE_DIST_PATH ' +
        'to a folder holding an Electron build.',
    };
  }
  if (!fs.existsSync(candidate)) {
    return { found: false, reason: `no Electron binary at ${candidate}` };
  }
  return { found: true, path: candidate };
}
