import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { analyze, template } from '../src/graph/index.js';
import { onnx as onnxProto } from '../src/export/onnxProto/onnx.js';
import {
  downloaded,
  downloadFromMenu,
  loadTemplate,
  screenshot,
  screenshotDir,
  type Session,
} from './app.js';
import { editorPages } from './pages.js';

let session: Session;
const openPage = editorPages();

/** A template (LeNet unless named) in the Training tab, with a GPU found (headless Chromium: SwiftShader). */
async function openTraining(title = 'LeNet', firstNode = 'conv1'): Promise<Page> {
  session = await openPage();
  const page = session.page;
  // Tall enough to see settings, curves and results at once.
  await page.setViewportSize({ width: 1280, height: 2000 });
  await loadTemplate(page, title, firstNode);
  await page.getByTestId('tab-training').click();
  // The first WebGPU device of a browser can take a while on a busy machine.
  const found = page.getByTestId('training-gpu').or(page.getByTestId('training-unsupported'));
  await found.waitFor({ timeout: minutes(2) }).catch(async (e: Error) => {
    await screenshot(page, 'training-no-gpu');
    throw new Error(
      `${e.message}\nTraining panel: ${await page.getByTestId('training-panel').textContent()}`,
    );
  });
  expect(await found.textContent()).toMatch(/^GPU: /);
  return page;
}

async function settings(page: Page, values: Record<string, string>) {
  for (const [field, value] of Object.entries(values)) {
    await page.getByTestId(`train-${field}`).fill(value);
  }
}

const steps = async (page: Page) =>
  Number(await page.getByTestId('training-progress').getAttribute('data-steps'));
const status = (page: Page) => page.getByTestId('training-status').textContent();

/** "12.5%" → 0.125 */
const percent = (text: string | null) => Number(text!.replace('%', '')) / 100;

// SwiftShader is slow: these tests wait for minutes, never for a speed.
const minutes = (n: number) => n * 60_000;

describe('training LeNet from the canvas in Chromium', () => {
  it(
    'trains on a slice of Fashion-MNIST: loss falls, accuracy above chance, pause/resume, checkpoint round trip',
    async () => {
      const page = await openTraining();
      // Sigmoid LeNet needs a few hundred steps to leave 2.30 (checked in PyTorch: 4096 samples,
      // batch 32, Adam 0.005, 2 epochs: the chapter's LeNet reaches 62–65% test accuracy on the
      // first 256 test images over three seeds).
      await page.getByTestId('train-optimizer').selectOption('adam');
      await settings(page, {
        epochs: '2',
        batch: '32',
        lr: '0.005',
        seed: '3',
        'train-samples': '4096',
        'test-samples': '256',
      });
      await page.getByTestId('train-start').click();

      // Curves get points; pause holds the step count still; resume goes on.
      await expect.poll(() => steps(page), { timeout: minutes(3) }).toBeGreaterThan(2);
      await page.getByTestId('train-pause').click();
      await expect.poll(() => status(page), { timeout: 30_000 }).toBe('paused');
      const held = await steps(page);
      await page.waitForTimeout(2000);
      expect(await steps(page)).toBe(held);
      await screenshot(page, 'training-paused');
      await page.getByTestId('train-resume').click();
      await expect.poll(() => status(page), { timeout: 30_000 }).not.toBe('paused');
      await expect.poll(() => steps(page), { timeout: minutes(2) }).toBeGreaterThan(held);
      await screenshot(page, 'training-running');

      await expect
        .poll(() => status(page), { timeout: minutes(6), interval: 1000 })
        .toBe('finished');
      expect(await steps(page)).toBe(256);
      // The loss falls: the smoothed loss at the end is below the first step's loss.
      const lossText = (await page.getByTestId('loss-now').textContent())!;
      const [now, first] = [...lossText.matchAll(/\d+\.\d+/g)].map((m) => Number(m[0]));
      expect(first).toBeGreaterThan(2);
      expect(now).toBeLessThan(first! - 0.5);
      const accuracy = percent(await page.getByTestId('test-accuracy').textContent());
      console.log(`LeNet, Adam 0.005, 2 epochs on 4,096 samples: test accuracy ${accuracy}`);
      expect(accuracy).toBeGreaterThan(0.3);
      // Ten classes in the matrix, its counts summing to the 256 test samples.
      const cells = await page.getByTestId('confusion-matrix').locator('td').allTextContents();
      expect(cells).toHaveLength(100);
      expect(cells.reduce((s, c) => s + Number(c || 0), 0)).toBe(256);
      // The results say which run they are of.
      await expect(page.getByTestId('results-of').textContent()).resolves.toBe(
        'Results of LeNet #1 · adam lr 0.005',
      );
      await page.getByTestId('training-results').scrollIntoViewIfNeeded();
      await screenshot(page, 'training-finished');
      await page
        .getByTestId('training-results')
        .screenshot({ path: `${screenshotDir}/training-confusion-matrix.png` });

      // Picking a test image shows the network's class probabilities for it.
      await page.getByTestId('gallery').locator('button').first().click();
      const probabilities = page.getByTestId('probe').locator('li');
      await expect.poll(() => probabilities.count(), { timeout: minutes(1) }).toBe(10);
      const shares = (await probabilities.allTextContents()).map((t) =>
        percent(t.match(/[\d.]+%$/)![0]),
      );
      expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 1);

      // Choosing a layer shows its output for that image: conv1's six channels as tiles, fc1 as bars.
      await page.getByTestId('feature-layer').selectOption('conv1');
      const tiles = page.getByTestId('feature-maps').locator('canvas.feature-tile');
      await expect.poll(() => tiles.count(), { timeout: minutes(1) }).toBe(6);
      expect(await page.getByTestId('feature-title').textContent()).toMatch(/^conv1: 6×24×24/);
      await page
        .getByTestId('feature-maps')
        .screenshot({ path: `${screenshotDir}/training-feature-maps.png` });
      await page.getByTestId('feature-layer').selectOption('fc1');
      await page.getByTestId('feature-bars').waitFor({ timeout: minutes(1) });
      expect(await page.getByTestId('feature-title').textContent()).toBe('fc1: 120');

      // Explain conv2 on that image: the clicked element's products and bias sum to its value.
      await page.getByTestId('explain-open').click();
      await page.getByTestId('explain-layer').selectOption('conv2');
      // Channel 3's 8×8 map, 14 pixels a cell: its element [3, 0, 0].
      await page.getByTestId('explain-output-3').click({ position: { x: 5, y: 5 } });
      await expect
        .poll(() => page.getByTestId('explain-result').textContent(), { timeout: minutes(1) })
        .toMatch(/^conv2\[3, 0, 0\] = /);
      const explained = Number(await page.getByTestId('explain-value').getAttribute('data-value'));
      const products = await page
        .getByTestId('explain-terms')
        .locator('td[data-value]')
        .evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value'))));
      const conv2 = analyze(template('lenet')!).ops.find((o) => o.name === 'conv2')!;
      expect(products).toHaveLength(conv2.inputShapes[0]![0]! * 5 * 5);
      const bias = Number(await page.getByTestId('explain-total').getAttribute('data-bias'));
      const sum = products.reduce((a, b) => a + b, bias);
      const scale = Math.max(1, ...products.map(Math.abs));
      expect(Math.abs(sum - explained) / scale).toBeLessThan(1e-5);
      await page.getByTestId('explain').screenshot({ path: `${screenshotDir}/explain-conv2.png` });
      // The last layer: its softmax is the probabilities shown for the image.
      await page.getByTestId('explain-layer').selectOption('fc3');
      const softmaxRows = page.getByTestId('explain-softmax').locator('tbody tr');
      await expect.poll(() => softmaxRows.count(), { timeout: minutes(1) }).toBe(10);
      const explainedShares = (await softmaxRows.locator('td:nth-child(3)').allTextContents()).map(
        percent,
      );
      explainedShares.forEach((p, k) => expect(Math.abs(p - shares[k]!)).toBeLessThan(0.0006));
      await page.getByTestId('explain').getByRole('button', { name: 'Close' }).click();

      // Save the checkpoint: every LeNet weight, PyTorch-keyed, with LeNet's shapes.
      const { bytes: saved } = await downloaded(page, () =>
        page.getByTestId('save-weights').click(),
      );
      // safetensors: an 8-byte little-endian header length, then the JSON header.
      const header = JSON.parse(
        saved.subarray(8, 8 + Number(saved.readBigUInt64LE(0))).toString('utf8'),
      ) as Record<string, { shape: number[]; data_offsets: [number, number] }>;
      const expected = analyze(template('lenet')!).ops.flatMap((op) =>
        op.weights.map((w) => [`${op.name}.${w.name}`, w.shape.join('×')]),
      );
      const keys = Object.entries(header).filter(
        ([k]) => k !== '__metadata__' && !k.startsWith('optimizer/'),
      );
      expect(keys.map(([k, t]) => [k, t.shape.join('×')]).sort()).toEqual(expected.sort());
      // A checkpoint to resume from: Adam's moments of every weight beside it.
      expect(header['optimizer/conv1.weight.exp_avg_sq']!.shape).toEqual([6, 1, 5, 5]);

      // Load it back: evaluating the loaded weights gives the same test accuracy.
      const shown = await page.getByTestId('test-accuracy').textContent();
      await page.getByTestId('load-weights').setInputFiles({
        name: 'lenet.safetensors',
        mimeType: 'application/octet-stream',
        buffer: saved,
      });
      await expect
        .poll(() => page.getByTestId('test-accuracy').textContent(), { timeout: minutes(2) })
        .toBe(shown);
      await expect(page.getByTestId('training-error').count()).resolves.toBe(0);
      await expect(page.getByTestId('results-of').textContent()).resolves.toBe(
        'Results of the loaded weights',
      );

      // File › Export ONNX embeds those weights: the model's only input is the image.
      const onnx = (await downloadFromMenu(page, 'Export ONNX…')).bytes;
      const model = onnxProto.ModelProto.decode(onnx);
      expect(model.graph!.input!.map((i) => i.name)).toEqual(['input']);
      const conv1 = model.graph!.initializer!.find((t) => t.name === 'conv1.weight')!;
      const start = 8 + Number(saved.readBigUInt64LE(0)) + header['conv1.weight']!.data_offsets[0];
      expect(Buffer.from(conv1.raw_data!)).toEqual(saved.subarray(start, start + 6 * 25 * 4));

      // Another network starts with no checkpoint and no results: none of them were its.
      await loadTemplate(page, 'ResNet-18', 'b2.0');
      await expect.poll(() => page.getByTestId('training-results').count()).toBe(0);
      await expect(page.locator('.weights-unfit').count()).resolves.toBe(0);
    },
    minutes(12),
  );

  it(
    'stops with a clear message when a huge learning rate makes the loss NaN',
    async () => {
      const page = await openTraining();
      await settings(page, {
        epochs: '1',
        batch: '32',
        lr: '1e38',
        'train-samples': '256',
        'test-samples': '64',
      });
      // The field warns, but lets the user go ahead.
      await expect(page.getByTestId('train-lr-warning').textContent()).resolves.toMatch(
        /^No recipe trains with SGD above 1 .*at 1e\+38 the loss will likely diverge\.$/,
      );
      await screenshot(page, 'training-lr-warning');
      await page.getByTestId('train-start').click();
      await expect
        .poll(() => status(page), { timeout: minutes(4), interval: 1000 })
        .not.toMatch(/starting|running/);
      const text = await page.getByTestId('training-error').textContent();
      expect(text).toMatch(
        /Training diverged\. The loss became (NaN|Infinity|-Infinity) at step \d+/,
      );
      expect(text).toContain('try 1e+37');
      expect(await status(page)).toBe('failed');
      await screenshot(page, 'training-nan');
    },
    minutes(6),
  );

  it(
    'offers resizing 28×28 images for AlexNet, then says which batch fits the GPU',
    async () => {
      const page = await openTraining('AlexNet', 'conv1');
      await settings(page, { batch: '4096', 'train-samples': '4096', 'test-samples': '64' });
      const check = page.getByTestId('training-check');
      await expect(check.textContent()).resolves.toContain(
        'input takes 224×224 images, but Fashion-MNIST images are 28×28',
      );
      await expect(page.getByTestId('train-start').isDisabled()).resolves.toBe(true);
      await page.getByTestId('fix-resize').click();
      await expect(check.textContent()).resolves.toContain('resized to 224×224 on the GPU');
      await page.getByTestId('train-start').click();
      const error = page.getByTestId('training-error');
      await error.waitFor({ timeout: minutes(3) });
      expect(await error.textContent()).toMatch(
        /^The network does not fit the GPU\. .*the largest batch that fits is \d+$/,
      );
      expect(await status(page)).toBe('failed');
      await screenshot(page, 'training-plan-too-big');
    },
    minutes(5),
  );

  it(
    'imports a folder of class sub-folders of PNGs, fixes the class count in one click and learns it',
    async () => {
      const page = await openTraining();
      // Two classes a network tells apart at once: bright top half vs bright bottom half, 28×28.
      const pngs = await page.evaluate(async () => {
        const out: { name: string; bytes: number[] }[] = [];
        for (const [c, name] of ['top', 'bottom'].entries()) {
          for (let i = 0; i < 24; i++) {
            const canvas = new OffscreenCanvas(28, 28);
            const ctx = canvas.getContext('2d')!;
            ctx.fillStyle = '#000';
            ctx.fillRect(0, 0, 28, 28);
            ctx.fillStyle = `rgb(${200 + i}, ${200 + i}, ${200 + i})`;
            ctx.fillRect(0, c === 0 ? 0 : 14, 28, 14);
            const blob = await canvas.convertToBlob({ type: 'image/png' });
            out.push({
              name: `${name}/${i}.png`,
              bytes: [...new Uint8Array(await blob.arrayBuffer())],
            });
          }
        }
        return out;
      });
      const dir = join(mkdtempSync(join(tmpdir(), 'cnn-studio-')), 'halves');
      for (const p of pngs) {
        mkdirSync(dirname(join(dir, p.name)), { recursive: true });
        writeFileSync(join(dir, p.name), Buffer.from(p.bytes));
      }
      await page.getByTestId('train-import-folder').setInputFiles(dir);
      await expect
        .poll(() => page.getByTestId('train-dataset').inputValue(), { timeout: 30_000 })
        .toBe('imported');
      const check = page.getByTestId('training-check');
      await expect(check.textContent()).resolves.toContain(
        'fc3 gives 10 scores, but halves has 2 classes.',
      );
      await check.getByRole('button', { name: 'Set fc3 to 2 outputs' }).click();
      await expect(check.count()).resolves.toBe(0);

      await page.getByTestId('train-optimizer').selectOption('adam');
      // Sigmoid LeNet needs ~75 steps here (PyTorch: Adam 0.003, 15 epochs: 8/8 over four seeds).
      await settings(page, { epochs: '15', batch: '8', lr: '0.003' });
      await page.getByTestId('train-start').click();
      await expect
        .poll(() => status(page), { timeout: minutes(4), interval: 1000 })
        .toBe('finished');
      // 40 training and 8 test images (every 6th of each class is held out).
      expect(await steps(page)).toBe(15 * 5);
      const cells = await page.getByTestId('confusion-matrix').locator('td').allTextContents();
      expect(cells.reduce((s, c) => s + Number(c || 0), 0)).toBe(8);
      expect(percent(await page.getByTestId('test-accuracy').textContent())).toBeGreaterThan(0.75);
      await screenshot(page, 'training-image-folder');
    },
    minutes(6),
  );
});

describe('a run from a recipe, stopped and resumed, in Chromium', () => {
  it(
    "applies the chapter's recipe, shows augmented samples, stops and resumes the run exactly where it stopped",
    async () => {
      const page = await openTraining();
      // LeNet's recipe: d2l-zh's (batch 256, SGD 0.9, 10 epochs) and d2l.ai's (128, 0.1).
      await expect(page.getByTestId('recipe-1').textContent()).resolves.toContain('d2l.ai 7.6');
      await page.getByTestId('recipe-0').click();
      expect(await page.getByTestId('train-batch').inputValue()).toBe('256');
      expect(await page.getByTestId('train-lr').inputValue()).toBe('0.9');
      expect(await page.getByTestId('train-epochs').inputValue()).toBe('10');
      // A slice SwiftShader trains in a few minutes, with the recipe's rate and optimizer.
      await settings(page, {
        epochs: '3',
        batch: '64',
        'train-samples': '1024',
        'test-samples': '128',
        schedule: 'cosine',
        augment: 'flip,crop:2',
        val: '0.25',
      });
      await page.getByTestId('train-keep-best').check();

      // Before training: a preview of the first samples as the augmentation makes them.
      const strip = page.getByTestId('augmented-strip').locator('canvas');
      const pixels = () =>
        strip.evaluateAll((cs) => cs.map((c) => (c as HTMLCanvasElement).toDataURL()));
      await page.getByTestId('train-preview-augment').click();
      await expect.poll(() => strip.count(), { timeout: minutes(2) }).toBe(12);
      const preview = await pixels();
      await page
        .getByTestId('augmented-strip')
        .screenshot({ path: `${screenshotDir}/training-augmented.png` });
      await page.getByTestId('train-start').click();

      // The run shows its own first samples before its first step: the previewed ones.
      await expect.poll(() => strip.count(), { timeout: minutes(3) }).toBe(12);
      expect(await pixels()).toEqual(preview);

      // After the first epoch: pause, look, stop.
      const rows = page.getByTestId('epoch-summary').locator('tbody tr');
      await expect.poll(() => rows.count(), { timeout: minutes(4), interval: 500 }).toBe(1);
      await page.getByTestId('train-pause').click();
      await expect.poll(() => status(page), { timeout: 30_000 }).toBe('paused');
      await screenshot(page, 'training-recipe-paused');
      await page.getByTestId('train-stop').click();
      await expect.poll(() => status(page), { timeout: 30_000 }).toBe('stopped');
      const done = await rows.count();
      const firstRows = await rows.allTextContents();

      // Resume: the run goes on from its last whole epoch to the third.
      const resume = page.getByTestId('train-resume-run');
      await expect(resume.textContent()).resolves.toBe(`Resume run (epoch ${done + 1} of 3)`);
      await resume.click();
      await expect
        .poll(() => status(page), { timeout: minutes(6), interval: 1000 })
        .toBe('finished');
      const resumedRows = await rows.allTextContents();
      // Every epoch done: nothing left to resume until Epochs is raised.
      await expect(resume.textContent()).resolves.toBe('Resume run (all 3 epochs done)');
      await expect(resume.isDisabled()).resolves.toBe(true);
      const epochs = (await rows.locator('td:first-child').allTextContents()).map(Number);
      expect(epochs).toEqual(Array.from({ length: 3 - done }, (_, i) => done + 1 + i));
      expect(resumedRows.some((r) => firstRows.includes(r))).toBe(false);
      await expect(page.getByTestId('results-of').textContent()).resolves.toBe(
        `Results of LeNet #2 · resumed at epoch ${done + 1}`,
      );
      // Keep-best offers the best epoch's weights beside the last.
      const which = page.getByTestId('save-which');
      await expect(which.locator('option').allTextContents()).resolves.toHaveLength(2);
      await page.getByTestId('epoch-summary').scrollIntoViewIfNeeded();
      await screenshot(page, 'training-recipe-resumed');
    },
    minutes(12),
  );
});
