import * as ort from 'onnxruntime-node';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { analyze, numel, template } from '../src/graph/index.js';
import { downloadFromMenu, dropLayer, loadTemplate, menu, type Session } from './app.js';
import { editorPages } from './pages.js';

let session: Session;
const openPage = editorPages();

/** The messages of the alerts the page shows (openEditor accepts them). */
function alerts(page: Page): string[] {
  const messages: string[] = [];
  page.on('dialog', (d) => {
    if (d.type() === 'alert') messages.push(d.message());
  });
  return messages;
}

describe('File › Export PyTorch in Chromium', () => {
  it('downloads LeNet as a PyTorch module whose submodules are the node ids', async () => {
    session = await openPage();
    await loadTemplate(session.page, 'LeNet', 'conv1');
    const { name, bytes } = await downloadFromMenu(session.page, 'Export PyTorch…');
    expect(name).toBe('LeNet.py');
    const text = bytes.toString('utf8');
    expect(text).toMatch(/^class \w+\(nn\.Module\):/m);
    for (const id of ['conv1', 'conv2', 'fc1', 'fc2', 'fc3']) expect(text).toContain(id);
  });

  it('shows why a graph with problems cannot be exported', async () => {
    session = await openPage();
    const shown = alerts(session.page);
    // A Conv2d with nothing feeding it.
    await dropLayer(session.page, 'Conv2d', { x: 300, y: 200 });
    await menu(session.page, 'File', 'Export PyTorch…');
    await expect.poll(() => shown).toEqual([expect.stringMatching(/^Export PyTorch failed: ./)]);
  });
});

describe('File › Export ONNX in Chromium', () => {
  it("downloads LeNet as a model ONNX Runtime runs, encoded under the page's CSP", async () => {
    session = await openPage();
    const shown = alerts(session.page);
    await loadTemplate(session.page, 'LeNet', 'conv1');
    const { name, bytes } = await downloadFromMenu(session.page, 'Export ONNX…');
    expect(shown).toEqual([]);
    expect(name).toBe('LeNet.onnx');

    // No weights were trained, so they are inputs of the model, after the image.
    const model = await ort.InferenceSession.create(bytes);
    const weights = analyze(template('lenet')!).ops.flatMap((op) =>
      op.weights.map((w) => ({ key: `${op.name}.${w.name}`, shape: [...w.shape] })),
    );
    const [image, ...rest] = model.inputNames;
    expect(rest).toEqual(weights.map((w) => w.key));
    const feeds: Record<string, ort.Tensor> = {
      [image!]: new ort.Tensor('float32', new Float32Array(2 * 28 * 28).fill(0.5), [2, 1, 28, 28]),
    };
    for (const w of weights) {
      feeds[w.key] = new ort.Tensor(
        'float32',
        new Float32Array(numel(w.shape)).fill(0.01),
        w.shape,
      );
    }
    const out = (await model.run(feeds))[model.outputNames[0]!]!;
    expect(out.dims).toEqual([2, 10]);
    expect([...(out.data as Float32Array)].every(Number.isFinite)).toBe(true);
  });
});
