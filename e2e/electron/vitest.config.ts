import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The desktop app's end-to-end test: `npm run test:e2e:electron` (needs an Electron binary). */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['e2e/electron/**/*.e2e.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
