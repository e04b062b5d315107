import { spawnSync } from 'node:child_process';

/** Debian's interpreter, which has python3-torch (the `python3` on PATH may not). */
export const python = '/usr/bin/python3';

/** Why the PyTorch checks cannot run here, or null when they can. */
export function torchMissing(): string | null {
  const r = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
  if (r.status === 0) return null;
  return `${python} cannot import torch (${(r.stderr || String(r.error)).trim().split('\n').at(-1)}); install python3-torch`;
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
