/**
 * `npm run bench [-- --models auto|lenet,lenet-d2l,resnet18 --warmup 1 --seconds 10 --max-steps 200
 * --kernels tuned[,register,…] --pytorch auto|off --node]`:
 * builds the benchmark page, serves it on a free localhost port, opens it in headless Chromium
 * with WebGPU and prints CNN Studio's and TensorFlow.js's samples/s side by side. With --node
 * both run in this Node process on dawn.node instead (the machine's GPU driver, no browser).
 * CNN Studio runs once per --kernels entry (tuned: its measured choice; register: the
 * register-blocked kernels only). Where /usr/bin/python3 has PyTorch with CUDA, PyTorch's rates
 * for the same models (their exported scripts, eager FP32 and TF32) are added (bench/pytorch_bench.py).
 *
 * Each measurement runs `warmup` untimed steps (at least 1: pipeline compiles), then times as
 * many steps as fill about `seconds` by the last warm-up step's time (at most `max-steps`),
 * fenced on both sides by waiting for the GPU to finish.
 * The defaults suit a software GPU (SwiftShader), where 'auto' runs only LeNet (ResNet-18 takes
 * minutes a step there); on a real GPU 'auto' runs both, and e.g. --warmup 5 --seconds 5 is better.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { launchBrowser } from '../e2e/app.js';
import { serveStatic } from '../e2e/server.js';
import { writeFileAtomic } from '../src/disk/atomicWrite.js';
import { exportPytorch } from '../src/export/index.js';
import { template } from '../src/graph/index.js';
import { isKernelMode } from '../src/runtime-gpu/index.js';
import type { BenchConfig, BenchResult, Measurement, ModelName } from './protocol.js';

const allModels: readonly ModelName[] = ['lenet', 'lenet-d2l', 'resnet18'];

function config(args: string[]): BenchConfig & { node: boolean; pytorch: boolean } {
  const { values } = parseArgs({
    args,
    options: {
      models: { type: 'string', default: 'auto' },
      warmup: { type: 'string', default: '1' },
      seconds: { type: 'string', default: '10' },
      'max-steps': { type: 'string', default: '200' },
      node: { type: 'boolean', default: false },
      kernels: { type: 'string', default: 'tuned' },
      pytorch: { type: 'string', default: 'auto' },
    },
  });
  const kernels = values.kernels.split(',');
  for (const k of kernels) {
    if (!isKernelMode(k)) {
      throw new Error(`--kernels ${k}: use tuned, register or a kernel variant's name`);
    }
  }
  if (values.pytorch !== 'auto' && values.pytorch !== 'off') {
    throw new Error(`--pytorch ${values.pytorch}: use auto or off`);
  }
  const models =
    values.models === 'auto'
      ? 'auto'
      : values.models.split(',').map((m) => {
          if (!allModels.includes(m as ModelName)) {
            throw new Error(`unknown model "${m}"; choose from ${allModels.join(', ')}`);
          }
          return m as ModelName;
        });
  const number = (name: string, v: string, min: number, integer: boolean): number => {
    const n = Number(v);
    if (v.trim() === '' || !(n >= min) || (integer && !Number.isInteger(n))) {
      throw new Error(`--${name} ${v} must be ${integer ? 'an integer' : 'a number'} ≥ ${min}`);
    }
    return n;
  };
  return {
    node: values.node,
    pytorch: values.pytorch === 'auto',
    kernels,
    models,
    warmup: number('warmup', values.warmup, 1, true),
    seconds: number('seconds', values.seconds, 0, false),
    maxSteps: number('max-steps', values['max-steps'], 1, true),
  };
}

/** Three significant digits, so software-GPU rates (0.14 samples/s) stay readable. */
const rate = (n: number): string => (n >= 1000 ? n.toFixed(0) : n.toPrecision(3));

/** PyTorch's rates per model, mode and precision, when it ran. */
type TorchRates = Map<string, Record<'fp32' | 'tf32', Measurement>>;

function table(r: BenchResult, kernels: string[], torch: TorchRates | null): string {
  const head = [
    'model',
    'mode',
    'batch',
    ...kernels.map((k, i) => (i === 0 ? `CNN Studio (${k})` : k)),
    'tfjs-webgpu',
    'ours/tfjs',
    ...(torch ? ['PyTorch FP32', 'PyTorch TF32', 'ours/PyTorch FP32'] : []),
    'steps',
  ];
  const rows = r.rows.map((row) => {
    const ours = row.ours[0]!.measurement;
    const t = torch?.get(`${row.model} ${row.mode}`);
    return [
      row.model,
      row.mode,
      String(row.batch),
      ...row.ours.map((o) => rate(o.measurement.samplesPerSecond)),
      rate(row.tfjs.samplesPerSecond),
      (ours.samplesPerSecond / row.tfjs.samplesPerSecond).toFixed(2),
      ...(torch
        ? t
          ? [
              rate(t.fp32.samplesPerSecond),
              rate(t.tf32.samplesPerSecond),
              (ours.samplesPerSecond / t.fp32.samplesPerSecond).toFixed(2),
            ]
          : ['—', '—', '—']
        : []),
      `${ours.steps}/${row.tfjs.steps}`,
    ];
  });
  const lines = [head, head.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`);
  return lines.join('\n');
}

/** The page in headless Chromium, served from localhost (WebGPU needs a secure context). */
async function inBrowser(c: BenchConfig): Promise<BenchResult> {
  await build({ configFile: 'bench/vite.config.ts' });
  const { server, url } = await serveStatic('build/bench');
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    page.on('console', (m) => console.error(`[page] ${m.text()}`));
    page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
    await page.goto(`${url}?config=${encodeURIComponent(JSON.stringify(c))}`);
    return await page.evaluate(() => window.benchResult);
  } finally {
    await browser.close();
    server.close();
  }
}

/**
 * The same comparison in this process, on dawn.node. tfjs's ES modules load only through a
 * bundler (directory imports), so compare.ts is bundled for Node first, dependencies included.
 */
async function inNode(c: BenchConfig): Promise<BenchResult> {
  await build({
    configFile: false,
    logLevel: 'warn',
    build: { ssr: 'bench/compare.ts', outDir: 'build/bench-node', emptyOutDir: true },
    ssr: { noExternal: true },
  });
  const bundle = pathToFileURL(resolve('build/bench-node/compare.js')).href;
  const { compare } = (await import(bundle)) as typeof import('./compare.js');
  const { nodeDevice } = await import('../src/runtime-gpu/node.js');
  const gpu = await nodeDevice();
  // tfjs refuses to start without navigator.gpu, even when it is handed a device (Node 20 has
  // no navigator); dawn.node's instance must stay referenced, which the global does.
  const { create } = await import('webgpu');
  Object.defineProperty(globalThis, 'navigator', { value: { gpu: create([]) } });
  return compare(gpu, c);
}

/**
 * PyTorch's rates for the benchmarked models, from their exported scripts, or why there are
 * none (no PyTorch, no CUDA device).
 */
async function pytorchRates(
  r: BenchResult,
  c: BenchConfig,
): Promise<{ rates: TorchRates } | { why: string }> {
  const rates: TorchRates = new Map();
  mkdirSync('build/bench-pytorch', { recursive: true });
  for (const model of new Set(r.rows.map((row) => row.model))) {
    const script = `build/bench-pytorch/${model.replace('-', '_')}.py`;
    await writeFileAtomic(script, exportPytorch(template(model)!));
    const batch = r.rows.find((row) => row.model === model)!.batch;
    const args = ['bench/pytorch_bench.py', script, '--batch', String(batch)];
    args.push('--warmup', String(c.warmup), '--seconds', String(c.seconds));
    args.push('--max-steps', String(c.maxSteps));
    console.log(`${model}: PyTorch`);
    const run = spawnSync('/usr/bin/python3', args, { encoding: 'utf8' });
    if (run.error) return { why: `/usr/bin/python3 did not start (${run.error.message})` };
    if (run.status !== 0) {
      const last = run.stderr.trim().split('\n').at(-1) ?? '';
      return { why: `bench/pytorch_bench.py failed: ${last}` };
    }
    const out = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as
      | { unavailable: string }
      | {
          device: string;
          torch: string;
          rows: ({ mode: string; precision: 'fp32' | 'tf32' } & Measurement)[];
        };
    if ('unavailable' in out) return { why: out.unavailable };
    console.log(`  on ${out.device}, torch ${out.torch}`);
    for (const row of out.rows) {
      const key = `${model} ${row.mode}`;
      rates.set(key, { ...rates.get(key)!, [row.precision]: row });
    }
  }
  return { rates };
}

const c = config(process.argv.slice(2));
const result = await (c.node ? inNode(c) : inBrowser(c));
const torch = c.pytorch ? await pytorchRates(result, c) : { why: '--pytorch off' };
const a = result.adapter;
console.log(
  `${c.node ? 'Node (dawn.node)' : 'headless Chromium'}, adapter: ${[a.vendor, a.architecture, a.description].filter(Boolean).join(' / ')}` +
    `${a.fallback ? ' (fallback adapter)' : ''}; samples/s, ${c.warmup} warm-up step(s), about ${c.seconds} s timed each (steps ours/tfjs)\n`,
);
console.log(table(result, c.kernels, 'rates' in torch ? torch.rates : null));
if ('why' in torch) console.log(`\nno PyTorch column: ${torch.why}`);
if (result.skipped.length > 0) {
  console.log(
    `\nleft out on this software adapter (minutes a step): ${result.skipped.join(', ')}; add --models lenet,${result.skipped.join(',')} to run them`,
  );
}
if (result.errors.length > 0) console.error(`GPU errors:\n${result.errors.join('\n')}`);
process.exit(result.errors.length > 0 ? 1 : 0);
