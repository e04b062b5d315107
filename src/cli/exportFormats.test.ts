import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { python, run as runProcess, torchMissing } from '../export/pythonTesting.js';
import { analyze, numel, template, templateNames, variantNames } from '../graph/index.js';
import { decode, encode, toFloat32, type Tensor } from '../runtime-gpu/index.js';
import { runCli } from './testing.js';

const work = mkdtempSync(join(tmpdir(), 'cnn-studio-export-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The app's weight file for a template: BatchNorm's step counter as I64, the rest F32. */
function appWeights(name: string): string {
  const tensors: Tensor[] = analyze(template(name)!).ops.flatMap((op) =>
    op.weights.map((w): Tensor => {
      const key = `${op.name}.${w.name}`;
      const n = numel(w.shape);
      return w.name === 'num_batches_tracked'
        ? { name: key, dtype: 'I64', shape: w.shape, data: BigInt64Array.of(5n) }
        : {
            name: key,
            dtype: 'F32',
            shape: w.shape,
            data: Float32Array.from(
              { length: n },
              (_, i) => Math.sin(i) / 8 + (w.name === 'running_var' ? 1 : 0),
            ),
          };
    }),
  );
  const path = join(work, `${name}.app.safetensors`);
  writeFileSync(path, encode(tensors));
  return path;
}

describe('export --format pytorch|onnx', () => {
  it('writes a PyTorch file whose usage names it', async () => {
    const out = join(work, 'lenet.py');
    expect(await runCli('export', 'lenet', '--format', 'pytorch', '-o', out)).toEqual({
      code: 0,
      stdout: `wrote ${out}\n`,
      stderr: '',
    });
    const code = readFileSync(out, 'utf8');
    expect(code).toMatch(/^"""LeNet, exported from CNN Studio\./);
    expect(code).toContain('from lenet import Net');
  });

  it('embeds the weights given, or else makes them inputs of the model', async () => {
    const embedded = join(work, 'densenet.onnx');
    const weights = appWeights('densenet');
    const run = await runCli(
      'export',
      'densenet',
      '--format',
      'onnx',
      '--weights',
      weights,
      '-o',
      embedded,
    );
    expect(run).toEqual({ code: 0, stdout: `wrote ${embedded}\n`, stderr: '' });
    expect((await ort.InferenceSession.create(embedded)).inputNames).toEqual(['input']);

    const bare = join(work, 'bare.onnx');
    const without = await runCli('export', 'densenet', '--format', 'onnx', '-o', bare);
    expect(without.stdout).toMatch(/weights are inputs of the model; --weights embeds them/);
    const inputs = (await ort.InferenceSession.create(bare)).inputNames;
    expect(inputs).toContain('dense_blk1.net.0.2.weight');
  }, 60_000);

  const failures: [string, string[], RegExp][] = [
    [
      'ONNX to stdout',
      ['export', 'lenet', '--format', 'onnx'],
      /ONNX is binary; give a file with -o/,
    ],
    [
      'weights with pytorch',
      ['export', 'lenet', '--format', 'pytorch', '--weights', 'w.safetensors'],
      /--weights goes with --format onnx/,
    ],
    ['an unknown format', ['export', 'lenet', '--format', 'tflite'], /use json, pytorch, onnx/],
    [
      'a missing weights file',
      [
        'export',
        'lenet',
        '--format',
        'onnx',
        '--weights',
        join(work, 'none.safetensors'),
        '-o',
        join(work, 'x.onnx'),
      ],
      /cannot read --weights/,
    ],
  ];
  it.each(failures)('refuses %s in one line', async (_what, argv, message) => {
    const { code, stdout, stderr } = await runCli(...argv);
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(stderr).toMatch(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it("refuses another network's weights", async () => {
    const out = join(work, 'y.onnx');
    const { code, stderr } = await runCli(
      'export',
      'lenet',
      '--format',
      'onnx',
      '--weights',
      appWeights('densenet'),
      '-o',
      out,
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/no layer of this network has the weight "b1\./);
  });
});

const missing = torchMissing();
if (missing) console.log(`skipping the PyTorch/ONNX/runtime comparison: ${missing}`);

/**
 * The three ways to run a network agree on the same weights and images, for every template: the
 * PyTorch export under torch, the ONNX export under ONNX Runtime and CNN Studio's runtime
 * (`cnn-studio forward`, on SwiftShader here: about two minutes for all seven), and all three
 * match the network as scripts/golden_templates.py builds it in PyTorch from the chapter's own
 * code (or d2l.ai's, for the -d2l variants), which catches a template that differs from the
 * chapter's network in values where shapes and counts agree (a padding, a missing ReLU).
 */
describe.skipIf(missing !== null)('PyTorch export, ONNX export and `forward` agree', () => {
  const names = templateNames;
  // The 7.6 GMAC VGG-11 runs one image; the others two, which checks the batch axis.
  const batch = (name: string) => (name === 'vgg11' ? 1 : 2);
  const dir = mkdtempSync(join(tmpdir(), 'cnn-studio-agree-'));
  const at = (name: string, suffix: string) => join(dir, `${name}.${suffix}`);
  const tensor = (path: string, key: string) => decode(readFileSync(path)).tensors.get(key)!;
  const output = (path: string, key = 'output') => toFloat32(tensor(path, key));
  const worst = (a: Float32Array, b: Float32Array) =>
    a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
  // 1e-4 of the outputs' own scale: random weights give logits of very different sizes.
  const tolerance = (torch: Float32Array) =>
    1e-4 * torch.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

  beforeAll(async () => {
    for (const name of names) {
      expect((await runCli('export', name, '--format', 'pytorch', '-o', at(name, 'py'))).code).toBe(
        0,
      );
    }
    // Writes <name>.weights.safetensors and <name>.io.safetensors (input, torch's output).
    runProcess(python, ['scripts/export_check.py', dir, ...names.map((n) => `${n}:${batch(n)}`)]);
  }, 240_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(names)(
    '%s',
    async (name) => {
      const torch = output(at(name, 'io.safetensors'));
      const reference = output(at(name, 'io.safetensors'), 'reference');
      const weights = at(name, 'weights.safetensors');
      const io = decode(readFileSync(at(name, 'io.safetensors'))).tensors.get('input')!;

      const onnx = at(name, 'onnx');
      expect(
        (await runCli('export', name, '--format', 'onnx', '--weights', weights, '-o', onnx)).code,
      ).toBe(0);
      const session = await ort.InferenceSession.create(onnx);
      const feeds = { input: new ort.Tensor('float32', toFloat32(io), io.shape) };
      const fromOnnx = (await session.run(feeds))[session.outputNames[0]!]!.data as Float32Array;

      const runtime = at(name, 'runtime.safetensors');
      const forward = await runCli(
        'forward',
        name,
        '--weights',
        weights,
        '--input',
        at(name, 'io.safetensors'),
        '-o',
        runtime,
      );
      expect(forward.stderr).toBe('');
      const fromRuntime = output(runtime);
      // [N, 10] for every template (NiN's last Flatten included), as PyTorch's output.
      expect(tensor(runtime, 'output').shape).toEqual([batch(name), 10]);

      console.log(
        `${name}: max |ONNX − torch| ${worst(fromOnnx, torch).toExponential(2)}, |runtime − torch| ${worst(fromRuntime, torch).toExponential(2)}, |chapter's module − torch| ${worst(reference, torch).toExponential(2)}; outputs up to ${(tolerance(torch) * 1e4).toPrecision(3)}`,
      );
      expect(worst(reference, torch)).toBeLessThan(tolerance(torch));
      expect(worst(fromOnnx, torch)).toBeLessThan(tolerance(torch));
      expect(worst(fromRuntime, torch)).toBeLessThan(tolerance(torch));
    },
    240_000,
  );

  // A variant with the chapter's parameter shapes starts from the same weights and images as the
  // chapter's form (export_check seeds both alike), so this shows the two compute different things.
  const chapterForm = (variant: string) => variant.replace(/-d2l$/, '');
  const params = (name: string) => analyze(template(name)!).totals.paramCount;
  const sameCounts = variantNames.filter((v) => params(v) === params(chapterForm(v)));
  it.each(sameCounts)('%s computes other values than the chapter’s form', (variant) => {
    const chapter = chapterForm(variant);
    const io = (n: string) => at(n, 'io.safetensors');
    expect(tensor(io(variant), 'input').data).toEqual(tensor(io(chapter), 'input').data);
    const [a, b] = [output(io(variant), 'reference'), output(io(chapter), 'reference')];
    expect(worst(a, b)).toBeGreaterThan(100 * tolerance(b));
  });
});
