import { vi } from 'vitest';
import { main } from './main.js';

/** Test support: runs the CLI in-process; returns its exit code and everything it printed. */
export async function runCli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  vi.spyOn(console, 'log').mockImplementation(
    (...a: unknown[]) => void (stdout += `${a.join(' ')}\n`),
  );
  vi.spyOn(console, 'error').mockImplementation(
    (...a: unknown[]) => void (stderr += `${a.join(' ')}\n`),
  );
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  try {
    return { code: await main(argv), stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}
