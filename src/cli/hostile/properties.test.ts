/**
 * Hostile input, as properties: whatever bytes arrive as a graph file, a safetensors file, an IDX
 * file or an ONNX model, the readers give the right answer or their own error, never another
 * exception, a hang or a silent wrong result. Seconds, not minutes: no GPU is used.
 */
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ExportError, exportOnnx, exportPytorch } from '../../export/index.js';
import { onnx } from '../../export/onnxProto/onnx.js';
import {
  analyze,
  layers,
  parseGraph,
  serializeGraph,
  summaryOf,
  type Field,
  type Graph,
  type Params,
} from '../../graph/index.js';
import { chainOf } from '../../graph/testing.js';
import { encodeIdx, IdxError, readIdx } from '../../runtime-gpu/data/idx.js';
import {
  compile,
  decode,
  encode,
  PlanError,
  SafetensorsError,
  type Tensor,
} from '../../runtime-gpu/index.js';

/** Small values for every field, so that random networks compile in microseconds. */
function smallValue(f: Field): fc.Arbitrary<Params[string]> {
  const range = (min: number, max: number) => fc.integer({ min, max: Math.min(max, min + 6) });
  switch (f.type) {
    case 'int':
      return range(f.min, f.max);
    case 'float':
      return fc.double({ min: f.min, max: f.max, noNaN: true }).map((x) => x + 0);
    case 'bool':
      return fc.boolean();
    case 'pair': {
      const n = range(f.min, f.max);
      return fc.tuple(n, n);
    }
  }
}

const oneInput = layers.filter((l) => l.arity === 'one');

/** A chain of random one-input layers (d2l's blocks included) on a small random image. */
const chainArb: fc.Arbitrary<Graph> = fc
  .tuple(
    fc.integer({ min: 1, max: 3 }),
    fc.integer({ min: 1, max: 12 }),
    fc.array(
      fc
        .constantFrom(...oneInput)
        .chain((l) =>
          fc
            .record(
              Object.fromEntries(Object.entries(l.fields).map(([k, f]) => [k, smallValue(f)])),
            )
            .map((params) => [l.kind, params] as const),
        ),
      { minLength: 1, maxLength: 6 },
    ),
  )
  .map(([c, size, steps]) =>
    chainOf(
      [c, size, size],
      steps.map(([kind, params], i) => [`l${i}`, kind, params as Record<string, unknown>]),
    ),
  );

/** Runs `f`, which may throw only `allowed` errors; returns whether it succeeded. */
function onlyThrows(allowed: (new (...a: never[]) => Error)[], f: () => unknown): boolean {
  try {
    f();
    return true;
  } catch (e) {
    if (!allowed.some((kind) => e instanceof kind)) throw e;
    expect((e as Error).message).not.toMatch(/\n\s+at /);
    return false;
  }
}

// Properties run hundreds of cases; a loaded machine may need more than vitest's 5 s for them.
describe('graph files', { timeout: 60_000 }, () => {
  it('a file that loads without problems compiles and exports, or says why not in words', () => {
    fc.assert(
      fc.property(chainArb, (g) => {
        const loaded = parseGraph(serializeGraph(g));
        expect(loaded.ok).toBe(true);
        if (!loaded.ok) return;
        const analysis = analyze(loaded.graph);
        summaryOf(analysis);
        const valid = !analysis.problems.some((p) => p.severity === 'error');
        const plans = [false, true].map((training) =>
          onlyThrows([PlanError], () =>
            compile(loaded.graph, {
              batch: 2,
              training,
              optimizer: { kind: 'sgd', lr: 0.1, momentum: 0.9, weightDecay: 0 },
            }),
          ),
        );
        const pytorch = onlyThrows([ExportError], () => exportPytorch(loaded.graph));
        // ONNX cannot express some pooling windows; it says so rather than exporting wrongly.
        const onnxOk = onlyThrows([ExportError], () => exportOnnx(loaded.graph));
        // A network without errors runs and exports to PyTorch; one with errors does neither.
        expect(plans[0]).toBe(valid);
        expect(pytorch).toBe(valid);
        if (!valid) expect(onnxOk).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('any JSON value, or any text, is a graph or a list of errors with their paths', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc.string(),
        ),
        (text) => {
          const r = parseGraph(text);
          if (!r.ok) {
            expect(r.errors.length).toBeGreaterThan(0);
            for (const e of r.errors)
              expect(e).toEqual({ path: expect.any(String), message: expect.any(String) });
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

/** A safetensors file with `header` as its JSON header and `data` bytes after it. */
function safetensorsOf(header: unknown, data: number): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  return out;
}

const dtypes = ['F32', 'F16', 'BF16', 'I64', 'U8', 'BOOL', 'I32', 'X9'];

const entryArb = fc.record({
  dtype: fc.constantFrom<unknown>(...dtypes, 7, null),
  shape: fc.oneof(
    fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 3 }),
    fc.constantFrom<unknown>([-1], [1.5], 'x', [2 ** 53], null),
  ),
  data_offsets: fc.oneof(
    fc.tuple(fc.nat(64), fc.nat(64)),
    fc.constantFrom<unknown>([0], [-1, 4], [0, 2 ** 60], 'x'),
  ),
});

describe('safetensors headers', { timeout: 60_000 }, () => {
  it('decode either reads every tensor exactly or throws SafetensorsError', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 6 }), entryArb, { maxKeys: 4 }),
        fc.nat(128),
        (header, data) => {
          const bytes = safetensorsOf(header, data);
          let file: ReturnType<typeof decode> | undefined;
          if (!onlyThrows([SafetensorsError], () => (file = decode(bytes)))) return;
          // Read back, it encodes to a file that decodes to the same tensors.
          const tensors = [...file!.tensors.values()];
          const again = decode(encode(tensors)).tensors;
          expect([...again.keys()].sort()).toEqual(tensors.map((t) => t.name).sort());
          for (const t of tensors) expect(again.get(t.name)!.data).toEqual(t.data);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('a valid file cut or corrupted anywhere is refused or still reads consistently', () => {
    const valid = encode([
      { name: 'a.weight', dtype: 'F32', shape: [2, 3], data: new Float32Array(6).fill(1.5) },
      { name: 'a.n', dtype: 'I64', shape: [], data: BigInt64Array.of(7n) },
    ] satisfies Tensor[]);
    fc.assert(
      fc.property(fc.nat(valid.length), fc.nat(), fc.nat(255), (cut, at, byte) => {
        const bytes = valid.slice(0, cut);
        if (bytes.length > 0) bytes[at % bytes.length] = byte;
        onlyThrows([SafetensorsError], () => decode(bytes));
      }),
      { numRuns: 400 },
    );
  });
});

describe('IDX headers', { timeout: 60_000 }, () => {
  const header = fc.record({
    zero: fc.constantFrom(0, 0, 0, 1),
    type: fc.constantFrom(8, 8, 8, 9, 0x0d, 0xff),
    dims: fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constant(0xffffffff)), {
      maxLength: 4,
    }),
    extra: fc.integer({ min: -3, max: 3 }),
    gzip: fc.boolean(),
  });

  it('readIdx returns data of exactly the declared size, or throws IdxError', async () => {
    await fc.assert(
      fc.asyncProperty(header, async (h) => {
        const declared = h.dims.reduce((p, d) => p * d, 1);
        const size = Math.max(0, Math.min(declared, 512) + h.extra);
        const bytes = new Uint8Array(4 + 4 * h.dims.length + size);
        bytes[1] = h.zero;
        bytes[2] = h.type;
        bytes[3] = h.dims.length;
        const view = new DataView(bytes.buffer);
        h.dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
        const file = h.gzip ? new Uint8Array(gzipSync(bytes)) : bytes;
        try {
          const r = await readIdx(file);
          expect(r.dims).toEqual(h.dims);
          expect(r.data.length).toBe(declared);
        } catch (e) {
          if (!(e instanceof IdxError)) throw e;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a gzipped file that inflates past its header is stopped, whatever the header says', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(64), fc.integer({ min: 1, max: 4096 }), async (n, over) => {
        const file = encodeIdx([n], new Uint8Array(n));
        const inflated = Buffer.concat([file, new Uint8Array(over)]);
        await expect(readIdx(new Uint8Array(gzipSync(inflated)))).rejects.toThrow(
          /inflates to more than the \d+ bytes its IDX header declares/,
        );
      }),
      { numRuns: 100 },
    );
  });
});

describe('ONNX bytes', { timeout: 60_000 }, () => {
  const decodeModel = (bytes: Uint8Array) => onnx.ModelProto.decode(bytes);

  it('an exported model decodes back to its graph; corrupted, it is refused or still parses', () => {
    fc.assert(
      fc.property(chainArb, fc.nat(), fc.nat(255), (g, at, byte) => {
        const analysis = analyze(g);
        let bytes: Uint8Array = new Uint8Array(0);
        if (!onlyThrows([ExportError], () => (bytes = exportOnnx(g)))) return;
        const model = decodeModel(bytes);
        // Every op's output is made by a node of the model (SiLU, say, takes two: x·sigmoid(x)).
        const made = new Set(model.graph!.node!.flatMap((n) => n.output ?? []));
        const ops = analysis.ops.filter((o) => o.kind !== 'Input').map((o) => o.name);
        expect(ops.filter((name) => !made.has(name))).toEqual([]);
        const bad = bytes.slice();
        bad[at % bad.length] = byte;
        try {
          decodeModel(bad);
        } catch (e) {
          // protobufjs says why in one line (an index out of range, an invalid wire type).
          expect((e as Error).message).not.toMatch(/\n/);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('embeds weights only of the layer’s exact shape', () => {
    const g = chainOf(
      [1, 6, 6],
      [
        ['fc', 'Flatten'],
        ['out', 'Linear', { out_features: 3 }],
      ],
    );
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 108 }), { minLength: 1, maxLength: 3 }),
        (shape) => {
          const count = shape.reduce((p, d) => p * d, 1);
          const weights = new Map([
            ['out.weight', { shape, data: new Float32Array(count) }],
            ['out.bias', { shape: [3], data: new Float32Array(3) }],
          ]);
          const fits = shape.join() === '3,36';
          expect(onlyThrows([ExportError], () => exportOnnx(g, { weights }))).toBe(fits);
        },
      ),
      { numRuns: 200 },
    );
  });
});
