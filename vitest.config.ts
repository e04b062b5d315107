import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts'],
    // GPU tests run in their own processes (docs/ARCHITECTURE.md): one crash is one failure.
    pool: 'forks',
  },
});
