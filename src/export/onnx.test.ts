import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { analyze, layers, numel, parseGraph, template, type Graph } from '../graph/index.js';
import { chainOf } from '../graph/testing.js';
import { ExportError } from './network.js';
import { exportOnnx, type OnnxWeight } from './onnx.js';
import { onnx } from './onnxProto/onnx.js';

interface Decoded {
  ir_version: number;
  opset_import: { version: number }[];
  graph: {
    node: { name: string; op_type: string; input: string[]; attribute?: Attribute[] }[];
    initializer?: { name: string; dims: number[] }[];
    input: { name: string; type: { tensor_type: { shape: { dim: Dim[] } } } }[];
    output: { name: string; type: { tensor_type: { shape: { dim: Dim[] } } } }[];
  };
}
interface Attribute {
  name: string;
  i?: number;
  f?: number;
  ints?: number[];
}
type Dim = { dim_value?: number; dim_param?: string };

const decoded = (bytes: Uint8Array) =>
  onnx.ModelProto.toObject(onnx.ModelProto.decode(bytes), { longs: Number }) as Decoded;
const dims = (d: Dim[]) => d.map((x) => x.dim_param ?? x.dim_value);

function allKinds(): Graph {
  const text = readFileSync(
    new URL('../../fixtures/export/all-kinds.json', import.meta.url),
    'utf8',
  );
  const result = parseGraph(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.graph;
}

/** Deterministic values for every weight of the graph, keyed as the app keys them. */
function weightsOf(graph: Graph): Map<string, OnnxWeight> {
  const weights = new Map<string, OnnxWeight>();
  for (const op of analyze(graph).ops) {
    for (const w of op.weights) {
      const values = Float32Array.from({ length: numel(w.shape) }, (_, i) => Math.sin(i + 1) / 4);
      if (w.name === 'running_var') values.forEach((v, i) => (values[i] = 1 + v));
      weights.set(`${op.name}.${w.name}`, { shape: w.shape, data: values });
    }
  }
  return weights;
}

describe('exportOnnx', () => {
  it('writes opset 17 with a symbolic batch axis, named after the input and last layers', () => {
    const model = decoded(
      exportOnnx(template('lenet')!, { weights: weightsOf(template('lenet')!) }),
    );
    expect([model.ir_version, model.opset_import[0]!.version]).toEqual([8, 17]);
    const [input] = model.graph.input;
    expect(input!.name).toBe('input');
    expect(dims(input!.type.tensor_type.shape.dim)).toEqual(['batch', 1, 28, 28]);
    expect(dims(model.graph.output[0]!.type.tensor_type.shape.dim)).toEqual(['batch', 10]);
    expect(model.graph.node.map((n) => n.op_type)).toEqual([
      ...['Conv', 'Sigmoid', 'MaxPool', 'Conv', 'Sigmoid', 'MaxPool', 'Flatten'],
      ...['Gemm', 'Sigmoid', 'Gemm', 'Sigmoid', 'Gemm'],
    ]);
    expect(model.graph.initializer!.map((t) => t.name)).toContain('conv1.weight');
  });

  it('maps every kind: BatchNorm1d, Dropout as Identity, a 3-way Add as Sum, ceil-mode pads', () => {
    const model = decoded(exportOnnx(allKinds(), { weights: weightsOf(allKinds()) }));
    const node = (name: string) => model.graph.node.find((n) => n.name === name)!;
    const attr = (name: string, a: string) => node(name).attribute!.find((x) => x.name === a)!;
    expect(node('head.bn').op_type).toBe('BatchNormalization');
    expect(node('head.bn').input.slice(1)).toEqual(
      ['weight', 'bias', 'running_mean', 'running_var'].map((w) => `head.bn.${w}`),
    );
    expect(node('head.drop').op_type).toBe('Identity');
    expect(node('sum').op_type).toBe('Sum');
    expect(node('b.1').input).toEqual(['b.0', 'b.1.weight']);
    // 16 → 9 with kernel 3, stride 2, padding 1: PyTorch keeps the window that overhangs.
    expect(attr('pool.max', 'pads').ints).toEqual([1, 1, 1, 1]);
    // 5 → 3 with kernel 2, stride 2, padding 1: PyTorch drops the window starting in the padding.
    expect(attr('avg', 'pads').ints).toEqual([1, 1, 0, 0]);
    // avg divides by the input values in each window only (count_include_pad off).
    expect([attr('avg', 'ceil_mode').i, attr('avg', 'count_include_pad').i ?? 0]).toEqual([1, 0]);
  });

  it('covers every primitive kind with the all-kinds fixture', () => {
    const used = new Set(analyze(allKinds()).ops.map((op) => op.kind));
    const primitives = layers.filter((l) => !l.composite).map((l) => l.kind);
    expect(primitives.filter((kind) => !used.has(kind))).toEqual([]);
  });

  it('writes the newer kinds as PyTorch does: groups and dilations, HardSwish, Clip, x·Sigmoid(x)', () => {
    const model = decoded(exportOnnx(allKinds(), { weights: weightsOf(allKinds()) }));
    const node = (name: string) => model.graph.node.find((n) => n.name === name)!;
    const attr = (name: string, a: string) => node(name).attribute!.find((x) => x.name === a)!;
    expect([attr('dw', 'group').i, attr('dw', 'dilations').ints]).toEqual([8, [2, 2]]);
    expect(node('hswish').op_type).toBe('HardSwish');
    expect(node('se.pool').op_type).toBe('GlobalAveragePool');
    expect(node('se.gate').op_type).toBe('HardSigmoid');
    expect(attr('se.gate', 'alpha').f).toBeCloseTo(1 / 6, 7);
    expect([node('se.mul').op_type, node('se.mul').input]).toEqual(['Mul', ['se.gate', 'hswish']]);
    expect(attr('leaky', 'alpha').f).toBeCloseTo(0.1, 7);
    expect([node('relu6').op_type, node('relu6').input]).toEqual([
      'Clip',
      ['cat', 'relu6.min', 'relu6.max'],
    ]);
    expect([node('silu.sigmoid').op_type, node('silu').op_type, node('silu').input]).toEqual([
      'Sigmoid',
      'Mul',
      ['ada', 'silu.sigmoid'],
    ]);
    // 3×3 → 3×2 is uneven along the width: two MatMuls by the pooling matrices.
    expect([node('ada.rows_pooled').input, node('ada').input]).toEqual([
      ['ada.rows', 'mine.res.relu2'],
      ['ada.rows_pooled', 'ada.columns'],
    ]);
  });

  it('writes an even AdaptiveAvgPool2d as AveragePool, and 1×1 as GlobalAveragePool', () => {
    const pooled = (size: number) =>
      decoded(
        exportOnnx(
          chainOf(
            [2, 12, 8],
            [
              ['p', 'AdaptiveAvgPool2d', { output_size: [size, size] }],
              ['f', 'Flatten'],
            ],
          ),
        ),
      ).graph.node[0]!;
    const even = pooled(4);
    expect(even.op_type).toBe('AveragePool');
    expect(even.attribute!.map((a) => [a.name, a.ints])).toEqual([
      ['kernel_shape', [3, 2]],
      ['strides', [3, 2]],
      ['pads', [0, 0, 0, 0]],
    ]);
    expect(pooled(1).op_type).toBe('GlobalAveragePool');
  });

  it('without weights makes them graph inputs; fed the same values it computes the same', async () => {
    const graph = allKinds();
    const weights = weightsOf(graph);
    const bare = exportOnnx(graph);
    const model = decoded(bare);
    // Only the constants of ReLU6 (Clip's bounds) and of the uneven adaptive pool are embedded.
    expect((model.graph.initializer ?? []).map((t) => t.name)).toEqual([
      'relu6.min',
      'relu6.max',
      'ada.rows',
      'ada.columns',
    ]);
    // Every weight but BatchNorm's step counter, which inference does not read.
    const read = [...weights.keys()].filter((k) => !k.endsWith('num_batches_tracked'));
    expect(model.graph.input.map((i) => i.name)).toEqual(['input', ...read]);

    const x = Float32Array.from({ length: 3 * 2 * 16 * 16 }, (_, i) => Math.cos(i));
    const input = new ort.Tensor('float32', x, [3, 2, 16, 16]);
    const embedded = await ort.InferenceSession.create(exportOnnx(graph, { weights }));
    const fed = await ort.InferenceSession.create(bare);
    const feeds: Record<string, ort.Tensor> = { input };
    for (const key of read) {
      const shape = model.graph.input.find((i) => i.name === key)!.type.tensor_type.shape.dim;
      feeds[key] = new ort.Tensor('float32', weights.get(key)!.data, dims(shape) as number[]);
    }
    const a = (await embedded.run({ input }))['head.out']!;
    const b = (await fed.run(feeds))['head.out']!;
    expect(a.dims).toEqual([3, 10]);
    // Equal up to rounding: with constant weights ONNX Runtime folds BatchNorm into the conv.
    const fedOut = b.data as Float32Array;
    (a.data as Float32Array).forEach((v, i) => expect(fedOut[i]).toBeCloseTo(v, 6));
  });

  it('refuses weights that do not fit the network', () => {
    const graph = template('lenet')!;
    const without = weightsOf(graph);
    without.delete('fc3.bias');
    expect(() => exportOnnx(graph, { weights: without })).toThrow(ExportError);
    expect(() => exportOnnx(graph, { weights: without })).toThrow('the weights have no "fc3.bias"');
    const short = weightsOf(graph).set('fc3.bias', { shape: [10], data: new Float32Array(9) });
    expect(() => exportOnnx(graph, { weights: short })).toThrow(/"fc3.bias" has 9 values.*10/);
    // The right number of values in the wrong shape: [150, 1] for conv1's 6×1×5×5.
    const reshaped = weightsOf(graph);
    reshaped.set('conv1.weight', { ...reshaped.get('conv1.weight')!, shape: [150, 1] });
    expect(() => exportOnnx(graph, { weights: reshaped })).toThrow(
      `the weights' "conv1.weight" has shape [150, 1]; the layer needs [6, 1, 5, 5]`,
    );
    const extra = weightsOf(graph).set('fc4.weight', { shape: [1], data: new Float32Array(1) });
    expect(() => exportOnnx(graph, { weights: extra })).toThrow('no layer of this network has');
  });
});
