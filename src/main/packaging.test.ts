import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { describe, expect, it } from 'vitest';

/** The fuses the packaged app must have, as electron-builder.yml's electronFuses names them. */
const wanted = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  onlyLoadAppFromAsar: true,
  enableEmbeddedAsarIntegrityValidation: true,
  enableCookieEncryption: true,
  grantFileProtocolExtraPrivileges: false,
  loadBrowserProcessSpecificV8Snapshot: false,
};

const fuseOf: Record<keyof typeof wanted, FuseV1Options> = {
  runAsNode: FuseV1Options.RunAsNode,
  enableNodeOptionsEnvironmentVariable: FuseV1Options.EnableNodeOptionsEnvironmentVariable,
  enableNodeCliInspectArguments: FuseV1Options.EnableNodeCliInspectArguments,
  onlyLoadAppFromAsar: FuseV1Options.OnlyLoadAppFromAsar,
  enableEmbeddedAsarIntegrityValidation: FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
  enableCookieEncryption: FuseV1Options.EnableCookieEncryption,
  grantFileProtocolExtraPrivileges: FuseV1Options.GrantFileProtocolExtraPrivileges,
  loadBrowserProcessSpecificV8Snapshot: FuseV1Options.LoadBrowserProcessSpecificV8Snapshot,
};

/** How a fuse wire stores a fuse: the characters '1' and '0' (@electron/fuses's FuseState). */
const enabled = '1'.charCodeAt(0);
const disabled = '0'.charCodeAt(0);

/** The `key: true|false` lines of one top-level mapping of a YAML file. */
function yamlFlags(text: string, section: string): Record<string, boolean> {
  const lines = text.split('\n');
  const start = lines.indexOf(`${section}:`);
  if (start < 0) return {};
  const flags: Record<string, boolean> = {};
  for (const line of lines.slice(start + 1)) {
    const m = /^ {2}([A-Za-z0-9]+): (true|false)\s*$/.exec(line);
    if (!m) break;
    flags[m[1]!] = m[2] === 'true';
  }
  return flags;
}

/** The packaged executable `npm run dist` leaves behind on this OS, if it has been run. */
function packagedBinary(): string | null {
  const dir = path.resolve('dist', 'packages');
  const candidates = {
    linux: [path.join(dir, 'linux-unpacked', 'cnn-studio')],
    darwin: [
      path.join(dir, 'mac', 'CNN Studio.app'),
      path.join(dir, 'mac-arm64', 'CNN Studio.app'),
    ],
    win32: [path.join(dir, 'win-unpacked', 'cnn-studio.exe')],
  }[process.platform as 'linux' | 'darwin' | 'win32'];
  return candidates?.find((p) => existsSync(p)) ?? null;
}

describe("the desktop app's packaging", () => {
  it('flips every fuse that would let the binary run other code (electron-builder.yml)', () => {
    const config = readFileSync('electron-builder.yml', 'utf8');
    expect(yamlFlags(config, 'electronFuses')).toEqual(wanted);
    expect(config).toMatch(/^asar: true$/m);
  });

  const binary = packagedBinary();
  if (binary === null) {
    console.log(
      'skipping the read-back of the packaged fuses: no packaged app in dist/packages (npm run dist needs the internet)',
    );
  }
  it.skipIf(binary === null)('has those fuses in the packaged binary', async () => {
    const wire = await getCurrentFuseWire(binary!);
    for (const [name, on] of Object.entries(wanted)) {
      const state = wire[fuseOf[name as keyof typeof wanted]];
      expect(state, name).toBe(on ? enabled : disabled);
    }
  });
});
