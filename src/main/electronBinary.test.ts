import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { electronPackageDir, findElectron } from './electronBinary.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnn-electron-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const touch = (file: string): void => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '');
};

describe('findElectron', () => {
  it('explains that the download was skipped when the package has no path.txt', () => {
    const found = findElectron(dir, {});
    expect(found).toEqual({ found: false, reason: expect.stringMatching(/download was skipped/) });
  });

  it('finds the downloaded binary that path.txt names', () => {
    fs.writeFileSync(path.join(dir, 'path.txt'), 'electron');
    expect(findElectron(dir, {})).toEqual({
      found: false,
      reason: `no Electron binary at ${path.join(dir, 'dist', 'electron')}`,
    });
    touch(path.join(dir, 'dist', 'electron'));
    expect(findElectron(dir, {})).toEqual({
      found: true,
      path: path.join(dir, 'dist', 'electron'),
    });
  });

  it('prefers ELECTRON_OVERRIDE_DIST_PATH, with the platform executable name', () => {
    const override = path.join(dir, 'custom');
    touch(path.join(override, 'electron.exe'));
    expect(findElectron(dir, { ELECTRON_OVERRIDE_DIST_PATH: override }, 'win32')).toEqual({
      found: true,
      path: path.join(override, 'electron.exe'),
    });
    expect(findElectron(dir, { ELECTRON_OVERRIDE_DIST_PATH: override }, 'linux').found).toBe(false);
  });

  it('locates the installed electron package', () => {
    expect(fs.existsSync(path.join(electronPackageDir(), 'electron.d.ts'))).toBe(true);
  });
});
