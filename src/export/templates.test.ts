import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  analyze,
  parseGraph,
  summarize,
  template,
  templateNames,
  type Graph,
} from '../graph/index.js';
import { decode, toFloat32 } from '../runtime-gpu/safetensors.js';
import { exportOnnx } from './onnx.js';
import { exportPytorch } from './pytorch.js';
import { python, run, torchMissing } from './pythonTesting.js';

function fixture(): Graph {
  const result = parseGraph(
    readFileSync(new URL('../../fixtures/export/all-kinds.json', import.meta.url), 'utf8'),
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.graph;
}

const graphs: [string, Graph][] = [
  ...templateNames.map((n): [string, Graph] => [n, template(n)!]),
  ['all_kinds', fixture()],
];

interface Report {
  summary: { total_params: number; layers: { name: string; output_shape: number[] }[] };
  state: Record<string, [string, number[]]>;
}

const missing = torchMissing();
if (missing) console.log(`skipping the PyTorch export checks: ${missing}`);

describe.skipIf(missing !== null)('exported PyTorch and ONNX of every template', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cnn-studio-export-'));
  const reports = new Map<string, Report>();
  const errors: string[] = [];

  beforeAll(() => {
    const started = performance.now();
    const specs = graphs.map(([name, graph]) => {
      writeFileSync(join(dir, `${name}.py`), exportPytorch(graph, { fileName: `${name}.py` }));
      // Batch 2 checks the dynamic batch axis; the 7.5 GMAC VGG-11 runs one image to stay cheap.
      return `${name}:${summarize(graph).macs > 2e9 ? 1 : 2}`;
    });
    run(python, ['scripts/export_check.py', dir, ...specs]);
    for (const [name] of graphs) {
      reports.set(name, JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Report);
    }
    console.log(
      `PyTorch ran ${graphs.length} exports in ${Math.round(performance.now() - started)} ms`,
    );
  }, 240_000);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    if (errors.length > 0)
      console.log(`ONNX Runtime vs PyTorch, max |error|:\n${errors.join('\n')}`);
  });

  for (const [name, graph] of graphs) {
    it(`${name}: the module's parameter count and layer shapes are the app's summary`, () => {
      const expected = summarize(graph);
      const { summary } = reports.get(name)!;
      expect(summary.total_params).toBe(expected.total_params);
      expect(summary.layers).toEqual(
        expected.layers.map((l) => ({ name: l.name, output_shape: l.output_shape })),
      );
    });

    it(`${name}: state_dict keys and shapes are the app's weight keys and shapes`, () => {
      const expected = Object.fromEntries(
        analyze(graph).ops.flatMap((op) =>
          op.weights.map((w) => [
            `${op.name}.${w.name}`,
            [w.name === 'num_batches_tracked' ? 'int64' : 'float32', w.shape],
          ]),
        ),
      );
      expect(reports.get(name)!.state).toEqual(expected);
    });

    it(`${name}: ONNX Runtime on the ONNX export gives PyTorch's output`, async () => {
      const read = (suffix: string) => decode(readFileSync(join(dir, `${name}.${suffix}`))).tensors;
      const stored = read('weights.safetensors');
      const weights = new Map(
        [...stored].map(([key, t]) => [key, { shape: t.shape, data: toFloat32(t) }] as const),
      );
      const io = read('io.safetensors');
      const input = io.get('input')!;
      const expected = toFloat32(io.get('output')!);

      // AlexNet's and VGG-11's 0.2 and 0.5 GB of weights are fed as inputs rather than embedded,
      // which spares copying them through protobuf and into ONNX Runtime; embedding is checked
      // on the other networks.
      const embed = [...weights.values()].reduce((n, w) => n + w.data.byteLength, 0) < 64e6;
      const session = await ort.InferenceSession.create(
        embed ? exportOnnx(graph, { weights }) : exportOnnx(graph),
      );
      const feeds: Record<string, ort.Tensor> = {
        [session.inputNames[0]!]: new ort.Tensor('float32', toFloat32(input), input.shape),
      };
      for (const key of embed ? [] : session.inputNames.slice(1)) {
        feeds[key] = new ort.Tensor('float32', weights.get(key)!.data, stored.get(key)!.shape);
      }
      const result = (await session.run(feeds))[session.outputNames[0]!]!;
      expect(result.dims).toEqual(io.get('output')!.shape);
      const actual = result.data as Float32Array;
      let worst = 0;
      let largest = 0;
      expected.forEach((e, i) => {
        worst = Math.max(worst, Math.abs(actual[i]! - e));
        largest = Math.max(largest, Math.abs(e));
      });
      errors.push(`  ${name}: ${worst.toExponential(2)} (outputs up to ${largest.toPrecision(3)})`);
      expect(worst).toBeLessThanOrEqual(1e-4 * Math.max(1, largest));
      await session.release();
    }, 120_000);
  }
});
