/**
 * `npm run bench [-- --models auto|lenet,resnet18 --warmup 1 --seconds 10 --max-steps 200]`: builds
 * the benchmark page, serves it on a free localhost port, opens it in headless Chromium with
 * WebGPU and prints CNN Studio's and TensorFlow.js's samples/s side by side.
 *
 * Each measurement runs `warmup` untimed steps (at least 1: pipeline compiles), then times as
 * many steps as fill about `seconds` by the last warm-up step's time (at most `max-steps`),
 * fenced on both sides by waiting for the GPU to finish.
 * The defaults suit a software GPU (SwiftShader), where 'auto' runs only LeNet (ResNet-18 takes
 * minutes a step there); on a real GPU 'auto' runs both, and e.g. --warmup 5 --seconds 5 is better.
 */
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { launchBrowser } from '../e2e/app.js';
import { serveStatic } from '../e2e/server.js';
import type { BenchConfig, BenchResult, ModelName } from './protocol.js';

const allModels: readonly ModelName[] = ['lenet', 'resnet18'];

function config(args: string[]): BenchConfig {
  const { values } = parseArgs({
    args,
    options: {
      models: { type: 'string', default: 'auto' },
      warmup: { type: 'string', default: '1' },
      seconds: { type: 'string', default: '10' },
      'max-steps': { type: 'string', default: '200' },
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

const c = config(process.argv.slice(2));
await build({ configFile: 'bench/vite.config.ts' });
const { server, url } = await serveStatic('build/bench');
const browser = await launchBrowser();
let failed = false;
try {
  const page = await browser.newPage();
  page.on('console', (m) => console.error(`[page] ${m.text()}`));
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  await page.goto(`${url}?config=${encodeURIComponent(JSON.stringify(c))}`);
  const result = await page.evaluate(() => window.benchResult);
  const a = result.adapter;
  console.log(
    `adapter: ${[a.vendor, a.architecture, a.description].filter(Boolean).join(' / ')}` +
      `${a.fallback ? ' (fallback adapter)' : ''}; samples/s, ${c.warmup} warm-up step(s), about ${c.seconds} s timed each (steps ours/tfjs)\n`,
  );
  console.log(table(result));
  if (result.skipped.length > 0) {
    console.log(
      `\nleft out on this software adapter (minutes a step): ${result.skipped.join(', ')}; add --models ${allModels.join(',')} to run them`,
    );
  }
  if (result.errors.length > 0) {
    failed = true;
    console.error(`GPU errors:\n${result.errors.join('\n')}`);
  }
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
