import { describe, expect, it } from 'vitest';
import { analyze, parseGraph, template, type Graph } from '../src/graph/index.js';
import {
  connect,
  count,
  dropLayer,
  exportJson,
  importJson,
  loadTemplate,
  menu,
  node,
  screenshot,
  shapeOf,
  type Session,
} from './app.js';
import { editorPages } from './pages.js';

let session: Session;
const openPage = editorPages();

const open = async () => {
  session = await openPage();
  return session.page;
};

const graphOf = (text: string): Graph => {
  const result = parseGraph(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.graph;
};

describe('the canvas editor in Chromium', () => {
  it('drops an Input and a Conv2d from the palette, connects them and shows the shape', async () => {
    const page = await open();
    await dropLayer(page, 'Input', { x: 300, y: 120 });
    await dropLayer(page, 'Conv2d', { x: 300, y: 330 });
    await expect.poll(() => shapeOf(page, 'conv2d_1')).toBe('?');
    await connect(page, 'input_1', 'conv2d_1');
    // Default Input 1×28×28, default Conv2d 16 3×3 kernels, stride 1, no padding.
    await expect.poll(() => shapeOf(page, 'conv2d_1')).toBe('16×26×26');
    await expect(node(page, 'conv2d_1').textContent()).resolves.toContain('3×3 /1 p0, 16');
    await screenshot(page, 'drop-and-connect');
  });

  it('changes a stride in the inspector and updates every shape downstream', async () => {
    const page = await open();
    await loadTemplate(page, 'LeNet', 'conv1');
    await node(page, 'conv1').click();
    const stride = page.getByTestId('param-stride-0');
    await stride.fill('2');
    await page.getByTestId('param-stride-1').fill('2');
    await page.getByTestId('param-stride-1').press('Enter');

    const graph = template('lenet')!;
    graph.nodes.find((n) => n.id === 'conv1')!.params.stride = [2, 2];
    const expected = analyze(graph).nodes;
    for (const id of ['conv1', 'pool1', 'conv2', 'pool2', 'flatten']) {
      await expect.poll(() => shapeOf(page, id)).toBe(expected.get(id)!.shape.join('×'));
    }
    expect(await shapeOf(page, 'conv1')).toBe('6×12×12');
    await expect(page.getByTestId('formula').textContent()).resolves.toContain(
      '⌊(28 + 2·0 − 5) / 2⌋ + 1 = 12',
    );
    await screenshot(page, 'stride-changed');

    // A value out of range is refused with a message and nothing changes.
    await stride.fill('0');
    await expect(page.getByRole('alert').textContent()).resolves.toBe('Height: At least 1');
    await stride.press('Enter');
    expect(await shapeOf(page, 'conv1')).toBe('6×12×12');
    await screenshot(page, 'stride-refused');
  });

  it('loads ResNet-18 with the total parameter count src/graph computes', async () => {
    const page = await open();
    // The README's first picture: a laptop screen, where the whole network reads at 100%.
    await page.setViewportSize({ width: 1440, height: 900 });
    await loadTemplate(page, 'ResNet-18', 'b2.0');
    await page.getByTestId('tab-summary').click();
    const total = analyze(template('resnet18')!).totals.paramCount;
    await expect
      .poll(() => page.getByTestId('total-params').textContent())
      .toBe(total.toLocaleString('en-US'));
    await screenshot(page, 'resnet18-summary');
  });

  it('exports JSON and imports it back to the same graph', async () => {
    const page = await open();
    await loadTemplate(page, 'GoogLeNet', 'input');
    const exported = await exportJson(page);
    expect(graphOf(exported).nodes.map((n) => n.id)).toEqual(
      template('googlenet')!.nodes.map((n) => n.id),
    );
    await menu(page, 'File', 'New');
    await expect.poll(() => count(page, '.react-flow__node')).toBe(0);
    await importJson(page, 'googlenet.json', exported);
    await node(page, 'input').waitFor();
    expect(graphOf(await exportJson(page))).toEqual(graphOf(exported));
  });

  it('refuses a broken file, lists every error and leaves the graph unchanged', async () => {
    const page = await open();
    await loadTemplate(page, 'LeNet', 'conv1');
    const before = await exportJson(page);
    const broken = JSON.parse(before) as { nodes: { params: Record<string, unknown> }[] };
    broken.nodes[1]!.params.stride = [0, 1];
    broken.nodes[2]!.params = { out_channels: 'many' };
    await importJson(page, 'broken.json', JSON.stringify(broken));
    const dialog = page.getByTestId('file-errors');
    await expect(dialog.textContent()).resolves.toContain('nodes[1].params.stride');
    await expect(dialog.textContent()).resolves.toContain('nodes[2].params');
    await screenshot(page, 'broken-file');
    await page.keyboard.press('Escape');
    expect(await exportJson(page)).toBe(before);
  });

  it('undoes and redoes edits from the keyboard', async () => {
    const page = await open();
    await dropLayer(page, 'Input', { x: 300, y: 120 });
    await dropLayer(page, 'ReLU', { x: 300, y: 330 });
    await connect(page, 'input_1', 'relu_1');
    await expect.poll(() => shapeOf(page, 'relu_1')).toBe('1×28×28');
    const edges = () => count(page, '.react-flow__edge');
    await expect.poll(edges).toBe(1);

    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+z');
    await expect.poll(edges).toBe(0);
    await page.keyboard.press('Control+z');
    await expect.poll(() => count(page, '.react-flow__node')).toBe(1);
    await page.keyboard.press('Control+Shift+z');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(edges).toBe(1);
    await expect.poll(() => shapeOf(page, 'relu_1')).toBe('1×28×28');

    // A drag is one step: undo puts the node back where it was.
    const box = (await node(page, 'relu_1').boundingBox())!;
    await page.mouse.move(box.x + 60, box.y + 10);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + 60 + i * 15, box.y + 10 + i * 5);
    await page.mouse.up();
    const moved = (await node(page, 'relu_1').boundingBox())!;
    expect(moved.x).toBeGreaterThan(box.x + 100);
    await page.keyboard.press('Control+z');
    await expect
      .poll(async () => (await node(page, 'relu_1').boundingBox())!.x)
      .toBeCloseTo(box.x, 0);
    await expect.poll(edges).toBe(1);
    await screenshot(page, 'undo-redo');
  });

  it('copies and pastes layers through the clipboard events', async () => {
    const page = await open();
    await loadTemplate(page, 'LeNet', 'conv1');
    await node(page, 'conv1').click();
    await node(page, 'sig1').click({ modifiers: ['Shift'] });
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    // The pasted pair keeps its inner connection and gets fresh ids.
    await node(page, 'conv2d_1').waitFor();
    await node(page, 'sigmoid_1').waitFor();
    const graph = graphOf(await exportJson(page));
    expect(graph.edges.filter((e) => e.source === 'conv2d_1').map((e) => e.target)).toEqual([
      'sigmoid_1',
    ]);
    expect(graph.nodes.find((n) => n.id === 'conv2d_1')!.params).toEqual(
      graph.nodes.find((n) => n.id === 'conv1')!.params,
    );
    await screenshot(page, 'pasted');
  });

  it('shows a block’s layers, the shortcuts and the dark theme', async () => {
    const page = await open();
    await loadTemplate(page, 'ResNet-18', 'b3.0');
    await node(page, 'b3.0').getByRole('button', { name: 'Expand block' }).click();
    const view = page.getByTestId('block-view');
    await view.locator('.react-flow__node').nth(8).waitFor();
    // Residual with a 1×1 shortcut: conv1 bn1 relu1 conv2 bn2 conv3 add relu2, plus the input.
    await expect.poll(() => view.locator('.react-flow__node').count()).toBe(9);
    await screenshot(page, 'block-view');
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Toggle theme' }).click();
    await expect
      .poll(() => page.evaluate(() => document.documentElement.dataset.theme))
      .toBe('dark');
    await node(page, 'b2.0').click();
    await screenshot(page, 'dark-theme');
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('?');
    await page.getByRole('heading', { name: 'Keyboard shortcuts' }).waitFor();
    await screenshot(page, 'shortcuts');
  });

  it('groups layers into a block, places it again from My blocks and saves it in the file', async () => {
    const page = await open();
    await loadTemplate(page, 'LeNet', 'conv1');
    const total = analyze(template('lenet')!).totals.paramCount;
    await node(page, 'conv2').click();
    await node(page, 'sig2').click({ modifiers: ['Shift'] });
    await page.keyboard.press('Control+g');
    const dialog = page.getByTestId('group-dialog');
    await page.getByTestId('block-name').fill('Conv2d');
    await expect.poll(() => page.getByTestId('group-problem').textContent()).toMatch(/built-in/);
    await page.getByTestId('block-name').fill('ConvSig');
    await screenshot(page, 'group-dialog');
    await page.getByTestId('block-name').press('Enter');
    await dialog.waitFor({ state: 'detached' });

    // The block sits where the layers were, with the shape they handed on.
    await expect.poll(() => shapeOf(page, 'convsig_1')).toBe('16×8×8');
    expect(await count(page, '[data-testid="node-conv2"]')).toBe(0);
    // With nothing selected, a palette click places the layer on its own.
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.getByTestId('palette-ConvSig').click();
    await node(page, 'convsig_2').waitFor();
    await screenshot(page, 'user-block');
    const graph = graphOf(await exportJson(page));
    expect(Object.keys(graph.blocks ?? {})).toEqual(['ConvSig']);
    expect(graph.nodes.filter((n) => n.kind === 'ConvSig').map((n) => n.id)).toEqual([
      'convsig_1',
      'convsig_2',
    ]);
    expect(analyze(graph).totals.paramCount).toBe(total);

    // Renaming in the inspector renames both uses.
    await node(page, 'convsig_1').click();
    await page.getByTestId('block-rename').fill('ConvAct');
    await page.getByTestId('block-rename').press('Enter');
    await page.getByTestId('palette-ConvAct').waitFor();
    await expect(node(page, 'convsig_2').textContent()).resolves.toContain('ConvAct');

    // Undo takes away the name, the second use, then the grouping; the layers come back.
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    for (let i = 0; i < 3; i++) await page.keyboard.press('Control+z');
    await node(page, 'conv2').waitFor();
    expect(await count(page, '[data-testid="palette-ConvSig"]')).toBe(0);
    expect(await count(page, '[data-testid="palette-ConvAct"]')).toBe(0);
  });
});
