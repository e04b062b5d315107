/**
 * `npm run check:import -- [--models alexnet,vgg11,…] [--size 224] [--keep DIR]`: the import
 * check on torchvision's networks at full size, too slow for `npm test` on SwiftShader. Each
 * model is exported by torch.onnx.export in eval mode (scripts/onnx_models.py: weights=None,
 * seed 0, opset 17), then, each command a process of its own: `cnn-studio import`, `cnn-studio
 * forward` on two images (compared with PyTorch's output), `cnn-studio step` (one SGD step from
 * the imported weights), and export → import again (the same graph and weights). Prints a table
 * and writes it to bench/results/import-check.md, with `--note TEXT` under its heading.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { format } from 'prettier';
import { checkImport, type Cli, type ImportCheck } from '../src/cli/importCheck.js';
import { nodeDevice } from '../src/runtime-gpu/node.js';

const torchvision = [
  'alexnet',
  'vgg11',
  'resnet18',
  'resnet50',
  'googlenet',
  'densenet121',
  'squeezenet1_1',
  'mobilenet_v2',
  'mobilenet_v3_small',
  'resnext50_32x4d',
];

const { values } = parseArgs({
  options: {
    models: { type: 'string', default: torchvision.join(',') },
    size: { type: 'string', default: '224' },
    keep: { type: 'string' },
    note: { type: 'string' },
  },
});

/** Runs a command to its end, collecting its output. */
function spawned(command: string, args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

const cli: Cli = (...args) => spawned(process.execPath, ['bin/cnn-studio.js', ...args]);

/** The adapter the CLI's commands run on, for the report. */
async function adapterName(): Promise<string> {
  const { adapter, device } = await nodeDevice();
  const info = adapter.info;
  device.destroy();
  return `${info.vendor} ${info.architecture} ${info.description}`.replace(/\s+/g, ' ').trim();
}
const adapter = await adapterName();

const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'cnn-studio-import-check-'));
mkdirSync(dir, { recursive: true });
const names = values.models.split(',');
const results: (ImportCheck | { name: string; error: string })[] = [];
try {
  for (const name of names) {
    const made = await spawned('/usr/bin/python3', [
      'scripts/onnx_models.py',
      dir,
      `${name}:${values.size}`,
    ]);
    if (made.code !== 0) {
      const why = made.stderr
        .trim()
        .split('\n')
        .filter((l) => /Error/.test(l))
        .at(-1)
        ?.slice(0, 160);
      results.push({ name, error: `PyTorch could not export it (${why ?? `exit ${made.code}`})` });
      console.log(`${name}: ${results.at(-1)!.name} not exported: ${why}`);
      continue;
    }
    try {
      const r = await checkImport(cli, dir, name);
      results.push(r);
      console.log(
        `${name}: ${r.params} params (file ${r.fileParams}), |error| ${r.maxError.toExponential(2)} of ${r.scale.toPrecision(3)}, step loss ${r.stepLoss.toFixed(4)}, round trip ${r.roundTrip}, ${JSON.stringify(r.seconds)}`,
      );
    } catch (e) {
      results.push({ name, error: (e as Error).message.split('\n')[0]! });
      console.log(`${name}: FAILED ${(e as Error).message}`);
    }
  }
} finally {
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}

const seconds = (s: number) => `${s.toFixed(1)} s`;
const rows = results.map((r) =>
  'error' in r
    ? `| ${r.name} | failed: ${r.error.replace(/\|/g, '\\|')} | | | | | | |`
    : `| ${r.name} | ${r.layers} | ${r.params.toLocaleString('en-US')} | ${r.params === r.fileParams ? 'yes' : `no (${r.fileParams.toLocaleString('en-US')})`} | ${r.torchParams.toLocaleString('en-US')} | ${(r.maxError / Math.max(r.scale, 1e-30)).toExponential(1)} (${r.maxError.toExponential(1)} of ${r.scale.toPrecision(3)}) | ${r.stepLoss.toFixed(4)} | ${r.roundTrip ? 'same' : 'differs'} | ${seconds(r.seconds.import)} / ${seconds(r.seconds.forward)} / ${seconds(r.seconds.step)} |`,
);
const passed = results.filter(
  (r) =>
    !('error' in r) &&
    r.params === r.fileParams &&
    r.maxError <= 1e-4 * Math.max(1, r.scale) &&
    Number.isFinite(r.stepLoss) &&
    r.roundTrip,
).length;
const report = `# ONNX import of torchvision's networks

\`npm run check:import -- --size ${values.size}\` on ${cpus().length} CPU cores, WebGPU through dawn.node
on ${adapter}, ${new Date().toISOString().slice(0, 10)}: each model exported by \`torch.onnx.export\` in
eval mode (torchvision, weights=None, seed 0, opset 17, BatchNorm statistics moved off 0 and 1), then \`cnn-studio import\`, \`cnn-studio forward\`
on 2 images against PyTorch's output, \`cnn-studio step\` (SGD, lr 0.01) from the imported weights,
and export → import again. ${passed} of ${results.length} pass every check.${values.note ? `\n\n${values.note}` : ''}

| model | layers | parameters | = the file's | PyTorch module | output error (relative to the largest output) | step loss | export → import | import / forward / step |
| ----- | ------ | ---------- | ------------ | -------------- | --------------------------------------------- | --------- | --------------- | ----------------------- |
${rows.join('\n')}

The parameters are those the file's layers hold: \`torch.onnx.export\` folds a BatchNorm that
follows a conv into the conv's weight and bias, so a network with such BatchNorms has fewer
parameters than its PyTorch module (2 per channel gone, 1 per channel of bias added where the conv
had none); those without (AlexNet, VGG-11, SqueezeNet) keep PyTorch's count.
`;
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/import-check.md', await format(report, { parser: 'markdown' }));
console.log(`\nwrote bench/results/import-check.md: ${passed} of ${results.length} pass`);
process.exitCode = passed === results.length ? 0 : 1;
