import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import golden from '../../fixtures/golden/templates.json' with { type: 'json' };
import { parseGraph, serializeGraph, template, templateNames } from '../graph/index.js';
import { runCli } from './testing.js';

afterEach(() => vi.restoreAllMocks());

const work = mkdtempSync(join(tmpdir(), 'cnn-studio-cli-'));
const file = (name: string, text: string) => {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
};

/** A graph file whose Add joins maps of different shapes. */
function brokenGraph(): string {
  const g = template('lenet')!;
  g.nodes.push({ id: 'sum', kind: 'Add', params: {}, position: { x: 0, y: 0 } });
  g.edges.push(
    { id: 'e1', source: 'conv1', target: 'sum', targetPort: 0 },
    { id: 'e2', source: 'conv2', target: 'sum', targetPort: 1 },
  );
  return serializeGraph(g);
}

describe('summary --json', () => {
  it.each(templateNames)('%s prints one JSON object with PyTorch’s totals', async (name) => {
    const { code, stdout, stderr } = await runCli('summary', name, '--json');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout.trimEnd().split('\n')).toHaveLength(1);
    const s = JSON.parse(stdout);
    expect(Object.keys(s)).toEqual(['total_params', 'trainable_params', 'macs', 'layers']);
    const torch = (golden as Record<string, unknown> as Record<string, { total_params: number }>)[
      name
    ]!;
    expect(s.total_params).toBe(torch.total_params);
    expect(s.trainable_params).toBe(torch.total_params);
    for (const layer of s.layers) {
      expect(Object.keys(layer)).toEqual(['name', 'kind', 'output_shape', 'params', 'macs']);
      expect(layer.output_shape.length === 1 || layer.output_shape.length === 3).toBe(true);
    }
    const sum = (k: 'params' | 'macs') =>
      s.layers.reduce((n: number, l: Record<string, number>) => n + l[k]!, 0);
    expect(sum('params')).toBe(s.total_params);
    expect(sum('macs')).toBe(s.macs);
    expect(s.layers.at(-1).output_shape).toEqual([10]);
  });

  it('names composite layers by dotted path, so <name>.weight is a weight key', async () => {
    const s = JSON.parse((await runCli('summary', 'googlenet', '--json')).stdout);
    const row = s.layers.find((l: { name: string }) => l.name === 'b3.0.p2_1');
    expect(row).toMatchObject({ kind: 'Conv2d', output_shape: [96, 12, 12] });
  });

  it('prints a table with totals without --json', async () => {
    const { code, stdout } = await runCli('summary', 'lenet');
    expect(code).toBe(0);
    expect(stdout).toMatch(/conv1\s+Conv2d\s+6×24×24\s+156\s+86,400\s+5×5/);
    expect(stdout).toContain('Total params: 44,426');
  });
});

describe('validate', () => {
  it('says "valid" and exits 0 for a sound file', async () => {
    const path = file('lenet.json', serializeGraph(template('lenet')!));
    expect(await runCli('validate', path)).toEqual({ code: 0, stdout: 'valid\n', stderr: '' });
  });

  it('lists the errors and exits 1 for a broken network', async () => {
    const { code, stdout } = await runCli('validate', file('broken.json', brokenGraph()));
    expect(code).toBe(1);
    expect(stdout).toMatch(/^error: sum: Add needs equal shapes: 6×24×24 vs 16×8×8/m);
    expect(stdout).not.toContain('valid\n');
  });
});

describe('export', () => {
  it('writes a file that loads back to the same graph and summary', async () => {
    const out = join(work, 'resnet.json');
    const { code, stdout } = await runCli('export', 'resnet18', '--format', 'json', '-o', out);
    expect({ code, stdout }).toEqual({ code: 0, stdout: `wrote ${out}\n` });
    expect(parseGraph(readFileSync(out, 'utf8'))).toEqual({
      ok: true,
      graph: template('resnet18')!,
    });
    const fromFile = await runCli('summary', out, '--json');
    expect(fromFile.stdout).toBe((await runCli('summary', 'resnet18', '--json')).stdout);
  });

  it('writes to stdout without -o', async () => {
    const { code, stdout } = await runCli('export', 'lenet', '--format', 'json');
    expect(code).toBe(0);
    expect(stdout).toBe(serializeGraph(template('lenet')!));
  });
});

describe('templates', () => {
  it('lists every template with its input size and parameter count', async () => {
    const { code, stdout } = await runCli('templates');
    expect(code).toBe(0);
    expect(stdout).toMatch(/resnet18\s+ResNet-18\s+1×96×96\s+11,178,378/);
    for (const name of templateNames) expect(stdout).toContain(name);
  });
});

describe('bad input gives one line and exit 1', () => {
  mkdirSync(join(work, 'folder'), { recursive: true });
  const cases: [string, string[], RegExp][] = [
    [
      'an unknown template',
      ['summary', 'resnet99'],
      /"resnet99" is neither a template.*no such file/,
    ],
    ['a folder', ['summary', join(work, 'folder')], /it is a folder/],
    ['invalid JSON', ['validate', file('bad.json', '{"format": ')], /not valid JSON/],
    [
      'a file that is not a graph',
      ['summary', file('other.json', '{"format":"x","version":1}')],
      /not a valid graph file: format: .*; meta: /,
    ],
    ['a missing argument', ['validate'], /give a template name/],
    ['an unknown flag', ['summary', 'lenet', '--jsn'], /--jsn/],
    [
      'an unknown format',
      ['export', 'lenet', '--format', 'onnx2'],
      /unknown export format "onnx2"/,
    ],
    ['an unwritable output', ['export', 'lenet', '-o', join(work, 'no', 'x.json')], /cannot write/],
    [
      'an unknown initialisation',
      ['train', 'lenet', '--lr', '0.1', '--init', 'he'],
      /unknown --init "he"; use xavier .* or default/,
    ],
  ];
  it.each(cases)('%s', async (_what, argv, message) => {
    const { code, stdout, stderr } = await runCli(...argv);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(new RegExp(`^cnn-studio ${argv[0]}: `));
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('an unknown command names it and shows the usage', async () => {
    const { code, stderr } = await runCli('sumary', 'lenet');
    expect(code).toBe(1);
    expect(stderr.split('\n')[0]).toBe('cnn-studio: unknown command "sumary"');
    expect(stderr).toContain('cnn-studio summary <template|file.json> [--json]');
  });
});

// Each run starts Node and tsx afresh, which a busy machine can make slow.
describe('the installed bin', { timeout: 30_000 }, () => {
  const bin = (...args: string[]) =>
    spawnSync(process.execPath, ['bin/cnn-studio.js', ...args], { encoding: 'utf8' });

  it('prints the summary JSON and exits 0', () => {
    const r = bin('summary', 'densenet', '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).total_params).toBe(golden.densenet.total_params);
  });

  it('exits 1 with one line and no stack trace on an unreadable file', () => {
    const r = bin('validate', join(work, 'missing.json'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^cnn-studio validate: .*no such file\)\n$/);
  });
});
