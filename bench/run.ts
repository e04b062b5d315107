/**
 * `npm run bench [-- --models auto|lenet,lenet-d2l,resnet18 --warmup 1 --seconds 10 --max-steps 200 --node]`:
 * builds the benchmark page, serves it on a free localhost port, opens it in headless Chromium
 * with WebGPU and prints CNN Studio's and TensorFlow.js's samples/s side by side. With --node
 * both run in this Node process on dawn.node instead (the machine's GPU driver, no browser).
 *
 * Each measurement runs `warmup` untimed steps (at least 1: pipeline compiles), then times as
 * many steps as fill about `seconds` by the last warm-up step's time (at most `max-steps`),
 * fenced on both sides by waiting for the GPU to finish.
 * The defaults suit a software GPU (SwiftShader), where 'auto' runs only LeNet (ResNet-18 takes
 * minutes a step there); on a real GPU 'auto' runs both, and e.g. --warmup 5 --seconds 5 is better.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { launchBrowser } from '../e2e/app.js';
import { serveStatic } from '../e2e/server.js';
import type { BenchConfig, BenchResult, ModelName } from './protocol.js';

const allModels: readonly ModelName[] = ['lenet', 'lenet-d2l', 'resnet18'];

function config(args: string[]): BenchConfig & { node: boolean } {
  const { values } = parseArgs({
    args,
    options: {
      models: { type: 'string', default: 'auto' },
      warmup: { type: 'string', default: '1' },
      seconds: { type: 'string', default: '10' },
      'max-steps': { type: 'string', default: '200' },
      node: { type: 'boolean', default: false },
    },
  });
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
    models,
    warmup: number('warmup', values.warmup, 1, true),
    seconds: number('seconds', values.seconds, 0, false),
    maxSteps: number('max-steps', values['max-steps'], 1, true),
  };
}

/** Three significant digits, so software-GPU rates (0.14 samples/s) stay readable. */
const rate = (n: number): string => (n >= 1000 ? n.toFixed(0) : n.toPrecision(3));

function table(r: BenchResult): string {
  const head = ['model', 'mode', 'batch', 'CNN Studio', 'tfjs-webgpu', 'ours/tfjs', 'steps'];
  const rows = r.rows.map((row) => [
    row.model,
    row.mode,
    String(row.batch),
    rate(row.ours.samplesPerSecond),
    rate(row.tfjs.samplesPerSecond),
    (row.ours.samplesPerSecond / row.tfjs.samplesPerSecond).toFixed(2),
    `${row.ours.steps}/${row.tfjs.steps}`,
  ]);
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

const c = config(process.argv.slice(2));
const result = await (c.node ? inNode(c) : inBrowser(c));
const a = result.adapter;
console.log(
  `${c.node ? 'Node (dawn.node)' : 'headless Chromium'}, adapter: ${[a.vendor, a.architecture, a.description].filter(Boolean).join(' / ')}` +
    `${a.fallback ? ' (fallback adapter)' : ''}; samples/s, ${c.warmup} warm-up step(s), about ${c.seconds} s timed each (steps ours/tfjs)\n`,
);
console.log(table(result));
if (result.skipped.length > 0) {
  console.log(
    `\nleft out on this software adapter (minutes a step): ${result.skipped.join(', ')}; add --models lenet,${result.skipped.join(',')} to run them`,
  );
}
if (result.errors.length > 0) console.error(`GPU errors:\n${result.errors.join('\n')}`);
process.exit(result.errors.length > 0 ? 1 : 0);
