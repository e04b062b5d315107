/**
 * Child process for atomicWrite.test.ts: saves argv[3] bytes of the value argv[4] to argv[2], then
 * prints "saved". The test kills it while the bytes are being written.
 */
import { writeFileAtomic } from '../atomicWrite.js';

const [target, length, value] = process.argv.slice(2);
await writeFileAtomic(target!, new Uint8Array(Number(length)).fill(Number(value)));
console.log('saved');
