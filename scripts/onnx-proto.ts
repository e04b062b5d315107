/**
 * `npm run proto [-- --check]`: turns src/export/onnxProto/onnx.proto into a static protobufjs
 * encoder and decoder (onnx.js, used by the ONNX exporter and importer) and its types (onnx.d.ts)
 * beside it. Static because protobufjs's reflection builds its coders with `new Function`, which
 * the app's Content-Security-Policy forbids.
 * With --check, writes nothing and exits 1 when the committed files differ from what the .proto
 * gives now.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../src/disk/atomicWrite.js';

const dir = 'src/export/onnxProto';
const proto = join(dir, 'onnx.proto');
const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });

const bin = (name: string) => join('node_modules', '.bin', name);
const pbjs = (out: string, ...flags: string[]) =>
  execFileSync(bin('pbjs'), [
    ...['-t', 'static-module', '-w', 'es6', '--keep-case'],
    ...['--no-create', '--no-delimited', '--no-typeurl'],
    ...flags,
    ...['-o', out, proto],
  ]);

const work = mkdtempSync(join(tmpdir(), 'onnx-proto-'));
try {
  // pbts reads the types from pbjs's JSDoc; the shipped encoder leaves the comments out.
  const documented = join(work, 'documented.js');
  pbjs(documented);
  execFileSync(bin('pbts'), ['--no-comments', '-o', join(work, 'onnx.d.ts'), documented]);
  pbjs(join(work, 'onnx.js'), '--no-comments');

  const stale: string[] = [];
  for (const name of ['onnx.js', 'onnx.d.ts']) {
    const fresh = readFileSync(join(work, name), 'utf8');
    if (!values.check) await writeFileAtomic(join(dir, name), fresh);
    else if (readFileSync(join(dir, name), 'utf8') !== fresh) stale.push(name);
  }
  if (stale.length > 0) {
    console.error(`${stale.join(', ')} in ${dir} differ from ${proto}: run npm run proto`);
    process.exitCode = 1;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
