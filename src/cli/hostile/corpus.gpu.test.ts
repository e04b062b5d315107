/**
 * The reproducers that need the GPU (dawn.node): NaN through a whole network, divergence, and
 * weights files that used to end in a stack trace. Small slices, so this stays in seconds.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serializeGraph } from '../../graph/index.js';
import { decode, encode, type Tensor } from '../../runtime-gpu/index.js';
import { readGolden, withPrefix } from '../../runtime-gpu/test/goldenStep.js';
import { smallResNet } from '../../runtime-gpu/test/graphs.js';
import { runCli } from '../testing.js';

const work = mkdtempSync(join(tmpdir(), 'cnn-studio-hostile-gpu-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const file = (name: string, content: string | Uint8Array) => {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
};

const lenet = readGolden('step-lenet-sgd.safetensors');
const lenetWeights = [...withPrefix(lenet, 'init.').values()] as Extract<
  Tensor,
  { dtype: 'F32' }
>[];
const input = lenet.get('input')! as Extract<Tensor, { dtype: 'F32' }>;

/** One line on stderr, exit 1, no stack trace; returns the line. */
async function refused(argv: string[], message: RegExp): Promise<string> {
  const { code, stderr } = await runCli(...argv);
  expect(code).toBe(1);
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr).toMatch(message);
  return stderr.trim();
}

async function forward(weights: Tensor[], x: Tensor, graph = 'lenet'): Promise<Float32Array> {
  const out = join(work, 'y.safetensors');
  const r = await runCli(
    'forward',
    graph,
    ...['--weights', file('w.safetensors', encode(weights))],
    ...['--input', file('x.safetensors', encode([{ ...x, name: 'input' }])), '-o', out],
  );
  expect(r.code, r.stderr).toBe(0);
  return decode(readFileSync(out)).tensors.get('output')!.data as Float32Array;
}

describe('2. NaN goes through the network as in PyTorch', () => {
  it('conv1.weight all NaN: every logit is NaN', async () => {
    const nan = lenetWeights.map((t) =>
      t.name === 'conv1.weight' ? { ...t, data: new Float32Array(t.data.length).fill(NaN) } : t,
    );
    const logits = await forward(nan, input);
    expect(logits.length).toBeGreaterThan(0);
    expect([...logits].every(Number.isNaN)).toBe(true);
  }, 120_000);

  it("a NaN pixel in one image: that image's logits are NaN, the others' are unchanged", async () => {
    const clean = await forward(lenetWeights, input);
    const x = Float32Array.from(input.data as Float32Array);
    x[100] = NaN;
    const logits = await forward(lenetWeights, { ...input, data: x });
    const k = 10;
    expect([...logits.subarray(0, k)].every(Number.isNaN)).toBe(true);
    expect([...logits.subarray(k)]).toEqual([...clean.subarray(k)]);
  }, 120_000);
});

describe('3. a diverging run is stopped and saves nothing', () => {
  // --json: no header line on stderr, so the error is the only line there.
  const recipe = [
    '--dataset',
    'fashion-mnist',
    '--limit',
    '320',
    '--batch',
    '16',
    '--epochs',
    '1',
    '--json',
  ];

  it('lr 1e6: the loss stays far above its start, the run stops and says what to try', async () => {
    await refused(
      ['train', 'lenet', ...recipe, '--lr', '1e6'],
      /The loss diverged: it stayed above 4× its start \(.+\) for 10 steps, and is .+ at step \d+; training stopped\. The learning rate \(1000000\) is probably too high: try 100000\./,
    );
  }, 300_000);

  it('lr 1e38 with --save: NaN stops it at once and the old weights file is left as it was', async () => {
    const saved = file('w-old.safetensors', 'the weights saved before');
    await refused(
      ['train', 'lenet', ...recipe, '--lr', '1e38', '--save', saved],
      /The loss became (NaN|Infinity) at step \d+; training stopped\..*w-old\.safetensors was not written\./,
    );
    expect(readFileSync(saved, 'utf8')).toBe('the weights saved before');
  }, 300_000);
});

describe('7. weights files that used to end in a stack trace', () => {
  const resnet = readGolden('step-resnet-sgd.safetensors');
  const weights = [...withPrefix(resnet, 'init.').values()];
  const graph = file('resnet.json', serializeGraph(smallResNet()));
  const x = resnet.get('input')!;

  it('num_batches_tracked stored as F32 NaN', async () => {
    const bad = weights.map((t): Tensor =>
      t.name === 'bn.num_batches_tracked'
        ? { name: t.name, dtype: 'F32', shape: [], data: Float32Array.of(NaN) }
        : t,
    );
    await refused(
      [
        'forward',
        graph,
        ...['--weights', file('nbt.safetensors', encode(bad))],
        ...['--input', file('rx.safetensors', encode([{ ...x, name: 'input' }])), '-o', 'y'],
      ],
      /weight bn\.num_batches_tracked is NaN; it counts the batches BatchNorm has seen/,
    );
  }, 120_000);

  it('an I64 weight beyond 2^53', async () => {
    const bad = weights.map((t): Tensor =>
      t.name === 'fc.bias'
        ? {
            name: t.name,
            dtype: 'I64',
            shape: t.shape,
            data: new BigInt64Array(10).fill(2n ** 60n),
          }
        : t,
    );
    await refused(
      [
        'step',
        graph,
        ...['--weights', file('i64.safetensors', encode(bad))],
        ...['--input', file('sx.safetensors', encode([{ ...x, name: 'input' }]))],
        ...[
          '--labels',
          file('sy.safetensors', encode([{ ...resnet.get('labels')!, name: 'labels' }])),
        ],
        ...['--lr', '0.1', '-o', 'y'],
      ],
      /tensor "fc\.bias": 1152921504606846976 is beyond ±2\^53/,
    );
  }, 120_000);
});
