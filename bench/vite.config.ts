import { defineConfig } from 'vite';

/** The benchmark page, built on its own into build/bench (not part of the app). */
export default defineConfig({
  root: 'bench',
  base: './',
  logLevel: 'warn',
  build: {
    outDir: '../build/bench',
    emptyOutDir: true,
    chunkSizeWarningLimit: 8192,
  },
});
