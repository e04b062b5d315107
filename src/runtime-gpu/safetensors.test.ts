import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decode, encode, SafetensorsError, toFloat32, type Tensor } from './safetensors.js';

const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));
const u64le = (n: number) => [n & 0xff, (n >> 8) & 0xff, 0, 0, 0, 0, 0, 0];
const f32le = (xs: number[]) => [...new Uint8Array(Float32Array.from(xs).buffer)];

describe('safetensors encode', () => {
  it('writes the exact bytes of the format for a tiny tensor', () => {
    const header = '{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}';
    expect(header.length % 8).toBe(0);
    const t: Tensor = {
      name: 'attn.0',
      dtype: 'F32',
      shape: [1, 2, 3],
      data: Float32Array.of(0, 1, 2, 3, 4, 5),
    };
    expect([...encode([t])]).toEqual([
      ...u64le(header.length),
      ...ascii(header),
      ...f32le([0, 1, 2, 3, 4, 5]),
    ]);
  });

  it('pads the header with spaces to 8 bytes and puts __metadata__ first', () => {
    const json =
      '{"__metadata__":{"a":"1","format":"pt"},"x":{"dtype":"U8","shape":[],"data_offsets":[0,1]}}';
    const padTo8 = json + ' '.repeat((8 - (json.length % 8)) % 8);
    expect(padTo8.length).toBeGreaterThan(json.length);
    const bytes = encode([{ name: 'x', dtype: 'U8', shape: [], data: Uint8Array.of(7) }], {
      format: 'pt',
      a: '1',
    });
    expect([...bytes]).toEqual([...u64le(padTo8.length), ...ascii(padTo8), 7]);
    expect(encode([])).toEqual(Uint8Array.from([...u64le(8), ...ascii('{}      ')]));
  });

  it('orders data by dtype alignment, then by name, so every tensor is aligned', () => {
    const tensors: Tensor[] = [
      { name: 'b', dtype: 'U8', shape: [3], data: Uint8Array.of(1, 2, 3) },
      { name: 'a', dtype: 'F32', shape: [2], data: Float32Array.of(1.5, -2) },
      { name: 'n', dtype: 'I64', shape: [], data: BigInt64Array.of(5n) },
      { name: '10', dtype: 'F32', shape: [1], data: Float32Array.of(9) },
      { name: '9', dtype: 'F32', shape: [1], data: Float32Array.of(8) },
    ];
    const bytes = encode(tensors);
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const text = new TextDecoder().decode(bytes.subarray(8, 8 + n));
    // Read the key order from the text: JSON.parse would move "9" and "10" first.
    const keys = [...text.matchAll(/"([^"]+)":\{"dtype"/g)].map((m) => m[1]);
    expect(keys).toEqual(['n', '10', '9', 'a', 'b']);
    const header = JSON.parse(text);
    expect(header.n.data_offsets).toEqual([0, 8]);
    expect(header.b.data_offsets).toEqual([24, 27]);
  });

  it('refuses inconsistent tensors', () => {
    const bad = (t: Tensor) => () => encode([t]);
    expect(bad({ name: 'w', dtype: 'F32', shape: [2, 2], data: new Float32Array(3) })).toThrow(
      /needs 4 elements, data has 3/,
    );
    expect(bad({ name: 'w', dtype: 'F32', shape: [-1], data: new Float32Array(1) })).toThrow(
      /non-negative/,
    );
    expect(
      bad({ name: 'w', dtype: 'I64', shape: [1], data: new Float32Array(1) } as unknown as Tensor),
    ).toThrow(/I64 data must be a typed array of it/);
    const w: Tensor = { name: 'w', dtype: 'U8', shape: [], data: new Uint8Array(1) };
    expect(() => encode([w, w])).toThrow(/appears twice/);
    expect(() => encode([{ ...w, name: '__metadata__' }])).toThrow(/reserved/);
  });
});

describe('safetensors decode', () => {
  const sample: Tensor[] = [
    {
      name: 'conv.weight',
      dtype: 'F32',
      shape: [2, 1, 2, 2],
      data: Float32Array.from({ length: 8 }, (_, i) => i / 3 - 1),
    },
    {
      name: 'bn.num_batches_tracked',
      dtype: 'I64',
      shape: [],
      data: BigInt64Array.of(1234567890123n),
    },
    { name: 'mask', dtype: 'BOOL', shape: [3], data: Uint8Array.of(1, 0, 1) },
    { name: 'empty', dtype: 'F64', shape: [0, 4], data: new Float64Array(0) },
    { name: 'half', dtype: 'F16', shape: [3], data: Uint16Array.of(0x3c00, 0xc000, 0x3555) },
    { name: 'ids', dtype: 'I32', shape: [2], data: Int32Array.of(-7, 2 ** 31 - 1) },
  ];

  it('round-trips every tensor and the metadata', () => {
    const file = decode(encode(sample, { format: 'pt', note: 'ünïcode ✓' }));
    expect(file.metadata).toEqual({ format: 'pt', note: 'ünïcode ✓' });
    expect([...file.tensors.keys()].sort()).toEqual(sample.map((t) => t.name).sort());
    for (const t of sample) {
      const back = file.tensors.get(t.name)!;
      expect(back.dtype).toBe(t.dtype);
      expect(back.shape).toEqual(t.shape);
      expect(back.data).toEqual(t.data);
    }
  });

  it('reads a tensor at an unaligned offset inside a larger buffer', () => {
    const bytes = encode(sample);
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const file = decode(shifted.subarray(3));
    expect(file.tensors.get('conv.weight')!.data).toEqual(sample[0]!.data);
  });

  it('converts any dtype to float32', () => {
    const file = decode(encode(sample));
    expect([...toFloat32(file.tensors.get('bn.num_batches_tracked')!)]).toEqual([
      Math.fround(1234567890123),
    ]);
    expect([...toFloat32(file.tensors.get('half')!)]).toEqual([1, -2, Math.fround(0.333251953125)]);
    const bf16: Tensor = {
      name: 'b',
      dtype: 'BF16',
      shape: [2],
      data: Uint16Array.of(0x3f80, 0xc0a0),
    };
    expect([...toFloat32(bf16)]).toEqual([1, -5]);
    const big: Tensor = { name: 'b', dtype: 'I64', shape: [1], data: BigInt64Array.of(2n ** 60n) };
    expect(() => toFloat32(big)).toThrow(/too large/);
  });

  const good = encode(sample.slice(0, 2));
  const headerLength = Number(new DataView(good.buffer).getBigUint64(0, true));
  const withHeader = (json: string, data: number[] = []) => {
    const h = new TextEncoder().encode(json);
    return Uint8Array.from([...u64le(h.length), ...h, ...data]);
  };

  it.each([
    ['a file shorter than 8 bytes', good.subarray(0, 5), /too short/],
    ['a truncated header', good.subarray(0, 8 + headerLength - 1), /runs past the end.*truncated/],
    ['truncated data', good.subarray(0, good.length - 1), /file has \d+: truncated/],
    ['trailing bytes', Uint8Array.from([...good, 0]), /1 bytes after the last tensor/],
    ['a huge header length', Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 1, 0x7b]), /100 MB limit/],
    ['a header that is not JSON', withHeader('{"a": '), /not a JSON object/],
    ['a header that is an array', withHeader('[1, 2]'), /not a JSON object/],
    ['invalid UTF-8', withHeader('{"\xff": 1}').map((b) => (b === 0xc3 ? 0xff : b)), /not a JSON/],
    [
      'an unknown dtype',
      withHeader('{"w":{"dtype":"Q4","shape":[1],"data_offsets":[0,1]}}', [0]),
      /tensor "w": entry must be/,
    ],
    [
      'a shape that does not match the bytes',
      withHeader('{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}', [0, 0, 0, 0]),
      /needs 8 bytes, data_offsets span 4/,
    ],
    [
      'overlapping tensors',
      withHeader(
        '{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"b":{"dtype":"U8","shape":[2],"data_offsets":[1,3]}}',
        [0, 0, 0],
      ),
      /tensor "b".*should start at 2/,
    ],
    [
      'a gap between tensors',
      withHeader('{"a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}', [0, 0]),
      /should start at 0/,
    ],
    [
      'metadata that is not strings',
      withHeader('{"__metadata__":{"epoch":3}}'),
      /__metadata__.epoch is not a string/,
    ],
  ])('rejects %s with a clear error', (_what, bytes, message) => {
    expect(() => decode(bytes)).toThrow(SafetensorsError);
    expect(() => decode(bytes)).toThrow(message);
  });
});

const python = '/usr/bin/python3';
const script = join(import.meta.dirname, '../../scripts/safetensors_torch.py');
const torchCheck = existsSync(python)
  ? spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' })
  : undefined;
const noTorch =
  torchCheck?.status === 0 ? '' : `${python} with torch is not available (Debian python3-torch)`;
if (noTorch) console.warn(`skipping the PyTorch cross-check: ${noTorch}`);

// Starting Python with torch takes several seconds on a busy machine.
describe.skipIf(noTorch)('safetensors against PyTorch', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'safetensors-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...args: string[]) => {
    const r = spawnSync(python, [script, ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${script} ${args.join(' ')} failed:\n${r.stderr}`);
    return JSON.parse(r.stdout) as Record<string, [string, number[], number]>;
  };
  const sum = (t: Tensor) => toFloat32(t).reduce((s, v) => s + v, 0);

  it('reads a PyTorch state_dict and writes it back byte for byte', () => {
    const path = join(dir, 'torch.safetensors');
    const expected = run('write', path);
    const bytes = new Uint8Array(readFileSync(path));
    const file = decode(bytes);
    expect([...file.tensors.keys()].sort()).toEqual(Object.keys(expected).sort());
    for (const [name, [dtype, shape, total]] of Object.entries(expected)) {
      const t = file.tensors.get(name)!;
      expect([t.dtype, t.shape]).toEqual([dtype, shape]);
      expect(sum(t)).toBeCloseTo(total, 4);
    }
    const nbt = file.tensors.get('1.num_batches_tracked')!;
    expect(nbt.data).toEqual(BigInt64Array.of(1n));
    expect(encode([...file.tensors.values()], file.metadata)).toEqual(bytes);
  });

  it('writes a file that PyTorch loads into the model with strict=True', () => {
    const path = join(dir, 'ts.safetensors');
    const shapes: [string, number[]][] = [
      ['0.weight', [3, 1, 3, 3]],
      ['0.bias', [3]],
      ['1.weight', [3]],
      ['1.bias', [3]],
      ['1.running_mean', [3]],
      ['1.running_var', [3]],
      ['3.weight', [5, 48]],
      ['3.bias', [5]],
    ];
    const tensors: Tensor[] = shapes.map(([name, shape], k) => ({
      name,
      dtype: 'F32',
      shape,
      data: Float32Array.from(
        { length: shape.reduce((p, d) => p * d, 1) },
        (_, i) => (i % 7) * 0.25 - k,
      ),
    }));
    tensors.push({
      name: '1.num_batches_tracked',
      dtype: 'I64',
      shape: [],
      data: BigInt64Array.of(42n),
    });
    writeFileSync(path, encode(tensors, { format: 'pt' }));
    const seen = run('read', path);
    for (const t of tensors) expect(seen[t.name]).toEqual([t.dtype, t.shape, sum(t)]);
  });
});
