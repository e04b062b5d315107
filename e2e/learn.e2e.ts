import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { analyze, inputRegion, template } from '../src/graph/index.js';
import { launchBrowser, node, openEditor, screenshotDir, type Session } from './app.js';

/**
 * Every lesson opened by its address on one page (so one GPU device and one pipeline cache for
 * all of them): the chapter's numbers on screen, then an edit and the number it must give.
 * Expected values are worked out by hand in the comments, as the chapter does.
 */
let browser: Browser;
let session: Session;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  session = await openEditor(browser, inject('baseUrl'));
  page = session.page;
  await page.setViewportSize({ width: 1280, height: 1300 });
});

afterAll(async () => {
  expect(session.errors).toEqual([]);
  expect(session.offsite).toEqual([]);
  await browser.close();
});

const minutes = (n: number) => n * 60_000;

/** Opens a lesson by its address and waits until the GPU has computed it. */
async function lesson(slug: string, query = '') {
  await page.goto(`${inject('baseUrl')}#/learn/${slug}${query ? `?${query}` : ''}`);
  await page.getByTestId(`lesson-${slug}`).waitFor();
  await expect
    .poll(
      async () => {
        const all = await page.getByTestId('lesson-backend').all();
        const states = await Promise.all(all.map((b) => b.getAttribute('data-status')));
        return states.length > 0 && states.every((s) => s === 'webgpu');
      },
      { timeout: minutes(2) },
    )
    .toBe(true);
  const text = (await page.getByTestId('lesson-backend').first().textContent())!;
  expect(text).toMatch(/^Computed on the GPU by CNN Studio's WebGPU kernels .* agrees/);
}

/** The lesson itself (not the list beside it), as the README shows it. */
const shot = (slug: string) =>
  page.getByTestId(`lesson-${slug}`).screenshot({ path: `${screenshotDir}/learn-${slug}.png` });

const value = async (testId: string) =>
  Number(await page.getByTestId(testId).getAttribute('data-value'));

/** The values of a grid's cells `${id}-${r}-${c}`, row by row. */
async function grid(id: string, rows: number, cols: number): Promise<number[][]> {
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) {
    const row: number[] = [];
    for (let c = 0; c < cols; c++) row.push(await value(`${id}-${r}-${c}`));
    out.push(row);
  }
  return out;
}

const pollGrid = (id: string, rows: number, cols: number) =>
  expect.poll(() => grid(id, rows, cols), { timeout: minutes(1) });

async function type(testId: string, text: string) {
  const box = page.getByTestId(testId).locator('input');
  await box.fill(text);
  await box.press('Enter');
}

/** A ParamField's pair of boxes (`param-lesson-<name>-0/1`). */
async function pair(name: string, h: string, w: string) {
  await page.getByTestId(`param-lesson-${name}-0`).fill(h);
  await page.getByTestId(`param-lesson-${name}-1`).fill(w);
  await page.getByTestId(`param-lesson-${name}-1`).press('Enter');
}

const marked = (id: string) =>
  page
    .getByTestId(id)
    .locator('td.marked')
    .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-testid') ?? 'pad'));

describe('the Learn area in Chromium', () => {
  it('cross-correlation: X = 0…8 ⋆ K = 0…3 is [[19, 25], [37, 43]], term by term; edits follow', async () => {
    await lesson('cross-correlation');
    await pollGrid('Y-0', 2, 2).toEqual([
      [19, 25],
      [37, 43],
    ]);
    expect(await page.getByTestId('lab-sum').textContent()).toContain(
      'Y[0, 0] = 0×0 + 1×1 + 3×2 + 4×3 = 19',
    );
    expect(await marked('X-0')).toEqual(['X-0-0-0', 'X-0-0-1', 'X-0-1-0', 'X-0-1-1']);
    await page.getByTestId('lab-next').click();
    expect(await page.getByTestId('lab-sum').textContent()).toContain('1×0 + 2×1 + 4×2 + 5×3 = 25');
    await shot('cross-correlation');

    // X[1, 1]: 4 → 5 enters Y[0, 0] with K[1, 1] = 3 (+3), Y[0, 1] with K[1, 0] = 2 (+2),
    // Y[1, 0] with K[0, 1] = 1 (+1) and Y[1, 1] with K[0, 0] = 0.
    await type('X-0-1-1', '5');
    await pollGrid('Y-0', 2, 2).toEqual([
      [22, 27],
      [38, 43],
    ]);
    expect(page.url()).toContain('X=0,1,2;3,5,5;6,7,8');
    // Not a number, and a kernel larger than X: refused in place, nothing changes.
    await type('K-0-0-0', 'abc');
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain('"abc" is not a number');
    await page.keyboard.press('Escape');
    await pair('kernel', '4', '4');
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain('does not fit the 3×3 input');
    expect(await grid('Y-0', 2, 2)).toEqual([
      [22, 27],
      [38, 43],
    ]);

    // 5.1.3: the kernel [1, −1] finds the edges of the dark band (columns 2–5).
    await page.getByTestId('preset-1').click();
    await expect.poll(() => value('Y-0-0-1'), { timeout: minutes(1) }).toBe(1);
    expect((await grid('Y-0', 6, 7))[3]).toEqual([0, 1, 0, 0, 0, -1, 0]);
  });

  it('receptive field: the chapter’s z sees all 9 elements of X; a click on Y shows its 4', async () => {
    await lesson('receptive-field');
    // z = 0·19 + 1·25 + 2·37 + 3·43.
    await expect.poll(() => value('z-0-0-0'), { timeout: minutes(1) }).toBe(228);
    expect(await page.getByTestId('rf-summary').textContent()).toContain('sees 9 elements of X');
    expect(await marked('X-0')).toHaveLength(9);
    await shot('receptive-field');
    await page.getByTestId('Y-0-0-1').click();
    expect(await marked('X-0')).toEqual(['X-0-0-1', 'X-0-0-2', 'X-0-1-1', 'X-0-1-2']);
    // K′[0, 0]: 0 → 1 adds Y[0, 0] = 19 to z.
    await type('K2-0-0-0', '1');
    await expect.poll(() => value('z-0-0-0'), { timeout: minutes(1) }).toBe(247);
  });

  it('padding and stride: padding 1 gives 4×4 from 0; stride 3×2 gives the chapter’s 8 and 6', async () => {
    await lesson('padding-and-stride');
    await pollGrid('Y-0', 1, 4).toEqual([[0, 3, 8, 4]]);
    await expect
      .poll(() => page.getByTestId('lesson-formula').textContent())
      .toContain('⌊(3 + 2·1 − 2) / 1⌋ + 1 = 4');
    await page.getByTestId('preset-1').click();
    await pollGrid('Y-0', 2, 2).toEqual([
      [0, 8],
      [6, 8],
    ]);
    await expect
      .poll(() => page.getByTestId('lesson-formula').textContent())
      .toContain('⌊(3 + 2·1 − 2) / 3⌋ + 1 = 2');
    await shot('padding-and-stride');
    // X[0, 0] sits at (1, 1) of the padded X, under K[1, 1] = 3 in the first window.
    await type('X-0-0-0', '1');
    await expect.poll(() => value('Y-0-0-0'), { timeout: minutes(1) }).toBe(3);
    await pair('stride', '0', '2');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('At least 1');
  });

  it('multiple input channels: the chapter’s 56, 72, 104, 120', async () => {
    await lesson('multiple-input-channels');
    await pollGrid('Y-0', 2, 2).toEqual([
      [56, 72],
      [104, 120],
    ]);
    expect(await page.getByTestId('lab-sum').textContent()).toContain(
      '(0×0 + 1×1 + 3×2 + 4×3) + (1×1 + 2×2 + 4×3 + 5×4) = 56',
    );
    await shot('multiple-input-channels');
    // Channel 1's X[0, 0]: 1 → 2, under channel 1's K[0, 0] = 1.
    await type('X-1-0-0', '2');
    await expect.poll(() => value('Y-0-0-0'), { timeout: minutes(1) }).toBe(57);
  });

  it('multiple output channels: K, K + 1, K + 2 stacked give the chapter’s three channels', async () => {
    await lesson('multiple-output-channels');
    await pollGrid('Y-1', 2, 2).toEqual([
      [76, 100],
      [148, 172],
    ]);
    expect(await grid('Y-0', 2, 2)).toEqual([
      [56, 72],
      [104, 120],
    ]);
    expect(await grid('Y-2', 2, 2)).toEqual([
      [96, 128],
      [192, 224],
    ]);
    await expect
      .poll(() => page.getByTestId('lesson-multiple-output-channels').textContent())
      .toContain('a weight of shape 3 × 2 × 2 × 2');
    await shot('multiple-output-channels');
    // K's channel 0 at (1, 1): 3 → 4 adds X[0][1, 1] = 4 to Y[0, 0] of every output channel.
    await type('K-0-1-1', '4');
    await expect.poll(() => value('Y-1-0-0'), { timeout: minutes(1) }).toBe(80);
    expect(await value('Y-0-0-0')).toBe(60);
  });

  it('1×1 convolution: the same numbers as a Linear on every pixel', async () => {
    await lesson('1x1-convolution');
    const difference = async () =>
      Number(
        /Largest \|Y − Z\|: ([^.]+(?:\.\d+)?(?:e[−-]?\d+)?)/
          .exec((await page.getByTestId('one-by-one-difference').textContent())!)![1]!
          .replace('−', '-'),
      );
    await expect.poll(difference, { timeout: minutes(1) }).toBeLessThan(1e-5);
    // Y[0] at pixel (0, 0) is the first row of K times X's three channels there.
    const k = (await grid('K-0', 2, 3))[0]!;
    const x = [await value('X-0-0-0'), await value('X-1-0-0'), await value('X-2-0-0')];
    expect(await value('Y-0-0-0')).toBeCloseTo(k[0]! * x[0]! + k[1]! * x[1]! + k[2]! * x[2]!, 5);
    await shot('1x1-convolution');
    await type('K-0-0-0', '2');
    const want = 2 * x[0]! + k[1]! * x[1]! + k[2]! * x[2]!;
    await expect.poll(() => value('Y-0-0-0'), { timeout: minutes(1) }).toBeCloseTo(want, 5);
    expect(await value('Z-0-0-0')).toBeCloseTo(want, 5);
  });

  it('pooling: max [[4, 5], [7, 8]] and average [[2, 3], [5, 6]]; the chapter’s padding, stride and channels', async () => {
    await lesson('pooling');
    await pollGrid('max-0', 2, 2).toEqual([
      [4, 5],
      [7, 8],
    ]);
    expect(await grid('avg-0', 2, 2)).toEqual([
      [2, 3],
      [5, 6],
    ]);
    await shot('pooling');
    // (9 + 1 + 3 + 4) / 4
    await type('X-0-0-0', '9');
    await expect.poll(() => value('max-0-0-0'), { timeout: minutes(1) }).toBe(9);
    expect(await value('avg-0-0-0')).toBe(4.25);
    await page.getByTestId('preset-1').click();
    await pollGrid('max-0', 1, 1).toEqual([[10]]);
    await page.getByTestId('preset-2').click();
    await pollGrid('max-0', 2, 2).toEqual([
      [5, 7],
      [13, 15],
    ]);
    await page.getByTestId('preset-3').click();
    await pollGrid('max-0', 3, 2).toEqual([
      [1, 3],
      [9, 11],
      [13, 15],
    ]);
    await page.getByTestId('preset-4').click();
    await pollGrid('max-1', 2, 2).toEqual([
      [6, 8],
      [14, 16],
    ]);
    await pair('padding', '2', '2');
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain('more than half');
  });

  it('batch normalization: the batch’s statistics, the moving averages step by step, prediction independent of the batch', async () => {
    await lesson('batch-normalization');
    // Feature 0 is 1, 2, 3, 6: mean 3, variance (4 + 1 + 0 + 9) / 4 = 3.5; feature 1: 4 and 8.
    await expect.poll(() => value('mean-0-0'), { timeout: minutes(1) }).toBeCloseTo(3, 5);
    expect(await value('mean-0-1')).toBeCloseTo(4, 5);
    const [[v0, v1]] = (await grid('var', 1, 2)) as [[number, number]];
    expect(v0).toBeCloseTo(3.5, 5);
    expect(v1).toBeCloseTo(8, 5);
    expect(await value('train-y-0-0')).toBeCloseTo(-2 / Math.sqrt(3.5 + 1e-5), 5);
    // running ← 0.9 running + 0.1 (mean; unbiased variance 3.5 · 4/3), from 0 and 1.
    const mean = (k: number) => 3 * (1 - 0.9 ** k);
    const variance = (k: number) => 14 / 3 + (1 - 14 / 3) * 0.9 ** k;
    const history = async (k: number) =>
      (await page.getByTestId(`bn-step-${k}`).locator('td').nth(1).getAttribute('data-value'))!
        .split(',')
        .map(Number);
    for (const k of [1, 2, 3]) expect((await history(k))[0]).toBeCloseTo(mean(k), 5);
    const predicted = (k: number) => (1 - mean(k)) / Math.sqrt(variance(k) + 1e-5);
    expect(await value('predict-y-0-0')).toBeCloseTo(predicted(3), 4);
    await expect
      .poll(() => page.getByTestId('bn-independence').textContent())
      .toContain(
        `it stays ${(await page.getByTestId('bn-predict-value').textContent())!} → ${(await page.getByTestId('bn-predict-value').textContent())!}`,
      );
    await shot('batch-normalization');
    await page.getByTestId('bn-step').click();
    await page.getByTestId('bn-step-4').waitFor({ timeout: minutes(1) });
    expect((await history(4))[0]).toBeCloseTo(mean(4), 5);
    await expect
      .poll(() => value('predict-y-0-0'), { timeout: minutes(1) })
      .toBeCloseTo(predicted(4), 4);
    // Sample 1 becomes 3 in feature 0: the batch mean 3.5, so its normalised value changes.
    await type('X-0-0-0', '3');
    await expect.poll(() => value('mean-0-0'), { timeout: minutes(1) }).toBe(3.5);
  });

  const networks: [string, string][] = [
    ['lenet', 'lenet'],
    ['alexnet', 'alexnet'],
    ['vgg', 'vgg11'],
    ['nin', 'nin'],
    ['googlenet', 'googlenet'],
    ['resnet', 'resnet18'],
    ['densenet', 'densenet'],
  ];
  it.each(networks)(
    '%s: its layers and parameter count as src/graph computes them',
    async (slug, name) => {
      await page.goto(`${inject('baseUrl')}#/learn/${slug}`);
      await page.getByTestId(`lesson-${slug}`).waitFor();
      const analysis = analyze(template(name)!);
      expect(await page.getByTestId('network-params').textContent()).toBe(
        analysis.totals.paramCount.toLocaleString('en-US'),
      );
      const rows = await page.getByTestId('network-layers').locator('tbody tr').count();
      expect(rows).toBe(template(name)!.nodes.length);
      if (slug === 'resnet') await page.getByTestId('diagram-identity').first().waitFor();
      await shot(slug);
    },
  );

  it('opens a network on the canvas with the chapter’s recipe in one click', async () => {
    await page.goto(`${inject('baseUrl')}#/learn/lenet`);
    await page.getByTestId('train-network').click();
    await node(page, 'conv1').waitFor();
    expect(new URL(page.url()).hash).toBe('#/');
    expect(await page.getByTestId('tab-training').getAttribute('aria-selected')).toBe('true');
    expect(await page.getByTestId('train-optimizer').inputValue()).toBe('adam');
    expect(await page.getByTestId('train-lr').inputValue()).toBe('0.001');
    // The inspector marks the receptive field of a clicked element of the selected layer.
    await node(page, 'conv2').click();
    await page.getByTestId('tab-inspector').click();
    await page.getByTestId('rf-map-output').click({ position: { x: 2, y: 2 } });
    const r = inputRegion(analyze(template('lenet')!), 'conv2', [0, 0])!;
    await expect
      .poll(() => page.getByTestId('rf-map-region').textContent())
      .toBe(
        `[0, 0] sees rows ${r.top}–${r.bottom}, columns ${r.left}–${r.right} of the input (${r.bottom - r.top + 1}×${r.right - r.left + 1})`,
      );
    await page
      .getByTestId('inspector')
      .screenshot({ path: `${screenshotDir}/inspector-receptive-field.png` });
    // And back: the toolbar's Learn opens the list of lessons.
    await page.getByTestId('open-learn').click();
    await page.getByTestId('learn-index').waitFor();
  });
});
