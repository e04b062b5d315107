import fs from 'node:fs/promises';
import type { z } from 'zod';
import { writeFileAtomic } from '../disk/atomicWrite.js';

/**
 * Reads a settings file main wrote earlier. A missing, truncated or hand-edited file is not an
 * error the user can act on, so anything that does not match the schema reads as `undefined`.
 */
export async function readJsonFile<T>(file: string, schema: z.ZodType<T>): Promise<T | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export const writeJsonFile = (file: string, value: unknown): Promise<void> =>
  writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
