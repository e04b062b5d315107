import { writeFileAtomic } from '../main/atomicWrite.js';
import { CliError } from './errors.js';

/**
 * Writes a file the way every file CNN Studio writes is written: atomically (a crash leaves the
 * old file or the new one, never a part). One line if it fails.
 */
export async function writeOutput(path: string, data: string | Uint8Array): Promise<void> {
  try {
    await writeFileAtomic(path, data);
  } catch (e) {
    throw new CliError(`cannot write ${path}: ${(e as Error).message}`);
  }
}
