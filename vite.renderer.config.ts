import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { builtinDatasetsPlugin } from './scripts/viteDatasets.js';

/** The renderer as a static web app in dist/web; relative paths so any host or protocol serves it. */
export default defineConfig({
  root: 'src/renderer',
  base: './',
  plugins: [react(), builtinDatasetsPlugin()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
  },
});
