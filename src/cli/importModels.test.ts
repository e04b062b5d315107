import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modulesMissing, python, run } from '../export/pythonTesting.js';
import { checkImport, type ImportCheck } from './importCheck.js';
import { runCli } from './testing.js';

/**
 * Small models through the whole import path: PyTorch modules using every op the importer reads,
 * at opsets 11, 13 and 17, and two torchvision networks at 64×64 (the ten full-size ones are
 * `npm run check:import`).
 */
const models: [file: string, spec: string][] = [
  ['every_op_opset11', 'every_op:16:11'],
  ['every_op_opset13', 'every_op:16:13'],
  ['every_op', 'every_op:16'],
  ['tiny_resnet', 'tiny_resnet:16'],
  ['squeezenet1_1', 'squeezenet1_1:64'],
  ['mobilenet_v3_small', 'mobilenet_v3_small:64'],
];

const missing = modulesMissing(['torch', 'torchvision', 'onnx']);
if (missing) console.log(`skipping the ONNX import checks against PyTorch: ${missing}`);

describe.skipIf(missing !== null)('cnn-studio import of models torch.onnx.export wrote', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cnn-studio-import-'));
  const results: ImportCheck[] = [];
  beforeAll(() => {
    run(python, ['scripts/onnx_models.py', dir, ...models.map(([, spec]) => spec)]);
  }, 120_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    const lines = results.map(
      (r) =>
        `  ${r.name}: ${r.layers} layers, ${r.params} params, |error| ${r.maxError.toExponential(2)} (outputs up to ${r.scale.toPrecision(3)})`,
    );
    console.log(`imported:\n${lines.join('\n')}`);
  });

  it.each(models.map(([file]) => file))(
    '%s: the file’s parameters, PyTorch’s output, a training step, export → import',
    async (file) => {
      const r = await checkImport(runCli, dir, file);
      results.push(r);
      expect(r.params).toBe(r.fileParams);
      expect(r.maxError).toBeLessThanOrEqual(1e-4 * Math.max(1, r.scale));
      expect(Number.isFinite(r.stepLoss)).toBe(true);
      expect(r.roundTrip).toBe(true);
    },
    300_000,
  );

  it('keeps PyTorch’s parameter count where no BatchNorm was folded into a conv', () => {
    const squeezenet = results.find((r) => r.name === 'squeezenet1_1')!;
    expect(squeezenet.params).toBe(squeezenet.torchParams);
  });
});
