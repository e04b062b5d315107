#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so the package needs no build step before use.
import { register } from 'tsx/esm/api';

register();
const { runProcess } = await import('../src/cli/main.ts');
await runProcess(process.argv.slice(2));
