import { defineConfig } from 'vitest/config';

/** Browser tests of the built web app (e2e/); globalSetup builds and serves it once. */
export default defineConfig({
  test: {
    include: ['e2e/*.e2e.ts'],
    globalSetup: ['e2e/globalSetup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One Chromium at a time: the machine is shared.
    fileParallelism: false,
  },
});
