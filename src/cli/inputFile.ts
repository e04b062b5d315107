import { readFileSync, statSync } from 'node:fs';
import { totalmem } from 'node:os';
import { CliError } from './errors.js';

/** An input file that cannot be read: `why` in a few words, or a file over its size limit. */
export class InputError extends CliError {
  constructor(
    message: string,
    readonly why: string,
    readonly tooLarge: boolean,
  ) {
    super(message);
  }
}

const gib = (n: number): string => `${(n / 2 ** 30).toFixed(1)} GiB`;

/**
 * The most a command reads into memory at once: what Node can hold in one buffer (2 GiB, the
 * limit of fs.readFile) and half of this machine's memory, whichever is less.
 */
export const maxInputBytes = Math.min(2 ** 31 - 1, Math.floor(totalmem() / 2));

/**
 * The bytes of an input file, refused with one line (and without reading it) when the path is
 * not a readable file or is larger than `limit` bytes; `limitName` says what the limit is.
 */
export function readInput(
  path: string,
  what: string,
  limit = maxInputBytes,
  limitName = `the ${gib(maxInputBytes)} a file may have here (2 GiB, or half this machine's memory)`,
): Buffer {
  try {
    const size = statSync(path).size;
    if (size > limit) {
      throw new InputError(`${what} ${path} is ${gib(size)}, over ${limitName}`, 'too large', true);
    }
    return readFileSync(path);
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES'
            ? 'permission denied'
            : (e as Error).message;
    throw new InputError(`cannot read ${what} ${path}: ${why}`, why, false);
  }
}
