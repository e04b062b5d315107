import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, numel, parseGraph } from '../graph/index.js';
import { exportOnnx } from '../export/onnx.js';
import { onnx } from '../export/onnxProto/onnx.js';
import { ImportError } from './errors.js';
import { importOnnx } from './onnx.js';
import { testModel } from './testing.js';

/** A valid model of every layer kind, with its weights, to mutate. */
function allKindsOnnx(): Uint8Array {
  const r = parseGraph(
    readFileSync(new URL('../../fixtures/export/all-kinds.json', import.meta.url), 'utf8'),
  );
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const weights = new Map(
    analyze(r.graph).ops.flatMap((op) =>
      op.weights
        .filter((w) => w.name !== 'num_batches_tracked')
        .map(
          (w) =>
            [
              `${op.name}.${w.name}`,
              { shape: w.shape, data: new Float32Array(numel(w.shape)).fill(0.25) },
            ] as const,
        ),
    ),
  );
  return exportOnnx(r.graph, { weights });
}

/** Imports, and returns what happened: a model whose graph analyzes cleanly, or an ImportError. */
function outcome(bytes: Uint8Array): 'model' | 'refused' {
  try {
    const m = importOnnx(bytes);
    expect(analyze(m.graph).problems.filter((p) => p.severity === 'error')).toEqual([]);
    return 'model';
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    expect(e.message).not.toContain('\n');
    expect(e.message.length).toBeGreaterThan(0);
    return 'refused';
  }
}

const valid = allKindsOnnx();

/** A length-delimited protobuf field: tag, varint length, bytes. */
function field(number: number, payload: Uint8Array): Uint8Array {
  const length: number[] = [];
  for (let n = payload.length; ; n = Math.floor(n / 128)) {
    length.push((n % 128) | (n >= 128 ? 128 : 0));
    if (n < 128) break;
  }
  const out = new Uint8Array(1 + length.length + payload.length);
  out.set([(number << 3) | 2, ...length]);
  out.set(payload, 1 + length.length);
  return out;
}

describe('hostile ONNX files', () => {
  it('reads the unmutated file', () => {
    expect(outcome(valid)).toBe('model');
  });

  it('gives a model or one clear line for any mutation of a valid file, never a crash', () => {
    const mutation = fc.oneof(
      // Flip bytes anywhere.
      fc
        .array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 1, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        })
        .map((flips) => {
          const b = valid.slice();
          for (const [at, x] of flips) b[at]! ^= x;
          return b;
        }),
      // Cut it short.
      fc.nat(valid.length - 1).map((n) => valid.slice(0, n)),
      // Splice in random bytes.
      fc
        .tuple(fc.nat(valid.length), fc.uint8Array({ minLength: 1, maxLength: 16 }))
        .map(([at, junk]) => Uint8Array.from([...valid.slice(0, at), ...junk, ...valid.slice(at)])),
    );
    fc.assert(
      fc.property(mutation, (bytes) => {
        outcome(bytes);
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('gives one clear line for random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        expect(outcome(bytes)).toBe('refused');
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('refuses a file of millions of empty nodes before building them', () => {
    // A graph of 3 million zero-length NodeProtos: 6 MB of file, far more objects.
    const nodes = new Uint8Array(6_000_000);
    for (let i = 0; i < nodes.length; i += 2) nodes[i] = (1 << 3) | 2;
    // The budget's own message: the file was refused by counting, before anything was decoded.
    expect(() => importOnnx(field(7, nodes))).toThrow(
      'the model holds more than 2,000,000 nodes, tensors and values',
    );
  }, 60_000);

  it('refuses a tensor whose dims promise more values than it holds, without allocating them', () => {
    const model = onnx.ModelProto.decode(
      testModel({
        nodes: [{ op: 'Conv', inputs: ['x', 'w'], outputs: ['y'] }],
        initializers: { w: { dims: [4, 3, 3, 3] } },
      }),
    );
    model.graph!.initializer![0]!.dims = [1e6, 1e6, 1e6];
    expect(() => importOnnx(onnx.ModelProto.encode(model).finish())).toThrow(
      'initializer "w" holds 108 values but its dims [1000000,1000000,1000000] make 1000000000000000000',
    );
  });
});
