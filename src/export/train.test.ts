import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, numel, summarize, template } from '../graph/index.js';
import { decode, encode, toFloat32 } from '../runtime-gpu/safetensors.js';
import { exportPytorch } from './pytorch.js';
import { python, run, torchMissing } from './pythonTesting.js';

/** A gzipped IDX file of unsigned bytes: magic 0x0000 08 <ndim>, big-endian sizes, the data. */
function idx(dims: number[], data: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(0x800 + dims.length, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return gzipSync(Buffer.concat([header, data]));
}

/** Fashion-MNIST-shaped random data, for when `npm run datasets` has not been run. */
function tinyDataset(dir: string): void {
  mkdirSync(dir);
  for (const [split, n] of [
    ['train', 256],
    ['t10k', 100],
  ] as const) {
    const pixels = Uint8Array.from({ length: n * 28 * 28 }, (_, i) => (i * 37) % 256);
    const labels = Uint8Array.from({ length: n }, (_, i) => i % 10);
    writeFileSync(join(dir, `${split}-images-idx3-ubyte.gz`), idx([n, 28, 28], pixels));
    writeFileSync(join(dir, `${split}-labels-idx1-ubyte.gz`), idx([n], labels));
  }
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const missing = torchMissing();
if (missing) console.log(`skipping the exported training script checks: ${missing}`);

describe.skipIf(missing !== null)('the exported training script (LeNet)', () => {
  const graph = template('lenet')!;
  const dir = mkdtempSync(join(tmpdir(), 'cnn-studio-train-'));
  const script = join(dir, 'lenet.py');
  const initial = new Map<string, { shape: number[]; data: Float32Array }>();
  const data = join(dir, 'data');

  beforeAll(() => {
    writeFileSync(script, exportPytorch(graph, { fileName: 'lenet.py' }));
    // Its own small IDX set, so the checks do not depend on whether the datasets were built.
    tinyDataset(data);
    // Weights as the app saves them, written by the app's encoder.
    let seed = 1;
    for (const op of analyze(graph).ops) {
      for (const w of op.weights) {
        const name = `${op.name}.${w.name}`;
        const values = Float32Array.from({ length: numel(w.shape) }, () => {
          seed = (seed * 16807) % 2147483647;
          return (seed / 2147483647 - 0.5) * 0.2;
        });
        initial.set(name, { shape: w.shape, data: values });
      }
    }
    const tensors = [...initial].map(([name, t]) => ({ name, dtype: 'F32' as const, ...t }));
    writeFileSync(join(dir, 'initial.safetensors'), encode(tensors));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the parameter count and layer shapes of `cnn-studio summary`', () => {
    const out = run(python, [script, '--summary']);
    const expected = summarize(graph);
    const rows = expected.layers.map((l) => `${l.name} ${l.output_shape.join('x')}`);
    const lines = out.trim().split('\n');
    expect(lines.slice(0, -1).map((l) => l.replace(/ +/g, ' '))).toEqual(rows);
    expect(lines.at(-1)).toBe(`Total params: ${expected.total_params.toLocaleString('en-US')}`);
  }, 60_000);

  it('trains one process from the app weights', () => {
    const out = run(python, [
      script,
      ...['--data', data, '--weights', join(dir, 'initial.safetensors')],
      ...'--epochs 1 --batch-size 32 --train-samples 64 --test-samples 64 --cpu'.split(' '),
    ]);
    expect(out).toMatch(/^training on cpu, one process: 64 training and \d+ test images$/m);
    expect(out).toMatch(/^epoch 1: loss \d+\.\d+, train acc \d\.\d+, test acc \d\.\d+, lr 0\.9$/m);
  }, 60_000);

  it('trains with torchrun on 2 CPU processes (gloo, DDP) and saves weights the app reads', async () => {
    const saved = join(dir, 'trained.safetensors');
    const started = performance.now();
    const out = run(python, [
      ...['-m', 'torch.distributed.run', '--nnodes=1', '--nproc_per_node=2'],
      ...['--master_addr=127.0.0.1', `--master_port=${await freePort()}`],
      // torch 1.13's launcher cannot parse its own default "0" for these on Python 3.11 (enum
      // iteration changed); a mapping for a local rank that does not exist means the same.
      ...['--redirects=7:1', '--tee=7:1'],
      script,
      ...['--data', data, '--weights', join(dir, 'initial.safetensors'), '--save', saved],
      ...'--epochs 1 --batch-size 32 --train-samples 256 --test-samples 100 --lr 0.01 --cpu'.split(
        ' ',
      ),
    ]);
    console.log(`torchrun, 2 processes, one epoch: ${Math.round(performance.now() - started)} ms`);
    // Only rank 0 prints, once per epoch.
    expect(
      out.match(/^training on cpu, 2 processes \(gloo\): 256 training and \d+ test images$/gm),
    ).toHaveLength(1);
    expect(out.match(/^epoch 1: loss \d+\.\d+, train acc/gm)).toHaveLength(1);

    const trained = decode(readFileSync(saved)).tensors;
    expect([...trained.keys()].sort()).toEqual([...initial.keys()].sort());
    for (const [name, t] of initial) {
      const after = trained.get(name)!;
      expect(after.shape).toEqual(t.shape);
      const moved = toFloat32(after).reduce((m, v, i) => Math.max(m, Math.abs(v - t.data[i]!)), 0);
      // Trained from the given weights: every tensor moved a little, none was replaced.
      expect(moved, name).toBeGreaterThan(0);
      expect(moved, name).toBeLessThan(0.05);
    }
  }, 120_000);

  it("trains with a recipe's schedule, augmentation, validation, early stopping and keep-best", () => {
    const recipe = join(dir, 'recipe.py');
    writeFileSync(
      recipe,
      exportPytorch(graph, {
        fileName: 'recipe.py',
        training: {
          epochs: 3,
          batch: 32,
          lr: 0.5,
          schedule: 'cosine',
          warmup: 1,
          augment: 'flip,crop:2,resized-crop,jitter:0.3',
          val: 0.25,
          earlyStop: 1,
          keepBest: true,
          trainSamples: 128,
          testSamples: 64,
        },
      }),
    );
    const saved = join(dir, 'recipe.safetensors');
    const out = run(python, [recipe, '--data', data, '--save', saved, '--cpu']);
    expect(out).toMatch(/^training on cpu, one process: 98 training and 64 test images$/m);
    const epochs = [
      ...out.matchAll(/^epoch (\d): .*, val loss (\d+\.\d+), val acc .*, lr (\S+)$/gm),
    ];
    expect(epochs.length).toBeGreaterThanOrEqual(2);
    // The last step of warmup epoch 1 trains at the full rate; cosine lowers it after.
    expect(Number(epochs[0]![3])).toBe(0.5);
    expect(Number(epochs[1]![3])).toBeLessThan(0.5);
    expect(readFileSync(join(dir, 'recipe.best.safetensors')).length).toBeGreaterThan(1000);
  }, 120_000);
});
