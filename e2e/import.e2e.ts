import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modulesMissing, python, run } from '../src/export/pythonTesting.js';
import { testModel } from '../src/import/testing.js';
import { decode, toFloat32 } from '../src/runtime-gpu/safetensors.js';
import { downloadFromMenu, menu, node, screenshot } from './app.js';
import { editorPages } from './pages.js';

const open = editorPages();

/** File › Import ONNX… with a file from disk. */
async function importFromMenu(page: Page, name: string, bytes: Buffer) {
  const chooser = page.waitForEvent('filechooser');
  await menu(page, 'File', 'Import ONNX…');
  await (await chooser).setFiles({ name, mimeType: 'application/octet-stream', buffer: bytes });
}

/** Drops a file on the canvas as the desktop's file manager would. */
async function dropFile(page: Page, name: string, bytes: Uint8Array) {
  await page.evaluate(
    ({ name, data }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], name));
      const target = document.querySelector('[data-testid="canvas"]')!;
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(
          new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }),
        );
      }
    },
    { name, data: [...bytes] },
  );
}

const missing = modulesMissing(['torch', 'torchvision', 'onnx']);
if (missing) console.log(`skipping the ONNX import e2e: ${missing}`);

describe.skipIf(missing !== null)('File › Import ONNX and dropping a model in Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cnn-studio-import-e2e-'));
  const file = (name: string) => readFileSync(join(dir, name));
  beforeAll(() => {
    run(python, ['scripts/onnx_models.py', dir, 'mobilenet_v3_small:64', 'tiny_resnet:16']);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("imports MobileNetV3 with the file's parameters and its weights, which Export ONNX writes back", async () => {
    const { page } = await open();
    await importFromMenu(page, 'mobilenet_v3_small.onnx', file('mobilenet_v3_small.onnx'));
    await node(page, 'features.1.block.1.fc1').waitFor();
    const meta = JSON.parse(file('mobilenet_v3_small.json').toString()) as { file_params: number };
    await page.getByTestId('tab-summary').click();
    await expect
      .poll(() => page.getByTestId('total-params').textContent())
      .toBe(meta.file_params.toLocaleString('en-US'));
    await expect.poll(() => page.title()).toContain('mobilenet_v3_small');
    // A close look at the first block: the depthwise conv and its squeeze-and-excitation.
    const depthwise = node(page, 'features.1.block.0.0');
    const box = (await node(page, 'features.1.block.1.fc1').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -200);
    await depthwise.click();
    await page.getByTestId('tab-inspector').click();
    await screenshot(page, 'import-onnx');

    // The weights came in as the checkpoint: the exported model computes PyTorch's output.
    const { name, bytes } = await downloadFromMenu(page, 'Export ONNX…');
    expect(name).toBe('mobilenet_v3_small.onnx');
    const io = decode(file('mobilenet_v3_small.io.safetensors')).tensors;
    const session = await ort.InferenceSession.create(bytes);
    expect(session.inputNames).toEqual(['input']);
    const x = io.get('input')!;
    const out = await session.run({ input: new ort.Tensor('float32', toFloat32(x), x.shape) });
    const got = out[session.outputNames[0]!]!.data as Float32Array;
    const want = toFloat32(io.get('output')!);
    const scale = Math.max(...want.map(Math.abs));
    const worst = Math.max(...want.map((v, i) => Math.abs(got[i]! - v)));
    expect(worst).toBeLessThanOrEqual(1e-4 * Math.max(1, scale));
  });

  it('imports a model dropped on the window', async () => {
    const { page } = await open();
    await dropFile(page, 'tiny_resnet.onnx', file('tiny_resnet.onnx'));
    await node(page, 'add').waitFor();
    await expect.poll(() => page.title()).toContain('tiny_resnet');
  });

  it('lists every op it cannot read and leaves the canvas as it was', async () => {
    const { page } = await open();
    await menu(page, 'Templates', 'LeNet');
    await node(page, 'conv1').waitFor();
    const unsupported = testModel({
      nodes: [
        { op: 'Resize', name: 'up', inputs: ['x'], outputs: ['a'] },
        { op: 'Softmax', name: 'probabilities', inputs: ['a'], outputs: ['y'] },
      ],
    });
    await dropFile(page, 'odd.onnx', unsupported);
    const dialog = page.getByTestId('file-errors');
    await expect.poll(() => dialog.textContent()).toContain('Resize');
    expect(await dialog.textContent()).toContain('Softmax');
    expect(await dialog.textContent()).toContain('"probabilities"');
    await screenshot(page, 'import-onnx-refused');
    await page.keyboard.press('Escape');
    await node(page, 'conv1').waitFor();
  });
});
