import { writeFileAtomic } from '../disk/atomicWrite.js';
import { CliError } from './errors.js';

/** Writes a command's output file atomically: killed half-way, the old file is still whole. */
export async function writeOutput(path: string, data: string | Uint8Array): Promise<void> {
  try {
    await writeFileAtomic(path, data);
  } catch (e) {
    throw new CliError(`cannot write ${path}: ${(e as Error).message}`);
  }
}
