import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze, numel, serializeGraph } from '../graph/index.js';
import { chainOf } from '../graph/testing.js';
import { decode, encode, toFloat32, type Tensor } from '../runtime-gpu/index.js';
import { readGolden, withPrefix } from '../runtime-gpu/test/goldenStep.js';
import { smallResNet } from '../runtime-gpu/test/graphs.js';
import { maxRelError } from '../runtime-gpu/testing.js';
import { runCli } from './testing.js';

const work = mkdtempSync(join(tmpdir(), 'cnn-studio-runtime-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const file = (name: string, tensors: Tensor[]): string => {
  const path = join(work, name);
  writeFileSync(path, encode(tensors));
  return path;
};
const read = (path: string) => decode(readFileSync(path)).tensors;

// The small ResNet and its PyTorch fixture (scripts/golden_step.py), as files.
const golden = readGolden('step-resnet-sgd.safetensors');
const graph = join(work, 'resnet.json');
writeFileSync(graph, serializeGraph(smallResNet()));
const weights = file('init.safetensors', [...withPrefix(golden, 'init.').values()]);
const input = file('x.safetensors', [{ ...golden.get('input')!, name: 'input' }]);
const labels = file('y.safetensors', [{ ...golden.get('labels')!, name: 'labels' }]);

describe('cnn-studio forward', () => {
  it('writes the eval-mode logits PyTorch computes', async () => {
    const out = join(work, 'forward.safetensors');
    const r = await runCli('forward', graph, '--weights', weights, '--input', input, '-o', out);
    expect(r.code, r.stderr).toBe(0);
    const output = read(out).get('output')!;
    expect(output.shape).toEqual(golden.get('eval.output')!.shape);
    expect(maxRelError(toFloat32(output), toFloat32(golden.get('eval.output')!))).toBeLessThan(
      1e-4,
    );
  }, 300_000);

  // NiN ends in a global pool and a Flatten, which shares the pool's [N, 10, 1, 1] buffer.
  it.each([
    ['ends in Flatten', true, [3, 10]],
    ['ends in a map', false, [3, 10, 1, 1]],
  ])(
    'keeps the output shape of a network that %s',
    async (_what, flat, shape) => {
      const g = chainOf(
        [1, 6, 6],
        [
          ['conv', 'Conv2d', { out_channels: 10, kernel_size: [3, 3] }],
          ['gap', 'GlobalAvgPool2d'],
          ...(flat ? [['flatten', 'Flatten'] as [string, string]] : []),
        ],
      );
      const path = join(work, `gap-${flat}.json`);
      writeFileSync(path, serializeGraph(g));
      const w = file(
        `gap-${flat}.safetensors`,
        analyze(g).ops.flatMap((op) =>
          op.weights.map((spec): Tensor => {
            const data = Float32Array.from({ length: numel(spec.shape) }, (_, i) => Math.sin(i));
            return { name: `${op.name}.${spec.name}`, dtype: 'F32', shape: spec.shape, data };
          }),
        ),
      );
      const x = file(`gap-${flat}-x.safetensors`, [
        { name: 'input', dtype: 'F32', shape: [3, 1, 6, 6], data: new Float32Array(108).fill(1) },
      ]);
      const out = join(work, `gap-${flat}-y.safetensors`);
      const r = await runCli('forward', path, '--weights', w, '--input', x, '-o', out);
      expect(r.code, r.stderr).toBe(0);
      expect(read(out).get('output')!.shape).toEqual(shape);
    },
    300_000,
  );

  it('refuses weights that do not fit the network, in one line', async () => {
    const partial = file(
      'partial.safetensors',
      [...withPrefix(golden, 'init.').values()].filter((t) => t.name !== 'fc.bias'),
    );
    const r = await runCli('forward', graph, '--weights', partial, '--input', input, '-o', 'x');
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^cnn-studio forward: .*missing fc\.bias/),
    ]);
  }, 300_000);
});

describe('cnn-studio step', () => {
  it('writes the loss, logits and updated weights of one SGD step as PyTorch does', async () => {
    const out = join(work, 'step.safetensors');
    const r = await runCli(
      'step',
      graph,
      '--weights',
      weights,
      '--input',
      input,
      '--labels',
      labels,
      '--lr',
      '0.1',
      '--momentum',
      '0.9',
      '--weight-decay',
      '1e-3',
      '-o',
      out,
    );
    expect(r.code, r.stderr).toBe(0);
    const got = read(out);
    const want = withPrefix(golden, 'step1.');
    expect(got.get('loss')!.shape).toEqual([]);
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [key, t] of want) {
      expect(maxRelError(toFloat32(got.get(key)!), toFloat32(t)), key).toBeLessThan(1e-4);
    }
    expect(got.get('bn.num_batches_tracked')!.dtype).toBe('I64');
  }, 300_000);

  it('refuses a label outside the classes, in one line', async () => {
    const bad = file('bad.safetensors', [
      { name: 'labels', dtype: 'I64', shape: [4], data: BigInt64Array.of(0n, 1n, 2n, 10n) },
    ]);
    const r = await runCli(
      'step',
      graph,
      ...['--weights', weights, '--input', input, '--labels', bad, '--lr', '0.1', '-o', 'x'],
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^cnn-studio step: .*label 10 is not below the 10 classes\n$/);
  }, 300_000);
});

describe('cnn-studio train', () => {
  it('trains on resized Fashion-MNIST, prints one JSON line per epoch and saves weights', async () => {
    const saved = join(work, 'trained.safetensors');
    const r = await runCli(
      'train',
      graph,
      ...['--dataset', 'fashion-mnist', '--limit', '48', '--epochs', '2', '--batch', '32'],
      ...['--lr', '0.05', '--optimizer', 'sgd', '--json', '--save', saved],
    );
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.epoch)).toEqual([1, 2]);
    for (const l of lines) {
      expect(Object.keys(l).sort()).toEqual(
        [
          'epoch',
          'loss',
          'lr',
          'samples_per_s',
          'test_acc',
          'train_acc',
          'val_acc',
          'val_loss',
        ].sort(),
      );
      expect(l.loss).toBeGreaterThan(0);
      expect(l.samples_per_s).toBeGreaterThan(0);
    }
    const trained = read(saved);
    expect([...trained.keys()].sort()).toEqual([...withPrefix(golden, 'init.').keys()].sort());
    // Two steps an epoch (32 + 16 samples), two epochs.
    expect(trained.get('res.bn1.num_batches_tracked')!.data).toEqual(BigInt64Array.of(4n));
  }, 600_000);
});
