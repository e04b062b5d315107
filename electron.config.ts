/**
 * How the Electron main process and its preload are built (the renderer is the web build in
 * dist/web). Two Vite SSR builds, selected by mode, each one self-contained CommonJS file in
 * dist/main: `main.cjs` (package.json "main") and `preload.cjs`. The preload must not require
 * anything but `electron`, because a sandboxed preload cannot load other files.
 *
 *   vite build -c electron.config.ts --mode main
 *   vite build -c electron.config.ts --mode preload
 */
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

const entries: Record<string, string> = {
  main: 'src/main/main.ts',
  preload: 'src/preload/preload.ts',
};

const external = ['electron', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default defineConfig(({ mode }) => {
  const entry = entries[mode];
  if (entry === undefined) {
    throw new Error(`electron.config.ts: --mode must be one of ${Object.keys(entries).join(', ')}`);
  }
  return {
    publicDir: false,
    // Nothing from node_modules is loaded at run time: the package ships dist/ only.
    ssr: { noExternal: true },
    build: {
      ssr: entry,
      outDir: 'dist/main',
      emptyOutDir: false,
      target: 'node22',
      sourcemap: true,
      minify: false,
      rollupOptions: {
        external,
        output: { format: 'cjs', entryFileNames: `${mode}.cjs` },
      },
    },
  };
});
