import { spawnSync } from 'node:child_process';

/** Debian's interpreter, which has python3-torch (the `python3` on PATH may not). */
export const python = '/usr/bin/python3';

/** Why the PyTorch checks cannot run here, or null when they can. */
export const torchMissing = (): string | null => modulesMissing(['torch']);

/** Why `python` cannot import these modules (Debian's python3-<module>), or null when it can. */
export function modulesMissing(modules: readonly string[]): string | null {
  const r = spawnSync(python, ['-c', `import ${modules.join(', ')}`], { encoding: 'utf8' });
  if (r.status === 0) return null;
  const packages = modules.map((m) => `python3-${m}`).join(' ');
  return `${python} cannot import ${modules.join(', ')} (${(r.stderr || String(r.error)).trim().split('\n').at(-1)}); install ${packages}`;
}

/** Runs a command to completion; throws with its output when it fails. */
export function run(command: string, args: string[], cwd?: string): string {
  const r = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  });
  if (r.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}
