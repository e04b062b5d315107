import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { analyze, parseGraph, template, templateNames, type Graph } from '../src/graph/index.js';
import {
  connect,
  count,
  exportJson,
  loadTemplate,
  menu,
  node,
  screenshot,
  shapeOf,
  type Session,
  viewportSettled,
} from './app.js';
import { editorPages } from './pages.js';

let session: Session;
const openPage = editorPages();

const open = async (width = 1440, height = 900) => {
  session = await openPage();
  await session.page.setViewportSize({ width, height });
  return session.page;
};

const graphOf = (text: string): Graph => {
  const result = parseGraph(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.graph;
};

/** A template layer's output shape as the canvas writes it. */
const shapeIn = (name: string, id: string) =>
  analyze(template(name)!).nodes.get(id)!.shape.join('×');

const sourcesInto = (graph: Graph, target: string) =>
  graph.edges.filter((e) => e.target === target).map((e) => e.source);

/** Ids of the layers whose whole box is not inside the canvas. */
async function offScreen(page: Page, ids: string[]): Promise<string[]> {
  const canvas = (await page.getByTestId('canvas').boundingBox())!;
  const out: string[] = [];
  for (const id of ids) {
    const b = await node(page, id).boundingBox();
    const inside =
      b &&
      b.x >= canvas.x &&
      b.y >= canvas.y &&
      b.x + b.width <= canvas.x + canvas.width + 0.5 &&
      b.y + b.height <= canvas.y + canvas.height + 0.5;
    if (!inside) out.push(id);
  }
  return out;
}

/** The viewport's zoom, once the fitting animation has settled. */
async function settledZoom(page: Page): Promise<number> {
  const zoom = () =>
    page.evaluate(() => {
      const t = document.querySelector<HTMLElement>('.react-flow__viewport')!.style.transform;
      return Number(/scale\(([\d.]+)\)/.exec(t)?.[1] ?? 'NaN');
    });
  let last = await zoom();
  for (;;) {
    await page.waitForTimeout(300);
    const now = await zoom();
    if (now === last) return now;
    last = now;
  }
}

describe('the canvas for real networks', () => {
  it.each([
    [1440, 900],
    [1024, 700],
  ])('opens every template with every layer on screen at %i×%i', async (width, height) => {
    const page = await open(width, height);
    // Every entry of the Templates menu, matched to its graph by name.
    await page.getByRole('button', { name: 'Templates', exact: true }).click();
    const entries = await page.getByRole('menuitem').allTextContents();
    await page.keyboard.press('Escape');
    expect(entries.length).toBeGreaterThanOrEqual(templateNames.length);
    for (const title of entries) {
      const graph = templateNames.map((n) => template(n)!).find((g) => g.meta.name === title);
      expect(graph, `a template named ${title}`).toBeDefined();
      const ids = graph!.nodes.map((n) => n.id);
      await loadTemplate(page, title, ids[0]!);
      await expect.poll(() => count(page, '.react-flow__node-layer')).toBe(ids.length);
      const zoom = await settledZoom(page);
      expect(await offScreen(page, ids), title).toEqual([]);
      // Zoomed out the faces switch to large type; either way the text stays legible.
      const kind = node(page, ids.at(-1)!).locator('.layer-node-kind');
      const px = await kind.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      expect(px * zoom, title).toBeGreaterThanOrEqual(10);
      if (width === 1440 || title === 'GoogLeNet') await screenshot(page, `open-${title}-${width}`);
    }
  });

  it('fits the graph again when the window changes size, until the user moves the view', async () => {
    const page = await open();
    const ids = template('googlenet')!.nodes.map((n) => n.id);
    await loadTemplate(page, 'GoogLeNet', ids[0]!);
    const wide = await settledZoom(page);
    await page.setViewportSize({ width: 1024, height: 700 });
    const narrow = await settledZoom(page);
    expect(narrow).toBeLessThan(wide);
    expect(await offScreen(page, ids)).toEqual([]);
    // Zoomed by the user, the view stays where they put it.
    await page.mouse.move(500, 400);
    await page.mouse.wheel(0, -300);
    const chosen = await settledZoom(page);
    expect(chosen).toBeGreaterThan(narrow);
    await page.setViewportSize({ width: 1440, height: 900 });
    await expect(settledZoom(page)).resolves.toBe(chosen);
  });

  it('shows the totals on load, without opening a tab, and counts the problems', async () => {
    const page = await open();
    await loadTemplate(page, 'ResNet-18', 'b2.0');
    const { totals } = analyze(template('resnet18')!);
    const bar = page.getByTestId('status-bar');
    await expect(bar.isVisible()).resolves.toBe(true);
    await expect
      .poll(() => page.getByTestId('status-params').getAttribute('title'))
      .toBe(`${totals.paramCount.toLocaleString('en-US')} parameters`);
    await expect(page.getByTestId('status-macs').getAttribute('title')).resolves.toContain(
      totals.macs.toLocaleString('en-US'),
    );
    await expect(page.getByTestId('status-problems').textContent()).resolves.toBe('no problems');
    // A stray layer is one problem (a warning); the status bar's count opens the list.
    await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
    await page.getByTestId('palette-ReLU').click();
    await expect
      .poll(() => page.getByTestId('status-problems').textContent())
      .toMatch(/^\d+ problems?$/);
    await page.getByTestId('status-problems').click();
    await page.getByTestId('problems').waitFor();
    await screenshot(page, 'status-bar');
  });

  it('marks the network’s output and warns only about the stray layer', async () => {
    const page = await open();
    await loadTemplate(page, 'LeNet', 'conv1');
    await expect.poll(() => count(page, '[data-testid="output-tag"]')).toBe(1);
    expect(await node(page, 'fc3').getByTestId('output-tag').count()).toBe(1);
    await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
    await page.getByTestId('palette-Conv2d').click();
    await node(page, 'conv2d_1').waitFor();
    await expect.poll(() => node(page, 'conv2d_1').getAttribute('class')).toMatch(/invalid/);
    expect(await node(page, 'fc3').getAttribute('class')).not.toMatch(/warning|invalid/);
    expect(await node(page, 'fc3').getByTestId('output-tag').count()).toBe(1);
    await expect(node(page, 'conv2d_1').getAttribute('title')).resolves.toContain(
      'the network’s output is fc3',
    );
  });

  it('draws every edge of a block: the Residual’s shortcut into its Add, each Inception branch', async () => {
    const page = await open();
    await loadTemplate(page, 'ResNet-18', 'b2.0');
    const view = page.getByTestId('block-view');
    const edge = (id: string) => view.getByTestId(`rf__edge-${id}`).locator('path').first();
    // Identity shortcut: the block's input straight into the Add.
    await node(page, 'b2.0').getByRole('button', { name: 'Expand block' }).click();
    await expect.poll(() => edge('(input)->b2.0.add').getAttribute('d')).toMatch(/^M/);
    await expect(edge('(input)->b2.0.conv1').getAttribute('d')).resolves.toMatch(/^M/);
    await screenshot(page, 'block-view-identity');
    await page.keyboard.press('Escape');
    // Stride 2: the shortcut goes through the 1×1 conv.
    await node(page, 'b3.0').getByRole('button', { name: 'Expand block' }).click();
    await expect.poll(() => edge('(input)->b3.0.conv3').getAttribute('d')).toMatch(/^M/);
    await expect(edge('b3.0.conv3->b3.0.add').getAttribute('d')).resolves.toMatch(/^M/);
    const ops = analyze(template('resnet18')!).nodes.get('b3.0')!.ops;
    const edges = ops.reduce((n, o) => n + o.inputs.length, 0);
    await expect.poll(() => view.locator('.react-flow__edge').count()).toBe(edges);
    await screenshot(page, 'block-view');
    await page.keyboard.press('Escape');

    await loadTemplate(page, 'GoogLeNet', 'b3.0');
    await node(page, 'b3.0').getByRole('button', { name: 'Expand block' }).click();
    for (const first of ['p1_1', 'p2_1', 'p3_1', 'p4_1']) {
      await expect.poll(() => edge(`(input)->b3.0.${first}`).getAttribute('d')).toMatch(/^M/);
    }
    await screenshot(page, 'block-view-inception');
  });

  it('replaces a block by its layers in place, moving what follows, one undo step', async () => {
    const page = await open();
    await loadTemplate(page, 'ResNet-18', 'b3.0');
    const below = (await node(page, 'b3.1').boundingBox())!;
    await node(page, 'b3.0').getByRole('button', { name: 'Expand block' }).click();
    await page.getByTestId('replace-with-layers').click();
    await node(page, 'b3.0.conv1').waitFor();
    await expect
      .poll(async () => (await node(page, 'b3.1').boundingBox())!.y)
      .toBeGreaterThan(below.y);
    const inner = ['conv1', 'bn1', 'relu1', 'conv2', 'bn2', 'conv3', 'add', 'relu2'];
    const boxes = await Promise.all(inner.map((c) => node(page, `b3.0.${c}`).boundingBox()));
    const next = (await node(page, 'b3.1').boundingBox())!;
    for (const b of boxes) expect(b!.y + b!.height).toBeLessThan(next.y);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, c] = [boxes[i]!, boxes[j]!];
        const apart =
          a.x + a.width <= c.x ||
          c.x + c.width <= a.x ||
          a.y + a.height <= c.y ||
          c.y + c.height <= a.y;
        expect(apart, `${inner[i]} / ${inner[j]}`).toBe(true);
      }
    }
    // Wider than the block, the layers push the neighbouring columns aside: no layer on the
    // canvas covers another, nor any stage's frame another's.
    for (const kind of ['layer', 'frame']) {
      const every = await Promise.all(
        (await page.locator(`.react-flow__node-${kind}`).all()).map(async (n) => ({
          id: await n.getAttribute('data-id'),
          box: (await n.boundingBox())!,
        })),
      );
      expect(every.length).toBeGreaterThan(kind === 'layer' ? 20 : 4);
      const covering = every.flatMap((a, i) =>
        every
          .slice(i + 1)
          .filter(
            ({ box: c }) =>
              a.box.x + a.box.width > c.x &&
              c.x + c.width > a.box.x &&
              a.box.y + a.box.height > c.y &&
              c.y + c.height > a.box.y,
          )
          .map((c) => `${a.id} / ${c.id}`),
      );
      expect(covering).toEqual([]);
    }
    await screenshot(page, 'replaced-with-layers');
    await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
    await page.keyboard.press('Control+z');
    await node(page, 'b3.0').waitFor();
    expect(await count(page, '[data-testid="node-b3.0.conv1"]')).toBe(0);
  });

  it('collapses a stage into one box on the canvas and expands it again', async () => {
    const page = await open();
    await loadTemplate(page, 'ResNet-18', 'b2.0');
    await page.getByRole('button', { name: 'Collapse stage b2' }).click();
    const box = page.getByTestId('stage-b2');
    await box.waitFor();
    expect(await count(page, '[data-testid="node-b2.0"]')).toBe(0);
    const b2 = analyze(template('resnet18')!).nodes.get('b2.1')!;
    await expect(box.getByTestId('shape').textContent()).resolves.toBe(b2.shape.join('×'));
    await expect(box.textContent()).resolves.toContain('2 layers');
    await screenshot(page, 'stage-collapsed');
    await page.getByRole('button', { name: 'Expand stage b2' }).click();
    await node(page, 'b2.0').waitFor();
    // C collapses every stage, E opens them all.
    await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
    await page.keyboard.press('c');
    await expect.poll(() => count(page, '.react-flow__node-stage')).toBe(6);
    await screenshot(page, 'stages-collapsed');
    await page.keyboard.press('e');
    await expect.poll(() => count(page, '.react-flow__node-stage')).toBe(0);
  });

  it('inserts a palette layer after the selected one and rewires, one undo step', async () => {
    const page = await open();
    await loadTemplate(page, 'LeNet', 'conv1');
    await node(page, 'conv1').click();
    await page.getByTestId('palette-BatchNorm2d').click();
    await node(page, 'batchnorm2d_1').waitFor();
    // Enter on a palette item does the same, after the new (selected) layer.
    await page.getByTestId('palette-ReLU').focus();
    await page.keyboard.press('Enter');
    await node(page, 'relu_1').waitFor();
    const graph = graphOf(await exportJson(page));
    expect(sourcesInto(graph, 'batchnorm2d_1')).toEqual(['conv1']);
    expect(sourcesInto(graph, 'relu_1')).toEqual(['batchnorm2d_1']);
    expect(sourcesInto(graph, 'sig1')).toEqual(['relu_1']);
    expect(analyze(graph).problems).toEqual([]);
    // Laid out in the column: conv1, the new layers, then sig1, none on top of another.
    const ys = await Promise.all(
      ['conv1', 'batchnorm2d_1', 'relu_1', 'sig1'].map(
        async (id) => (await node(page, id).boundingBox())!,
      ),
    );
    for (let i = 1; i < ys.length; i++)
      expect(ys[i]!.y).toBeGreaterThan(ys[i - 1]!.y + ys[i - 1]!.height);
    await screenshot(page, 'inserted-after');
    await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => count(page, '[data-testid="node-relu_1"]')).toBe(0);
    expect(sourcesInto(graphOf(await exportJson(page)), 'sig1')).toEqual(['batchnorm2d_1']);
  });

  it('inserts a layer dropped onto an edge into it', async () => {
    const page = await open();
    await loadTemplate(page, 'LeNet', 'conv1');
    const path = page.getByTestId('rf__edge-fc1->sig3').locator('path.react-flow__edge-path');
    const mid = await path.evaluate((el: SVGPathElement) => {
      const p = el.getPointAtLength(el.getTotalLength() / 2);
      const m = el.getScreenCTM()!;
      return { x: m.a * p.x + m.e, y: m.d * p.y + m.f };
    });
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    await page.getByTestId('palette-Dropout').dragTo(page.locator('.react-flow__pane'), {
      targetPosition: { x: mid.x - pane.x, y: mid.y - pane.y },
    });
    await node(page, 'dropout_1').waitFor();
    const graph = graphOf(await exportJson(page));
    expect(sourcesInto(graph, 'dropout_1')).toEqual(['fc1']);
    expect(sourcesInto(graph, 'sig3')).toEqual(['dropout_1']);
    // A Dropout hands on what fc1 gives.
    await expect.poll(() => shapeOf(page, 'dropout_1')).toBe(shapeIn('lenet', 'fc1'));
    await screenshot(page, 'dropped-on-edge');
  });

  it('opens a searchable list where a connection is dropped in empty space, and connects the choice', async () => {
    const page = await open();
    await loadTemplate(page, 'LeNet', 'conv1');
    const handle = (await node(page, 'fc3').locator('.react-flow__handle.source').boundingBox())!;
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    // To the right of the last column: empty canvas.
    await page.mouse.move(handle.x + 260, handle.y + 40, { steps: 10 });
    await page.mouse.up();
    const search = page.getByTestId('quick-add-search');
    await search.waitFor();
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
    await search.fill('conv');
    await screenshot(page, 'quick-add');
    expect(await page.getByTestId('quick-add').locator('button').first().textContent()).toContain(
      'Conv2d',
    );
    await search.press('ArrowDown');
    await search.press('ArrowUp');
    await search.press('Enter');
    await node(page, 'conv2d_1').waitFor();
    expect(sourcesInto(graphOf(await exportJson(page)), 'conv2d_1')).toEqual(['fc3']);
    // A from the keyboard opens it for the selected layer; Escape closes it.
    await node(page, 'conv2d_1').click();
    await page.keyboard.press('a');
    await search.waitFor();
    await search.press('Escape');
    await search.waitFor({ state: 'detached' });
  });

  it('edits the Input’s height and width together, as one undo step', async () => {
    const page = await open();
    await loadTemplate(page, 'LeNet', 'conv1');
    await node(page, 'input').click();
    await page.getByTestId('param-size-0').fill('32');
    await page.getByTestId('param-size-1').fill('32');
    await page.getByTestId('param-size-1').press('Enter');
    await expect.poll(() => shapeOf(page, 'input')).toBe('1×32×32');
    await page.getByTestId('size-96').click();
    await expect.poll(() => shapeOf(page, 'input')).toBe('1×96×96');
    await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => shapeOf(page, 'input')).toBe('1×32×32');
  });

  it('groups with the keyboard only: Ctrl+G, type the name, Enter; Escape cancels', async () => {
    const page = await open();
    await loadTemplate(page, 'LeNet', 'conv1');
    await node(page, 'conv2').click();
    await node(page, 'sig2').click({ modifiers: ['Shift'] });
    await page.keyboard.press('Control+g');
    const dialog = page.getByTestId('group-dialog');
    await dialog.waitFor();
    await page.keyboard.type('Zap');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await count(page, '[data-testid="node-conv2"]')).toBe(1);

    await page.keyboard.press('Control+g');
    await dialog.waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('block-name');
    // The proposed name is selected: typing replaces it.
    await page.keyboard.type('ConvSig');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await node(page, 'convsig_1').waitFor();
    expect(Object.keys(graphOf(await exportJson(page)).blocks ?? {})).toEqual(['ConvSig']);
  });

  it('at 1024×700 keeps the canvas at least half the width, with nothing overflowing', async () => {
    const page = await open(1024, 700);
    await loadTemplate(page, 'ResNet-18', 'b2.0');
    const overflow = () =>
      page.evaluate(() => ({
        page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        toolbar: (() => {
          const t = document.querySelector('.toolbar')!;
          return t.scrollWidth - t.clientWidth;
        })(),
      }));
    expect(await overflow()).toEqual({ page: 0, toolbar: 0 });
    const canvas = (await page.getByTestId('canvas').boundingBox())!;
    expect(canvas.width).toBeGreaterThanOrEqual(1024 / 2);
    // The Summary table fits its panel: no cut columns.
    await page.getByTestId('tab-summary').click();
    const table = page.locator('.summary-table-wrap');
    await expect(table.evaluate((el) => el.scrollWidth - el.clientWidth)).resolves.toBe(0);
    await screenshot(page, 'small-window');
    for (const width of [900, 800, 700]) {
      await page.setViewportSize({ width, height: 700 });
      await expect
        .poll(async () => (await page.getByTestId('canvas').boundingBox())!.width)
        .toBeGreaterThanOrEqual(width / 2);
      expect((await overflow()).page).toBe(0);
      // The side panel shrank: its table drops MACs and RF rather than overflow.
      await expect(table.evaluate((el) => el.scrollWidth - el.clientWidth)).resolves.toBe(0);
      await expect(page.getByTestId('status-problems').isVisible()).resolves.toBe(true);
    }
    await screenshot(page, 'narrow-window');
  });

  it('resizes and closes the panels, and remembers them', async () => {
    const page = await open();
    await loadTemplate(page, 'LeNet', 'conv1');
    const side = () => page.locator('.right-panel').boundingBox();
    const before = (await side())!.width;
    const splitter = (await page.getByTestId('splitter-side').boundingBox())!;
    await page.mouse.move(splitter.x + 2, splitter.y + 200);
    await page.mouse.down();
    await page.mouse.move(splitter.x - 120, splitter.y + 200, { steps: 6 });
    await page.mouse.up();
    await expect.poll(async () => (await side())!.width).toBeGreaterThan(before + 100);
    const widened = (await side())!.width;
    await page.getByTestId('close-palette').click();
    await page.getByTestId('rail-palette').waitFor();
    await page.reload();
    await page.getByTestId('canvas').waitFor();
    await page.getByTestId('rail-palette').waitFor();
    expect((await side())!.width).toBeCloseTo(widened, 0);
    await page.getByTestId('rail-palette').click();
    await page.getByTestId('palette-Conv2d').waitFor();
  });

  it('hides the minimap where it would cover layers, and toggles it', async () => {
    const page = await open(1024, 700);
    await loadTemplate(page, 'DenseNet', 'b1.0');
    await settledZoom(page);
    const minimap = () => count(page, '.react-flow__minimap');
    // Fitted, DenseNet reaches the canvas's bottom-right corner: no minimap over it.
    await expect.poll(minimap).toBe(0);
    await page.getByRole('button', { name: 'Zoom out' }).click();
    await page.getByRole('button', { name: 'Zoom out' }).click();
    await expect.poll(minimap).toBe(1);
    await page.getByTestId('toggle-minimap').click();
    await expect.poll(minimap).toBe(0);
    await page.getByTestId('toggle-minimap').click();
    await expect.poll(minimap).toBe(1);
  });

  it('lays out in rows, left to right, with edges leaving from the right side', async () => {
    const page = await open();
    await loadTemplate(page, 'LeNet', 'conv1');
    await menu(page, 'View', 'Auto layout: rows, left to right');
    await expect
      .poll(async () => (await node(page, 'sig1').boundingBox())!.x)
      .toBeGreaterThan((await node(page, 'conv1').boundingBox())!.x + 100);
    await viewportSettled(page);
    const start = await page
      .getByTestId('rf__edge-conv1->sig1')
      .locator('path.react-flow__edge-path')
      .evaluate((el: SVGPathElement) => {
        const p = el.getPointAtLength(0);
        const m = el.getScreenCTM()!;
        return { x: m.a * p.x + m.e, y: m.d * p.y + m.f };
      });
    const conv1 = (await node(page, 'conv1').boundingBox())!;
    expect(start.x).toBeCloseTo(conv1.x + conv1.width, -1);
    expect(start.y).toBeGreaterThan(conv1.y);
    expect(start.y).toBeLessThan(conv1.y + conv1.height);
  });

  it('connects by dropping near a handle, which is easy to grab', async () => {
    const page = await open();
    await menu(page, 'Templates', 'LeNet');
    await node(page, 'conv1').waitFor();
    const grab = await page.evaluate(() => {
      const h = document.querySelector('.react-flow__handle.source')!;
      return parseFloat(getComputedStyle(h, '::after').inset || '0');
    });
    // The hit area reaches 10 px beyond the 10 px dot.
    expect(grab).toBeLessThanOrEqual(-10);
    await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
    await page.getByTestId('palette-ReLU').click();
    await node(page, 'relu_1').waitFor();
    await connect(page, 'sig1', 'relu_1');
    await expect.poll(() => shapeOf(page, 'relu_1')).toBe(shapeIn('lenet', 'sig1'));
  });
});
