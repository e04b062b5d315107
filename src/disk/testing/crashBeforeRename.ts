/**
 * Child process for atomicWrite.test.ts: saves argv[3] × 'x' to argv[2] and is killed (SIGKILL, no
 * cleanup runs) at the moment the temp file is complete and the rename is about to happen.
 */
import fs from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { writeFileAtomic } from '../atomicWrite.js';

fs.rename = async () => {
  process.kill(process.pid, 'SIGKILL');
};
syncBuiltinESMExports();

const [target, length] = process.argv.slice(2);
await writeFileAtomic(target!, 'x'.repeat(Number(length)));
