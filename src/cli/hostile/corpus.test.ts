/**
 * The reproducers of hostile input that once went wrong, each now a clear one-line error (exit
 * 1) or the right result. These need no GPU; the ones that train or run a network are in
 * corpus.gpu.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { python, torchMissing } from '../../export/pythonTesting.js';
import { analyze, serializeGraph, template, type Graph } from '../../graph/index.js';
import { chainOf } from '../../graph/testing.js';
import { encodeIdx } from '../../runtime-gpu/data/idx.js';
import { encode, type Tensor } from '../../runtime-gpu/index.js';
import { runCli } from '../testing.js';

const work = mkdtempSync(join(tmpdir(), 'cnn-studio-hostile-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const file = (name: string, content: string | Uint8Array): string => {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
};
const graphFile = (name: string, g: Graph | object): string =>
  file(name, 'nodes' in g && 'meta' in g ? serializeGraph(g as Graph) : JSON.stringify(g));

/** A folder of the four IDX files: `n` blank 28×28 images a side, with these labels. */
function idxFolder(name: string, trainLabels: number[], testLabels: number[]): string {
  const dir = join(work, name);
  mkdirSync(dir);
  const write = (split: string, labels: number[]) => {
    const n = labels.length;
    writeFileSync(
      join(dir, `${split}-images-idx3-ubyte.gz`),
      gzipSync(encodeIdx([n, 28, 28], new Uint8Array(n * 784))),
    );
    writeFileSync(
      join(dir, `${split}-labels-idx1-ubyte.gz`),
      gzipSync(encodeIdx([n], Uint8Array.from(labels))),
    );
  };
  write('train', trainLabels);
  write('t10k', testLabels);
  return dir;
}

/** Every weight of a graph, zero-filled, keyed as the app keys them. */
const weightsOf = (g: Graph): Tensor[] =>
  analyze(g).ops.flatMap((op) =>
    op.weights.map((w) => ({
      name: `${op.name}.${w.name}`,
      dtype: 'F32' as const,
      shape: [...w.shape],
      data: new Float32Array(w.shape.reduce((a, b) => a * b, 1)),
    })),
  );

/** One line on stderr, exit 1, nothing on stdout, no stack trace. */
async function refused(argv: string[], message: RegExp | string): Promise<string> {
  const { code, stdout, stderr } = await runCli(...argv);
  expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(new RegExp(`^cnn-studio ${argv[0]}: `));
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr).toMatch(message);
  return stderr.trim();
}

/** A user block `name` holding these children, used by one node after the Input. */
function withBlock(name: string, children: object[], output: string, extra: object[] = []) {
  const g = chainOf([1, 8, 8], []);
  return {
    format: 'cnn-studio.graph',
    version: 1,
    meta: g.meta,
    blocks: { [name]: { children, output } },
    nodes: [...g.nodes, { id: 'b', kind: name, params: {}, position: { x: 0, y: 0 } }, ...extra],
    edges: [
      { id: 'e1', source: 'input', target: 'b', targetPort: 0 },
      ...extra.map((n, i) => ({
        id: `x${i}`,
        source: 'b',
        target: (n as { id: string }).id,
        targetPort: 0,
      })),
    ],
  };
}

const conv = { out_channels: 2, kernel_size: [3, 3], padding: [1, 1] };

describe('1. labels outside the classes are refused when the dataset opens', () => {
  it('a training label of 200 for a 10-class network, by file and index', async () => {
    const dir = idxFolder('labels200', [3, 200, 1], [0, 1]);
    await refused(
      ['train', 'lenet', '--dataset', dir, '--epochs', '1'],
      /train-labels-idx1-ubyte\.gz: label 200 at index 1 is not a class of this network, which gives 10 scores .*give the last Linear 201 outputs/,
    );
  });

  it('a test label of 200 too', async () => {
    const dir = idxFolder('testlabels200', [3, 2, 1], [0, 200]);
    await refused(
      ['train', 'lenet', '--dataset', dir],
      /t10k-labels-idx1-ubyte\.gz: label 200 at index 1 is not a class/,
    );
  });
});

describe('5. a gzip bomb stops at the size its IDX header declares', () => {
  it('a 16 KB labels file that would inflate to 16 MB', async () => {
    const dir = idxFolder('bomb', [0, 1], [0, 1]);
    // 2 labels declared, then 16 MB of zeros; inflating stops a chunk past the 10 bytes.
    const zeros = new Uint8Array(4 * 2 ** 20);
    const parts = [encodeIdx([2], Uint8Array.of(0, 1)), ...Array(4).fill(zeros)];
    writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(Buffer.concat(parts)));
    await refused(
      ['train', 'lenet', '--dataset', dir],
      /train-labels-idx1-ubyte\.gz: inflates to more than the 10 bytes its IDX header declares \(a gzip bomb\?\)/,
    );
  }, 30_000);
});

describe('6. graph files the loader used to accept', () => {
  const input = { name: 'in', kind: 'Input', params: {}, inputs: [] };
  const child = { name: 'conv', kind: 'Conv2d', params: conv, inputs: ['input'] };
  it.each([
    [
      'a user block with an Input inside',
      withBlock('Blk', [input, { ...child, inputs: ['in'] }], 'conv'),
      /blocks\.Blk\.children\[0\]\.kind: a block cannot hold an Input/,
    ],
    [
      'a node b.conv beside a block node b whose child is conv',
      withBlock('Blk', [child], 'conv', [
        { id: 'b.conv', kind: 'ReLU', params: {}, position: { x: 0, y: 0 } },
      ]),
      /b\.conv: "b\.conv" is the name of this layer and also of a layer inside b/,
    ],
    [
      'an id fc1.x beside fc1',
      chainOf(
        [1, 8, 8],
        [
          ['fc1', 'Conv2d', conv],
          ['fc1.x', 'ReLU'],
        ],
      ),
      /"fc1" names a layer and also the group that holds "fc1\.x"/,
    ],
    [
      'a block named __proto__',
      {
        ...withBlock('Blk', [child], 'conv'),
        blocks: JSON.parse('{"__proto__": {"children": [], "output": "x"}}'),
      },
      /blocks\.__proto__: a block name uses letters/,
    ],
    [
      'an id path 100 parts deep',
      chainOf([1, 8, 8], [[Array.from({ length: 100 }, (_, i) => `p${i}`).join('.'), 'ReLU']]),
      /at most 32 dot-separated parts/,
    ],
  ])('%s', async (_what, g, message) => {
    const path = graphFile('bad.json', g);
    const r = await runCli('validate', path);
    expect(r.code).toBe(1);
    expect(r.stderr + r.stdout).toMatch(message);
    for (const command of ['summary', 'train']) {
      // Each command refuses it too, in one line (summary lists the problems, then exits 1).
      const other = await runCli(command, path, '--epochs', '1');
      expect(other.code).toBe(1);
      expect(other.stderr).not.toMatch(/\n\s+at /);
    }
    await refused(['export', path, '--format', 'pytorch', '-o', join(work, 'x.py')], /./);
  });
});

describe('7. no stack trace, whatever the input', () => {
  it('summary of a 150,000-layer chain', async () => {
    const steps = Array.from({ length: 150_000 }, (_, i) => [`r${i}`, 'ReLU'] as [string, string]);
    const path = graphFile('long.json', chainOf([1, 2, 2], steps));
    const r = await runCli('summary', path);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/r149999 +ReLU +1×2×2/);
  }, 120_000);

  it('summary densenet | head -1 ends quietly when the pipe closes', () => {
    const r = spawnSync('sh', ['-c', 'node bin/cnn-studio.js summary densenet | head -1'], {
      encoding: 'utf8',
    });
    expect(r.stdout).toBe('DenseNet\n');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 30_000);

  it('an I64 weight beyond 2^53 given to export --weights', async () => {
    const g = template('lenet')!;
    const tensors = weightsOf(g).map((t): Tensor =>
      t.name === 'fc3.bias'
        ? {
            name: t.name,
            dtype: 'I64',
            shape: t.shape,
            data: new BigInt64Array(10).fill(2n ** 60n),
          }
        : t,
    );
    const weights = file('big.safetensors', encode(tensors));
    await refused(
      ['export', 'lenet', '--format', 'onnx', '-o', join(work, 'x.onnx'), '--weights', weights],
      /big\.safetensors: tensor "fc3\.bias": 1152921504606846976 is beyond ±2\^53/,
    );
  });

  it('a graph file over the 64 MiB limit is refused unread', async () => {
    const path = file('huge.json', new Uint8Array(65 * 2 ** 20).fill(0x20));
    await refused(
      ['summary', path],
      /graph file .* is 0\.1 GiB, over the 64 MiB a graph file may have/,
    );
  });
});

const missing = torchMissing();
if (missing) console.log(`skipping the exported script's injection checks: ${missing}`);

describe.skipIf(missing !== null)('8. strings written into the exported Python', () => {
  it('an -o name that closes the docstring stays text: running the script runs no code', async () => {
    const name = join(work, 'x"""+__import__("os").system("touch PWNED")+""".py');
    const r = await runCli('export', 'lenet', '--format', 'pytorch', '-o', name);
    expect(r.code).toBe(0);
    const run = spawnSync(python, [name, '--summary'], { cwd: work, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/Total params:/);
    expect(existsSync(join(work, 'PWNED'))).toBe(false);
    expect(readFileSync(name, 'utf8')).toContain('python x\\"\\"\\"+__import__(');
  }, 60_000);

  it('a network named with % keeps --help working', async () => {
    const g = template('lenet')!;
    g.meta.name = '100% LeNet %(prog)s %d';
    const out = join(work, 'pct.py');
    expect(
      (await runCli('export', graphFile('pct.json', g), '--format', 'pytorch', '-o', out)).code,
    ).toBe(0);
    const help = spawnSync(python, [out, '--help'], { encoding: 'utf8' });
    expect(help.stderr).toBe('');
    expect(help.stdout).toContain(
      '100% LeNet %(prog)s %d, exported from CNN Studio. pct.py trains it.',
    );
  }, 60_000);
});

describe('9. export --format onnx --weights checks every shape', () => {
  it('conv1.weight with the right count, 150, in the wrong shape', async () => {
    const tensors = weightsOf(template('lenet')!).map((t) =>
      t.name === 'conv1.weight' ? { ...t, shape: [150, 1] } : t,
    );
    await refused(
      [
        'export',
        'lenet',
        ...['--format', 'onnx', '-o', join(work, 'y.onnx')],
        ...['--weights', file('reshaped.safetensors', encode(tensors))],
      ],
      `the weights' "conv1.weight" has shape [150, 1]; the layer needs [6, 1, 5, 5]`,
    );
    expect(existsSync(join(work, 'y.onnx'))).toBe(false);
  });
});

describe('11. checkpoints to resume from are read field by field', () => {
  const weights = weightsOf(template('lenet')!);
  const cases: [string, Record<string, string>, RegExp][] = [
    ['no resume state', {}, /holds weights but no training state to resume/],
    ['metadata that is not JSON', { 'cnn_studio.checkpoint': '{' }, /metadata is not JSON/],
    [
      'a negative epoch',
      { 'cnn_studio.checkpoint': '{"epoch":-1,"step":0,"settings":{}}' },
      /epoch is not a whole number ≥ 0/,
    ],
    [
      'a setting out of range',
      { 'cnn_studio.checkpoint': '{"epoch":1,"step":3,"settings":{"lr":-1}}' },
      /setting lr must be above 0/,
    ],
    [
      'an unknown setting',
      { 'cnn_studio.checkpoint': '{"epoch":1,"step":3,"settings":{"__proto__x":1}}' },
      /settings hold a key that is not a setting \(__proto__x\)/,
    ],
  ];
  it.each(cases)('%s', async (name, metadata, message) => {
    const file = join(work, `resume-${name.replace(/\W+/g, '-')}.safetensors`);
    writeFileSync(file, encode(weights, { format: 'pt', ...metadata }));
    await refused(['train', 'lenet', '--epochs', '2', '--resume', file], message);
  });

  it('not a safetensors file at all', async () => {
    const file = join(work, 'resume-text.safetensors');
    writeFileSync(file, 'hello');
    await refused(['train', 'lenet', '--resume', file], /resume-text\.safetensors: /);
  });
});
