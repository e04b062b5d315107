import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conv2dDims } from '../src/runtime-gpu/kernels/conv2d/dims.js';
import { convVariants, type ConvVariant } from '../src/runtime-gpu/kernels/conv2d/variants.js';
import { asConv } from '../src/runtime-gpu/kernels/linear/linear.js';
import type { LinearDims } from '../src/runtime-gpu/kernels/linear/dims.js';
import type { ConvGolden } from '../src/runtime-gpu/test/convCases.js';
import { launchBrowser } from './app.js';
import { serveStatic } from './server.js';

/**
 * Every shared-memory conv variant (the tiled implicit GEMMs, split-K among them) against the
 * float64 reference and PyTorch's goldens, forward and both gradients, in Chromium: its
 * SwiftShader runs the workgroupBarrier loops that crashed SwiftShader under dawn.node, where
 * the unit tests cover the register-blocked variant on every case. Few shapes, chosen to meet
 * every option at least once, since each pipeline takes seconds to compile on SwiftShader.
 */
const cases: readonly string[] = [
  'split-K with 2 groups, stride 2 and dilation 2',
  'depthwise with a channel multiplier 2, 5×5 padding 2',
  'Sigmoid applied as y is stored, split-K',
  'NaN and ±∞ in x and dy, padded and strided',
];

/**
 * The big tiles run the same tiled code with more registers a thread; they meet the cases whose
 * code paths differ (split, grouped, dilated, NaN), not all: they are the slowest to compile.
 */
const casesOf = (v: ConvVariant): readonly string[] =>
  v === 'tile128x64' || v === 'tile64x128' ? [cases[0]!, cases[3]!] : cases;

const fixture = JSON.parse(readFileSync('fixtures/ops/conv.json', 'utf8')) as {
  conv2d: ConvGolden<Conv2dDims>[];
  linear: ConvGolden<LinearDims>[];
};
/** PyTorch's: dilation 3×2 with strides 2×3 (phases), and a Linear as its 1×1 conv. */
const goldens: [string, ConvGolden<Conv2dDims>][] = [
  ['conv2d golden 5 (dilation 3×2, stride 2×3)', fixture.conv2d[5]!],
  ['linear golden 0', { ...fixture.linear[0]!, dims: asConv(fixture.linear[0]!.dims) }],
];

const tiled = (Object.keys(convVariants) as ConvVariant[]).filter((v) => convVariants[v]);

let browser: Browser;
let server: Server;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  await build({
    configFile: false,
    root: 'e2e/kernels',
    base: './',
    logLevel: 'warn',
    build: { outDir: '../../build/kernel-page', emptyOutDir: true },
  });
  const served = await serveStatic('build/kernel-page');
  server = served.server;
  browser = await launchBrowser();
  page = await browser.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(served.url);
  await page.evaluate(() => window.kernelTests);
});

afterAll(async () => {
  await browser?.close();
  server?.close();
  expect(errors).toEqual([]);
});

function expectClose(errorsOf: Record<string, number>): void {
  expect(Object.keys(errorsOf).length).toBeGreaterThanOrEqual(3);
  for (const [k, e] of Object.entries(errorsOf)) expect(e, k).toBeLessThanOrEqual(1e-4);
}

describe.each(tiled)('conv variant %s in Chromium', (variant) => {
  it.each(casesOf(variant))('%s', async (name) => {
    expectClose(
      await page.evaluate(
        async ([v, n]) => (await window.kernelTests).caseErrors(v as ConvVariant, n),
        [variant, name] as const,
      ),
    );
  });

  it.each(goldens)('%s', async (_, golden) => {
    expectClose(
      await page.evaluate(
        async ([v, g]) => (await window.kernelTests).goldenErrors(v as ConvVariant, g),
        [variant, golden] as const,
      ),
    );
  });
});

it('keeps the app’s kernel timings in IndexedDB, and sets aside stale or damaged records', async () => {
  const r = await page.evaluate(async () => (await window.kernelTests).timingsStore());
  expect(r.saved).toEqual([
    ['conv2d.forward n1', { pick: 'tile64', ms: { register: 2, tile64: 1 } }],
  ]);
  expect(r.otherKernels).toContain('the kernels have changed since they were measured');
  expect(r.damaged).toMatch(
    /^kernel timings in this browser's IndexedDB .* set aside \(timings\.p\.pick/,
  );
});

it.each([
  ['tile32', 'modern'],
  ['tile64.splitk', 'lenet'],
] as const)(
  'trains on %s (network %s) as on the register-blocked kernels',
  async (variant, network) => {
    const r = await page.evaluate(async ([v, n]) => (await window.kernelTests).trainsWith(v, n), [
      variant as ConvVariant,
      network,
    ] as const);
    expect(r.tiled).toBeGreaterThan(0);
    expect(r.loss).toBeLessThanOrEqual(1e-4);
    expect(r.weights).toBeLessThanOrEqual(1e-4);
  },
  120_000,
);

it('tunes a network by measuring every variant on this adapter, and trains as before', async () => {
  const r = await page.evaluate(async () =>
    (await window.kernelTests).trainsWith('tuned', 'lenet'),
  );
  expect(r.notes[0]).toMatch(/^measuring kernel variants for \d+ layer sizes on this GPU/);
  expect(r.notes.filter((n) => n.includes('left out'))).toEqual([]);
  expect(r.loss).toBeLessThanOrEqual(1e-4);
  expect(r.weights).toBeLessThanOrEqual(1e-4);
}, 300_000);
