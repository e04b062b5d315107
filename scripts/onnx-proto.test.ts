import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('the generated ONNX encoder', () => {
  it('is what npm run proto makes of onnx.proto now', () => {
    // Throws, with the script's message, when the files are stale.
    expect(() =>
      execFileSync('node_modules/.bin/tsx', ['scripts/onnx-proto.ts', '--check'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    ).not.toThrow();
  }, 60_000);
});
